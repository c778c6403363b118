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

// TestBootstrapProgressAndCancel: Progress counts every resample; a
// cancelled bootstrap stops early and leaves the skipped resamples out.
func TestBootstrapProgressAndCancel(t *testing.T) {
	var js []Judgment
	rng := rand.New(rand.NewPCG(1, 1))
	items := []string{"a", "b", "c"}
	for r := range 40 {
		for _, p := range [][2]string{{"a", "b"}, {"b", "c"}, {"a", "c"}} {
			js = append(js, Judgment{Respondent: fmt.Sprint(r), A: p[0], B: p[1], Value: float64(rng.IntN(5) - 2)})
		}
	}
	var calls, last int
	opts := Options{Items: items, Scale: Scale{Steps: 2}, Bootstrap: BootstrapOptions{Resamples: 50, Seed: 3, Workers: 1,
		Progress: func(done, total int) { calls++; last = done; _ = total }}}
	if _, err := Bootstrap(js, opts); err != nil {
		t.Fatal(err)
	}
	if calls != 50 || last != 50 {
		t.Errorf("progress called %d times, last %d; want 50, 50", calls, last)
	}
	n := 0
	opts.Bootstrap.Progress = nil
	opts.Bootstrap.Cancelled = func() bool { n++; return n > 10 }
	res, err := Bootstrap(js, opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed != 40 {
		t.Errorf("cancelled after 10: %d failed, want 40", res.Failed)
	}
	for _, it := range res.Items {
		if math.IsNaN(it.Share.Low) || it.Share.Low <= 0 {
			t.Errorf("interval of %s after cancelling = %+v; skipped resamples leaked in", it.ID, it.Share)
		}
	}
}
