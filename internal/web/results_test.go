package web_test

import (
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/uuid"

	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/ranking"
	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/survey"
)

// seededResults stores 30 responses in campaign GRUMS34: 4 young women
// (a group under the minimum of 5), 16 young men and 10 aged 25–29, and
// returns the judgments per background class for ranking.
func seededResults(t *testing.T, f *staffFixture) map[string][]ranking.Judgment {
	t.Helper()
	ctx := context.Background()
	sv, _ := f.collectSurvey("unga-vuxna")
	svc := collect.New(f.store, f.surveys, nil)
	rng := rand.New(rand.NewPCG(11, 12))
	classes := []struct {
		name string
		n    int
		bg   map[string]string
	}{
		{"women", 4, map[string]string{"alder": "20-24", "kon": "kvinna", "gor-nu": "studerar", "bor": "tatort"}},
		{"men", 16, map[string]string{"alder": "16-19", "kon": "man", "gor-nu": "studerar", "bor": "tatort"}},
		{"older", 10, map[string]string{"alder": "25-29", "kon": "annat", "gor-nu": "arbetar", "bor": "tatort"}},
	}
	out := map[string][]ranking.Judgment{}
	for _, cl := range classes {
		for r := 0; r < cl.n; r++ {
			sub := response.Submission{ID: uuid.NewString(), Campaign: "GRUMS34", Lang: "sv", Background: cl.bg}
			for _, p := range rng.Perm(sv.NumPairs())[:sv.PairsPerRespondent()] {
				i, j := pairIndex(len(sv.Items), p)
				a, b := sv.Items[i].ID, sv.Items[j].ID
				if rng.IntN(2) == 0 {
					a, b = b, a
				}
				// Men favour work, others feeling well: a real difference.
				v := rng.IntN(5) - 2
				if cl.name == "men" && a == "jobb-studier" {
					v = -2
				}
				if cl.name != "men" && b == "ma-bra" {
					v = 2
				}
				sub.Judgments = append(sub.Judgments, response.Judgment{A: a, B: b, Value: &v})
				out[cl.name] = append(out[cl.name], ranking.Judgment{Respondent: sub.ID, A: a, B: b, Value: float64(v)})
				out["all"] = append(out["all"], ranking.Judgment{Respondent: sub.ID, A: a, B: b, Value: float64(v)})
			}
			if _, err := svc.Submit(ctx, sub); err != nil {
				t.Fatal(err)
			}
		}
	}
	return out
}

func (ts *testServer) collectSurvey(id string) (*survey.Survey, bool) {
	for _, s := range ts.surveys {
		if s.ID == id {
			return s, true
		}
	}
	return nil, false
}

func pairIndex(n, p int) (int, int) {
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if p == 0 {
				return i, j
			}
			p--
		}
	}
	panic("pair out of range")
}

type resultJSON struct {
	Method      string
	Respondents *int64
	Suppressed  bool
	Items       []struct {
		ID     string
		Share  *float64
		CILow  *float64 `json:"ci_low"`
		CIHigh *float64 `json:"ci_high"`
		Rank   *int
	}
	Groups []struct {
		ID          string
		Respondents *int64
		Suppressed  bool
		Items       []struct {
			ID    string
			Share *float64
		}
	}
}

// TestResultsEqualRanking: the results API gives the numbers
// internal/ranking gives on the same judgments, overall and per group.
func TestResultsEqualRanking(t *testing.T) {
	f := newStaffFixture(t)
	js := seededResults(t, f)
	sv, _ := f.collectSurvey("unga-vuxna")
	var items []string
	for _, it := range sv.Items {
		items = append(items, it.ID)
	}
	for _, method := range []string{"bt", "score", "ahp"} {
		status, body := f.api(t, "group@a.se", "GET", "/api/v1/campaigns/GRUMS34/results?method="+method, "")
		var r resultJSON
		if err := json.Unmarshal([]byte(body), &r); status != 200 || err != nil {
			t.Fatalf("%s results = %d %s", method, status, body)
		}
		for name, groupID := range map[string]string{"all": "", "men": "unga-man-16-24"} {
			want, err := ranking.Rank(js[name], ranking.Options{Items: items, Scale: ranking.Scale{Steps: sv.Scale.Steps}})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]float64{}
			if groupID == "" {
				for _, it := range r.Items {
					got[it.ID] = *it.Share
				}
			} else {
				for _, g := range r.Groups {
					if g.ID == groupID {
						for _, it := range g.Items {
							got[it.ID] = *it.Share
						}
					}
				}
			}
			for i, id := range items {
				var w float64
				switch method {
				case "bt":
					w = want.BT.Items[i].Share
				case "score":
					w = want.Score.Items[i].Score
				case "ahp":
					w = 100 * want.AHP.Items[i].PriorityEigen
				}
				if math.Abs(got[id]-w) > 0.006 {
					t.Errorf("%s %s %s: API %v, ranking %v", method, name, id, got[id], w)
				}
			}
		}
	}
}

// TestResultsSuppressSmallGroups: the group of 4 (minimum 5) shows no
// numbers, and its complement (everyone else is men + aged 25–29) is
// hidden too, so no subtraction of shown numbers recovers it.
func TestResultsSuppressSmallGroups(t *testing.T) {
	f := newStaffFixture(t)
	seededResults(t, f)
	status, body := f.api(t, "group@a.se", "GET", "/api/v1/campaigns/GRUMS34/results", "")
	var r resultJSON
	if err := json.Unmarshal([]byte(body), &r); status != 200 || err != nil {
		t.Fatalf("results = %d %s", status, body)
	}
	if r.Suppressed || r.Respondents == nil || *r.Respondents != 30 {
		t.Fatalf("overall = suppressed %v, respondents %v; want 30 shown", r.Suppressed, r.Respondents)
	}
	byID := map[string]int{}
	for i, g := range r.Groups {
		byID[g.ID] = i
	}
	women := r.Groups[byID["unga-kvinnor-16-24"]]
	if !women.Suppressed || women.Respondents != nil {
		t.Errorf("group of 4: suppressed %v, respondents %v; want suppressed with no count", women.Suppressed, women.Respondents)
	}
	for _, it := range women.Items {
		if it.Share != nil {
			t.Errorf("suppressed group shows a share for %s", it.ID)
		}
	}
	var shownCounts []int64
	for _, g := range r.Groups {
		if !g.Suppressed {
			shownCounts = append(shownCounts, *g.Respondents)
		}
	}
	if older := r.Groups[byID["alder-25-29"]]; !older.Suppressed {
		t.Errorf("the complement of the small group (25–29, with the men making up everyone else) is shown: %s", body)
	}
	// No sum of shown groups subtracted from the total gives 4.
	for mask := 0; mask < 1<<len(shownCounts); mask++ {
		sum := int64(0)
		for i, c := range shownCounts {
			if mask&(1<<i) != 0 {
				sum += c
			}
		}
		if *r.Respondents-sum == 4 {
			t.Errorf("total %d minus shown groups %v recovers the hidden group of 4", *r.Respondents, shownCounts)
		}
	}
	if s, b := f.api(t, "agent@a.se", "GET", "/api/v1/campaigns/GRUMS34/results", ""); s != 403 {
		t.Errorf("trust agent reading results = %d %s, want 403", s, b)
	}
	if s, _ := f.api(t, "group@a.se", "GET", "/api/v1/campaigns/KILKIL3/results", ""); s != 404 {
		t.Errorf("another project's results = %d, want 404", s)
	}
	if s, _ := f.api(t, "group@a.se", "GET", "/api/v1/campaigns/GRUMS34/results?method=magic", ""); s != 400 {
		t.Errorf("unknown method = %d, want 400", s)
	}
	s, b := f.api(t, "group@a.se", "GET", "/api/v1/surveys/unga-vuxna/results", "")
	var sr resultJSON
	if err := json.Unmarshal([]byte(b), &sr); s != 200 || err != nil || sr.Respondents == nil || *sr.Respondents != 30 {
		t.Errorf("survey results across campaigns = %d %s", s, b)
	}
}
