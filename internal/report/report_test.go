package report

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/vfv/vfv/internal/results"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
)

func ptr[T any](v T) *T { return &v }

// TestScores: one row per group and item; a row with an interval names
// how and when it was computed, a suppressed group's row says "none" and
// why it has no numbers (a group of too few judges keeps its count).
func TestScores(t *testing.T) {
	r := results.Result{Method: results.MethodBT, Respondents: ptr(int64(12)), CIMethod: "respondent-sandwich", CIComputedAt: "2026-12-01T07:00:00Z",
		Items: []results.Item{{ID: "park", Label: "Parken", Share: ptr(60.5), CILow: ptr(50.0), CIHigh: ptr(70.0), Rank: ptr(1)}},
		Groups: []results.GroupResult{{ID: "girls", Label: "Tjejer", Suppressed: true, Items: []results.Item{{ID: "park", Label: "Parken"}}},
			{ID: "idle", Label: "Varken eller", Respondents: ptr(int64(5)), Suppressed: true, Reason: results.ReasonJudges, Items: []results.Item{{ID: "park", Label: "Parken"}}}}}
	got := Scores([]results.Result{r}).Rows
	want := [][]any{
		{"all", "Alla", results.MethodBT, int64(12), "park", "Parken", 60.5, 50.0, 70.0, 1, nil, "respondent-sandwich", "2026-12-01T07:00:00Z"},
		{"girls", "Tjejer", results.MethodBT, nil, "park", "Parken", nil, nil, nil, nil, TooFew, results.CIMethodNone, nil},
		{"idle", "Varken eller", results.MethodBT, int64(5), "park", "Parken", nil, nil, nil, nil, TooFewJudges, results.CIMethodNone, nil},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Scores rows\n got %v\nwant %v", got, want)
	}
}

func TestStories(t *testing.T) {
	sv := &survey.Survey{Groups: []survey.Group{
		{ID: "girls", Label: survey.Text{"sv": "Tjejer", "en": "Girls"}},
		{ID: "boys", Label: survey.Text{"sv": "Killar", "en": "Boys"}},
	}}
	got := Stories(sv, "en", []Story{{Text: "=1+1", Groups: []string{"girls", "boys", "gone"}, Top: "park", TopLabel: "Park", Lang: "sv"}})
	want := [][]any{{"=1+1", "Boys, Girls", "park", "Park", "sv"}}
	if !reflect.DeepEqual(got.Rows, want) {
		t.Errorf("Stories rows %v, want %v", got.Rows, want)
	}
	if h := []string{"text", "groups", "top_item", "top_item_label", "lang"}; !slices.Equal(got.Header, h) {
		t.Errorf("Stories header %v, want %v", got.Header, h)
	}
}

func TestJudgments(t *testing.T) {
	sv := &survey.Survey{Background: []survey.Question{{ID: "age"}}}
	recs := []Record{
		{Values: []string{"ABC", "2026-09-01/2026-09-07", "*", "sv"}, Judgments: []store.Judgment{{A: "a", B: "b", Value: 2}, {A: "b", B: "c", Skip: true}}},
		{Values: []string{"ABC", "2026-09-01/2026-09-07", "*", "en"}, Judgments: []store.Judgment{{A: "a", B: "c", Value: -1}}},
	}
	tab := Judgments(sv, recs, rand.New(rand.NewPCG(1, 2)))
	if h := []string{"respondent", "campaign", "period", "bg_age", "lang", "item_first", "item_second", "value", "skip"}; !slices.Equal(tab.Header, h) {
		t.Fatalf("header %v, want %v", tab.Header, h)
	}
	if len(tab.Rows) != 3 {
		t.Fatalf("%d rows, want 3", len(tab.Rows))
	}
	byLang := map[string]map[any]bool{}
	for _, row := range tab.Rows {
		if len(row) != len(tab.Header) {
			t.Fatalf("row %v has %d cells, want %d", row, len(row), len(tab.Header))
		}
		lang := row[4].(string)
		if byLang[lang] == nil {
			byLang[lang] = map[any]bool{}
		}
		byLang[lang][row[0]] = true
		if row[8] == true && row[7] != nil {
			t.Errorf("skipped judgment %v has value %v, want empty", row, row[7])
		}
	}
	if len(byLang["sv"]) != 1 || len(byLang["en"]) != 1 {
		t.Errorf("respondent numbers by language %v, want one each", byLang)
	}
	for n := range byLang["sv"] {
		if byLang["en"][n] {
			t.Errorf("both respondents numbered %v", n)
		}
	}
}
