package ranking

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestHistogramEqualsJudgments: Counts and Matrix from a histogram equal
// Tally and GroupMatrix on the same judgments (each respondent judging a
// pair at most once).
func TestHistogramEqualsJudgments(t *testing.T) {
	items := []string{"a", "b", "c", "d", "e"}
	for _, steps := range []int{1, 2, 3} {
		rng := rand.New(rand.NewPCG(uint64(steps), 9))
		h, err := NewHistogram(items, steps)
		if err != nil {
			t.Fatal(err)
		}
		var js []Judgment
		for r := range 60 {
			for _, p := range rng.Perm(10)[:6] {
				i, j := pairOf(p)
				a, b := items[i], items[j]
				if rng.IntN(2) == 0 {
					a, b = b, a
				}
				v := rng.IntN(2*steps+1) - steps
				skip := rng.IntN(8) == 0
				js = append(js, Judgment{Respondent: fmt.Sprint(r), A: a, B: b, Value: float64(v), Skip: skip})
				if err := h.Add(a, b, v, skip, 1); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, sc := range []Scale{{Steps: steps}, {Steps: steps, Wins: BinaryWins, Ratio: GeometricSaaty}} {
			want, err := Tally(js, items, sc)
			if err != nil {
				t.Fatal(err)
			}
			got, err := h.Counts(sc)
			if err != nil {
				t.Fatal(err)
			}
			if got.Judgments() != want.Judgments() || got.Skipped() != want.Skipped() {
				t.Errorf("steps %d: judged/skipped %d/%d, want %d/%d", steps, got.Judgments(), got.Skipped(), want.Judgments(), want.Skipped())
			}
			for i := range items {
				for j := range items {
					if math.Abs(got.Wins(i, j)-want.Wins(i, j)) > 1e-9 {
						t.Errorf("steps %d: wins(%d,%d) = %v, want %v", steps, i, j, got.Wins(i, j), want.Wins(i, j))
					}
				}
			}
			wm, err := GroupMatrix(js, items, sc)
			if err != nil {
				t.Fatal(err)
			}
			gm, err := h.Matrix(sc)
			if err != nil {
				t.Fatal(err)
			}
			for i := range items {
				for j := range items {
					if math.Abs(gm.A[i][j]-wm.A[i][j]) > 1e-9 {
						t.Errorf("steps %d: matrix(%d,%d) = %v, want %v", steps, i, j, gm.A[i][j], wm.A[i][j])
					}
				}
			}
		}
	}
	h, _ := NewHistogram(items, 2)
	for _, bad := range []error{h.Add("a", "zz", 0, false, 1), h.Add("a", "a", 0, false, 1), h.Add("a", "b", 3, false, 1), h.Add("a", "b", 0, false, -1)} {
		if bad == nil {
			t.Error("a bad Add was accepted")
		}
	}
	if _, err := h.Counts(Scale{Steps: 3}); err == nil {
		t.Error("reading a 2-step histogram with a 3-step scale was accepted")
	}
}

// pairOf maps 0..9 to the pairs of 5 items.
func pairOf(p int) (int, int) {
	k := 0
	for i := 0; i < 5; i++ {
		for j := i + 1; j < 5; j++ {
			if k == p {
				return i, j
			}
			k++
		}
	}
	panic(p)
}
