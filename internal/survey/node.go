package survey

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// parser walks the YAML node tree of one file, building the survey and
// collecting every problem with its position.
type parser struct {
	file string
	// langs are the declared languages that are valid; always includes
	// DefaultLanguage. Texts are checked against them.
	langs []string
	errs  Errors
	// bgPosition is the value of background: first|last (or of its
	// position key), when the survey orders its background questions so.
	bgPosition *yaml.Node
}

// errorf records a problem at n's position (no position when n is nil).
func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	e := Error{File: p.file, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Col = n.Line, n.Column
	}
	p.errs = append(p.errs, e)
}

// fields is a YAML mapping whose keys have been checked against the keys
// allowed for it.
type fields struct {
	node *yaml.Node
	// name says which mapping this is in messages, such as `item "arbete"`;
	// callers refine it once they know the id.
	name string
	keys map[string]*yaml.Node
	vals map[string]*yaml.Node
}

// val returns the value of key, or nil when the key is absent.
func (f *fields) val(key string) *yaml.Node { return f.vals[key] }

// key returns the key node of key, or the mapping itself when absent, so a
// problem with a missing key is reported where the mapping starts.
func (f *fields) key(key string) *yaml.Node {
	if k := f.keys[key]; k != nil {
		return k
	}
	return f.node
}

// mapping checks that n is a mapping whose keys are all in known, each
// present once, and returns its fields; nil when n is not a mapping. kind
// names the mapping in messages ("item", "scale").
func (p *parser) mapping(n *yaml.Node, kind string, known []string) *fields {
	if !p.isKind(n, yaml.MappingNode, kind, "a mapping with the keys "+strings.Join(known, ", ")) {
		return nil
	}
	f := &fields{node: n, name: kind, keys: map[string]*yaml.Node{}, vals: map[string]*yaml.Node{}}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			p.errorf(k, "keys in %s must be plain words such as %s", kind, known[0])
			continue
		}
		name := k.Value
		if first, dup := f.keys[name]; dup {
			p.errorf(k, "key %q appears twice in %s (first on line %d); keep only one", name, kind, first.Line)
			continue
		}
		if !slices.Contains(known, name) {
			p.unknownKey(k, name, kind, known)
			continue
		}
		f.keys[name], f.vals[name] = k, v
	}
	return f
}

// unknownKey reports a key that is not allowed, suggesting the closest
// allowed key or listing them all.
func (p *parser) unknownKey(k *yaml.Node, name, kind string, known []string) {
	if s := suggest(name, known); s != "" {
		p.errorf(k, "unknown key %q in %s; did you mean %q?", name, kind, s)
		return
	}
	p.errorf(k, "unknown key %q in %s; allowed keys are %s", name, kind, strings.Join(known, ", "))
}

// require reports each of keys missing from f, with a hint on what to add.
func (p *parser) require(f *fields, keys ...string) {
	for _, k := range keys {
		if f.vals[k] == nil {
			p.errorf(f.node, "%s has no %s; add %s: %s", f.name, k, k, requireHint(k))
		}
	}
}

// requireHint says what a required key needs.
func requireHint(key string) string {
	switch key {
	case "id":
		return "with a short id such as " + exampleID
	case "items":
		return "with at least 2 items (- id: ..., label: ...)"
	case "scale":
		return "with steps, labels and equal"
	case "steps":
		return "with the number of steps on each side of equal (1-4)"
	case "labels":
		return "with one text per step, from the smallest difference to the largest"
	case "answers":
		return "with at least 2 answers (- id: ..., label: ...)"
	}
	return "with the text in Swedish (sv) and every declared language"
}

// isKind reports whether n is of kind want, recording a problem saying
// that what must be expected when it is not.
func (p *parser) isKind(n *yaml.Node, want yaml.Kind, what, expected string) bool {
	if n.Kind == yaml.AliasNode {
		p.errorf(n, "%s: aliases (*%s) are not supported; write the value out in full", what, n.Value)
		return false
	}
	if n.Kind != want {
		p.errorf(n, "%s must be %s, not %s", what, expected, describe(n))
		return false
	}
	return true
}

// seq returns the elements of the list n, or nil with a problem when n is
// not a list.
func (p *parser) seq(n *yaml.Node, what, expected string) ([]*yaml.Node, bool) {
	if !p.isKind(n, yaml.SequenceNode, what, expected) {
		return nil, false
	}
	return n.Content, true
}

// scalar returns the value of n when n is a scalar with one of tags.
func (p *parser) scalar(n *yaml.Node, what, expected string, tags ...string) (string, bool) {
	if !p.isKind(n, yaml.ScalarNode, what, expected) {
		return "", false
	}
	if !slices.Contains(tags, n.ShortTag()) {
		p.errorf(n, "%s must be %s, not %s", what, expected, describe(n))
		return "", false
	}
	return n.Value, true
}

// integer returns the whole number in n.
func (p *parser) integer(n *yaml.Node, what string) (int, bool) {
	v, ok := p.scalar(n, what, "a whole number", "!!int")
	if !ok {
		return 0, false
	}
	var i int
	if err := n.Decode(&i); err != nil {
		p.errorf(n, "%s must be a whole number, not %s", what, strconv.Quote(v))
		return 0, false
	}
	return i, true
}

// boolean returns the true or false in n.
func (p *parser) boolean(n *yaml.Node, what string) (bool, bool) {
	if _, ok := p.scalar(n, what, "true or false", "!!bool"); !ok {
		return false, false
	}
	var b bool
	if err := n.Decode(&b); err != nil {
		p.errorf(n, "%s must be true or false", what)
		return false, false
	}
	return b, true
}

// id returns the id in n and whether it is valid. An id that is a string
// but not a slug is still returned, so that references to it do not cause
// follow-on problems.
func (p *parser) id(n *yaml.Node, what string) (string, bool) {
	if n == nil {
		return "", false
	}
	v, ok := p.scalar(n, what, "an id such as "+exampleID, "!!str", "!!int")
	if !ok {
		return "", false
	}
	if !isSlug(v) {
		hint := ""
		if s := slugify(v); s != "" {
			hint = fmt.Sprintf("; try %q", s)
		}
		p.errorf(n, "%s %q is not a valid id: use only lowercase letters a-z, digits, - and _, starting with a letter or digit%s", what, v, hint)
		return v, false
	}
	return v, true
}

// exampleID is shown when an id has the wrong type.
const exampleID = "ma-bra"

// text returns the translatable text in n, checking its languages against
// the declared ones. pos is where a missing translation is reported (the
// key the text belongs to); what names the text in messages.
//
// A plain string is shorthand for a Swedish-only text.
func (p *parser) text(pos, n *yaml.Node, what string) Text {
	if n.Kind == yaml.ScalarNode && n.ShortTag() != "!!null" {
		v, ok := p.textValue(n, what)
		if !ok {
			return nil
		}
		t := Text{DefaultLanguage: v}
		p.checkLanguages(pos, t, what)
		return t
	}
	if !p.isKind(n, yaml.MappingNode, what, "a text per language (sv: ..., en: ...) or a plain Swedish text") {
		return nil
	}
	t := Text{}
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		lang, ok := p.langKey(k, what)
		if !ok {
			continue
		}
		if first := seen[lang]; first != nil {
			p.errorf(k, "%s has %s twice (first on line %d); keep only one", what, lang, first.Line)
			continue
		}
		seen[lang] = k
		if s, ok := p.textValue(v, fmt.Sprintf("the %s text of %s", lang, what)); ok {
			t[lang] = s
		}
	}
	p.checkLanguages(pos, t, what)
	return t
}

// langKey checks that k is a language code the survey declares.
func (p *parser) langKey(k *yaml.Node, what string) (string, bool) {
	if k.Kind != yaml.ScalarNode || !isLangCode(k.Value) {
		p.errorf(k, "%s: %q is not a language code; use a lowercase 2-3 letter code such as sv, en or ar", what, k.Value)
		return "", false
	}
	if !slices.Contains(p.langs, k.Value) {
		p.errorf(k, "%s has a %q text, but %s is not in languages; add it to languages: [%s] at the top of the file or remove this text",
			what, k.Value, k.Value, strings.Join(p.langs, ", "))
		return "", false
	}
	return k.Value, true
}

// textValue returns a non-empty text, trimmed of surrounding space.
func (p *parser) textValue(n *yaml.Node, what string) (string, bool) {
	v, ok := p.scalar(n, what, `a text (put it in quotes if it looks like a number, true/false or is empty)`, "!!str", "!!int", "!!float")
	if !ok {
		return "", false
	}
	v = strings.TrimSpace(v)
	if v == "" {
		p.errorf(n, "%s is empty; write the text or remove it", what)
		return "", false
	}
	return v, true
}

// checkLanguages reports each declared language t lacks, Swedish first.
func (p *parser) checkLanguages(pos *yaml.Node, t Text, what string) {
	if _, ok := t[DefaultLanguage]; !ok {
		p.errorf(pos, "%s has no Swedish text; add sv: with the text in Swedish (Swedish is required in every text)", what)
	}
	for _, lang := range p.langs {
		if _, ok := t[lang]; !ok && lang != DefaultLanguage {
			p.errorf(pos, "%s has no %q text, but the survey declares languages [%s]; add %s: (every text needs every declared language, so respondents never see mixed languages)",
				what, lang, strings.Join(p.langs, ", "), lang)
		}
	}
}

// describe says what a node is, for "must be X, not Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping (key: value)"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "nothing (the value is empty)"
		case "!!int", "!!float":
			return "the number " + n.Value
		case "!!bool":
			return n.Value
		}
		return strconv.Quote(n.Value)
	}
	return "an empty document"
}

// isSlug reports whether s matches [a-z0-9][a-z0-9_-]*.
func isSlug(s string) bool {
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
		case (r == '-' || r == '_') && i > 0:
		default:
			return false
		}
	}
	return s != ""
}

// slugify suggests a valid id for s: lowercase, Swedish letters without
// dots and rings, anything else turned into single dashes.
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch r {
		case 'å', 'ä', 'à', 'á', 'â':
			r = 'a'
		case 'ö', 'ó', 'ò', 'ô':
			r = 'o'
		case 'é', 'è', 'ë', 'ê':
			r = 'e'
		case 'ü', 'ú':
			r = 'u'
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	return strings.TrimLeft(b.String(), "_")
}

// isLangCode reports whether s is a simple BCP 47 language subtag: two or
// three lowercase letters.
func isLangCode(s string) bool {
	if len(s) < 2 || len(s) > 3 {
		return false
	}
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// suggest returns the entry of known closest to got when it is close
// enough to be a likely typo, or "".
func suggest(got string, known []string) string {
	best, bestDist := "", 3
	for _, k := range known {
		d := editDistance(strings.ToLower(got), k)
		if d < bestDist && d < len(k) {
			best, bestDist = k, d
		}
	}
	return best
}

// editDistance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions and swaps of neighbours each cost 1.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
