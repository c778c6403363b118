package ranking

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestTQuantile(t *testing.T) {
	// Reference values from R: qt((1+level)/2, df).
	tests := []struct {
		level, df, want float64
	}{
		{0.95, 1, 12.706204736174707},
		{0.95, 2, 4.302652729749464},
		{0.95, 4, 2.7764451051977934},
		{0.95, 29, 2.045229642132703},
		{0.99, 10, 3.16927267261695}, // checked by integrating the density
		{0.90, 99, 1.6603911559963895},
		{0.95, 0, 1.959963984540054},
		{0.95, 1e9, 1.959963984540054},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("level %v df %v", tc.level, tc.df), func(t *testing.T) {
			if got := tQuantile(tc.level, tc.df); math.Abs(got-tc.want) > 1e-9*tc.want {
				t.Errorf("tQuantile(%v, %v) = %.15g, want %.15g", tc.level, tc.df, got, tc.want)
			}
		})
	}
}

// TestRespondentCovarianceByHand: the respondent-level covariance of the
// centred log-strengths is H⁺ M H⁺, with H⁺ the model covariance (the
// pseudo-inverse of the information) and M = g/(g−1) Σ_r U_r U_rᵀ from
// each respondent's score vector computed here from the raw judgments; the
// intervals use t with g − 1 degrees of freedom.
func TestRespondentCovarianceByHand(t *testing.T) {
	js := []Judgment{
		{Respondent: "r1", A: "x", B: "y", Value: -2}, {Respondent: "r1", A: "y", B: "z", Value: 1}, {Respondent: "r1", A: "x", B: "z", Value: -1},
		{Respondent: "r2", A: "y", B: "x", Value: 2}, {Respondent: "r2", A: "z", B: "y", Value: 0}, {Respondent: "r2", A: "x", B: "y", Value: -1},
		{Respondent: "r3", A: "x", B: "z", Value: 1}, {Respondent: "r3", A: "z", B: "y", Value: -2}, {Respondent: "r3", A: "y", B: "x", Skip: true},
		{Respondent: "r4", A: "z", B: "x", Value: 1}, {Respondent: "r4", A: "y", B: "z", Value: -1}, {Respondent: "r4", A: "x", B: "y", Value: 2},
		{Respondent: "r5", A: "x", B: "y", Value: -2}, {Respondent: "r5", A: "x", B: "z", Value: -2},
	}
	items := []string{"x", "y", "z"}
	model, err := Rank(js, Options{Items: items, Scale: Scale{Steps: 2}, CI: CIModel})
	if err != nil {
		t.Fatal(err)
	}
	robust, err := Rank(js, Options{Items: items, Scale: Scale{Steps: 2}})
	if err != nil {
		t.Fatal(err)
	}
	if model.CIMethod != CIMethodModel || robust.CIMethod != CIMethodSandwich || robust.BT.DF != 4 {
		t.Fatalf("ci methods %q, %q, df %v; want model, respondent-sandwich, 4", model.CIMethod, robust.CIMethod, robust.BT.DF)
	}
	n, g := 3, 5.0
	b := []float64{}
	for _, it := range model.BT.Items {
		b = append(b, it.LogStrength)
	}
	idx := map[string]int{"x": 0, "y": 1, "z": 2}
	u := map[string][]float64{}
	for _, j := range js {
		if u[j.Respondent] == nil {
			u[j.Respondent] = make([]float64, n)
		}
		if j.Skip {
			continue
		}
		a, c := idx[j.A], idx[j.B]
		winsA := (1 - j.Value/2) / 2
		r := winsA - logistic(b[a]-b[c])
		u[j.Respondent][a] += r
		u[j.Respondent][c] -= r
	}
	meat := make([]float64, n*n)
	for _, v := range u {
		for i := range n {
			for k := range n {
				meat[i*n+k] += v[i] * v[k] * g / (g - 1)
			}
		}
	}
	h := make([]float64, n*n)
	for i := range n {
		copy(h[i*n:], model.BT.Cov[i])
	}
	want := sandwich(h, meat, n)
	tq := tQuantile(0.95, 4)
	for i, it := range robust.BT.Items {
		for k := range n {
			if d := robust.BT.Cov[i][k] - want[i*n+k]; math.Abs(d) > 1e-9 {
				t.Errorf("cov[%d][%d] = %v, want %v", i, k, robust.BT.Cov[i][k], want[i*n+k])
			}
		}
		if it.LogStrength != model.BT.Items[i].LogStrength || it.Share != model.BT.Items[i].Share {
			t.Errorf("%s: estimates differ between the methods", it.ID)
		}
		if d := (it.LogCIHigh - it.LogStrength) - tq*it.SE; math.Abs(d) > 1e-12 {
			t.Errorf("%s: half-width %v, want t(0.975, 4)·se = %v", it.ID, it.LogCIHigh-it.LogStrength, tq*it.SE)
		}
	}
}

// TestRespondentIntervalsAgreeAcrossEntryPoints: Rank on judgments in
// memory, a Sample, and FitBTRespondent on the same file read by
// ReadTallied (sequentially and in parallel) give the same respondent-level
// standard errors and intervals.
func TestRespondentIntervalsAgreeAcrossEntryPoints(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	js := simulate(rng, simConfig{beta: []float64{-1, -0.3, 0, 0.4, 1.1}, respondents: 500, perResp: 6, steps: 2, skipRate: 0.05}, "q")
	items := simItems(5)
	want, err := Rank(js, Options{Items: items, Scale: Scale{Steps: 2}})
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSampleFromJudgments(js, items, Scale{Steps: 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	fromSample, err := s.Rank(Options{})
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, got BTResult) {
		t.Helper()
		if got.CIMethod != CIMethodSandwich || got.DF != 499 {
			t.Errorf("%s: ci method %q, df %v; want respondent-sandwich, 499", name, got.CIMethod, got.DF)
		}
		for i, it := range got.Items {
			w := want.BT.Items[i]
			if it.ID != w.ID || math.Abs(it.SE-w.SE) > 1e-9 || math.Abs(it.CILow-w.CILow) > 1e-9 || math.Abs(it.CIHigh-w.CIHigh) > 1e-9 {
				t.Errorf("%s %s: se %v, share interval %v–%v; want %s %v, %v–%v", name, it.ID, it.SE, it.CILow, it.CIHigh, w.ID, w.SE, w.CILow, w.CIHigh)
			}
		}
	}
	check("sample", fromSample.BT)
	var csv bytes.Buffer
	csv.WriteString("respondent,a,b,value,skip\n")
	for _, j := range js {
		fmt.Fprintf(&csv, "%s,%s,%s,%v,%v\n", j.Respondent, j.A, j.B, j.Value, j.Skip)
	}
	for _, workers := range []int{1, 2} {
		in, err := readTallied(bytes.NewReader(csv.Bytes()), "gen.csv", TallyOptions{Steps: 2, Keep: true, Workers: workers}, 0)
		if err != nil {
			t.Fatal(err)
		}
		// ReadTallied numbers items in order of appearance; compare by id.
		got, err := FitBTRespondent(in, BTOptions{})
		if err != nil {
			t.Fatal(err)
		}
		byID := map[string]BTItem{}
		for _, it := range got.Items {
			byID[it.ID] = it
		}
		ordered := got
		ordered.Items = nil
		for _, id := range items {
			ordered.Items = append(ordered.Items, byID[id])
		}
		check(fmt.Sprintf("FitBTRespondent, %d workers", workers), ordered)
	}
}

// TestRespondentIntervalsFallBack: with one respondent the default
// intervals are model-based and say so; an unknown method is an error.
func TestRespondentIntervalsFallBack(t *testing.T) {
	js := []Judgment{{Respondent: "r", A: "x", B: "y", Value: -1}, {Respondent: "r", A: "y", B: "x", Value: -1}}
	res, err := Rank(js, Options{Scale: Scale{Steps: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if res.CIMethod != CIMethodModel || res.BT.CIMethod != CIMethodModel {
		t.Errorf("ci method %q / %q, want model", res.CIMethod, res.BT.CIMethod)
	}
	if _, err := Rank(js, Options{Scale: Scale{Steps: 1}, CI: "exact"}); err == nil {
		t.Error("CI \"exact\" accepted, want an error")
	}
	// A respondent who skipped everything is no cluster: one respondent
	// with judgments still means model-based intervals, two mean t with 1 df.
	skipper := Judgment{Respondent: "s", A: "x", B: "y", Skip: true}
	res, err = Rank(append(slices.Clone(js), skipper), Options{Scale: Scale{Steps: 1}})
	if err != nil || res.CIMethod != CIMethodModel {
		t.Errorf("one respondent with judgments and one skipper: ci method %q (%v), want model", res.CIMethod, err)
	}
	two := append(slices.Clone(js), skipper, Judgment{Respondent: "q", A: "x", B: "y", Value: 1})
	res, err = Rank(two, Options{Scale: Scale{Steps: 1}})
	if err != nil || res.CIMethod != CIMethodSandwich || res.BT.DF != 1 {
		t.Errorf("two respondents with judgments and one skipper: ci method %q, df %v (%v); want respondent-sandwich, 1", res.CIMethod, res.BT.DF, err)
	}
}

// TestBootstrapCIMethod: CIBootstrap copies the bootstrap intervals into
// the items and names them; Resamples defaults to DefaultResamples.
func TestBootstrapCIMethod(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	js := simulate(rng, simConfig{beta: []float64{-0.5, 0, 0.6}, respondents: 60, perResp: 4, steps: 1}, "b")
	res, err := Rank(js, Options{Scale: Scale{Steps: 1}, CI: CIBootstrap, Bootstrap: BootstrapOptions{Resamples: 200, Seed: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if res.CIMethod != CIMethodBootstrap || res.Bootstrap == nil || res.AHP == nil || res.AHP.CIMethod != CIMethodBootstrap {
		t.Fatalf("ci method %q, ahp %+v; want bootstrap for both", res.CIMethod, res.AHP)
	}
	for i, it := range res.BT.Items {
		if b := res.Bootstrap.Items[i].Share; it.CILow != b.Low || it.CIHigh != b.High {
			t.Errorf("%s: interval %v–%v, want the bootstrap's %v–%v", it.ID, it.CILow, it.CIHigh, b.Low, b.High)
		}
	}
}

// TestAHPRespondentIntervals: respondent-level AHP intervals hold the
// priorities; with every respondent answering alike (no variation between
// them) they shrink to the point.
func TestAHPRespondentIntervals(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	js := simulate(rng, simConfig{beta: []float64{-1, -0.2, 0.3, 0.9}, respondents: 200, perResp: 6, steps: 4, weighted: true}, "a")
	res, err := Rank(js, Options{Scale: Scale{Steps: 4}})
	if err != nil {
		t.Fatal(err)
	}
	a := res.AHP
	if a == nil || !a.HasCI || a.CIMethod != CIMethodSandwich || a.DF != 199 {
		t.Fatalf("ahp %+v, want respondent-sandwich intervals with 199 df", a)
	}
	for _, it := range a.Items {
		if !(it.EigenCILow < it.PriorityEigen && it.PriorityEigen < it.EigenCIHigh) ||
			!(it.GeomeanCILow < it.PriorityGeomean && it.PriorityGeomean < it.GeomeanCIHigh) {
			t.Errorf("%s: eigen %v in %v–%v, geomean %v in %v–%v", it.ID, it.PriorityEigen, it.EigenCILow, it.EigenCIHigh,
				it.PriorityGeomean, it.GeomeanCILow, it.GeomeanCIHigh)
		}
		if w := it.GeomeanCIHigh - it.GeomeanCILow; w > 0.1 {
			t.Errorf("%s: geomean interval %v wide, want < 0.1 with 200 respondents", it.ID, w)
		}
	}
	var same []Judgment
	for r := range 5 {
		id := fmt.Sprintf("s%d", r)
		same = append(same, Judgment{Respondent: id, A: "x", B: "y", Value: -2}, Judgment{Respondent: id, A: "y", B: "z", Value: -1}, Judgment{Respondent: id, A: "x", B: "z", Value: -2})
	}
	res, err = Rank(same, Options{Scale: Scale{Steps: 2}})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range res.AHP.Items {
		if math.Abs(it.GeomeanCIHigh-it.GeomeanCILow) > 1e-9 || math.Abs(it.EigenCIHigh-it.EigenCILow) > 1e-6 {
			t.Errorf("%s: identical respondents give intervals %v–%v and %v–%v, want points", it.ID, it.GeomeanCILow, it.GeomeanCIHigh, it.EigenCILow, it.EigenCIHigh)
		}
	}
}
