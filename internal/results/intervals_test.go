package results

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/vfv/vfv/internal/ranking"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
)

// memIntervals is an IntervalStore in memory.
type memIntervals struct {
	mu sync.Mutex
	m  map[string]store.Intervals
}

func (m *memIntervals) PutIntervals(_ context.Context, iv store.Intervals) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil {
		m.m = map[string]store.Intervals{}
	}
	m.m[iv.Scope] = iv
	return nil
}

func (m *memIntervals) Intervals(_ context.Context, scope string) (store.Intervals, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	iv, ok := m.m[scope]
	if !ok {
		return store.Intervals{}, store.ErrNotFound
	}
	return iv, nil
}

// respond adds n respondents of campaign C on date with the background bg,
// each judging the survey's number of random pairs, preferring earlier
// items a little.
func respond(f *fakeStore, sv *survey.Survey, rng *rand.Rand, date string, n int, bg map[string]string) {
	var pairs [][2]int
	for i := range sv.Items {
		for j := i + 1; j < len(sv.Items); j++ {
			pairs = append(pairs, [2]int{i, j})
		}
	}
	for range n {
		r := store.Response{ID: fmt.Sprint(len(f.responses)), Campaign: "C", Date: date, Background: bg}
		for _, p := range rng.Perm(len(pairs))[:sv.PairsPerRespondent()] {
			i, j := pairs[p][0], pairs[p][1]
			v := rng.IntN(5) - 2
			if rng.IntN(3) == 0 {
				v = -2 // A (the earlier item) much more
			}
			r.Judgments = append(r.Judgments, store.Judgment{A: sv.Items[i].ID, B: sv.Items[j].ID, Value: v})
		}
		f.add(sv, r)
	}
}

var (
	women = map[string]string{"alder": "16-19", "kon": "kvinna", "gor-nu": "studerar", "bor": "tatort"}
	men   = map[string]string{"alder": "25-29", "kon": "man", "gor-nu": "arbetar", "bor": "tatort"}
)

// TestResultsIntervalsBackground: above the sync limit, a first request
// shows no interval and says they are being computed ("computing",
// ci_method none); once computed, every shown set has respondent-level
// intervals with the method, time and batches named; a restarted service
// reads them from the store at once; a new batch shows the older
// intervals as "stale" (with the batches they cover) until recomputed.
func TestResultsIntervalsBackground(t *testing.T) {
	sv := testSurvey(t)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	f := &fakeStore{counters: map[string]map[string]int64{}}
	respond(f, sv, rng, "2026-10-06", 20, women)
	respond(f, sv, rng, "2026-10-07", 20, men)
	mem := &memIntervals{}
	today := "2026-11-01"
	clock := func() string { return today }
	newSvc := func() *Service {
		return New(f).WithResponses(f).WithToday(clock).WithIntervals(ctx, mem, 1)
	}
	q := Query{Survey: sv, Campaigns: []string{"C"}, Method: MethodBT}
	svc := newSvc()
	r, err := svc.Compute(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if r.CIStatus != CIStatusComputing || r.CIMethod != CIMethodNone || r.CIComputedAt != "" || r.Items[0].CILow != nil {
		t.Fatalf("first view: status %q method %q at %q low %v; want computing, none, no time, no interval", r.CIStatus, r.CIMethod, r.CIComputedAt, r.Items[0].CILow)
	}
	svc.WaitIntervals()
	r, err = svc.Compute(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	checkIntervals(t, "computed", r, CIStatusCurrent, "2026-10-06", "2026-10-07")
	first := r.CIComputedAt

	restarted := newSvc()
	r, err = restarted.Compute(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	checkIntervals(t, "after a restart", r, CIStatusCurrent, "2026-10-06", "2026-10-07")

	respond(f, sv, rng, "2026-10-14", 20, women)
	respond(f, sv, rng, "2026-10-15", 20, men)
	r, err = restarted.Compute(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	checkIntervals(t, "new batch", r, CIStatusStale, "2026-10-06", "2026-10-07")
	if r.CIComputedAt != first || r.Period.To != "2026-10-18" && r.Period.To != "2026-10-15" {
		t.Errorf("stale intervals computed at %q, period %+v; want the first computation %q and the new period", r.CIComputedAt, r.Period, first)
	}
	restarted.WaitIntervals()
	r, err = restarted.Compute(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	checkIntervals(t, "recomputed", r, CIStatusCurrent, "2026-10-06", "2026-10-15")
}

func checkIntervals(t *testing.T, when string, r Result, status, from, to string) {
	t.Helper()
	if r.CIStatus != status || r.CIMethod != ranking.CIMethodSandwich || r.CIComputedAt == "" {
		t.Fatalf("%s: status %q method %q at %q; want %s, %s, a time", when, r.CIStatus, r.CIMethod, r.CIComputedAt, status, ranking.CIMethodSandwich)
	}
	if r.Consistency == nil || r.Consistency.Respondents != 0 || r.Consistency.Mean < 0 || r.Consistency.Mean > 1 || r.Consistency.Q1 > r.Consistency.Median || r.Consistency.Median > r.Consistency.Q3 {
		t.Errorf("%s: consistency %+v, want mean and quartiles, no count of respondents", when, r.Consistency)
	}
	if _, err := time.Parse(time.RFC3339, r.CIComputedAt); err != nil {
		t.Errorf("%s: ci_computed_at %q is not RFC 3339", when, r.CIComputedAt)
	}
	if r.CICovers == nil || r.CICovers.From != from || r.CICovers.To != to {
		t.Errorf("%s: covers %+v, want %s – %s", when, r.CICovers, from, to)
	}
	groups := append([]GroupResult{{ID: "all", Items: r.Items, Suppressed: r.Suppressed}}, r.Groups...)
	for _, g := range groups {
		for _, it := range g.Items {
			if g.Suppressed != (it.CILow == nil) {
				t.Errorf("%s: %s %s suppressed %v but interval %v", when, g.ID, it.ID, g.Suppressed, it.CILow)
				continue
			}
			if it.CILow != nil && !(*it.CILow <= *it.Share && *it.Share <= *it.CIHigh) && r.CIStatus == CIStatusCurrent {
				t.Errorf("%s: %s %s share %v outside its interval %v–%v", when, g.ID, it.ID, *it.Share, *it.CILow, *it.CIHigh)
			}
		}
	}
}

// TestResultsIntervalsSync: a scope within the sync limit has its
// intervals at the first request, for every method the statistics give
// one for, and the method is named.
func TestResultsIntervalsSync(t *testing.T) {
	sv := testSurvey(t)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 4))
	f := &fakeStore{counters: map[string]map[string]int64{}}
	respond(f, sv, rng, "2026-10-06", 30, women)
	svc := New(f).WithResponses(f).WithToday(func() string { return "2026-11-01" }).WithIntervals(ctx, &memIntervals{}, 0)
	for _, m := range []string{MethodBT, MethodScore, MethodAHP} {
		r, err := svc.Compute(ctx, Query{Survey: sv, Campaigns: []string{"C"}, Method: m})
		if err != nil {
			t.Fatal(err)
		}
		checkIntervals(t, m, r, CIStatusCurrent, "2026-10-06", "2026-10-06")
	}
}

// TestResultsRestComparison: a group is compared with everyone else in
// the batches the group is shown in — never with a set containing it, and
// never with the rest of a batch where the group was withheld (which
// would give away the withheld members by difference). The figures of
// the group and the rest add up to whole shown batches.
func TestResultsRestComparison(t *testing.T) {
	sv := testSurvey(t)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(7, 8))
	f := &fakeStore{counters: map[string]map[string]int64{}}
	respond(f, sv, rng, "2026-10-06", 3, women) // withheld: fewer than 5
	respond(f, sv, rng, "2026-10-06", 27, men)
	respond(f, sv, rng, "2026-10-13", 10, women)
	respond(f, sv, rng, "2026-10-13", 20, men)
	svc := New(f).WithResponses(f).WithToday(func() string { return "2026-11-01" }).WithIntervals(ctx, &memIntervals{}, 0)
	r, err := svc.Compute(ctx, Query{Survey: sv, Campaigns: []string{"C"}, Method: MethodBT})
	if err != nil {
		t.Fatal(err)
	}
	var g *GroupResult
	for i := range r.Groups {
		if r.Groups[i].ID == "unga-kvinnor-16-24" {
			g = &r.Groups[i]
		}
	}
	if g == nil || g.Suppressed || !g.Partial || g.Comparison == nil {
		t.Fatalf("group = %+v; want shown, partial, with a comparison", g)
	}
	c := g.Comparison
	if c.Method != ranking.CompareMethod {
		t.Errorf("comparison method %q, want %q", c.Method, ranking.CompareMethod)
	}
	if c.A != "unga-kvinnor-16-24" || c.B != "rest" || c.RespondentsA != 10 || c.RespondentsB != 20 {
		t.Errorf("comparison %s (%d) vs %s (%d); want the group (10) against the rest of its batch (20), not 47", c.A, c.RespondentsA, c.B, c.RespondentsB)
	}
	if len(c.Items) != len(sv.Items) {
		t.Fatalf("%d items, want %d", len(c.Items), len(sv.Items))
	}
	for _, it := range c.Items {
		if it.CILow == nil || it.CIHigh == nil || *it.CILow > it.Difference || it.Difference > *it.CIHigh {
			t.Errorf("%s: difference %v outside its interval %v–%v", it.ID, it.Difference, it.CILow, it.CIHigh)
		}
		if it.Clear != (*it.CILow > 0 || *it.CIHigh < 0) {
			t.Errorf("%s: clear %v but interval %v–%v", it.ID, it.Clear, *it.CILow, *it.CIHigh)
		}
	}
	for _, other := range r.Groups {
		if other.Suppressed && other.Comparison != nil {
			t.Errorf("suppressed group %s has a comparison", other.ID)
		}
	}
}

// TestResultsConsistencyNeedsK: a consistency summary over fewer than k
// respondents is not shown, and a shown one carries no count.
func TestResultsConsistencyNeedsK(t *testing.T) {
	an := &Analysis{Sets: map[string]*SetAnalysis{
		"few":  {Consistency: &Consistency{Respondents: 4, Median: 0.1}},
		"many": {Consistency: &Consistency{Respondents: 5, Median: 0.1}},
	}}
	if c := an.consistency("few", 5); c != nil {
		t.Errorf("4 respondents, k 5: %+v, want none", c)
	}
	if c := an.consistency("many", 5); c == nil || c.Respondents != 0 || c.Median != 0.1 {
		t.Errorf("5 respondents, k 5: %+v, want shown without its count", c)
	}
	if an.Sets["many"].Consistency.Respondents != 5 {
		t.Error("showing changed the stored count")
	}
}
