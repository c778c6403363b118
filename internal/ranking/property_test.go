package ranking

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// propertySurvey is a small weighted survey with skips, several judgments of
// the same pair by one respondent, and every pair judged by someone.
func propertySurvey() []Judgment {
	rng := rand.New(rand.NewPCG(11, 12))
	return simulate(rng, simConfig{
		beta: []float64{0.8, -0.3, 0.1, -1.2, 0.6, 0}, respondents: 40, perResp: 8,
		steps: 3, weighted: true, skipRate: 0.1,
	}, "r")
}

var propertyOpts = Options{
	Scale:     Scale{Steps: 3},
	Bootstrap: BootstrapOptions{Resamples: 60, Seed: 5},
}

// summary flattens every number of a Result, keyed by item id, so results
// computed under different item names and orders can be compared.
func summary(r Result, name func(string) string) map[string]float64 {
	m := map[string]float64{
		"ll": r.BT.LogLikelihood, "deviance": r.BT.Deviance,
		"lambda": r.AHP.LambdaMax, "cr": r.AHP.CR,
		"boot-regularised": float64(r.Bootstrap.Regularised),
	}
	for i, it := range r.BT.Items {
		id := name(it.ID)
		s := r.Score.Items[i]
		a := r.AHP.Items[i]
		b := r.Bootstrap.Items[i]
		for k, v := range map[string]float64{
			"b": it.LogStrength, "se": it.SE, "share": it.Share, "lo": it.CILow, "hi": it.CIHigh,
			"score": s.Score, "score-lo": s.CILow, "eig": a.PriorityEigen, "geo": a.PriorityGeomean,
			"boot-share-lo": b.Share.Low, "boot-share-hi": b.Share.High, "boot-score-hi": b.Score.High,
			"boot-log-lo": b.LogStrength.Low, "boot-eig-lo": b.PriorityEigen.Low, "boot-geo-hi": b.PriorityGeomean.High,
		} {
			m[id+" "+k] = v
		}
	}
	return m
}

func sameSummary(t *testing.T, got, want map[string]float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d values, want %d", len(got), len(want))
	}
	for k, w := range want {
		g, ok := got[k]
		if !ok || math.Abs(g-w) > 1e-9*(1+math.Abs(w)) {
			t.Errorf("%s = %.15g, want %.15g", k, g, w)
		}
	}
}

func TestRankInvariance(t *testing.T) {
	base := propertySurvey()
	want, err := Rank(base, propertyOpts)
	if err != nil {
		t.Fatal(err)
	}
	if want.AHP == nil || !want.AHP.Complete || want.BT.Regularised {
		t.Fatalf("fixture should give a complete AHP matrix and an existing MLE")
	}
	// Renaming maps item i to a name that sorts in a different position.
	rename := func(id string) string {
		var k int
		fmt.Sscanf(id, "item%d", &k)
		return fmt.Sprintf("%c-renamed", 'z'-k*3)
	}
	identity := func(id string) string { return id }
	tests := []struct {
		name   string
		change func(js []Judgment, rng *rand.Rand) []Judgment
		back   func(string) string // maps result ids back to the original
	}{
		{"rename items", func(js []Judgment, _ *rand.Rand) []Judgment {
			for i := range js {
				js[i].A, js[i].B = rename(js[i].A), rename(js[i].B)
			}
			return js
		}, func(id string) string {
			for k := range 6 {
				if rename(fmt.Sprintf("item%02d", k)) == id {
					return fmt.Sprintf("item%02d", k)
				}
			}
			return "?" + id
		}},
		{"swap a and b", func(js []Judgment, rng *rand.Rand) []Judgment {
			for i := range js {
				if rng.IntN(2) == 0 {
					js[i].A, js[i].B, js[i].Value = js[i].B, js[i].A, -js[i].Value
				}
			}
			return js
		}, identity},
		{"shuffle respondents and rows", func(js []Judgment, rng *rand.Rand) []Judgment {
			rng.Shuffle(len(js), func(i, j int) { js[i], js[j] = js[j], js[i] })
			return js
		}, identity},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			js := tc.change(append([]Judgment(nil), base...), rand.New(rand.NewPCG(1, 2)))
			got, err := Rank(js, propertyOpts)
			if err != nil {
				t.Fatal(err)
			}
			sameSummary(t, summary(got, tc.back), summary(want, identity))
		})
	}
}

func TestCompareInvariantUnderShuffle(t *testing.T) {
	js := propertySurvey()
	a, b := js[:len(js)/2], js[len(js)/2:]
	opts := propertyOpts
	want, err := Compare(a, b, opts)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	a2, b2 := append([]Judgment(nil), a...), append([]Judgment(nil), b...)
	rng.Shuffle(len(a2), func(i, j int) { a2[i], a2[j] = a2[j], a2[i] })
	for i := range b2 {
		b2[i].A, b2[i].B, b2[i].Value = b2[i].B, b2[i].A, -b2[i].Value
	}
	got, err := Compare(a2, b2, opts)
	if err != nil {
		t.Fatal(err)
	}
	for i, it := range got.Items {
		w := want.Items[i]
		for name, pair := range map[string][2]Diff{"share": {it.Share, w.Share}, "score": {it.Score, w.Score}, "eigen": {it.PriorityEigen, w.PriorityEigen}} {
			g, x := pair[0], pair[1]
			if math.Abs(g.Diff-x.Diff) > 1e-9 || math.Abs(g.Low-x.Low) > 1e-9 || math.Abs(g.High-x.High) > 1e-9 {
				t.Errorf("%s %s: got %+v, want %+v", it.ID, name, g, x)
			}
		}
	}
}
