// Package response checks a respondent's submission against its survey,
// removes identifying details from free text, and derives the counter
// increments results are read from. It knows nothing of HTTP or the store.
package response

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/vfv/vfv/internal/survey"
)

// Submission is the body of POST /api/v1/responses (docs/api.md).
type Submission struct {
	// ID is a UUID made by the client; it makes retries idempotent.
	ID       string `json:"id"`
	Campaign string `json:"campaign"`
	Lang     string `json:"lang"`
	// Version is the survey version the client showed (optional; the
	// current one when empty).
	Version    string            `json:"version,omitempty"`
	Background map[string]string `json:"background,omitempty"`
	Judgments  []Judgment        `json:"judgments"`
	Story      string            `json:"story,omitempty"`
	// Preview tags answers given in a preview (/preview/{survey}): they
	// are never stored, whatever else the submission says.
	Preview bool `json:"preview,omitempty"`
}

// Judgment is one weighed pair as submitted: A was shown first. Value is
// from -steps (A much more important) to +steps (B); Skip is "can't decide".
type Judgment struct {
	A     string `json:"a"`
	B     string `json:"b"`
	Value *int   `json:"value,omitempty"`
	Skip  bool   `json:"skip,omitempty"`
}

// Problem is one thing wrong with a submission: the field (a JSON path such
// as judgments[3].value) and what is wrong with it.
type Problem struct {
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// MaxStoryBytes bounds the story in bytes whatever the survey's character
// limit, so a hostile client cannot make us scan megabytes.
const MaxStoryBytes = 4 * survey.MaxStoryMaxLength

// Validate returns every problem with sub as an answer to sv; none means
// it may be stored.
func Validate(sv *survey.Survey, sub Submission) []Problem {
	var ps []Problem
	add := func(field, format string, args ...any) {
		ps = append(ps, Problem{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	if _, err := uuid.Parse(sub.ID); err != nil || len(sub.ID) != 36 {
		add("id", "id must be a UUID made by the client, like 3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f; got %q", clip(sub.ID))
	}
	if sub.Lang != "" && !sv.HasLanguage(sub.Lang) {
		add("lang", "language %q is not offered by survey %s; use one of %s", clip(sub.Lang), sv.ID, strings.Join(sv.Languages, ", "))
	}
	for q, a := range sub.Background {
		question, ok := sv.Question(q)
		if !ok {
			add("background."+clip(q), "unknown background question %q", clip(q))
			continue
		}
		if _, ok := question.Answer(a); !ok {
			add("background."+q, "unknown answer %q to question %q", clip(a), q)
		}
	}
	ps = append(ps, validateJudgments(sv, sub.Judgments)...)
	switch {
	case sub.Story == "":
	case sv.Story == nil:
		add("story", "survey %s has no open question; leave story out", sv.ID)
	case len(sub.Story) > MaxStoryBytes || utf8.RuneCountInString(sub.Story) > sv.Story.MaxLength:
		add("story", "story is %d characters; at most %d are allowed", utf8.RuneCountInString(sub.Story), sv.Story.MaxLength)
	case !utf8.ValidString(sub.Story):
		add("story", "story is not valid UTF-8 text")
	}
	return ps
}

func validateJudgments(sv *survey.Survey, js []Judgment) []Problem {
	var ps []Problem
	add := func(i int, field, format string, args ...any) {
		ps = append(ps, Problem{Field: fmt.Sprintf("judgments[%d]%s", i, field), Message: fmt.Sprintf(format, args...)})
	}
	if len(js) == 0 {
		return []Problem{{Field: "judgments", Message: "at least one judgment is required"}}
	}
	if limit := sv.PairsPerRespondent(); len(js) > limit {
		ps = append(ps, Problem{Field: "judgments", Message: fmt.Sprintf("%d judgments sent; survey %s shows at most %d pairs to one respondent", len(js), sv.ID, limit)})
	}
	steps := sv.Scale.Steps
	seen := map[[2]string]int{}
	for i, j := range js {
		_, okA := sv.Item(j.A)
		_, okB := sv.Item(j.B)
		if !okA {
			add(i, ".a", "unknown item %q", clip(j.A))
		}
		if !okB {
			add(i, ".b", "unknown item %q", clip(j.B))
		}
		if j.A == j.B {
			add(i, "", "an item cannot be weighed against itself (a and b are both %q)", clip(j.A))
		} else if okA && okB {
			key := [2]string{min(j.A, j.B), max(j.A, j.B)}
			if prev, dup := seen[key]; dup {
				add(i, "", "the pair %s/%s was already weighed in judgments[%d]; send each pair once", key[0], key[1], prev)
			} else {
				seen[key] = i
			}
		}
		switch {
		case j.Skip && j.Value != nil:
			add(i, "", "send either value or skip, not both")
		case j.Skip && !sv.Scale.AllowSkip:
			add(i, ".skip", "survey %s does not offer \"can't decide\"; send a value", sv.ID)
		case !j.Skip && j.Value == nil:
			add(i, ".value", "value is missing; send an integer from %d to %d, or skip", -steps, steps)
		case j.Value != nil && (*j.Value < -steps || *j.Value > steps):
			add(i, ".value", "value %d is out of range; use an integer from %d to %d", *j.Value, -steps, steps)
		}
	}
	return ps
}

// Hash identifies the content of a submission, so that a replay of the same
// id can be told from a different answer under a reused id.
func Hash(sub Submission) string {
	c := sub
	c.ID = ""
	b, _ := json.Marshal(c) // maps marshal with sorted keys
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// clip shortens an echoed value so an error message stays readable.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	return string([]rune(s)[:40]) + "…"
}
