package survey

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// questions parses the background questions.
func (p *parser) questions(f *fields) []Question {
	v := f.val("background")
	if v == nil {
		return nil
	}
	// background: first|last orders the questions (there are none), and
	// background: {position: first|last, questions: [...]} orders and
	// lists them; a plain list is the questions.
	switch v.Kind {
	case yaml.ScalarNode:
		p.bgPosition = v
		return nil
	case yaml.MappingNode:
		m := p.mapping(v, "background", []string{"position", "questions"})
		if m == nil {
			return nil
		}
		p.bgPosition = m.val("position")
		if v = m.val("questions"); v == nil {
			return nil
		}
	}
	list, ok := p.seq(v, "background", "a list of questions (- id: ...)")
	if !ok {
		return nil
	}
	var qs []Question
	seen := map[string]*yaml.Node{}
	for _, n := range list {
		m := p.mapping(n, "question", []string{"id", "label", "answers", "audio"})
		if m == nil {
			continue
		}
		q := Question{ID: p.uniqueID(m, "question", seen)}
		p.require(m, "label", "answers")
		q.Label = p.optText(m, "label", "label of "+m.name)
		q.Answers = p.answers(m)
		q.Audio = p.audioText(m, "audio")
		qs = append(qs, q)
	}
	return qs
}

// answers parses the answers of the question q and checks there are at
// least two.
func (p *parser) answers(q *fields) []Answer {
	v := q.val("answers")
	if v == nil {
		return nil
	}
	list, ok := p.seq(v, "answers", "a list of answers (- id: ...)")
	if !ok {
		return nil
	}
	var as []Answer
	seen := map[string]*yaml.Node{}
	for _, n := range list {
		m := p.mapping(n, "answer", []string{"id", "label"})
		if m == nil {
			continue
		}
		a := Answer{ID: p.uniqueID(m, "answer", seen)}
		m.name += " of " + q.name
		p.require(m, "label")
		a.Label = p.optText(m, "label", "label of "+m.name)
		as = append(as, a)
	}
	if len(list) < 2 {
		p.errorf(q.key("answers"), "%s has %d answer(s); a single-choice question needs at least 2", q.name, len(list))
	}
	return as
}

// groups parses the target groups; s must already hold the items and
// background questions the groups refer to.
func (p *parser) groups(f *fields, s *Survey) []Group {
	v := f.val("groups")
	if v == nil {
		return nil
	}
	list, ok := p.seq(v, "groups", "a list of target groups (- id: ...)")
	if !ok {
		return nil
	}
	var gs []Group
	seen := map[string]*yaml.Node{}
	for _, n := range list {
		m := p.mapping(n, "group", []string{"id", "label", "where"})
		if m == nil {
			continue
		}
		g := Group{ID: p.uniqueID(m, "group", seen)}
		p.require(m, "label")
		g.Label = p.optText(m, "label", "label of "+m.name)
		if w := m.val("where"); w != nil {
			g.Where = p.where(w, m.name, s)
		}
		gs = append(gs, g)
	}
	return gs
}

// where parses a group filter: background question id to the answer ids
// that qualify. Answer lists are sorted so that their order does not change
// the survey's version.
func (p *parser) where(n *yaml.Node, group string, s *Survey) map[string][]string {
	what := "where of " + group
	if !p.isKind(n, yaml.MappingNode, what, "a mapping from background question id to a list of answer ids, such as {kon: [kvinna]}") {
		return nil
	}
	where := map[string][]string{}
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		qid, ok := p.scalar(k, "a question id in "+what, "a background question id", "!!str", "!!int")
		if !ok {
			continue
		}
		if first := seen[qid]; first != nil {
			p.errorf(k, "question %q appears twice in %s (first on line %d); put all its answers in one list", qid, what, first.Line)
			continue
		}
		seen[qid] = k
		q, ok := s.Question(qid)
		if !ok {
			p.unknownQuestion(k, qid, what, s)
			continue
		}
		if answers := p.whereAnswers(v, q, what); len(answers) > 0 {
			where[qid] = answers
		}
	}
	if len(where) == 0 {
		return nil
	}
	return where
}

// whereAnswers parses the answer ids listed for question q in a filter.
func (p *parser) whereAnswers(n *yaml.Node, q Question, what string) []string {
	list, ok := p.seq(n, fmt.Sprintf("%s in %s", q.ID, what), "a list of answer ids such as ["+answerIDs(q)[0]+"]")
	if !ok {
		return nil
	}
	if len(list) == 0 {
		p.errorf(n, "%s lists no answers for %s, so nobody could match; list at least one of %s or remove %s",
			what, q.ID, strings.Join(answerIDs(q), ", "), q.ID)
		return nil
	}
	var answers []string
	for _, a := range list {
		aid, ok := p.scalar(a, "an answer id in "+what, "an answer id", "!!str", "!!int")
		if !ok {
			continue
		}
		if _, ok := q.Answer(aid); !ok {
			p.unknownAnswer(a, aid, q, what)
			continue
		}
		if slices.Contains(answers, aid) {
			p.errorf(a, "answer %q is listed twice for %s in %s; keep only one", aid, q.ID, what)
			continue
		}
		answers = append(answers, aid)
	}
	slices.Sort(answers)
	return answers
}

// unknownQuestion reports a filter on a question the survey does not have,
// with a hint when the id is an item's.
func (p *parser) unknownQuestion(k *yaml.Node, qid, what string, s *Survey) {
	var ids []string
	for _, q := range s.Background {
		ids = append(ids, q.ID)
	}
	switch _, isItem := s.Item(qid); {
	case isItem:
		p.errorf(k, "%s refers to %q, which is an item, not a background question; groups filter on background answers (questions: %s)",
			what, qid, orNone(ids))
	case suggest(qid, ids) != "":
		p.errorf(k, "%s refers to unknown background question %q; did you mean %q?", what, qid, suggest(qid, ids))
	default:
		p.errorf(k, "%s refers to unknown background question %q; the background questions are %s", what, qid, orNone(ids))
	}
}

// unknownAnswer reports a filter on an answer question q does not have.
func (p *parser) unknownAnswer(a *yaml.Node, aid string, q Question, what string) {
	ids := answerIDs(q)
	if s := suggest(aid, ids); s != "" {
		p.errorf(a, "%s: question %q has no answer %q; did you mean %q?", what, q.ID, aid, s)
		return
	}
	p.errorf(a, "%s: question %q has no answer %q; its answers are %s", what, q.ID, aid, orNone(ids))
}

// answerIDs lists the ids of q's answers, or a placeholder when it has none.
func answerIDs(q Question) []string {
	ids := make([]string, 0, len(q.Answers))
	for _, a := range q.Answers {
		ids = append(ids, a.ID)
	}
	if len(ids) == 0 {
		return []string{"..."}
	}
	return ids
}

// orNone joins ids for a message, saying so when there are none.
func orNone(ids []string) string {
	if len(ids) == 0 {
		return "none (add them under background:)"
	}
	return strings.Join(ids, ", ")
}
