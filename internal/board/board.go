// Package board is a project's workshop board: the method's exercise
// "skapa, bryta, behålla" (create, stop, keep) as cards that a project
// group decides on after reading the results, each linked to the survey
// items and stories it answers, with an owner, a follow-up date and a
// status. It checks cards and writes the audit entry of every change;
// who may change a board is the caller's check (auth.EditBoard).
package board

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// The board's columns, in the order they are shown.
const (
	Skapa   = "skapa"
	Bryta   = "bryta"
	Behalla = "behalla"
)

// Columns lists the columns in board order.
var Columns = []string{Skapa, Bryta, Behalla}

// Statuses of a card: new, in progress, done.
const (
	StatusNew      = "ny"
	StatusProgress = "pagar"
	StatusDone     = "klar"
)

// Statuses lists the statuses in their natural order.
var Statuses = []string{StatusNew, StatusProgress, StatusDone}

// Limits of a card.
const (
	MaxText    = 1000
	MaxOwner   = 200
	MaxLinks   = 20
	dateLayout = time.DateOnly
)

// Spec is the editable content of a card.
type Spec struct {
	Column, Text, Survey string
	Items, Stories       []string
	Owner, Due, Status   string
	Publish              bool
}

// Problem is one thing wrong with a Spec, on a field named as in the JSON
// API.
type Problem struct{ Field, Message string }

// InvalidError carries every problem of a refused Spec.
type InvalidError struct{ Problems []Problem }

func (e *InvalidError) Error() string {
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		msgs[i] = p.Field + ": " + p.Message
	}
	return "board: invalid card: " + strings.Join(msgs, "; ")
}

// Refs is what a card may link to in its project: the item ids of each
// survey the project has campaigns of, and whether a story id is one of
// the project's released stories.
type Refs struct {
	Surveys map[string][]string
	Story   func(id string) bool
}

// Check lists every problem of sp; nil when it may be stored. It trims
// the texts and fills in the defaults (status "ny"; the project's only
// survey when items are linked without one).
func Check(sp *Spec, refs Refs) []Problem {
	var ps []Problem
	add := func(field, format string, args ...any) {
		ps = append(ps, Problem{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	sp.Text, sp.Owner, sp.Due = strings.TrimSpace(sp.Text), strings.TrimSpace(sp.Owner), strings.TrimSpace(sp.Due)
	if !slices.Contains(Columns, sp.Column) {
		add("column", "column must be skapa, bryta or behalla, not %q", sp.Column)
	}
	switch n := utf8.RuneCountInString(sp.Text); {
	case n == 0:
		add("text", "text is empty; write what the card is about")
	case n > MaxText:
		add("text", "text has %d characters; at most %d", n, MaxText)
	}
	if n := utf8.RuneCountInString(sp.Owner); n > MaxOwner {
		add("owner", "owner has %d characters; at most %d", n, MaxOwner)
	}
	if sp.Due != "" {
		if _, err := time.Parse(dateLayout, sp.Due); err != nil {
			add("due", "due must be a date as YYYY-MM-DD, not %q", sp.Due)
		}
	}
	if sp.Status == "" {
		sp.Status = StatusNew
	}
	if !slices.Contains(Statuses, sp.Status) {
		add("status", "status must be ny, pagar or klar, not %q", sp.Status)
	}
	ps = append(ps, checkItems(sp, refs)...)
	ps = append(ps, checkStories(sp, refs)...)
	return ps
}

func checkItems(sp *Spec, refs Refs) []Problem {
	if len(sp.Items) == 0 {
		sp.Items = []string{}
		return nil
	}
	if sp.Survey == "" && len(refs.Surveys) == 1 {
		for id := range refs.Surveys {
			sp.Survey = id
		}
	}
	items, ok := refs.Surveys[sp.Survey]
	switch {
	case sp.Survey == "":
		return []Problem{{"survey", "survey is empty; name the survey the items belong to"}}
	case !ok:
		return []Problem{{"survey", fmt.Sprintf("survey %q has no campaign in this project", sp.Survey)}}
	case len(sp.Items) > MaxLinks:
		return []Problem{{"items", fmt.Sprintf("items lists %d items; at most %d", len(sp.Items), MaxLinks)}}
	}
	var out []string
	for _, id := range sp.Items {
		if !slices.Contains(items, id) {
			return []Problem{{"items", fmt.Sprintf("survey %s has no item %q", sp.Survey, id)}}
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	sp.Items = out
	return nil
}

func checkStories(sp *Spec, refs Refs) []Problem {
	if len(sp.Stories) == 0 {
		sp.Stories = []string{}
		return nil
	}
	if len(sp.Stories) > MaxLinks {
		return []Problem{{"stories", fmt.Sprintf("stories lists %d stories; at most %d", len(sp.Stories), MaxLinks)}}
	}
	var out []string
	for _, id := range sp.Stories {
		if refs.Story == nil || !refs.Story(id) {
			return []Problem{{"stories", fmt.Sprintf("story %q is not a released story of this project", id)}}
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	sp.Stories = out
	return nil
}
