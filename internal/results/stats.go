package results

import (
	"math"

	"github.com/vfv/vfv/internal/ranking"
)

// statistician computes the respondent-level statistics of one set from
// its judgments (internal/ranking).
type statistician struct{}

// set computes a set's intervals and consistency.
func (statistician) set(js []ranking.Judgment, n int, opts ranking.Options, k int) (*SetAnalysis, error) {
	opts.Bootstrap = ranking.BootstrapOptions{Resamples: 200, Seed: 1}
	b, err := ranking.Bootstrap(js, opts)
	if err != nil {
		return nil, err
	}
	sa := &SetAnalysis{Respondents: n, Intervals: map[string][]Bounds{}, CIMethod: map[string]string{}}
	if b.HasBT() {
		for _, it := range b.Items {
			sa.Intervals[MethodBT] = append(sa.Intervals[MethodBT], Bounds{it.Share.Low, it.Share.High})
			sa.Intervals[MethodScore] = append(sa.Intervals[MethodScore], Bounds{it.Score.Low, it.Score.High})
		}
		sa.CIMethod[MethodBT], sa.CIMethod[MethodScore] = "bootstrap-respondents", "bootstrap-respondents"
	}
	if b.HasAHP() {
		for _, it := range b.Items {
			sa.Intervals[MethodAHP] = append(sa.Intervals[MethodAHP], Bounds{100 * it.PriorityEigen.Low, 100 * it.PriorityEigen.High})
		}
		sa.CIMethod[MethodAHP] = "bootstrap-respondents"
	}
	return sa, nil
}

// compare computes group a against b (disjoint).
func (statistician) compare(a, b []ranking.Judgment, opts ranking.Options) (*Comparison, error) {
	opts.Bootstrap = ranking.BootstrapOptions{Resamples: 200, Seed: 1}
	c, err := ranking.Compare(a, b, opts)
	if err != nil {
		return nil, err
	}
	out := &Comparison{Method: "bootstrap-pointwise", Items: map[string][]DiffBounds{}}
	for _, it := range c.Items {
		for m, d := range map[string]ranking.Diff{MethodBT: it.Share, MethodScore: it.Score} {
			if math.IsNaN(d.Low) {
				continue
			}
			out.Items[m] = append(out.Items[m], DiffBounds{Diff: d.Diff, Low: d.Low, High: d.High, Clear: d.ExcludesZero})
		}
	}
	return out, nil
}
