package ranking

import (
	"fmt"
	"math"
	"slices"
)

// Histogram counts, per pair of items, how many judgments took each value
// of the scale and how many were skipped. It is what a server keeps as
// integer counters as responses arrive, and it holds all that Bradley–Terry,
// the score and the AHP group matrix need, provided each respondent judges
// a pair at most once (as vfv's surveys ensure): then the AIJ geometric
// mean over respondents is the geometric mean over judgments.
type Histogram struct {
	items []string
	index map[string]int
	steps int
	// n[(a*len+b)*(2*steps+1) + value+steps] counts judgments of a before
	// b with that value, a < b; skipped[a*len+b] counts skips.
	n       []float64
	skipped []float64
}

// NewHistogram returns an empty histogram over items for a scale of
// -steps..+steps.
func NewHistogram(items []string, steps int) (*Histogram, error) {
	if steps < 1 {
		return nil, fmt.Errorf("ranking: steps %d: %w", steps, ErrBadScale)
	}
	c, err := NewCounts(items)
	if err != nil {
		return nil, err
	}
	k := len(items)
	return &Histogram{items: slices.Clone(items), index: c.index, steps: steps,
		n: make([]float64, k*k*(2*steps+1)), skipped: make([]float64, k*k)}, nil
}

// Add counts n judgments of the pair (a shown first, b second) with value
// (negative prefers a), or n skips of it.
func (h *Histogram) Add(a, b string, value int, skip bool, n float64) error {
	i, okA := h.index[a]
	j, okB := h.index[b]
	switch {
	case !okA:
		return fmt.Errorf("ranking: histogram: item %q: %w", a, ErrUnknownItem)
	case !okB:
		return fmt.Errorf("ranking: histogram: item %q: %w", b, ErrUnknownItem)
	case i == j:
		return fmt.Errorf("ranking: histogram: item %q: %w", a, ErrSameItem)
	case n < 0 || math.IsNaN(n) || math.IsInf(n, 0):
		return fmt.Errorf("ranking: histogram: %v: %w", n, ErrBadCount)
	}
	if i > j {
		i, j, value = j, i, -value
	}
	k := len(h.items)
	if skip {
		h.skipped[i*k+j] += n
		return nil
	}
	if value < -h.steps || value > h.steps {
		return fmt.Errorf("ranking: histogram: %d not in -%d..%d: %w", value, h.steps, h.steps, ErrOutOfScale)
	}
	h.n[(i*k+j)*(2*h.steps+1)+value+h.steps] += n
	return nil
}

// each calls fn for every non-empty cell: items i < j, value, count.
func (h *Histogram) each(fn func(i, j, v int, n float64)) {
	k, w := len(h.items), 2*h.steps+1
	for i := range k {
		for j := i + 1; j < k; j++ {
			base := (i*k + j) * w
			for v := -h.steps; v <= h.steps; v++ {
				if n := h.n[base+v+h.steps]; n > 0 {
					fn(i, j, v, n)
				}
			}
		}
	}
}

// Counts returns the win matrix that Tally would give for the judgments
// counted, under scale (whose Steps must equal the histogram's).
func (h *Histogram) Counts(scale Scale) (*Counts, error) {
	scale, err := h.scale(scale)
	if err != nil {
		return nil, err
	}
	c, _ := NewCounts(h.items)
	judged, skipped := 0.0, 0.0
	h.each(func(i, j, v int, n float64) {
		x := math.Abs(float64(v)) / float64(h.steps)
		wa, wb := scale.wins(float64(v), x)
		c.Add(i, j, n*wa, n*wb)
		judged += n
	})
	for _, s := range h.skipped {
		skipped += s
	}
	c.AddJudgments(int(judged), int(skipped))
	return c, nil
}

// Matrix returns the AIJ group comparison matrix that GroupMatrix would
// give for the judgments counted, under scale.
func (h *Histogram) Matrix(scale Scale) (Matrix, error) {
	scale, err := h.scale(scale)
	if err != nil {
		return Matrix{}, err
	}
	k := len(h.items)
	lrSum, lrCount, a := make([]float64, k*k), make([]float64, k*k), make([]float64, k*k)
	h.each(func(i, j, v int, n float64) {
		x := math.Abs(float64(v)) / float64(h.steps)
		lrSum[i*k+j] += n * scale.logRatio(float64(v), x)
		lrCount[i*k+j] += n
	})
	groupMatrix(lrSum, lrCount, a, k)
	m := Matrix{Items: slices.Clone(h.items), A: make([][]float64, k)}
	for i := range k {
		m.A[i] = a[i*k : (i+1)*k : (i+1)*k]
	}
	return m, nil
}

func (h *Histogram) scale(s Scale) (Scale, error) {
	if s.Steps == 0 {
		s.Steps = h.steps
	}
	if s.Steps != h.steps {
		return s, fmt.Errorf("ranking: histogram of %d steps read with a scale of %d: %w", h.steps, s.Steps, ErrBadScale)
	}
	return s.withDefaults()
}
