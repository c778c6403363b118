package ranking

import (
	"math"
	"testing"
)

func TestGroupMatrixAggregatesRespondentsFirst(t *testing.T) {
	// Steps 4, linear Saaty: |value| 4 → 9, |value| 1 → 3; negative prefers A.
	js := []Judgment{
		{Respondent: "r1", A: "x", B: "y", Value: -4},
		{Respondent: "r2", A: "x", B: "y", Value: -1},
		{Respondent: "r2", A: "y", B: "x", Value: 1},
		{Respondent: "r2", A: "y", B: "z", Value: 0},
		{Respondent: "r3", A: "y", B: "z", Skip: true},
	}
	m, err := GroupMatrix(js, nil, Scale{Steps: 4})
	if err != nil {
		t.Fatal(err)
	}
	// r2's two judgments are one respondent's ratio 3; the group entry is
	// the geometric mean over respondents, sqrt(9·3), not (9·3·3)^(1/3).
	checkClose(t, "a[x][y]", m.A[0][1], math.Sqrt(27), 1e-12)
	checkClose(t, "a[y][x]", m.A[1][0], 1/math.Sqrt(27), 1e-12)
	checkClose(t, "a[y][z]", m.A[1][2], 1, 0)
	if m.A[0][2] != 0 || m.Complete() {
		t.Errorf("x–z was never judged: a[x][z] = %v, complete = %v; want 0 and false", m.A[0][2], m.Complete())
	}
}

func TestAggregateMatrices(t *testing.T) {
	m1 := consistentMatrix(t, []float64{4, 2, 1}, nil)
	m2 := consistentMatrix(t, []float64{1, 1, 1}, [][2]int{{0, 2}})
	g, err := AggregateMatrices([]Matrix{m1, m2})
	if err != nil {
		t.Fatal(err)
	}
	checkClose(t, "a01", g.A[0][1], math.Sqrt(2*1), 1e-12)
	checkClose(t, "a02 (only m1)", g.A[0][2], 4, 1e-12)
	checkClose(t, "a21", g.A[2][1], 1/math.Sqrt(2), 1e-12)
	if _, err := AggregateMatrices(nil); err == nil {
		t.Errorf("no matrices: want an error")
	}
}

func TestRankWarnsWhenAHPIsDisconnected(t *testing.T) {
	js := []Judgment{
		{Respondent: "r1", A: "w", B: "x", Value: 1},
		{Respondent: "r1", A: "y", B: "z", Value: -1},
	}
	res, err := Rank(js, Options{Scale: Scale{Steps: 1}})
	if err != nil {
		t.Fatal(err)
	}
	// One respondent: the intervals fall back to model-based ones, and say so.
	if res.AHP != nil || len(res.Warnings) != 3 || !res.BT.Regularised || res.CIMethod != CIMethodModel {
		t.Errorf("AHP=%v warnings=%q regularised=%v ci method %q; want no AHP, three warnings, a regularised fit, model",
			res.AHP, res.Warnings, res.BT.Regularised, res.CIMethod)
	}
}
