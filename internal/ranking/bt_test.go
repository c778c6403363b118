package ranking

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/vfv/vfv/internal/ranking/rankingtest"
)

// countsFrom builds counts over items a, b, c, … from wins[i][j].
func countsFrom(t *testing.T, wins [][]float64) *Counts {
	t.Helper()
	c, err := NewCounts(simItems(len(wins)))
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range wins {
		for j, w := range row {
			if w > 0 {
				c.Add(i, j, w, 0)
			}
		}
	}
	return c
}

// existenceCases are win matrices with and without an MLE.
var existenceCases = []struct {
	name   string
	wins   [][]float64
	exists bool
	check  func(e Existence) bool
}{
	{"cycle", [][]float64{{0, 2, 0}, {0, 0, 3}, {1, 0, 0}}, true,
		func(e Existence) bool { return e.Components == 1 && len(e.Reasons()) == 0 }},
	{"fractional both ways", [][]float64{{0, 0.75, 0.5}, {0.25, 0, 0.5}, {0.5, 0.5, 0}}, true,
		func(e Existence) bool { return len(e.Reasons()) == 0 }},
	{"disconnected", [][]float64{{0, 1, 0, 0}, {1, 0, 0, 0}, {0, 0, 0, 2}, {0, 0, 1, 0}}, false,
		func(e Existence) bool { return e.Components == 2 && !e.OneWay }},
	{"never won", [][]float64{{0, 1, 1}, {1, 0, 1}, {0, 0, 0}}, false,
		func(e Existence) bool { return slices.Equal(e.NeverWon, []string{"item02"}) && len(e.NeverLost) == 0 }},
	{"never lost", [][]float64{{0, 1, 1}, {0, 0, 1}, {0, 1, 0}}, false,
		func(e Existence) bool { return slices.Equal(e.NeverLost, []string{"item00"}) && len(e.NeverWon) == 0 }},
	{"never compared", [][]float64{{0, 1, 0}, {1, 0, 0}, {0, 0, 0}}, false,
		func(e Existence) bool { return slices.Equal(e.NeverCompared, []string{"item02"}) && e.Components == 2 }},
	{"one way between blocks", [][]float64{
		{0, 1, 1, 0}, {1, 0, 0, 1}, {0, 0, 0, 1}, {0, 0, 1, 0}}, false,
		func(e Existence) bool { return e.OneWay && e.Components == 1 }},
}

func TestCheckExistence(t *testing.T) {
	for _, tc := range existenceCases {
		t.Run(tc.name, func(t *testing.T) {
			e := CheckExistence(countsFrom(t, tc.wins))
			if e.Exists != tc.exists {
				t.Errorf("Exists = %v, want %v (%+v)", e.Exists, tc.exists, e)
			}
			if !tc.check(e) {
				t.Errorf("unexpected details: %+v, reasons %q", e, e.Reasons())
			}
			if e.Exists == (len(e.Reasons()) > 0) {
				t.Errorf("Exists = %v but reasons %q", e.Exists, e.Reasons())
			}
		})
	}
}

func TestFitBTRegularisesOnlyWhenMLEMissing(t *testing.T) {
	for _, tc := range existenceCases {
		t.Run(tc.name, func(t *testing.T) {
			c := countsFrom(t, tc.wins)
			small, err := FitBT(c, BTOptions{Pseudo: 0.5})
			if err != nil {
				t.Fatalf("FitBT: %v", err)
			}
			large, err := FitBT(c, BTOptions{Pseudo: 50})
			if err != nil {
				t.Fatalf("FitBT: %v", err)
			}
			if small.Regularised != !tc.exists || !small.Converged {
				t.Fatalf("regularised=%v converged=%v, want %v/true", small.Regularised, small.Converged, !tc.exists)
			}
			total := 0.0
			for i, it := range small.Items {
				total += it.Share
				for _, x := range []float64{it.LogStrength, it.SE, it.Share, it.CILow, it.CIHigh} {
					if math.IsNaN(x) || math.IsInf(x, 0) {
						t.Fatalf("%s: non-finite estimate in %+v", it.ID, it)
					}
				}
				// Where the MLE exists the regularisation weight must not matter.
				if d := math.Abs(it.LogStrength - large.Items[i].LogStrength); tc.exists && d > 1e-12 {
					t.Errorf("%s: log-strength changed by %g with the regularisation weight", it.ID, d)
				}
			}
			checkClose(t, "sum of shares", total, 100, 1e-9)
			_, err = FitBT(c, BTOptions{NoRegularisation: true})
			if tc.exists != (err == nil) || (!tc.exists && !errors.Is(err, ErrNoMLE)) {
				t.Errorf("NoRegularisation: err = %v, want ErrNoMLE exactly when the MLE is missing", err)
			}
		})
	}
}

func TestFitBTRegularisedOrder(t *testing.T) {
	// item00 never lost, item02 never won: they must come out first and last.
	res, err := FitBT(countsFrom(t, [][]float64{{0, 3, 2}, {0, 0, 1}, {0, 0, 0}}), BTOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s := []float64{res.Items[0].Share, res.Items[1].Share, res.Items[2].Share}
	if !res.Regularised || !(s[0] > s[1] && s[1] > s[2]) {
		t.Errorf("regularised=%v shares=%v, want regularised and item00 > item01 > item02", res.Regularised, s)
	}
}

// mmFit is an independent Bradley–Terry fit by Hunter's (2004) MM algorithm:
// p_i ← W_i / Σ_j n_ij/(p_i+p_j), run long enough to converge fully.
func mmFit(c *Counts) []float64 {
	n := c.N()
	p := make([]float64, n)
	for i := range p {
		p[i] = 1
	}
	for range 20000 {
		next := make([]float64, n)
		for i := range n {
			w, den := 0.0, 0.0
			for j := range n {
				if j != i {
					w += c.Wins(i, j)
					den += (c.Wins(i, j) + c.Wins(j, i)) / (p[i] + p[j])
				}
			}
			next[i] = w / den
		}
		p = next
	}
	b := make([]float64, n)
	for i := range p {
		b[i] = math.Log(p[i])
	}
	return centred(b)
}

func TestFitBTAgreesWithMMOnFractionalWins(t *testing.T) {
	c := countsFrom(t, [][]float64{
		{0, 2.5, 1.25, 0.75},
		{1.5, 0, 3.5, 0.5},
		{0.75, 0.5, 0, 2},
		{1.25, 1.5, 1, 0},
	})
	res, err := FitBT(c, BTOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := mmFit(c)
	for i, it := range res.Items {
		checkClose(t, it.ID+" log-strength vs MM", it.LogStrength, want[i], 1e-9)
	}
}

func TestFitBTParameterisations(t *testing.T) {
	var ref btRef
	rankingtest.Load(t, "bt_baseball_agresti2002.json", &ref)
	c := baseballCounts(t, ref)
	sz, err := FitBT(c, BTOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rf, err := FitBT(c, BTOptions{Reference: "Toronto"})
	if err != nil {
		t.Fatal(err)
	}
	tor, _ := c.Index("Toronto")
	for i := range sz.Items {
		checkClose(t, "share", rf.Items[i].Share, sz.Items[i].Share, 1e-12)
		checkClose(t, "share ci", rf.Items[i].CILow, sz.Items[i].CILow, 1e-9)
		d := sz.Items[i].LogStrength - sz.Items[tor].LogStrength
		checkClose(t, sz.Items[i].ID+" contrast", rf.Items[i].LogStrength, d, 1e-12)
		// Var(b_i - b_T) from the sum-to-zero covariance equals the reference SE².
		v := sz.Cov[i][i] + sz.Cov[tor][tor] - 2*sz.Cov[i][tor]
		checkClose(t, sz.Items[i].ID+" se", rf.Items[i].SE, math.Sqrt(math.Max(v, 0)), 1e-9)
	}
	if rf.Items[tor].SE != 0 || rf.Items[tor].LogStrength != 0 {
		t.Errorf("reference item: %+v, want log-strength and se 0", rf.Items[tor])
	}
}

func TestFitBTErrors(t *testing.T) {
	one, _ := NewCounts([]string{"x"})
	bad := countsFrom(t, [][]float64{{0, 1}, {1, 0}})
	bad.Add(0, 1, math.Inf(1), 0)
	tests := []struct {
		name string
		c    *Counts
		opts BTOptions
		want error
	}{
		{"one item", one, BTOptions{}, ErrTooFewItems},
		{"unknown reference", countsFrom(t, [][]float64{{0, 1}, {1, 0}}), BTOptions{Reference: "nope"}, ErrUnknownItem},
		{"infinite count", bad, BTOptions{}, ErrBadCount},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := FitBT(tc.c, tc.opts); !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestScaleMappings(t *testing.T) {
	tests := []struct {
		name       string
		scale      Scale
		value      float64
		winsA      float64
		winsB      float64
		saatyRatio float64 // ratio of A over B
	}{
		{"strongest for A", Scale{Steps: 4}, -4, 1, 0, 9},
		{"half way for A", Scale{Steps: 4}, -2, 0.75, 0.25, 5},
		{"one step for B", Scale{Steps: 4}, 1, 0.375, 0.625, 1.0 / 3},
		{"equal", Scale{Steps: 4}, 0, 0.5, 0.5, 1},
		{"binary", Scale{Steps: 4, Wins: BinaryWins}, 1, 0, 1, 1.0 / 3},
		{"geometric saaty", Scale{Steps: 2, Ratio: GeometricSaaty}, -1, 0.75, 0.25, 3},
		{"eight steps", Scale{Steps: 8}, 3, 0.3125, 0.6875, 1.0 / 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := tc.scale.withDefaults()
			if err != nil {
				t.Fatal(err)
			}
			x, err := s.strength(tc.value)
			if err != nil {
				t.Fatal(err)
			}
			wa, wb := s.wins(tc.value, x)
			if wa != tc.winsA || wb != tc.winsB {
				t.Errorf("wins = %v, %v; want %v, %v", wa, wb, tc.winsA, tc.winsB)
			}
			checkClose(t, "ratio", math.Exp(s.logRatio(tc.value, x)), tc.saatyRatio, 1e-12)
		})
	}
}

func TestTally(t *testing.T) {
	js := []Judgment{
		{Respondent: "r1", A: "x", B: "y", Value: -2},
		{Respondent: "r1", A: "y", B: "x", Value: 0},
		{Respondent: "r2", A: "y", B: "z", Value: 4},
		{Respondent: "r2", A: "x", B: "z", Skip: true, Value: 99},
	}
	c, err := Tally(js, nil, Scale{Steps: 4})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Items(); !slices.Equal(got, []string{"x", "y", "z"}) {
		t.Fatalf("items %v", got)
	}
	want := [][]float64{{0, 1.25, 0}, {0.75, 0, 0}, {0, 1, 0}}
	for i := range want {
		for j := range want {
			if got := c.Wins(i, j); got != want[i][j] {
				t.Errorf("wins[%d][%d] = %v, want %v", i, j, got, want[i][j])
			}
		}
	}
	if c.Judgments() != 3 || c.Skipped() != 1 {
		t.Errorf("judgments=%d skipped=%d, want 3 and 1", c.Judgments(), c.Skipped())
	}
}

func TestTallyErrors(t *testing.T) {
	tests := []struct {
		name  string
		j     Judgment
		items []string
		steps int
		want  error
	}{
		{"unknown item", Judgment{A: "x", B: "w", Value: 1}, []string{"x", "y"}, 2, ErrUnknownItem},
		{"same item", Judgment{A: "x", B: "x", Value: 1}, []string{"x", "y"}, 2, ErrSameItem},
		{"outside the scale", Judgment{A: "x", B: "y", Value: -3}, []string{"x", "y"}, 2, ErrOutOfScale},
		{"NaN", Judgment{A: "x", B: "y", Value: math.NaN()}, []string{"x", "y"}, 2, ErrOutOfScale},
		{"no steps", Judgment{A: "x", B: "y", Value: 1}, []string{"x", "y"}, 0, ErrBadScale},
		{"duplicate item", Judgment{A: "x", B: "y", Value: 1}, []string{"x", "x"}, 2, ErrDuplicateItem},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Tally([]Judgment{tc.j}, tc.items, Scale{Steps: tc.steps})
			if !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
}
