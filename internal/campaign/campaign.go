// Package campaign launches and closes campaigns: one survey at one site
// for a period, reached by respondents through a short code.
package campaign

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vfv/vfv/internal/calendar"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
)

// Alphabet holds the characters of campaign codes: capitals and digits
// without look-alikes (0/O/D/Q, 1/I/L, 2/Z, 5/S, 8/B, U/V), so a code read
// off a poster is typed right.
const Alphabet = "ACEFGHJKMNPRTWXY34679"

// CodeLength is the number of characters in a code: 21^7 ≈ 1.8·10⁹
// possibilities, unguessable by trying within any rate limit.
const CodeLength = 7

// NewCode draws a random campaign code from crypto/rand.
func NewCode() (string, error) {
	var b strings.Builder
	max := big.NewInt(int64(len(Alphabet)))
	for range CodeLength {
		n, err := rand.Int(rand.Reader, max)
		if err != nil {
			return "", fmt.Errorf("campaign: draw code: %w", err)
		}
		b.WriteByte(Alphabet[n.Int64()])
	}
	return b.String(), nil
}

// NormalizeCode turns what a person typed into a code: upper case, without
// spaces and dashes.
func NormalizeCode(s string) string {
	return strings.NewReplacer(" ", "", "-", "").Replace(strings.ToUpper(strings.TrimSpace(s)))
}

// maxCodeLength bounds the codes ValidCode accepts: room for longer codes
// than NewCode draws, none for a made-up code the size of a body.
const maxCodeLength = 16

// ValidCode reports whether a normalised code (NormalizeCode) can name a
// campaign: 1 to 16 capitals A–Z and digits. NewCode draws from fewer
// characters; older and imported campaigns may use the others. Anything
// else names no campaign and need not be looked up.
func ValidCode(code string) bool {
	if code == "" || len(code) > maxCodeLength {
		return false
	}
	for _, r := range code {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// Spec is what a campaign is created from.
type Spec struct {
	SurveyID    string
	Name        string
	Site        string
	Kiosk       bool
	IdleSeconds int
	// Lang is the language respondents start in (default Swedish).
	Lang string
	// Project owns the campaign ("" for none: installation admins only).
	Project string
	// Opens and Closes optionally bound the answering dates (YYYY-MM-DD).
	Opens, Closes string
	// Closed makes or keeps the campaign switched off (to open later).
	Closed bool
	// ResultsNote says where and when the results will be shown; the
	// thank-you screen shows it (optional, at most MaxNote characters).
	ResultsNote string
}

// Problem is one thing wrong with a campaign: the field (as in the JSON
// API), the kind of problem and what is wrong in English. The staff form
// words the kinds in the user's language.
type Problem struct{ Field, Kind, Message string }

// The kinds of Problem.
const (
	ProblemEmpty        = "empty"         // name or site
	ProblemMove         = "move"          // a campaign that cannot move into that project
	ProblemTooLong      = "too_long"      // name or site over MaxText characters
	ProblemLanguage     = "language"      // not offered by the survey
	ProblemIdle         = "idle_seconds"  // kiosk idle time out of range
	ProblemDate         = "date"          // opens or closes not YYYY-MM-DD
	ProblemClosesBefore = "closes_before" // closes before opens
	ProblemUnknown      = "unknown"       // no such survey or project
	ProblemNotAllowed   = "not_allowed"   // the project may not use the survey
)

// MaxText is the longest name or site, in characters (not bytes: "Hösten
// på Gärdet" is 16 characters).
const MaxText = 200

// MaxNote is the longest results note, in characters.
const MaxNote = 500

// InvalidError carries every problem of a refused Spec; it matches
// ErrInvalid.
type InvalidError struct{ Problems []Problem }

func (e *InvalidError) Error() string {
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		msgs[i] = p.Message
	}
	return ErrInvalid.Error() + ": " + strings.Join(msgs, "; ")
}

// Is makes errors.Is(err, ErrInvalid) hold.
func (e *InvalidError) Is(target error) bool { return target == ErrInvalid }

// Check returns every problem of spec as an edit of a campaign of sv (the
// fields Create and edits share). It is the one check of these fields:
// the JSON API, the staff form and the command line all use it.
func (spec Spec) Check(sv *survey.Survey) []Problem {
	var problems []Problem
	add := func(field, kind, format string, args ...any) {
		problems = append(problems, Problem{Field: field, Kind: kind, Message: fmt.Sprintf(format, args...)})
	}
	for _, f := range []struct{ name, v, example string }{
		{"name", spec.Name, "give the campaign a name, e.g. \"Hösten 2026\""},
		{"site", spec.Site, "say where it runs, e.g. \"Fritidsgården Grums\""},
	} {
		switch {
		case strings.TrimSpace(f.v) == "":
			add(f.name, ProblemEmpty, "%s is empty; %s", f.name, f.example)
		case utf8.RuneCountInString(f.v) > MaxText:
			add(f.name, ProblemTooLong, "%s must be at most %d characters", f.name, MaxText)
		}
	}
	if utf8.RuneCountInString(spec.ResultsNote) > MaxNote {
		add("results_note", ProblemTooLong, "results_note must be at most %d characters", MaxNote)
	}
	if sv != nil && spec.Lang != "" && !sv.HasLanguage(spec.Lang) {
		add("lang", ProblemLanguage, "language %q is not offered by survey %s; use one of %s", spec.Lang, sv.ID, strings.Join(sv.Languages, ", "))
	}
	if spec.IdleSeconds != 0 && (spec.IdleSeconds < 30 || spec.IdleSeconds > 3600) {
		add("idle_seconds", ProblemIdle, "idle time must be between 30 and 3600 seconds")
	}
	dates := 0
	for _, d := range []struct{ name, v string }{{"opens", spec.Opens}, {"closes", spec.Closes}} {
		if d.v == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, d.v); err != nil {
			add(d.name, ProblemDate, "%s %q is not a date; write it as YYYY-MM-DD", d.name, d.v)
			continue
		}
		dates++
	}
	if dates == 2 && spec.Closes < spec.Opens {
		add("closes", ProblemClosesBefore, "closes is before opens")
	}
	return problems
}

// ErrInvalid wraps every problem of a Spec.
var ErrInvalid = errors.New("invalid campaign")

// Create checks spec against the loaded surveys and stores a new campaign,
// open unless spec.Closed, with a fresh code, created on the calendar date of now.
func Create(ctx context.Context, st *store.Store, surveys []*survey.Survey, spec Spec, now time.Time) (store.Campaign, error) {
	var sv *survey.Survey
	var ids []string
	for _, s := range surveys {
		ids = append(ids, s.ID)
		if s.ID == spec.SurveyID {
			sv = s
		}
	}
	var problems []Problem
	if sv == nil {
		problems = append(problems, Problem{"survey", ProblemUnknown, fmt.Sprintf("survey %q does not exist; choose one of: %s", spec.SurveyID, strings.Join(ids, ", "))})
	}
	if spec.Lang == "" {
		spec.Lang = survey.DefaultLanguage
	}
	problems = append(problems, spec.Check(sv)...)
	if spec.Project != "" {
		p, err := st.Project(ctx, spec.Project)
		switch {
		case errors.Is(err, store.ErrNotFound):
			problems = append(problems, Problem{"project", ProblemUnknown, fmt.Sprintf("project %q does not exist", spec.Project)})
		case err != nil:
			return store.Campaign{}, err
		case sv != nil && len(p.Surveys) > 0 && !slices.Contains(p.Surveys, sv.ID):
			problems = append(problems, Problem{"survey", ProblemNotAllowed, fmt.Sprintf("project %s may not use survey %s; it may use %s", p.ID, sv.ID, strings.Join(p.Surveys, ", "))})
		}
	}
	if len(problems) > 0 {
		return store.Campaign{}, &InvalidError{Problems: problems}
	}
	c := store.Campaign{SurveyID: sv.ID, Name: strings.TrimSpace(spec.Name), Site: strings.TrimSpace(spec.Site), Open: !spec.Closed,
		Kiosk: spec.Kiosk, IdleSeconds: spec.IdleSeconds, Lang: spec.Lang, Created: calendar.Date(now),
		ProjectID: spec.Project, Opens: spec.Opens, Closes: spec.Closes, ResultsNote: strings.TrimSpace(spec.ResultsNote)}
	for range 5 { // a taken code is vanishingly rare; draw again
		code, err := NewCode()
		if err != nil {
			return store.Campaign{}, err
		}
		c.Code = code
		err = st.CreateCampaign(ctx, c)
		if !errors.Is(err, store.ErrExists) {
			return c, err
		}
	}
	return store.Campaign{}, errors.New("campaign: could not draw a free code")
}

// Move puts a campaign made without a project into an existing project
// that may use its survey, so that the project's staff see it. A campaign
// that already belongs to a project is not moved: the problem is on
// "campaign"; an unknown project, or one that may not use the survey, is
// a problem on "project".
func Move(ctx context.Context, st *store.Store, code, project string) (store.Campaign, error) {
	c, err := st.Campaign(ctx, code)
	if err != nil {
		return c, err
	}
	if c.ProjectID != "" {
		return c, &InvalidError{Problems: []Problem{{Field: "campaign", Kind: ProblemMove, Message: fmt.Sprintf("campaign %s already belongs to project %s", c.Code, c.ProjectID)}}}
	}
	p, err := st.Project(ctx, project)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return c, &InvalidError{Problems: []Problem{{Field: "project", Kind: ProblemMove, Message: fmt.Sprintf("project %q does not exist", project)}}}
	case err != nil:
		return c, err
	case len(p.Surveys) > 0 && !slices.Contains(p.Surveys, c.SurveyID):
		return c, &InvalidError{Problems: []Problem{{Field: "project", Kind: ProblemMove, Message: fmt.Sprintf("project %s may not use survey %s; it may use %s", p.ID, c.SurveyID, strings.Join(p.Surveys, ", "))}}}
	}
	if err := st.MoveCampaign(ctx, c.Code, p.ID); err != nil {
		return c, err
	}
	c.ProjectID = p.ID
	return c, nil
}

// URL is the respondent address of a campaign under base.
func URL(base, code string) string {
	return strings.TrimRight(base, "/") + "/s/" + code
}
