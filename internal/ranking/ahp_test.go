package ranking

import (
	"errors"
	"math"
	"testing"

	"github.com/vfv/vfv/internal/ranking/rankingtest"
)

func drinksMatrix(t *testing.T, ref ahpRef) Matrix {
	t.Helper()
	m, err := NewMatrix(ref.Input.Items)
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range ref.Input.Matrix {
		copy(m.A[i], row)
	}
	return m
}

func TestAHPReproducesSaaty2008(t *testing.T) {
	var ref ahpRef
	rankingtest.Load(t, "ahp_drinks_saaty2008.json", &ref)
	tables := map[string]RandomIndex{
		"RI_saaty1980": RISaaty1980, "RI_saaty2005": RISaaty2005,
		"RI_alonso_lamata2006_fit": RIAlonsoLamata, "RI_donegan_dodd1991": RIDoneganDodd,
	}
	if len(tables) != len(ref.Expected.CR) {
		t.Fatalf("refdata lists %d CR variants, test knows %d", len(ref.Expected.CR), len(tables))
	}
	for key, want := range ref.Expected.CR {
		t.Run(key, func(t *testing.T) {
			ri, ok := tables[key]
			if !ok {
				t.Fatalf("no random-index table for %s", key)
			}
			res, err := AHP(drinksMatrix(t, ref), AHPOptions{RandomIndex: ri})
			if err != nil {
				t.Fatalf("AHP: %v", err)
			}
			tol := ref.Tolerance
			if !res.Complete || !res.HasCR || !res.Converged {
				t.Fatalf("complete=%v hasCR=%v converged=%v, want all true", res.Complete, res.HasCR, res.Converged)
			}
			checkClose(t, "CR", res.CR, want, tol.CR)
			checkClose(t, "lambda_max", res.LambdaMax, ref.Expected.LambdaMax, tol.LambdaMax)
			checkClose(t, "CI", res.CI, ref.Expected.CI, tol.CI)
			checkClose(t, "lambda from geomean", res.LambdaGeomean, ref.Expected.LambdaFromGeom, tol.LambdaMax)
			for _, it := range res.Items {
				checkClose(t, it.ID+" eigen", it.PriorityEigen, ref.Expected.Eigen[it.ID], tol.Priorities)
				checkClose(t, it.ID+" geomean", it.PriorityGeomean, ref.Expected.Geomean[it.ID], tol.Priorities)
				checkClose(t, it.ID+" published", it.PriorityEigen, ref.Published.Eigen[it.ID], tol.PublishedPriorities)
			}
			if ri == RISaaty1980 {
				checkClose(t, "published CR", res.CR, ref.Published.CR, tol.PublishedCR)
			}
		})
	}
}

// consistentMatrix builds a_ij = w_i/w_j, leaving out the pairs in skip.
func consistentMatrix(t *testing.T, w []float64, skip [][2]int) Matrix {
	t.Helper()
	items := make([]string, len(w))
	for i := range w {
		items[i] = string(rune('a' + i))
	}
	m, err := NewMatrix(items)
	if err != nil {
		t.Fatal(err)
	}
	for i := range w {
		for j := i + 1; j < len(w); j++ {
			m.Set(i, j, w[i]/w[j])
		}
	}
	for _, p := range skip {
		m.A[p[0]][p[1]], m.A[p[1]][p[0]] = 0, 0
	}
	return m
}

func TestAHPConsistentAndIncomplete(t *testing.T) {
	w := []float64{0.4, 0.3, 0.2, 0.1}
	tests := []struct {
		name     string
		skip     [][2]int
		complete bool
	}{
		{"complete", nil, true},
		{"one missing", [][2]int{{0, 3}}, false},
		{"spanning tree only", [][2]int{{0, 2}, {0, 3}, {1, 3}}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := AHP(consistentMatrix(t, w, tc.skip), AHPOptions{})
			if err != nil {
				t.Fatalf("AHP: %v", err)
			}
			if res.Complete != tc.complete {
				t.Errorf("complete = %v, want %v", res.Complete, tc.complete)
			}
			for i, it := range res.Items {
				checkClose(t, it.ID+" eigen", it.PriorityEigen, w[i], 1e-12)
				checkClose(t, it.ID+" geomean/lls", it.PriorityGeomean, w[i], 1e-12)
			}
			if tc.complete {
				checkClose(t, "lambda_max", res.LambdaMax, 4, 1e-12)
				checkClose(t, "CR", res.CR, 0, 1e-12)
			} else if res.HasCR {
				t.Errorf("HasCR = true for an incomplete matrix")
			}
		})
	}
}

func TestAHPLogLeastSquaresEqualsGeomeanOnCompleteMatrix(t *testing.T) {
	var ref ahpRef
	rankingtest.Load(t, "ahp_drinks_saaty2008.json", &ref)
	m := drinksMatrix(t, ref)
	n := len(m.Items)
	a := make([]float64, n*n)
	for i, row := range m.A {
		copy(a[i*n:], row)
	}
	lls, err := logLeastSquares(a, n)
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range m.Items {
		checkClose(t, id, lls[i], ref.Expected.Geomean[id], 1e-12)
	}
}

func TestAHPErrors(t *testing.T) {
	tests := []struct {
		name string
		m    func(t *testing.T) Matrix
		opts AHPOptions
		want error
	}{
		{"disconnected", func(t *testing.T) Matrix {
			return consistentMatrix(t, []float64{1, 2, 3, 4}, [][2]int{{0, 2}, {0, 3}, {1, 2}, {1, 3}})
		}, AHPOptions{}, ErrDisconnected},
		{"not reciprocal", func(t *testing.T) Matrix {
			m := consistentMatrix(t, []float64{1, 2, 3}, nil)
			m.A[0][1] = 5
			return m
		}, AHPOptions{}, ErrNotReciprocal},
		{"one item", func(t *testing.T) Matrix { return consistentMatrix(t, []float64{1}, nil) }, AHPOptions{}, ErrTooFewItems},
		{"unknown RI table", func(t *testing.T) Matrix { return consistentMatrix(t, []float64{1, 2, 3}, nil) },
			AHPOptions{RandomIndex: "saaty1066"}, ErrUnknownRandomIndex},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := AHP(tc.m(t), tc.opts)
			if !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestRandomIndexValue(t *testing.T) {
	tests := []struct {
		ri   RandomIndex
		n    int
		want float64
		ok   bool
	}{
		{RISaaty1980, 2, 0, true},
		{RISaaty1980, 3, 0.58, true},
		{RISaaty1980, 7, 1.32, true},
		{RISaaty1980, 10, 1.49, true},
		{RISaaty1980, 11, 0, false},
		{RISaaty2005, 7, 1.35, true},
		{RISaaty2005, 15, 1.59, true},
		{RISaaty2005, 16, 0, false},
		{RIDoneganDodd, 7, 1.2519, true},
		{RIDoneganDodd, 22, 1.5371 + 2.0/5*(1.5619-1.5371), true},
		{RIDoneganDodd, 101, 0, false},
		{RIAlonsoLamata, 7, (1.7699*7 - 4.3513) / 6, true},
		{"nonsense", 5, 0, false},
	}
	for _, tc := range tests {
		got, ok := tc.ri.Value(tc.n)
		if ok != tc.ok || math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s.Value(%d) = %v, %v; want %v, %v", tc.ri, tc.n, got, ok, tc.want, tc.ok)
		}
	}
}
