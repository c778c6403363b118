// Package report builds the tables of the staff exports (scores,
// judgments, stories) from plain values: computed results, released
// records and listed stories. Which answers and columns may be shown is
// decided before (packages results and release); package export writes
// the tables.
package report

import (
	crand "crypto/rand"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/vfv/vfv/internal/export"
	"github.com/vfv/vfv/internal/results"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
)

// TooFew is written in place of the numbers of a suppressed group;
// TooFewJudges in place of those of a group with enough answers of which
// too few made a comparison (results.ReasonJudges).
const (
	TooFew       = "för få svar"
	TooFewJudges = "för få har jämfört"
)

// Scores is one row per group, method and item of rs (one result per
// method); a suppressed group's rows carry no numbers and the note TooFew
// (or TooFewJudges, with the group's number of answers).
// ci_method names how the row's interval was computed ("none" without
// one), ci_computed_at when (results.Result.CIComputedAt).
func Scores(rs []results.Result) export.Table {
	t := export.Table{Name: "scores", Header: []string{"group", "group_label", "method", "respondents", "item", "item_label", "share", "ci_low", "ci_high", "rank", "note", "ci_method", "ci_computed_at"}}
	for _, r := range rs {
		groups := append([]results.GroupResult{{ID: "all", Label: "Alla", Respondents: r.Respondents, Suppressed: r.Suppressed, Reason: r.Reason, Items: r.Items}}, r.Groups...)
		for _, g := range groups {
			for _, it := range g.Items {
				ciMethod, ciAt := any(results.CIMethodNone), any(nil)
				if it.CILow != nil {
					ciMethod, ciAt = r.CIMethod, r.CIComputedAt
				}
				row := []any{g.ID, g.Label, r.Method, num(g.Respondents), it.ID, it.Label, num(it.Share), num(it.CILow), num(it.CIHigh), num(it.Rank), nil, ciMethod, ciAt}
				switch {
				case g.Suppressed && g.Reason == results.ReasonJudges:
					row[10] = TooFewJudges
				case g.Suppressed:
					row[10] = TooFew
				}
				t.Rows = append(t.Rows, row)
			}
		}
	}
	return t
}

// num turns an optional number into a cell (nil stays empty).
func num[T int | int64 | float64](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// Record is one respondent of the judgments export: the values of the
// columns before the judgments (campaign, period, each background
// question, language), as release allows them, and the judgments.
type Record struct {
	Values    []string
	Judgments []store.Judgment
}

// Judgments is one row per judgment in long format, for researchers:
// respondents in the order rng gives, numbered 1..n afresh, each one's
// judgments shuffled too, so that nothing in the file follows the order
// answers came in. It shuffles recs in place.
func Judgments(sv *survey.Survey, recs []Record, rng *rand.Rand) export.Table {
	t := export.Table{Name: "judgments", Header: []string{"respondent", "campaign", "period"}}
	for _, q := range sv.Background {
		t.Header = append(t.Header, "bg_"+q.ID)
	}
	t.Header = append(t.Header, "lang", "item_first", "item_second", "value", "skip")
	rng.Shuffle(len(recs), func(i, j int) { recs[i], recs[j] = recs[j], recs[i] })
	for n, rec := range recs {
		js := slices.Clone(rec.Judgments)
		rng.Shuffle(len(js), func(i, j int) { js[i], js[j] = js[j], js[i] })
		for _, j := range js {
			row := make([]any, 0, len(t.Header))
			row = append(row, n+1)
			for _, v := range rec.Values {
				row = append(row, v)
			}
			var value any = j.Value
			if j.Skip {
				value = nil
			}
			t.Rows = append(t.Rows, append(row, j.A, j.B, value, j.Skip))
		}
	}
	return t
}

// NewShuffle returns a random source seeded from crypto/rand, for
// Judgments: an order nobody can reproduce.
func NewShuffle() (*rand.Rand, error) {
	var seed [32]byte
	if _, err := crand.Read(seed[:]); err != nil {
		return nil, fmt.Errorf("report: seed: %w", err)
	}
	return rand.New(rand.NewChaCha8(seed)), nil
}

// Story is a story as listed in results: its target groups by id.
type Story struct {
	Text          string
	Groups        []string
	Top, TopLabel string
	Lang          string
}

// Stories is one row per story, with the labels of its target groups of
// sv in lang, sorted and joined.
func Stories(sv *survey.Survey, lang string, list []Story) export.Table {
	t := export.Table{Name: "stories", Header: []string{"text", "groups", "top_item", "top_item_label", "lang"}}
	for _, st := range list {
		labels := make([]string, 0, len(st.Groups))
		for _, g := range st.Groups {
			if gr, ok := sv.Group(g); ok {
				labels = append(labels, gr.Label.In(lang))
			}
		}
		slices.Sort(labels)
		t.Rows = append(t.Rows, []any{st.Text, strings.Join(labels, ", "), st.Top, st.TopLabel, st.Lang})
	}
	return t
}
