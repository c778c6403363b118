package web_test

// Second red-team round (docs/privacy.md): an insider with ordinary staff
// access attacks the outputs added with the respondent-level statistics
// (intervals, consistency, each group against the rest, summaries), the
// change between waves and the workshop board. Each test asserts the
// privacy property and FAILS, saying what the insider learned, while the
// leak exists.

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/survey"
	"github.com/vfv/vfv/internal/web"
)

// rt2Consistency is a consistency distribution as the results API gives it.
type rt2Consistency struct {
	Mean, Q1, Median, Q3 float64
}

// rt2Result is the part of a results answer the attacks read.
type rt2Result struct {
	Respondents *int64
	Suppressed  bool
	CIStatus    string `json:"ci_status"`
	CICovers    *struct {
		From, To    string
		Batches     int
		Respondents int
	} `json:"ci_covers"`
	Consistency *rt2Consistency
	Items       []rt2Item
	Groups      []struct {
		ID          string
		Respondents *int64
		Suppressed  bool
		Consistency *rt2Consistency
		Items       []rt2Item
		Comparison  *struct {
			RespondentsA int `json:"respondents_a"`
			RespondentsB int `json:"respondents_b"`
		}
	}
}

type rt2Item struct {
	ID     string
	Share  *float64
	CILow  *float64 `json:"ci_low"`
	CIHigh *float64 `json:"ci_high"`
}

func (f *staffFixture) rt2Results(t *testing.T, user, path string) rt2Result {
	t.Helper()
	status, body := f.api(t, user, "GET", path, "")
	var r rt2Result
	if err := json.Unmarshal([]byte(body), &r); status != 200 || err != nil {
		t.Fatalf("GET %s = %d %.300s", path, status, body)
	}
	return r
}

// rt2Triads counts one respondent's triples of items whose three pairs
// were all judged with a preference, and the circular ones among them —
// what anyone can compute from a row of the judgments export.
func rt2Triads(js []rtJudgment) (triples, circular int) {
	pref := map[[2]string]int{} // +1: first preferred
	items := map[string]bool{}
	for _, j := range js {
		if j.Skip || j.Value == 0 {
			continue
		}
		d := 1
		if j.Value > 0 {
			d = -1
		}
		pref[[2]string{j.A, j.B}], pref[[2]string{j.B, j.A}] = d, -d
		items[j.A], items[j.B] = true, true
	}
	var ids []string
	for id := range items {
		ids = append(ids, id)
	}
	for a := range ids {
		for b := a + 1; b < len(ids); b++ {
			for c := b + 1; c < len(ids); c++ {
				x, y, z := ids[a], ids[b], ids[c]
				ab, okAB := pref[[2]string{x, y}]
				bc, okBC := pref[[2]string{y, z}]
				ca, okCA := pref[[2]string{z, x}]
				if !okAB || !okBC || !okCA {
					continue
				}
				triples++
				if ab == bc && bc == ca {
					circular++
				}
			}
		}
	}
	return triples, circular
}

// rt2Equal is js with every value "lika viktiga" (0): no preference, so
// no full triple.
func rt2Equal(js []response.Judgment) []response.Judgment {
	out := make([]response.Judgment, len(js))
	for i, j := range js {
		zero := 0
		out[i] = response.Judgment{A: j.A, B: j.B, Value: &zero}
	}
	return out
}

// rt2WithTriads draws judgments until they hold a full triple, with at
// least minCircular circular ones.
func rt2WithTriads(t *testing.T, sv *survey.Survey, rng *rand.Rand, minCircular int) []response.Judgment {
	t.Helper()
	for range 1000 {
		js := rtJudgments(sv, rng, "")
		tr, c := rt2Triads(rtFromSubmission(js))
		if tr > 0 && c >= minCircular {
			return js
		}
	}
	t.Fatal("no judgments with a full triple")
	return nil
}

// Backgrounds of the consistency attacks: young women in town, either
// outside work and studies (the group varken-jobb-eller-studier, its
// answers split 3 + 2 so that the judgments export hides gor-nu) or
// studying.
var (
	rt2Seeking  = map[string]string{"alder": "20-24", "kon": "kvinna", "gor-nu": "soker-jobb", "bor": "tatort"}
	rt2Idle     = map[string]string{"alder": "20-24", "kon": "kvinna", "gor-nu": "inget", "bor": "tatort"}
	rt2Studying = rtTownWoman
)

const rt2Group = "varken-jobb-eller-studier"

// rt2ConsistencyWeek seeds one week of GRUMS34: five of the group and
// five studying, P (whom the agent watched answer) among the studying.
// When pOnly, the four other studying answered "lika viktiga" throughout
// and P, with preferences, is the only one of them with a full triple;
// otherwise P is in the group and answered "lika viktiga" throughout. It
// returns P's judgments and P's share of circular triads.
func rt2ConsistencyWeek(t *testing.T, f *staffFixture, pOnly bool) ([]rtJudgment, float64) {
	t.Helper()
	sv := f.rtSurvey(t)
	rng := rand.New(rand.NewPCG(7, 11))
	day := rtDaysAgo(3)
	p := rt2WithTriads(t, sv, rng, 2)
	tr, c := rt2Triads(rtFromSubmission(p))
	if pOnly {
		for i := range 5 {
			bg := rt2Seeking
			if i >= 3 {
				bg = rt2Idle
			}
			js := rt2WithTriads(t, sv, rng, 0)
			for tr2, c2 := rt2Triads(rtFromSubmission(js)); c2*tr == c*tr2; tr2, c2 = rt2Triads(rtFromSubmission(js)) {
				js = rt2WithTriads(t, sv, rng, 0) // a share of its own: P's row is then the only one with P's
			}
			f.rtSeed(t, f.campA, day, bg, js, "")
		}
		for range 4 {
			f.rtSeed(t, f.campA, day, rt2Studying, rt2Equal(rt2WithTriads(t, sv, rng, 0)), "")
		}
		f.rtSeed(t, f.campA, day, rt2Studying, p, "")
		return rtFromSubmission(p), float64(c) / float64(tr)
	}
	for range 5 {
		f.rtSeed(t, f.campA, day, rt2Studying, rt2WithTriads(t, sv, rng, 0), "")
	}
	for i := range 4 {
		bg := rt2Seeking
		if i >= 2 {
			bg = rt2Idle
		}
		f.rtSeed(t, f.campA, day, bg, rt2WithTriads(t, sv, rng, 0), "")
	}
	p = rt2Equal(p)
	f.rtSeed(t, f.campA, day, rt2Seeking, p, "")
	return rtFromSubmission(p), 0
}

// TestRedteam2ConsistencyEveryoneMinusGroup: consistency is a mean over
// the respondents with a full triple only, a subset the release rule
// never checks. Everyone (10) and the group "varken jobb eller studier"
// (5) are shown and both have a consistency; of the 5 studying, four
// answered "lika viktiga" throughout, so only P, whom the trust agent
// watched answer, has a triple. Everyone's distribution covers the
// group's 5 and P: 6·mean(everyone) − 5·mean(group) is P's own share of
// circular triads. The counts 6 and 5 are not shown, but the attacker
// gets them: the group's consistency is shown, so all 5 have a triple,
// and the rows of the judgments export show which respondents have one.
// The export hides gor-nu (3 + 2 answers), so without this figure no row
// is tied to P; with it exactly one row has P's share: P's answers.
//
// The property: for two consistency figures about nested sets, the
// respondents they describe differ by 0 or at least k.
func TestRedteam2ConsistencyEveryoneMinusGroup(t *testing.T) {
	f := newStaffFixture(t)
	pJudgments, truth := rt2ConsistencyWeek(t, f, true)
	r := f.rt2Results(t, "group@a.se", "/api/v1/campaigns/"+f.campA+"/results")
	var group *rt2Consistency
	for _, g := range r.Groups {
		if g.ID == rt2Group && !g.Suppressed {
			group = g.Consistency
		}
	}
	// The defence: a group's consistency is never shown, neither beside
	// everyone's nor as the main result of group=.
	gr := f.rt2Results(t, "group@a.se", "/api/v1/campaigns/"+f.campA+"/results?group="+rt2Group)
	if gr.Consistency != nil {
		t.Errorf("LEAK: group=%s shows a consistency (%+v); with everyone's it gives the few outside the group by difference", rt2Group, gr.Consistency)
	}
	if r.Consistency == nil || group == nil {
		return // the attack needs both
	}
	recs := f.rtJudgmentsExport(t, "group@a.se", "/api/v1/campaigns/"+f.campA+"/export?what=judgments&format=csv")
	withTriple := 0
	for _, rec := range recs {
		if v := rec.QI["bg_gor-nu"]; v != "*" && v != "" {
			t.Logf("the export shows gor-nu (%q): the attack does not need the consistency here", v)
		}
		if tr, _ := rt2Triads(rec.Judgments); tr > 0 {
			withTriple++
		}
	}
	got := float64(withTriple)*r.Consistency.Mean - 5*group.Mean
	var match []rtRecord
	for _, rec := range recs {
		if tr, c := rt2Triads(rec.Judgments); tr > 0 && math.Abs(float64(c)/float64(tr)-got) < 1e-6 {
			match = append(match, rec)
		}
	}
	if withTriple-5 >= 1 && withTriple-5 < rtK && math.Abs(got-truth) < 1e-6 {
		found := len(match) == 1 && rtKey(match[0].Judgments) == rtKey(pJudgments)
		t.Errorf("LEAK: %d respondents with a triple in everyone's consistency, 5 in the group's: %d·%.4f − 5·%.4f = %.4f is the watched respondent's own share of circular triads (%.4f); rows of the judgments export with that share: %d (P's own: %v)",
			withTriple, withTriple, r.Consistency.Mean, group.Mean, got, truth, len(match), found)
	}
}

// TestRedteam2ConsistencyPresenceCountsFew: whether a shown group has a
// consistency depends on how many of its members judged a full triple.
// The group "varken jobb eller studier" (5) is shown; the watched
// respondent P, one of them, answered "lika viktiga" throughout, and the
// group's consistency is missing. Its absence says that 1..k−1 of the
// group gave no preference on a full triple — the same kind of fact as
// "0 or 1..k−1 of a group in a withheld week", which Partial was changed
// not to tell (TestAttackPartialRevealsWithheldMembers).
//
// The property: a shown group's consistency is shown or not by its
// released size alone; here, never (consistency is shown for everyone
// only, see TestRedteam2ConsistencyEveryoneMinusGroup).
func TestRedteam2ConsistencyPresenceCountsFew(t *testing.T) {
	f := newStaffFixture(t)
	rt2ConsistencyWeek(t, f, false)
	r := f.rt2Results(t, "group@a.se", "/api/v1/campaigns/"+f.campA+"/results")
	for _, g := range r.Groups {
		if g.ID != rt2Group {
			continue
		}
		if g.Suppressed || g.Respondents == nil {
			t.Fatal("the group is not shown: the attack needs it")
		}
		if g.Consistency != nil {
			t.Errorf("a group's consistency is shown (%+v): whether it is depends on how many of its %d members judged a full triple, and its absence would count 1..%d people who did not", g.Consistency, *g.Respondents, rtK-1)
		}
	}
}

// rt2JSON reads a JSON answer as generic values without the fields that
// are live by design (pending: the answers not yet released).
func (f *staffFixture) rt2JSON(t *testing.T, user, path string) any {
	t.Helper()
	status, body := f.api(t, user, "GET", path, "")
	if status != 200 {
		t.Fatalf("GET %s = %d %.300s", path, status, body)
	}
	var v any
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatal(err)
	}
	var strip func(v any)
	strip = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			delete(x, "pending")
			for _, y := range x {
				strip(y)
			}
		case []any:
			for _, y := range x {
				strip(y)
			}
		}
	}
	strip(v)
	return v
}

// rt2Seed seeds n respondents of bg into code on day.
func (f *staffFixture) rt2Seed(t *testing.T, code string, dayBack, n int, bg map[string]string, rng *rand.Rand) {
	t.Helper()
	sv := f.rtSurvey(t)
	for range n {
		f.rtSeed(t, code, rtDaysAgo(dayBack), bg, rtJudgments(sv, rng, ""), "")
	}
}

// TestRedteam2WatchOneNewOutputs (attack 4 on the new outputs): the
// trust agent watches P, a rural man (a group with no released member),
// answer; then reads every new output the same day, the next day, and
// after P's week has ended with P alone in it. Intervals, their status,
// time and coverage, consistency, comparisons, the change between waves,
// the board's figures and "Ni sa – vi gör" must all stay exactly as they
// were (only pending, which counts P by design, may change), whether the
// intervals are computed while the request waits or in the background.
func TestRedteam2WatchOneNewOutputs(t *testing.T) {
	for _, sync := range []int64{0, 1} {
		t.Run(fmt.Sprintf("sync limit %d", sync), func(t *testing.T) {
			f := newStaffFixtureOn(t, startServerWith(t, func(d *web.Deps) { d.SyncIntervals = sync }))
			rt2WatchOne(t, f)
		})
	}
}

// rt2WatchOne is TestRedteam2WatchOneNewOutputs on one server.
func rt2WatchOne(t *testing.T, f *staffFixture) {
	rng := rand.New(rand.NewPCG(3, 5))
	f.addCampaign(t, "GRUMS35", "grums")
	f.rt2Seed(t, f.campA, 10, 6, rtTownWoman, rng)
	f.rt2Seed(t, f.campA, 10, 6, rtTownMan, rng)
	f.rt2Seed(t, "GRUMS35", 3, 5, rtTownWoman, rng)
	f.rt2Seed(t, "GRUMS35", 3, 5, rtTownMan, rng)
	r := f.results(t, "group@a.se", "/api/v1/campaigns/"+f.campA+"/results")
	f.newCard(t, "group@a.se", "grums", `{"column":"skapa","text":"Kort","items":["`+r.Items[0].ID+`","`+r.Items[1].ID+`"],"publish":true}`)
	q := url.Values{"before": {"GRUMS35"}, "after": {f.campA}, "method": {"bt"}}
	paths := []string{
		"/api/v1/campaigns/" + f.campA + "/results",
		"/api/v1/campaigns/" + f.campA + "/results?method=score",
		"/api/v1/campaigns/" + f.campA + "/results?group=unga-man-16-24",
		"/api/v1/campaigns/" + f.campA + "/results?group=landsbygd",
		"/api/v1/surveys/unga-vuxna/results",
		"/api/v1/surveys/unga-vuxna/results?campaigns=" + f.campA + ",GRUMS35",
		"/api/v1/surveys/unga-vuxna/change?" + q.Encode(),
		"/api/v1/surveys/unga-vuxna/change?" + q.Encode() + "&group=landsbygd",
		"/api/v1/projects/grums/board",
		"/api/v1/projects/grums/saidwedo",
	}
	look := func() map[string]any {
		out := map[string]any{}
		for _, p := range paths {
			out[p] = f.rt2JSON(t, "group@a.se", p)
		}
		return out
	}
	// The background computations (sync limit 1) finish first: every
	// result current (or without intervals) and two looks alike.
	before := look()
	for range 300 {
		time.Sleep(100 * time.Millisecond)
		next := look()
		settled := reflect.DeepEqual(before, next)
		for _, p := range paths {
			if m, ok := next[p].(map[string]any); ok && (m["ci_status"] == "computing" || m["ci_status"] == "stale") {
				settled = false
			}
		}
		before = next
		if settled {
			break
		}
	}
	steps := []struct {
		name string
		do   func()
	}{
		{"P answers today", func() { f.submitToday(t, rtRuralMan) }},
		{"the next day", func() { f.later(1) }},
		{"P's week has ended, P alone in it", func() { f.later(8) }},
	}
	for _, s := range steps {
		s.do()
		after := look()
		for _, p := range paths {
			if !reflect.DeepEqual(before[p], after[p]) {
				a, _ := json.Marshal(before[p])
				b, _ := json.Marshal(after[p])
				t.Errorf("LEAK after %q: %s changed:\n before %.600s\n after  %.600s", s.name, p, a, b)
			}
		}
	}
}

// TestRedteam2ComparisonRestIsWholeBatches: a group against "the rest"
// must compare with everyone else only in the batches the group is shown
// in. Three weeks of GRUMS34: 5 women + 5 men; 5 women + 2 men (the men
// are too few, so the women are withheld too: everyone − women = 2);
// 6 men. For each shown group, respondents_a and respondents_b must be
// the sums over the batches that show the group (read week by week) of
// the group and of everyone else; then everyone − a − b is a sum of whole
// batches and no comparison counts the 2 men of week 2 or the 5 women
// whose week withheld them.
func TestRedteam2ComparisonRestIsWholeBatches(t *testing.T) {
	f := newStaffFixture(t)
	rng := rand.New(rand.NewPCG(5, 8))
	weeks := []struct {
		back       int
		women, men int
		from, to   string
	}{{back: 21, women: 5, men: 5}, {back: 14, women: 5, men: 2}, {back: 7, women: 0, men: 6}}
	for i := range weeks {
		w := &weeks[i]
		f.rt2Seed(t, f.campA, w.back+3, w.women, rtTownWoman, rng)
		f.rt2Seed(t, f.campA, w.back+3, w.men, rtTownMan, rng)
		// The week's Monday and Sunday (rtDaysAgo(n) is n days before a Sunday).
		w.from, w.to = rtDaysAgo(w.back+6).Format("2006-01-02"), rtDaysAgo(w.back).Format("2006-01-02")
	}
	groups := []string{"unga-kvinnor-16-24", "unga-man-16-24"}
	wantA, wantB := map[string]int{}, map[string]int{}
	for _, w := range weeks {
		r := f.rt2Results(t, "group@a.se", "/api/v1/campaigns/"+f.campA+"/results?from="+w.from+"&to="+w.to)
		if r.Respondents == nil {
			t.Fatalf("week %s–%s: everyone not shown", w.from, w.to)
		}
		for _, g := range r.Groups {
			if slicesContains(groups, g.ID) && !g.Suppressed && g.Respondents != nil {
				wantA[g.ID] += int(*g.Respondents)
				wantB[g.ID] += int(*r.Respondents - *g.Respondents)
			}
		}
	}
	r := f.rt2Results(t, "group@a.se", "/api/v1/campaigns/"+f.campA+"/results")
	for _, g := range r.Groups {
		if !slicesContains(groups, g.ID) || g.Suppressed {
			continue
		}
		c := g.Comparison
		if c == nil {
			t.Errorf("%s: shown without a comparison (want %d against %d)", g.ID, wantA[g.ID], wantB[g.ID])
			continue
		}
		if c.RespondentsA != wantA[g.ID] || c.RespondentsB != wantB[g.ID] {
			t.Errorf("LEAK: %s against the rest counts %d against %d; the batches that show it hold %d and %d (everyone %d): the difference counts people of a week that withheld the group",
				g.ID, c.RespondentsA, c.RespondentsB, wantA[g.ID], wantB[g.ID], *r.Respondents)
		}
		if rest := int(*r.Respondents) - c.RespondentsA - c.RespondentsB; rest > 0 && rest < rtK {
			t.Errorf("LEAK: everyone − %s − its rest = %d", g.ID, rest)
		}
	}
}

func slicesContains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// TestRedteam2ChangeOverlappingWaves: the change endpoint over two calls
// whose after-waves differ by one campaign (C: 5 women and 2 men, so the
// women are withheld there) must not count or describe C's 2 men or its
// withheld women: every group's wave equals that wave's own results page
// (shown or not, same respondents, same shares), and the two calls'
// respondents differ by 0 or at least k.
func TestRedteam2ChangeOverlappingWaves(t *testing.T) {
	f := newStaffFixture(t)
	rng := rand.New(rand.NewPCG(9, 9))
	for _, c := range []string{"GRUMS35", "GRUMS36"} {
		f.addCampaign(t, c, "grums")
	}
	f.rt2Seed(t, f.campA, 10, 5, rtTownWoman, rng)
	f.rt2Seed(t, f.campA, 10, 5, rtTownMan, rng)
	f.rt2Seed(t, "GRUMS35", 10, 6, rtTownWoman, rng)
	f.rt2Seed(t, "GRUMS35", 10, 5, rtTownMan, rng)
	f.rt2Seed(t, "GRUMS36", 10, 5, rtTownWoman, rng)
	f.rt2Seed(t, "GRUMS36", 10, 2, rtTownMan, rng)
	f.rt2Seed(t, "GRUMS36", 3, 5, rtRuralMan, rng)
	type wave struct{ before, after string }
	calls := []wave{{f.campA, "GRUMS35"}, {f.campA, "GRUMS35,GRUMS36"}, {f.campA, "GRUMS36"}, {"GRUMS36", "GRUMS35"}}
	counts := map[wave]map[string][2]int64{}
	for _, w := range calls {
		ch := f.change(t, "group@a.se", w.before, w.after)
		status, body := f.api(t, "group@a.se", "GET", "/api/v1/surveys/unga-vuxna/change?"+url.Values{"before": {w.before}, "after": {w.after}}.Encode(), "")
		var raw struct {
			Groups []struct {
				ID          string
				Respondents *struct{ Before, After int64 }
			}
		}
		if err := json.Unmarshal([]byte(body), &raw); status != 200 || err != nil {
			t.Fatal(status, body)
		}
		counts[w] = map[string][2]int64{}
		for _, g := range raw.Groups {
			if g.Respondents != nil {
				counts[w][g.ID] = [2]int64{g.Respondents.Before, g.Respondents.After}
			}
		}
		after := f.rt2Results(t, "group@a.se", "/api/v1/surveys/unga-vuxna/results?campaigns="+w.after)
		for i, g := range ch.Groups {
			rg := after.Groups[i]
			if g.Suppressed {
				continue
			}
			if rg.Suppressed {
				t.Errorf("LEAK: change %s → %s shows %s, which the after-wave's results page hides", w.before, w.after, g.ID)
				continue
			}
			if n := counts[w][g.ID][1]; rg.Respondents == nil || n != *rg.Respondents {
				t.Errorf("LEAK: change %s → %s counts %d of %s after, its results page %v", w.before, w.after, n, g.ID, rg.Respondents)
			}
			for j, it := range g.Items {
				if it.After != nil && rg.Items[j].Share != nil && math.Abs(*it.After-*rg.Items[j].Share) > 0.011 {
					t.Errorf("change %s → %s: %s item %s after = %v, results page %v", w.before, w.after, g.ID, it.ID, *it.After, *rg.Items[j].Share)
				}
			}
		}
	}
	a, b := counts[calls[0]], counts[calls[1]]
	for g, n := range a {
		m, ok := b[g]
		if !ok {
			continue
		}
		if d := m[1] - n[1]; d < 0 || (d > 0 && d < rtK) {
			t.Errorf("LEAK: %s after-wave counts %d with GRUMS36 and %d without: %d people of GRUMS36", g, m[1], n[1], d)
		}
	}
}

// TestRedteam2IntervalsAcrossProjects: the respondent-level intervals
// are kept in the store by scope; two projects whose campaigns have the
// same days, counts and backgrounds but opposite preferences must each
// get intervals from their own respondents (each share inside its own
// interval, ci_covers its own respondents), computed in the background
// (sync limit 1), never the other project's.
func TestRedteam2IntervalsAcrossProjects(t *testing.T) {
	f := newStaffFixtureOn(t, startServerWith(t, func(d *web.Deps) { d.SyncIntervals = 1 }))
	f.addUser(t, "group@b.se", map[string]string{"kil": "group"})
	for _, s := range []struct {
		code   string
		prefer int
	}{{f.campA, 0}, {f.campB, 5}} {
		f.seedAnswers(t, s.code, 10, 6, youngWoman, s.prefer, "")
		f.seedAnswers(t, s.code, 10, 6, youngMan, s.prefer, "")
	}
	read := func(user, code string) rt2Result {
		for range 600 {
			r := f.rt2Results(t, user, "/api/v1/campaigns/"+code+"/results")
			if r.CIStatus == "current" {
				return r
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("%s: intervals never current", code)
		return rt2Result{}
	}
	a := read("group@a.se", f.campA)
	b := read("group@b.se", f.campB)
	for name, r := range map[string]rt2Result{f.campA: a, f.campB: b} {
		if r.CICovers == nil || r.Respondents == nil || int64(r.CICovers.Respondents) != *r.Respondents {
			t.Errorf("%s: ci_covers %+v, respondents %v", name, r.CICovers, r.Respondents)
		}
		for _, it := range r.Items {
			if it.CILow == nil || it.Share == nil || *it.Share < *it.CILow-0.01 || *it.Share > *it.CIHigh+0.01 {
				t.Errorf("LEAK: %s item %s share %v outside its interval [%v, %v]: intervals of another scope", name, it.ID, ptrStr(it.Share), ptrStr(it.CILow), ptrStr(it.CIHigh))
			}
		}
	}
	if reflect.DeepEqual(a.Items, b.Items) {
		t.Error("the two projects got the same items and intervals")
	}
}

func ptrStr(p *float64) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprint(*p)
}

// TestRedteam2WithheldWeekAddsNothing: the women are shown in week 1
// (5 women, 5 men) and withheld in week 2 (5 women, 2 men: the men are
// too few, so the women are withheld by difference). Every figure about
// the women over both weeks — shares, respondent-level intervals,
// consistency, the comparison with the rest — must be the figure over
// week 1 alone: anything else describes week 2's withheld women, and
// with week 1's figure, by difference, 2 men.
func TestRedteam2WithheldWeekAddsNothing(t *testing.T) {
	f := newStaffFixture(t)
	rng := rand.New(rand.NewPCG(13, 17))
	f.rt2Seed(t, f.campA, 17, 5, rtTownWoman, rng)
	f.rt2Seed(t, f.campA, 17, 5, rtTownMan, rng)
	f.rt2Seed(t, f.campA, 10, 5, rtTownWoman, rng)
	f.rt2Seed(t, f.campA, 10, 2, rtTownMan, rng)
	week1 := "?from=" + rtDaysAgo(20).Format("2006-01-02") + "&to=" + rtDaysAgo(14).Format("2006-01-02")
	group := func(query string) (json.RawMessage, bool) {
		status, body := f.api(t, "group@a.se", "GET", "/api/v1/campaigns/"+f.campA+"/results"+query, "")
		var r struct {
			Groups []json.RawMessage
		}
		if err := json.Unmarshal([]byte(body), &r); status != 200 || err != nil {
			t.Fatalf("results%s = %d %.300s", query, status, body)
		}
		for _, raw := range r.Groups {
			var g map[string]any
			if err := json.Unmarshal(raw, &g); err != nil {
				t.Fatal(err)
			}
			if g["id"] == "unga-kvinnor-16-24" {
				shown := g["suppressed"] == false
				delete(g, "partial")
				out, _ := json.Marshal(g)
				return out, shown
			}
		}
		t.Fatal("no women in the results")
		return nil, false
	}
	one, shown1 := group(week1)
	all, shownAll := group("")
	if !shown1 || !shownAll {
		t.Fatalf("the women are not shown (week 1: %v, both weeks: %v): the attack needs them", shown1, shownAll)
	}
	if string(one) != string(all) {
		t.Errorf("LEAK: the women over both weeks differ from week 1 alone, though week 2 withholds them:\n week 1 %.900s\n both   %.900s", one, all)
	}
}

// rt2Skipped is js with every pair answered "vet inte".
func rt2Skipped(js []response.Judgment) []response.Judgment {
	out := make([]response.Judgment, len(js))
	for i, j := range js {
		out[i] = response.Judgment{A: j.A, B: j.B, Skip: true}
	}
	return out
}

// TestRedteam2GroupOfOneJudge: the group "varken jobb eller studier" has
// 5 released members, so it is shown — but four of them answered "vet
// inte" to every pair, so every figure about the group (its shares, its
// respondent-level intervals, its comparison with the rest, its
// plain-words summary, its chart, its board figures, its rows of the
// scores export) was computed from the judgments of one person, P, whom
// the trust agent watched answer: the group's shares were P's own
// Bradley–Terry fit.
//
// The property: no figure is computed from the judgments of 1..k−1
// respondents (a group's figures need k members who judged); the group's
// members stay counted, and the page says why its figures are missing.
func TestRedteam2GroupOfOneJudge(t *testing.T) {
	for _, sync := range []int64{0, 1} {
		t.Run(fmt.Sprintf("sync limit %d", sync), func(t *testing.T) {
			f := newStaffFixtureOn(t, startServerWith(t, func(d *web.Deps) { d.SyncIntervals = sync }))
			rt2GroupOfOneJudge(t, f)
		})
	}
}

// TestRedteam2RestOfOneJudge: the same with the rest: the group's 5
// members judged, and of the 5 others (its rest) only P did. Everyone's
// figures minus the group's were P's; the comparison with the rest
// failed and took every results view of the scope with it, telling that
// fewer than 2 of the rest judged. Now the group's figures are withheld
// (everyone's stay: 6 judged), and every view answers.
func TestRedteam2RestOfOneJudge(t *testing.T) {
	f := newStaffFixture(t)
	sv := f.rtSurvey(t)
	rng := rand.New(rand.NewPCG(21, 5))
	day := rtDaysAgo(3)
	for i := range 5 {
		bg := rt2Seeking
		if i >= 3 {
			bg = rt2Idle
		}
		f.rtSeed(t, f.campA, day, bg, rtJudgments(sv, rng, ""), "")
	}
	for range 4 {
		f.rtSeed(t, f.campA, day, rt2Studying, rt2Skipped(rtJudgments(sv, rng, "")), "")
	}
	f.rtSeed(t, f.campA, day, rt2Studying, rtJudgments(sv, rng, ""), "")
	for _, path := range []string{
		"/api/v1/campaigns/" + f.campA + "/results",
		"/api/v1/campaigns/" + f.campA + "/export?what=scores&format=csv",
		"/api/v1/projects/grums/saidwedo",
	} {
		if status, body := f.api(t, "group@a.se", "GET", path, ""); status != 200 {
			t.Errorf("LEAK (and the view broken): %s = %d %.200s — the rest of %s has one member who judged, which the failure tells", path, status, body, rt2Group)
		}
	}
	f.rt2NoJudgmentFigures(t, rt2Group, 5)
}

func rt2GroupOfOneJudge(t *testing.T, f *staffFixture) {
	sv := f.rtSurvey(t)
	rng := rand.New(rand.NewPCG(21, 4))
	day := rtDaysAgo(3)
	for range 5 {
		f.rtSeed(t, f.campA, day, rt2Studying, rtJudgments(sv, rng, ""), "")
	}
	for i := range 4 {
		bg := rt2Seeking
		if i >= 2 {
			bg = rt2Idle
		}
		f.rtSeed(t, f.campA, day, bg, rt2Skipped(rtJudgments(sv, rng, "")), "")
	}
	p := rtJudgments(sv, rng, sv.Items[4].ID)
	f.rtSeed(t, f.campA, day, rt2Idle, p, "")
	own := rtFitShares(t, sv, rtFromSubmission(p))
	r := f.rt2Settled(t, "/api/v1/campaigns/"+f.campA+"/results")
	if r.Suppressed || r.Respondents == nil || *r.Respondents != 10 || r.Items[0].Share == nil {
		t.Errorf("everyone (10 members, 6 who judged) is not shown: suppressed %v, respondents %s", r.Suppressed, ptrStr(ptrF(r.Respondents)))
	}
	for _, g := range r.Groups {
		if g.ID != rt2Group || g.Suppressed {
			continue
		}
		same := true
		for i, it := range g.Items {
			if it.Share == nil || math.Abs(*it.Share-own[i]) > 0.011 {
				same = false
			}
		}
		t.Errorf("LEAK: %s is shown (%s respondents, 1 who judged); P's own shares %v, the group's equal them: %v; intervals shown: %v, comparison: %v",
			g.ID, ptrStr(ptrF(g.Respondents)), own, same, g.Items[0].CILow != nil, g.Comparison != nil)
	}
	f.rt2NoJudgmentFigures(t, rt2Group, 5)
	// The background answers of those who judged nothing stay counted.
	if counts, _ := f.countsOf(t, "group@a.se", f.campA); counts["kon=kvinna"] != "10" || counts["bor=tatort"] != "10" {
		t.Errorf("the background answers of those who judged nothing are not counted: %v", counts)
	}
}

// rt2Settled reads a results answer once its intervals are computed.
func (f *staffFixture) rt2Settled(t *testing.T, path string) rt2Result {
	t.Helper()
	var r rt2Result
	for range 50 {
		status, body := f.api(t, "group@a.se", "GET", path, "")
		if status != 200 {
			t.Fatalf("LEAK (and every results view of the scope broken): %s = %d %.200s", path, status, body)
		}
		r = rt2Result{}
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			t.Fatal(err)
		}
		if r.CIStatus != "computing" {
			return r
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Errorf("the intervals of %s are still being computed after 5 s: the background computation failed", path)
	return r
}

// rt2NoJudgmentFigures asserts that group (of n members) shows no figure
// computed from judgments anywhere staff look — the results API in every
// method and as the main result, the results page (and its print view,
// the same page), the charts, the scores export and the board — that its
// members stay counted, and that the page says why.
func (f *staffFixture) rt2NoJudgmentFigures(t *testing.T, group string, n int64) {
	t.Helper()
	base := "/api/v1/campaigns/" + f.campA
	for _, q := range []string{"", "?method=score", "?method=ahp"} {
		var raw struct {
			Groups []map[string]any
		}
		_, body := f.api(t, "group@a.se", "GET", base+"/results"+q, "")
		if err := json.Unmarshal([]byte(body), &raw); err != nil {
			t.Fatal(err)
		}
		for _, g := range raw.Groups {
			if g["id"] != group {
				continue
			}
			if g["suppressed"] != true || g["reason"] != "judges" || g["respondents"] != float64(n) || g["comparison"] != nil || g["consistency"] != nil {
				t.Errorf("results%s: %s = suppressed %v, reason %v, respondents %v, comparison %v; want suppressed, reason judges, %d respondents, no comparison",
					q, group, g["suppressed"], g["reason"], g["respondents"], g["comparison"] != nil, n)
			}
			var leaked []string
			for _, it := range g["items"].([]any) {
				for k, v := range it.(map[string]any) {
					if k != "id" && k != "label" && v != nil {
						leaked = append(leaked, fmt.Sprintf("%v %s=%v", it.(map[string]any)["id"], k, v))
					}
				}
			}
			if len(leaked) > 0 {
				sort.Strings(leaked)
				t.Errorf("LEAK: results%s: %s's items have %v", q, group, leaked)
			}
		}
	}
	main := f.rt2Settled(t, base+"/results?group="+group)
	if !main.Suppressed || main.Items[0].Share != nil || main.Consistency != nil {
		t.Errorf("LEAK: results?group=%s shows figures: suppressed %v, share %v", group, main.Suppressed, ptrStr(main.Items[0].Share))
	}
	u := f.login(t, "group@a.se")
	_, _, page := u.get(t, "/staff/campaigns/"+f.campA+"/results")
	for _, cell := range tableCells(t, page)["table-"+group].Cells {
		if strings.ContainsAny(cell, "0123456789") {
			t.Errorf("LEAK: the results page shows %s's figures: %q", group, cell)
		}
	}
	if strings.Contains(page, `id="table-diff-`+group+`"`) {
		t.Errorf("LEAK: the results page compares %s with the rest", group)
	}
	if !strings.Contains(page, "för få har jämfört för att visa resultat för den här gruppen") {
		t.Error("the results page does not say why the group's figures are missing")
	}
	for _, q := range []string{"?kind=groups", "?group=" + group} {
		status, svg := f.api(t, "group@a.se", "GET", base+"/chart.svg"+q, "")
		if status != 200 || !strings.Contains(svg, "jämfört") {
			t.Errorf("chart.svg%s = %d: does not say why %s has no bars", q, status, group)
		}
	}
	status, body := f.api(t, "group@a.se", "GET", base+"/export?what=scores&format=csv", "")
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if status != 200 || err != nil || len(rows) < 2 {
		t.Fatalf("scores export = %d %v %.200s", status, err, body)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	seen := false
	for _, row := range rows[1:] {
		if row[col["group"]] != group {
			continue
		}
		seen = true
		if row[col["note"]] != "för få har jämfört" || row[col["respondents"]] != strconv.FormatInt(n, 10) {
			t.Errorf("the scores export's row of %s says %q with %q answers, want \"för få har jämfört\" with %d", group, row[col["note"]], row[col["respondents"]], n)
		}
		for _, h := range []string{"share", "ci_low", "ci_high", "rank"} {
			if i, ok := col[h]; ok && row[i] != "" {
				t.Errorf("LEAK: the scores export gives %s's %s: %v", group, h, row)
			}
		}
	}
	if !seen {
		t.Errorf("the scores export has no row of %s (header %v)", group, rows[0])
	}
	items := f.rtSurvey(t).Items
	f.newCard(t, "group@a.se", "grums", `{"column":"skapa","text":"Kort","items":["`+items[0].ID+`","`+items[1].ID+`"]}`)
	for _, card := range f.board(t, "group@a.se", "grums") {
		for _, it := range card.Figures {
			for _, g := range it.Groups {
				if g.ID == group && (!g.Suppressed || g.Share != nil || g.CILow != nil) {
					t.Errorf("LEAK: the board shows %s's figure for %s: %v", group, it.ID, ptrStr(g.Share))
				}
			}
		}
	}
	if _, _, board := u.get(t, "/staff/projects/grums/board"); !strings.Contains(board, "för få har jämfört") {
		t.Error("the board page does not say why the group's figures are missing")
	}
	if status, body := f.api(t, "group@a.se", "GET", "/api/v1/projects/grums/saidwedo", ""); status != 200 || strings.Contains(body, group) {
		t.Errorf("saidwedo = %d %.300s: broken, or it names the group", status, body)
	}
}

func ptrF(n *int64) *float64 {
	if n == nil {
		return nil
	}
	x := float64(*n)
	return &x
}

// TestRedteam2ConsistencyQuartilesSmallK: a survey may set
// min_group_size 3. Batches are still never below 5, so the group
// "varken jobb eller studier" has 5 released members — but the
// consistency is kept when 3 of them (k) judged a full triple, and its
// quartiles are interpolated order statistics: over 3 values, Q1 =
// (x1+x2)/2, median = x2, Q3 = (x2+x3)/2. The page gives each of the
// three respondents' own share of circular triads.
//
// The property: a distribution's summary determines no single
// respondent's value (here: no quartile over fewer than 5, or the
// quartiles only of at least the batch size).
func TestRedteam2ConsistencyQuartilesSmallK(t *testing.T) {
	f := newStaffFixture(t).rtRestart(t, func(sv *survey.Survey) { sv.MinGroupSize = 3 })
	sv := f.rtSurvey(t)
	rng := rand.New(rand.NewPCG(31, 7))
	day := rtDaysAgo(3)
	var truth []float64
	for i := range 5 {
		bg := rt2Seeking
		if i >= 3 {
			bg = rt2Idle
		}
		js := rt2WithTriads(t, sv, rng, 0)
		if i < 2 {
			js = rt2Equal(js)
		} else {
			tr, c := rt2Triads(rtFromSubmission(js))
			truth = append(truth, float64(c)/float64(tr))
		}
		f.rtSeed(t, f.campA, day, bg, js, "")
	}
	for range 5 {
		f.rtSeed(t, f.campA, day, rt2Studying, rt2WithTriads(t, sv, rng, 0), "")
	}
	r := f.rt2Results(t, "group@a.se", "/api/v1/campaigns/"+f.campA+"/results")
	for _, g := range r.Groups {
		if g.ID != rt2Group {
			continue
		}
		if g.Suppressed || g.Consistency == nil {
			t.Logf("%s shown: %v, consistency: %v — the attack needs both", g.ID, !g.Suppressed, g.Consistency != nil)
			return
		}
		c := g.Consistency
		got := []float64{2*c.Q1 - c.Median, c.Median, 2*c.Q3 - c.Median}
		sortFloats(truth)
		match := math.Abs((got[0]+got[1]+got[2])/3-c.Mean) < 1e-9
		for i := range got {
			if math.Abs(got[i]-truth[i]) > 1e-9 {
				match = false
			}
		}
		if match {
			t.Errorf("LEAK: %s (5 shown, 3 with a full triple, min_group_size 3): its quartiles %.4f/%.4f/%.4f and mean %.4f give each respondent's own share of circular triads %v",
				g.ID, c.Q1, c.Median, c.Q3, c.Mean, got)
		}
	}
}

func sortFloats(xs []float64) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}

// TestRedteam2ChangeGroupHiddenInOneWave: the women are withheld in the
// before-wave (5 women and 2 men: everyone − women = 2) and shown in the
// after-wave. The change with group=women, and the women's row of the
// change for everyone, must show no number at all for them — neither
// wave's share, nor the change, nor a count.
func TestRedteam2ChangeGroupHiddenInOneWave(t *testing.T) {
	f := newStaffFixture(t)
	rng := rand.New(rand.NewPCG(2, 3))
	f.addCampaign(t, "GRUMS35", "grums")
	f.rt2Seed(t, f.campA, 10, 5, rtTownWoman, rng)
	f.rt2Seed(t, f.campA, 10, 2, rtTownMan, rng)
	f.rt2Seed(t, "GRUMS35", 10, 5, rtTownWoman, rng)
	f.rt2Seed(t, "GRUMS35", 10, 5, rtTownMan, rng)
	for _, group := range []string{"", "unga-kvinnor-16-24"} {
		q := url.Values{"before": {f.campA}, "after": {"GRUMS35"}, "method": {"bt"}}
		if group != "" {
			q.Set("group", group)
		}
		status, body := f.api(t, "group@a.se", "GET", "/api/v1/surveys/unga-vuxna/change?"+q.Encode(), "")
		if status != 200 {
			t.Fatalf("change = %d %s", status, body)
		}
		var ch struct {
			Suppressed  bool
			Respondents *struct{ Before, After int64 }
			Items       []changeItemJSON
			Groups      []struct {
				ID          string
				Suppressed  bool
				Respondents *struct{ Before, After int64 }
				Items       []changeItemJSON
			}
		}
		if err := json.Unmarshal([]byte(body), &ch); err != nil {
			t.Fatal(err)
		}
		numbers := func(its []changeItemJSON) bool {
			for _, it := range its {
				if it.Before != nil || it.After != nil || it.Change != nil || it.RawLow != nil || it.RawHigh != nil || it.Clear != nil {
					return true
				}
			}
			return false
		}
		if group != "" && (!ch.Suppressed || ch.Respondents != nil || numbers(ch.Items)) {
			t.Errorf("LEAK: change with group=%s shows %+v / %s, though the before-wave withholds the group", group, ch.Respondents, body[:min(300, len(body))])
		}
		for _, g := range ch.Groups {
			if g.ID == "unga-kvinnor-16-24" && (!g.Suppressed || g.Respondents != nil || numbers(g.Items)) {
				t.Errorf("LEAK: the women's row of the change (group=%q) has numbers though the before-wave withholds them", group)
			}
		}
	}
}
