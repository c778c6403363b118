package survey

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Parse decodes and validates one survey definition. filename is used in
// problem positions only. On failure the error is Errors, holding every
// problem found, and the survey is nil; on success the survey's Version is
// set.
func Parse(filename string, data []byte) (*Survey, error) {
	s, _, errs := parse(filename, data)
	if len(errs) > 0 {
		return nil, errs
	}
	return s, nil
}

// parse is Parse that also returns the node of the survey's id, so that
// LoadFiles can point at it when two files share an id. When there are
// problems the survey is what could be parsed (possibly nil) and has no
// Version.
func parse(filename string, data []byte) (*Survey, *yaml.Node, Errors) {
	p := &parser{file: filename}
	root := p.document(data)
	if root == nil {
		return nil, nil, p.errs
	}
	s, idNode := p.survey(root)
	if len(p.errs) > 0 {
		p.errs.sort()
		return s, idNode, p.errs
	}
	v, err := s.Hash()
	if err != nil {
		return nil, idNode, Errors{{File: filename, Msg: err.Error(), Err: err}}
	}
	s.Version = v
	return s, idNode, nil
}

// document decodes data into a node tree and returns its single top-level
// node, or nil after recording why there is none.
func (p *parser) document(data []byte) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			p.errorf(nil, "the file is empty; a survey needs at least id, title, intro, thank_you, items and scale")
		} else {
			p.syntaxError(data, err)
		}
		return nil
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case errors.Is(err, io.EOF):
	case err != nil:
		p.syntaxError(data, err)
		return nil
	default:
		at := &extra
		if len(extra.Content) > 0 {
			at = extra.Content[0]
		}
		p.errorf(at, "a file holds one survey; move the document after --- to a file of its own")
		return nil
	}
	if len(doc.Content) == 0 {
		p.errorf(nil, "the file is empty; a survey needs at least id, title, intro, thank_you, items and scale")
		return nil
	}
	return doc.Content[0]
}

// syntaxError records a YAML syntax error. yaml.v3 reports only a line
// ("yaml: line 3: did not find expected key"), no column, and for errors
// found by its parser (rather than its scanner) that line is the one before
// the enclosing block starts, which can be far above the mistake. So the
// line is taken from syntaxLine when it can find a better one.
func (p *parser) syntaxError(data []byte, err error) {
	line, msg := splitYAMLError(err)
	if l := syntaxLine(data, msg, line); l > 0 {
		line = l
	}
	hint := "check the indentation, colons, dashes and quotes on this line and the one above"
	if strings.HasPrefix(msg, "did not find expected ',' or") && bytes.ContainsRune(lineOf(data, line), '?') {
		hint = `inside {...} or [...] a text with ? or , must be in quotes, like {sv: "Hur gammal är du?"}`
	}
	p.errs = append(p.errs, Error{File: p.file, Line: line, Msg: "YAML syntax error: " + msg + "; " + hint, Err: err})
}

// lineOf returns the 1-based line n of data, or nil.
func lineOf(data []byte, n int) []byte {
	lines := bytes.Split(data, []byte("\n"))
	if n < 1 || n > len(lines) {
		return nil
	}
	return lines[n-1]
}

// splitYAMLError splits a yaml.v3 error into its line (0 if none) and
// message.
func splitYAMLError(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, after, ok := strings.Cut(rest, ": "); ok {
			if n, convErr := strconv.Atoi(num); convErr == nil {
				return n, after
			}
		}
	}
	return 0, msg
}

// syntaxLine returns the first line, not before from, at which the file
// cut off after that line fails to parse with the same message as the whole
// file: the line where the mistake becomes visible. yaml.v3's own line is
// never after the mistake, so earlier lines are not tried (a prefix ending
// inside a correct multi-line text could fail the same way). It returns 0
// when there is no such line within maxSearch lines of from; the search
// re-parses once per line it tries, so it is bounded to stay linear in the
// file's size (yaml.v3's line is at most a few lines early).
func syntaxLine(data []byte, msg string, from int) int {
	const maxSearch = 40
	lines := bytes.SplitAfter(data, []byte("\n"))
	end := 0
	for i, l := range lines {
		end += len(l)
		if i+1 < from {
			continue
		}
		if i+1 > from+maxSearch {
			return 0
		}
		var n yaml.Node
		if err := yaml.Unmarshal(data[:end], &n); err != nil {
			if _, m := splitYAMLError(err); m == msg {
				return i + 1
			}
		}
	}
	return 0
}

// survey walks the top-level mapping.
func (p *parser) survey(root *yaml.Node) (*Survey, *yaml.Node) {
	known := []string{"id", "languages", "title", "intro", "thank_you", "items", "scale",
		"background", "background_position", "groups", "story", "min_group_size", "audio"}
	f := p.mapping(root, "survey", known)
	if f == nil {
		return nil, nil
	}
	p.require(f, "id", "title", "intro", "thank_you", "items", "scale")
	s := &Survey{File: p.file}
	s.Languages = p.languages(f)
	s.ID, _ = p.id(f.val("id"), "survey id")
	s.Title = p.optText(f, "title", "title")
	s.Intro = p.optText(f, "intro", "intro")
	s.ThankYou = p.optText(f, "thank_you", "thank_you")
	s.Items = p.items(f)
	s.Scale = p.scale(f, len(s.Items))
	s.Background = p.questions(f)
	s.BackgroundFirst = p.backgroundFirst(f)
	s.Audio = p.surveyAudio(f)
	s.Groups = p.groups(f, s)
	s.Story = p.story(f)
	s.MinGroupSize = p.minGroupSize(f)
	return s, f.val("id")
}

// optText parses the text under key when present; require reports it
// missing.
func (p *parser) optText(f *fields, key, what string) Text {
	v := f.val(key)
	if v == nil {
		return nil
	}
	return p.text(f.key(key), v, what)
}

// languages parses the declared languages (default [sv]) and remembers the
// valid ones for checking texts.
func (p *parser) languages(f *fields) []string {
	p.langs = []string{DefaultLanguage}
	v := f.val("languages")
	if v == nil {
		return p.langs
	}
	list, ok := p.seq(v, "languages", "a list of language codes such as [sv, en, ar]")
	if !ok {
		return p.langs
	}
	var langs []string
	for _, n := range list {
		code, ok := p.scalar(n, "a language", "a language code such as sv, en or ar", "!!str")
		if !ok {
			continue
		}
		switch {
		case !isLangCode(code):
			p.errorf(n, "%q is not a language code; use a lowercase 2-3 letter code such as sv, en or ar", code)
		case slices.Contains(langs, code):
			p.errorf(n, "language %s is listed twice in languages; keep only one", code)
		default:
			langs = append(langs, code)
		}
	}
	if !slices.Contains(langs, DefaultLanguage) {
		p.errorf(v, "languages must include sv: Swedish is the default language and every text needs it; add sv to the list")
		langs = append([]string{DefaultLanguage}, langs...)
	}
	p.langs = langs
	return langs
}

// items parses the items and checks there are at least two.
func (p *parser) items(f *fields) []Item {
	v := f.val("items")
	if v == nil {
		return nil
	}
	list, ok := p.seq(v, "items", "a list of items (- id: ...)")
	if !ok {
		return nil
	}
	var items []Item
	seen := map[string]*yaml.Node{}
	for _, n := range list {
		m := p.mapping(n, "item", []string{"id", "label", "description", "image", "audio"})
		if m == nil {
			continue
		}
		it := Item{}
		it.ID = p.uniqueID(m, "item", seen)
		p.require(m, "label")
		it.Label = p.optText(m, "label", "label of "+m.name)
		it.Description = p.optText(m, "description", "description of "+m.name)
		if n := m.val("image"); n != nil {
			it.Image = p.media(n, "image", imageKind)
		}
		it.Audio = p.audioText(m, "audio")
		items = append(items, it)
	}
	if len(list) < 2 {
		p.errorf(f.key("items"), "the survey has %d item(s), but respondents weigh items against each other; add at least 2", len(list))
	}
	return items
}

// uniqueID parses the required id of the mapping m, checks that no earlier
// sibling used it, and names m after it in later messages.
func (p *parser) uniqueID(m *fields, kind string, seen map[string]*yaml.Node) string {
	p.require(m, "id")
	id, _ := p.id(m.val("id"), kind+" id")
	if id == "" {
		return ""
	}
	m.name = fmt.Sprintf("%s %q", kind, id)
	if first := seen[id]; first != nil {
		p.errorf(m.val("id"), "duplicate %s id %q (first used on line %d); give each %s its own id", kind, id, first.Line, kind)
		return id
	}
	seen[id] = m.val("id")
	return id
}

// scale parses the weighting scale for a survey of numItems items; all
// n(n-1)/2 pairs is the default for max_pairs.
func (p *parser) scale(f *fields, numItems int) Scale {
	numPairs := numItems * (numItems - 1) / 2
	v := f.val("scale")
	if v == nil {
		return Scale{}
	}
	m := p.mapping(v, "scale", []string{"prompt", "steps", "labels", "equal", "allow_skip", "skip", "max_pairs"})
	if m == nil {
		return Scale{}
	}
	p.require(m, "steps", "labels", "equal")
	sc := Scale{MaxPairs: numPairs}
	sc.Prompt = p.optText(m, "prompt", "scale prompt")
	if n := m.val("steps"); n != nil {
		if steps, ok := p.integer(n, "steps"); ok {
			if steps < MinSteps || steps > MaxSteps {
				p.errorf(n, "steps is %d, but must be between %d and %d (steps on each side of \"equal\"; 2 gives A much more / A a bit more / equal / B a bit more / B much more)",
					steps, MinSteps, MaxSteps)
			}
			sc.Steps = steps
		}
	}
	sc.Labels = p.scaleLabels(m, sc.Steps)
	sc.Equal = p.optText(m, "equal", "scale equal")
	if n := m.val("allow_skip"); n != nil {
		sc.AllowSkip, _ = p.boolean(n, "allow_skip")
	}
	sc.Skip = p.optText(m, "skip", "scale skip")
	switch {
	case sc.AllowSkip && m.val("skip") == nil:
		p.errorf(m.key("allow_skip"), "allow_skip is true but the scale has no skip label; add skip: with the text of the \"can't decide\" answer")
	case !sc.AllowSkip && m.val("skip") != nil:
		p.errorf(m.key("skip"), "the scale has a skip label but allow_skip is not true; set allow_skip: true or remove skip")
	}
	if n := m.val("max_pairs"); n != nil {
		if mp, ok := p.integer(n, "max_pairs"); ok {
			if mp < 1 {
				p.errorf(n, "max_pairs is %d, but must be at least 1; remove it to show every pair (%d)", mp, numPairs)
			} else if mp < numItems-1 {
				p.errorf(n, "max_pairs is %d, but with %d items a respondent needs at least %d pairs for their comparisons to connect every item; raise max_pairs to %d or more", mp, numItems, numItems-1, numItems-1)
			}
			sc.MaxPairs = mp
		}
	}
	return sc
}

// scaleLabels parses the step labels and checks there is one per step.
func (p *parser) scaleLabels(m *fields, steps int) []Text {
	v := m.val("labels")
	if v == nil {
		return nil
	}
	list, ok := p.seq(v, "labels", "a list with one text per step, from the smallest difference to the largest")
	if !ok {
		return nil
	}
	labels := make([]Text, 0, len(list))
	for i, n := range list {
		labels = append(labels, p.text(n, n, fmt.Sprintf("scale label %d", i+1)))
	}
	if steps >= MinSteps && steps <= MaxSteps && len(list) != steps {
		p.errorf(m.key("labels"), "the scale has %d steps but %d labels; give exactly one label per step, from the smallest difference (\"a bit more important\") to the largest",
			steps, len(list))
	}
	return labels
}

// backgroundFirst parses background: first or last, also written
// background_position: first or last (the default: the pairs come first,
// the background questions after them).
func (p *parser) backgroundFirst(f *fields) bool {
	n, key := f.val("background_position"), "background_position"
	if p.bgPosition != nil {
		if n != nil {
			p.errorf(n, "the order of the background questions is given twice; keep background: first|last and remove background_position")
		}
		n, key = p.bgPosition, "background"
	}
	if n == nil {
		return false
	}
	v, ok := p.scalar(n, key, "first or last", "!!str")
	if !ok {
		return false
	}
	switch v {
	case "first":
		return true
	case "last":
		return false
	}
	p.errorf(n, "%s must be first or last, not %q; leave it out to ask the background questions last", key, v)
	return false
}

// minGroupSize parses min_group_size (default DefaultMinGroupSize).
func (p *parser) minGroupSize(f *fields) int {
	n := f.val("min_group_size")
	if n == nil {
		return DefaultMinGroupSize
	}
	size, ok := p.integer(n, "min_group_size")
	if !ok {
		return DefaultMinGroupSize
	}
	if size < MinMinGroupSize {
		p.errorf(n, "min_group_size is %d, but must be at least %d so that no result can be traced to a single respondent; use %d or more (default %d)",
			size, MinMinGroupSize, MinMinGroupSize, DefaultMinGroupSize)
	}
	return size
}

// story parses the optional open question.
func (p *parser) story(f *fields) *Story {
	v := f.val("story")
	if v == nil {
		return nil
	}
	m := p.mapping(v, "story", []string{"label", "help", "max_length", "keep_days", "audio"})
	if m == nil {
		return nil
	}
	p.require(m, "label")
	st := &Story{MaxLength: DefaultStoryMaxLength}
	st.Label = p.optText(m, "label", "story label")
	st.Help = p.optText(m, "help", "story help")
	st.Audio = p.audioText(m, "audio")
	if n := m.val("max_length"); n != nil {
		if ml, ok := p.integer(n, "max_length"); ok {
			if ml < 1 || ml > MaxStoryMaxLength {
				p.errorf(n, "max_length is %d, but must be between 1 and %d characters; remove it for the default %d",
					ml, MaxStoryMaxLength, DefaultStoryMaxLength)
			}
			st.MaxLength = ml
		}
	}
	if n := m.val("keep_days"); n != nil {
		if kd, ok := p.integer(n, "keep_days"); ok {
			if kd < 1 || kd > MaxKeepDays {
				p.errorf(n, "keep_days is %d, but must be between 1 and %d; remove it to keep answers until the campaign's data is deleted", kd, MaxKeepDays)
			}
			st.KeepDays = kd
		}
	}
	return st
}

// surveyAudio parses the recordings of the survey's own texts:
// audio: {intro: {sv: ...}, thank_you: {sv: ...}}.
func (p *parser) surveyAudio(f *fields) *SurveyAudio {
	v := f.val("audio")
	if v == nil {
		return nil
	}
	m := p.mapping(v, "audio", []string{"intro", "thank_you"})
	if m == nil {
		return nil
	}
	a := &SurveyAudio{Intro: p.audioText(m, "intro"), ThankYou: p.audioText(m, "thank_you")}
	if a.Intro == nil && a.ThankYou == nil {
		return nil
	}
	return a
}
