package response

import (
	"strings"
	"testing"

	"github.com/vfv/vfv/internal/survey"
)

func testSurvey() *survey.Survey {
	return &survey.Survey{ID: "s", Languages: []string{"sv"},
		Items:      []survey.Item{{ID: "a"}, {ID: "b"}, {ID: "c"}},
		Scale:      survey.Scale{Steps: 2, MaxPairs: 3, AllowSkip: true},
		Background: []survey.Question{{ID: "kon", Answers: []survey.Answer{{ID: "kvinna"}, {ID: "man"}}}},
		Groups:     []survey.Group{{ID: "kvinnor", Where: map[string][]string{"kon": {"kvinna"}}}, {ID: "alla"}},
		Story:      &survey.Story{MaxLength: 10},
	}
}

func TestIncrements(t *testing.T) {
	sv := testSurvey()
	incs := Increments(sv, Answer{Date: "2026-11-26", Lang: "sv", Background: map[string]string{"kon": "kvinna"}, HasStory: true,
		Judgments: []Weighed{{A: "b", B: "a", Value: -2}, {A: "a", B: "c", Skip: true}}})
	if len(incs) != 4 || incs[0].Group != GroupAll || incs[1].Group != "g:kvinnor" || incs[2].Group != "g:alla" || incs[3].Group != "day:2026-11-26" {
		t.Fatalf("groups = %+v", incs)
	}
	all := incs[0].Fields
	// b before a, value -2 favours b: stored from a's side as +2.
	for f, want := range map[string]int64{"n": 1, "p|a|b|2": 1, "p|a|c|s": 1, "d|2026-11-26": 1, "bg|kon|kvinna": 1, "lang|sv": 1, "stories": 1} {
		if all[f] != want {
			t.Errorf("all[%q] = %d, want %d (%v)", f, all[f], want, all)
		}
	}
	if _, ok := incs[1].Fields["d|2026-11-26"]; ok {
		t.Error("a group counter carries a day count")
	}
	if PairField("b", "a", -2, false) != PairField("a", "b", 2, false) {
		t.Error("PairField depends on the order shown")
	}
	// The day's counters: everything the release rule needs of the day.
	day := incs[3].Fields
	for f, want := range map[string]int64{"n": 1, "p|a|b|2": 1, "bg|kon|kvinna": 1, "g:kvinnor|n": 1, "g:kvinnor|p|a|c|s": 1, "g:alla|n": 1,
		"sig|bg|kon|kvinna,g:alla,g:kvinnor": 1} {
		if day[f] != want {
			t.Errorf("day[%q] = %d, want %d (%v)", f, day[f], want, day)
		}
	}
	if sets, ok := ParseSigField("sig|bg|kon|kvinna,g:alla,g:kvinnor"); !ok || len(sets) != 3 || sets[1] != "g:alla" {
		t.Errorf("ParseSigField = %v, %v", sets, ok)
	}
}

// TestIncrementsJudges: a respondent counts among a set's judges (and in
// the judges' signature of the day) only with at least one judgment that
// is not "vet inte".
func TestIncrementsJudges(t *testing.T) {
	sv := testSurvey()
	bg := map[string]string{"kon": "kvinna"}
	for _, tc := range []struct {
		name  string
		js    []Weighed
		judge int64
	}{
		{"one judgment", []Weighed{{A: "a", B: "c", Skip: true}, {A: "a", B: "b", Value: 0}}, 1},
		{"every pair skipped", []Weighed{{A: "a", B: "b", Skip: true}, {A: "a", B: "c", Skip: true}}, 0},
		{"no pair at all", nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			incs := Increments(sv, Answer{Date: "2026-11-26", Background: bg, Judgments: tc.js})
			got := map[string]int64{
				"all|j": incs[0].Fields[FieldJudges], "g:kvinnor|j": incs[1].Fields[FieldJudges],
				"day|j": incs[3].Fields[FieldJudges], "day|g:kvinnor|j": incs[3].Fields[DayGroupField("g:kvinnor", FieldJudges)],
				"day|jsig": incs[3].Fields["jsig|bg|kon|kvinna,g:alla,g:kvinnor"],
			}
			if n := incs[3].Fields[FieldJudgesCounted]; n != 1 {
				t.Errorf("day|jn = %d, want 1: every respondent counts as counted with judges", n)
			}
			for f, n := range got {
				if n != tc.judge {
					t.Errorf("%s = %d, want %d", f, n, tc.judge)
				}
			}
			if incs[0].Fields[FieldRespondents] != 1 {
				t.Errorf("n = %d, want 1: a respondent who judged nothing is still a member", incs[0].Fields[FieldRespondents])
			}
		})
	}
	if sets, ok := ParseJudgeSigField("jsig|bg|kon|kvinna,g:alla"); !ok || len(sets) != 2 || sets[1] != "g:alla" {
		t.Errorf("ParseJudgeSigField = %v, %v", sets, ok)
	}
	if _, ok := ParseSigField("jsig|g:alla"); ok {
		t.Error("ParseSigField reads a judges' signature as a respondents' one")
	}
}

func TestTopItem(t *testing.T) {
	sv := testSurvey()
	js := []Weighed{{A: "a", B: "b", Value: 2}, {A: "c", B: "b", Value: 1}, {A: "a", B: "c", Value: 0}}
	if got := TopItem(sv, js); got != "b" {
		t.Errorf("TopItem = %q, want b", got)
	}
	if got := TopItem(sv, []Weighed{{A: "a", B: "b", Skip: true}}); got != "" {
		t.Errorf("TopItem of skips only = %q, want empty", got)
	}
}

func TestValidateAndHash(t *testing.T) {
	sv := testSurvey()
	v := 1
	sub := Submission{ID: "3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f", Lang: "sv", Judgments: []Judgment{{A: "a", B: "b", Value: &v}}, Story: "kort"}
	if ps := Validate(sv, sub); len(ps) != 0 {
		t.Errorf("valid submission: %v", ps)
	}
	sub.Story = strings.Repeat("å", 11)
	if ps := Validate(sv, sub); len(ps) != 1 || ps[0].Field != "story" {
		t.Errorf("story of 11 characters, max 10: %v", ps)
	}
	h1 := Hash(sub)
	other := sub
	other.ID = "00000000-0000-4000-8000-000000000000"
	if Hash(other) != h1 {
		t.Error("the hash depends on the id")
	}
	other.Story = "annan"
	if Hash(other) == h1 {
		t.Error("the hash ignores the story")
	}
}
