package ranking

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

// compareGroups simulates two target groups that agree on every item except
// item00 and item01, whose strengths are swapped between them (so the true
// share difference of items 2–4 is exactly 0).
func compareGroups() (a, b []Judgment) {
	rng := rand.New(rand.NewPCG(31, 32))
	betaA := []float64{1, -0.5, 0, 0.3, -0.4}
	betaB := []float64{-0.5, 1, 0, 0.3, -0.4}
	a = simulate(rng, simConfig{beta: betaA, respondents: 120, perResp: 10, steps: 3, weighted: true}, "a")
	b = simulate(rng, simConfig{beta: betaB, respondents: 90, perResp: 10, steps: 3, weighted: true}, "b")
	return a, b
}

func TestCompareFlagsRealDifferences(t *testing.T) {
	a, b := compareGroups()
	opts := Options{Scale: Scale{Steps: 3}, Bootstrap: BootstrapOptions{Resamples: 300, Seed: 9}}
	cmp, err := Compare(a, b, opts)
	if err != nil {
		t.Fatal(err)
	}
	if cmp.Resamples != 300 || len(cmp.Items) != 5 {
		t.Fatalf("resamples=%d items=%d, want 300 and 5", cmp.Resamples, len(cmp.Items))
	}
	wantSign := []float64{1, -1}
	for i, sign := range wantSign {
		it := cmp.Items[i]
		for name, d := range map[string]Diff{"share": it.Share, "score": it.Score, "eigen": it.PriorityEigen, "geomean": it.PriorityGeomean} {
			if !d.ExcludesZero || math.Copysign(1, d.Diff) != sign || !(d.Low <= d.Diff && d.Diff <= d.High) {
				t.Errorf("%s %s: %+v, want a flagged difference of sign %v inside its interval", it.ID, name, d, sign)
			}
		}
	}
	for _, it := range cmp.Items {
		d := it.Share
		if math.Abs(d.Diff-(d.A-d.B)) > 1e-12 || (d.Low > 0 || d.High < 0) != d.ExcludesZero {
			t.Errorf("%s: inconsistent diff %+v", it.ID, d)
		}
	}
}

func TestCompareIsSeededAndMatchesRank(t *testing.T) {
	a, b := compareGroups()
	opts := Options{Scale: Scale{Steps: 3}, Bootstrap: BootstrapOptions{Resamples: 100, Seed: 4}}
	first, err := Compare(a, b, opts)
	if err != nil {
		t.Fatal(err)
	}
	opts.Bootstrap.Workers = 1
	again, err := Compare(a, b, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(first.Items, again.Items) {
		t.Errorf("same seed, different results (workers 2 vs 1)")
	}
	opts.Bootstrap.Seed = 5
	other, err := Compare(a, b, opts)
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(first.Items, other.Items) {
		t.Errorf("seeds 4 and 5 gave identical intervals")
	}
	// Group A's own intervals are those Rank gives it with the same options.
	opts.Items, opts.Bootstrap.Seed = ItemsOf(a, b), 4
	alone, err := Rank(a, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(first.A.Bootstrap.Items, alone.Bootstrap.Items) {
		t.Errorf("Compare's group A intervals differ from Rank's")
	}
	for i, it := range first.Items {
		if it.Share.A != alone.BT.Items[i].Share || it.Score.A != alone.Score.Items[i].Score {
			t.Errorf("%s: point estimates differ from Rank", it.ID)
		}
	}
}

func TestCompareDefaultsToDefaultResamples(t *testing.T) {
	a, b := compareGroups()
	cmp, err := Compare(a[:200], b[:200], Options{Scale: Scale{Steps: 3}})
	if err != nil {
		t.Fatal(err)
	}
	if cmp.Resamples != DefaultResamples || cmp.Level != DefaultLevel {
		t.Errorf("resamples=%d level=%v, want %d and %v", cmp.Resamples, cmp.Level, DefaultResamples, DefaultLevel)
	}
}
