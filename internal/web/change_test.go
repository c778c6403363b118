package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/ranking"
	"github.com/vfv/vfv/internal/response"
)

// waveClass is a kind of respondent seeded into a wave.
type waveClass struct {
	name string
	n    int
	bg   map[string]string
	// likes is the item this class weights up in every pair it sees.
	likes string
	// without is an item this class never sees (an older survey version).
	without string
}

var (
	waveWomen = map[string]string{"alder": "20-24", "kon": "kvinna", "gor-nu": "studerar", "bor": "tatort"}
	waveMen   = map[string]string{"alder": "16-19", "kon": "man", "gor-nu": "studerar", "bor": "tatort"}
	waveOlder = map[string]string{"alder": "25-29", "kon": "annat", "gor-nu": "arbetar", "bor": "tatort"}
)

// seedWave stores the classes' answers in campaign code ten days ago
// (released by now) and returns the judgments per class and for "all".
func seedWave(t *testing.T, f *staffFixture, code string, seed uint64, classes []waveClass) map[string][]ranking.Judgment {
	t.Helper()
	sv, _ := f.collectSurvey("unga-vuxna")
	svc := collect.New(f.store, f.surveys, nil)
	svc.SetClock(func() time.Time { return time.Now().AddDate(0, 0, -10) })
	rng := rand.New(rand.NewPCG(seed, 7))
	out := map[string][]ranking.Judgment{}
	for _, cl := range classes {
		for r := 0; r < cl.n; r++ {
			sub := response.Submission{ID: uuid.NewString(), Campaign: code, Lang: "sv", Background: cl.bg}
			for _, p := range rng.Perm(sv.NumPairs())[:sv.PairsPerRespondent()] {
				i, j := pairIndex(len(sv.Items), p)
				a, b := sv.Items[i].ID, sv.Items[j].ID
				if a == cl.without || b == cl.without {
					continue
				}
				v := rng.IntN(5) - 2
				if a == cl.likes {
					v = -1 - rng.IntN(2)
				}
				if b == cl.likes {
					v = 1 + rng.IntN(2)
				}
				sub.Judgments = append(sub.Judgments, response.Judgment{A: a, B: b, Value: &v})
				j0 := ranking.Judgment{Respondent: sub.ID, A: a, B: b, Value: float64(v)}
				out[cl.name] = append(out[cl.name], j0)
				out["all"] = append(out["all"], j0)
			}
			if _, err := svc.Submit(context.Background(), sub); err != nil {
				t.Fatal(err)
			}
		}
	}
	return out
}

// changeJSON is GET /api/v1/surveys/{id}/change.
type changeJSON struct {
	Suppressed bool
	Items      []changeItemJSON
	Groups     []struct {
		ID         string
		Suppressed bool
		Items      []changeItemJSON
	}
	LeftOut []struct{ ID string } `json:"left_out"`
}

type changeItemJSON struct {
	ID                    string
	Before, After, Change *float64
	Clear                 *bool
	RawLow                *float64 `json:"ci_low"`
	RawHigh               *float64 `json:"ci_high"`
}

func (f *staffFixture) change(t *testing.T, user, before, after string) changeJSON {
	t.Helper()
	q := url.Values{"before": {before}, "after": {after}, "method": {"bt"}}
	status, body := f.api(t, user, "GET", "/api/v1/surveys/unga-vuxna/change?"+q.Encode(), "")
	var ch changeJSON
	if err := json.Unmarshal([]byte(body), &ch); status != 200 || err != nil {
		t.Fatalf("change %s → %s = %d %s", before, after, status, body)
	}
	return ch
}

// TestChangeEqualsTwoSeparateFits: the change endpoint's shares are the
// Bradley–Terry fits of each wave alone (internal/ranking on the same
// judgments), its change their difference, and its interval the two
// waves' delta-method variances added (independent respondents) with a
// Bonferroni quantile over the items.
func TestChangeEqualsTwoSeparateFits(t *testing.T) {
	f := newStaffFixture(t)
	f.addCampaign(t, "WAVEONE", "grums")
	f.addCampaign(t, "WAVETWO", "grums")
	before := seedWave(t, f, "WAVEONE", 1, []waveClass{{"women", 12, waveWomen, "ma-bra", ""}, {"men", 12, waveMen, "jobb-studier", ""}})
	after := seedWave(t, f, "WAVETWO", 2, []waveClass{{"women", 12, waveWomen, "jobb-studier", ""}, {"men", 12, waveMen, "jobb-studier", ""}})
	sv, _ := f.collectSurvey("unga-vuxna")
	var items []string
	for _, it := range sv.Items {
		items = append(items, it.ID)
	}
	ch := f.change(t, "group@a.se", "WAVEONE", "WAVETWO")
	z := math.Sqrt2 * math.Erfinv(1-0.05/float64(len(items)))
	for name, group := range map[string]string{"all": "", "women": "unga-kvinnor-16-24", "men": "unga-man-16-24"} {
		fit := func(js []ranking.Judgment) (shares, vars []float64) {
			r, err := ranking.Rank(js, ranking.Options{Items: items, Scale: ranking.Scale{Steps: sv.Scale.Steps}})
			if err != nil {
				t.Fatal(err)
			}
			return deltaShares(r.BT)
		}
		sb, vb := fit(before[name])
		sa, va := fit(after[name])
		got := ch.Items
		for _, g := range ch.Groups {
			if g.ID == group {
				got = g.Items
			}
		}
		for i, id := range items {
			it := got[i]
			if it.ID != id || it.Change == nil {
				t.Fatalf("%s item %d = %+v, want %s with numbers", name, i, it, id)
			}
			d := sa[i] - sb[i]
			half := z * math.Sqrt(va[i]+vb[i])
			for what, pair := range map[string][2]float64{"before": {*it.Before, sb[i]}, "after": {*it.After, sa[i]}, "change": {*it.Change, d},
				"ci_low": {*it.RawLow, max(d-half, -100)}, "ci_high": {*it.RawHigh, min(d+half, 100)}} {
				if math.Abs(pair[0]-pair[1]) > 0.006 {
					t.Errorf("%s %s %s = %v, two separate fits give %v", name, id, what, pair[0], pair[1])
				}
			}
			if want := d-half > 0 || d+half < 0; *it.Clear != want {
				t.Errorf("%s %s clear = %v, want %v (change %v ± %v)", name, id, *it.Clear, want, d, half)
			}
		}
	}
	// The women turned from feeling well to work: a clear change.
	for _, g := range ch.Groups {
		if g.ID == "unga-kvinnor-16-24" {
			for _, it := range g.Items {
				if it.ID == "jobb-studier" && (!*it.Clear || *it.Change <= 0) {
					t.Errorf("women's change in jobb-studier = %+v, want a clear rise", it)
				}
			}
		}
	}
}

// deltaShares is each share (percent) and its variance by the delta
// method on the log-strengths' covariance, computed here independently.
func deltaShares(bt ranking.BTResult) (shares, vars []float64) {
	n := len(bt.Items)
	for i := range n {
		s := bt.Items[i].Share / 100
		v := 0.0
		for a := range n {
			for b := range n {
				ga := -s * bt.Items[a].Share / 100
				if a == i {
					ga += s
				}
				gb := -s * bt.Items[b].Share / 100
				if b == i {
					gb += s
				}
				v += ga * bt.Cov[a][b] * gb
			}
		}
		shares, vars = append(shares, 100*s), append(vars, 1e4*v)
	}
	return shares, vars
}

// TestChangeSuppressedAcrossEveryCombination: for every pair of disjoint
// sets of three campaigns, a group is shown in the change exactly when the
// results of both waves show it, and a hidden group's numbers are all
// null; shown numbers are each wave's own results.
func TestChangeSuppressedAcrossEveryCombination(t *testing.T) {
	f := newStaffFixture(t)
	camps := []string{"CAMPONE", "CAMPTWO", "CAMPTRE"}
	for _, c := range camps {
		f.addCampaign(t, c, "grums")
	}
	seedWave(t, f, "CAMPONE", 3, []waveClass{{"women", 7, waveWomen, "ma-bra", ""}, {"men", 7, waveMen, "jobb-studier", ""}, {"older", 2, waveOlder, "ma-bra", ""}})
	seedWave(t, f, "CAMPTWO", 4, []waveClass{{"women", 3, waveWomen, "ma-bra", ""}, {"men", 8, waveMen, "ma-bra", ""}, {"older", 6, waveOlder, "jobb-studier", ""}})
	seedWave(t, f, "CAMPTRE", 5, []waveClass{{"women", 6, waveWomen, "jobb-studier", ""}, {"men", 2, waveMen, "jobb-studier", ""}, {"older", 6, waveOlder, "ma-bra", ""}})
	// Every wave is a non-empty subset; assign each campaign to before,
	// after or neither.
	combos, hidden, shown := 0, 0, 0
	for mask := 0; mask < 27; mask++ {
		var b, a []string
		for i, m := 0, mask; i < 3; i, m = i+1, m/3 {
			switch m % 3 {
			case 1:
				b = append(b, camps[i])
			case 2:
				a = append(a, camps[i])
			}
		}
		if len(b) == 0 || len(a) == 0 {
			continue
		}
		combos++
		before, after := strings.Join(b, ","), strings.Join(a, ",")
		t.Run(before+"→"+after, func(t *testing.T) {
			ch := f.change(t, "group@a.se", before, after)
			rb := f.results(t, "group@a.se", "/api/v1/surveys/unga-vuxna/results?campaigns="+before)
			ra := f.results(t, "group@a.se", "/api/v1/surveys/unga-vuxna/results?campaigns="+after)
			check := func(what string, suppressed bool, items []changeItemJSON, shownB, shownA bool, shareB, shareA map[string]float64) {
				if suppressed {
					hidden++
				} else {
					shown++
				}
				if suppressed != !(shownB && shownA) {
					t.Errorf("%s suppressed = %v; shown before %v, after %v", what, suppressed, shownB, shownA)
				}
				for _, it := range items {
					if suppressed {
						if it.Before != nil || it.After != nil || it.Change != nil || it.RawLow != nil || it.RawHigh != nil || it.Clear != nil {
							t.Errorf("%s is suppressed but %s has a number: %+v", what, it.ID, it)
						}
						continue
					}
					if it.Before == nil || math.Abs(*it.Before-shareB[it.ID]) > 0.006 || math.Abs(*it.After-shareA[it.ID]) > 0.006 {
						t.Errorf("%s %s before/after = %v/%v, each wave's results %v/%v", what, it.ID, fmtPtr(it.Before), fmtPtr(it.After), shareB[it.ID], shareA[it.ID])
					}
				}
			}
			check("everyone", ch.Suppressed, ch.Items, !rb.Suppressed, !ra.Suppressed, sharesOf(rb, ""), sharesOf(ra, ""))
			for _, g := range ch.Groups {
				check(g.ID, g.Suppressed, g.Items, shownIn(rb, g.ID), shownIn(ra, g.ID), sharesOf(rb, g.ID), sharesOf(ra, g.ID))
			}
		})
	}
	if combos != 12 || hidden == 0 || shown == 0 {
		t.Fatalf("tried %d combinations of waves (want 12) with %d hidden and %d shown groups (want some of each)", combos, hidden, shown)
	}
}

func fmtPtr(p *float64) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprint(*p)
}

func shownIn(r resultJSON, group string) bool {
	for _, g := range r.Groups {
		if g.ID == group {
			return !g.Suppressed
		}
	}
	return false
}

func sharesOf(r resultJSON, group string) map[string]float64 {
	out := map[string]float64{}
	if group == "" {
		for _, it := range r.Items {
			if it.Share != nil {
				out[it.ID] = *it.Share
			}
		}
		return out
	}
	for _, g := range r.Groups {
		if g.ID == group {
			for _, it := range g.Items {
				if it.Share != nil {
					out[it.ID] = *it.Share
				}
			}
		}
	}
	return out
}

// TestChangeRefusesAndLeavesOut: wrong waves are a 400 naming before or
// after (or method, group); an item one wave never asked about is left
// out and named, and the others are fitted without it.
func TestChangeRefusesAndLeavesOut(t *testing.T) {
	f := newStaffFixture(t)
	f.addCampaign(t, "OLDWAVE", "grums")
	f.addCampaign(t, "NEWWAVE", "grums")
	seedWave(t, f, "OLDWAVE", 8, []waveClass{{"men", 12, waveMen, "ma-bra", "boende"}})
	seedWave(t, f, "NEWWAVE", 9, []waveClass{{"men", 12, waveMen, "boende", ""}})
	ch := f.change(t, "group@a.se", "oldwave", "NEWWAVE")
	if len(ch.LeftOut) != 1 || ch.LeftOut[0].ID != "boende" {
		t.Errorf("left out = %+v, want boende only", ch.LeftOut)
	}
	sum := 0.0
	for _, it := range ch.Items {
		if it.ID == "boende" {
			t.Errorf("boende compared although the first wave never asked about it: %+v", it)
		}
		sum += *it.Before
	}
	if math.Abs(sum-100) > 0.1 {
		t.Errorf("shares of the shared items before sum to %v, want 100", sum)
	}
	for _, tt := range []struct{ query, field string }{
		{"after=NEWWAVE", "before"},
		{"before=OLDWAVE", "after"},
		{"before=OLDWAVE&after=OLDWAVE", "after"},
		{"before=OLDWAVE&after=" + f.campB, "after"},
		{"before=NOSUCH9&after=NEWWAVE", "before"},
		{"before=OLDWAVE&after=NEWWAVE&method=ahp", "method"},
		{"before=OLDWAVE&after=NEWWAVE&group=nope", "group"},
	} {
		status, body := f.api(t, "group@a.se", "GET", "/api/v1/surveys/unga-vuxna/change?"+tt.query, "")
		if status != 400 || !strings.Contains(body, `"field":"`+tt.field+`"`) {
			t.Errorf("change?%s = %d %s, want 400 naming %s", tt.query, status, body, tt.field)
		}
	}
	if status, body := f.api(t, "agent@a.se", "GET", "/api/v1/surveys/unga-vuxna/change?before=OLDWAVE&after=NEWWAVE", ""); status != 404 {
		t.Errorf("trust agent's change = %d %s, want 404 (no results to read)", status, body)
	}
}
