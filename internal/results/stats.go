package results

import (
	"math"

	"github.com/vfv/vfv/internal/ranking"
	"github.com/vfv/vfv/internal/response"
)

// statistician computes the respondent-level statistics of a sample's
// sets with internal/ranking: the default intervals of Rank
// (respondent-level, ranking.CIMethodSandwich), the simultaneous group
// comparison and per-respondent consistency.
type statistician struct{}

// set computes the intervals and consistency of one set of the sample
// (response.GroupAll: everyone); nil when it has fewer than k
// respondents.
func (statistician) set(sample *ranking.Sample, set string, k int) (*SetAnalysis, error) {
	var res ranking.Result
	var err error
	group := ""
	if set == response.GroupAll {
		res, err = sample.Rank(ranking.Options{})
	} else {
		group = set
		res, err = sample.RankGroup(set, ranking.Options{})
	}
	if err != nil {
		return nil, err
	}
	if res.Respondents < k {
		return nil, nil
	}
	sa := &SetAnalysis{Respondents: res.Respondents, Intervals: map[string][]Bounds{}, CIMethod: map[string]string{}}
	if res.CIMethod != ranking.CIMethodModel { // respondent-level or nothing: never a model interval
		share, score := make([]Bounds, len(res.BT.Items)), make([]Bounds, len(res.Score.Items))
		for i, it := range res.BT.Items {
			share[i] = Bounds{it.CILow, it.CIHigh}
		}
		for i, it := range res.Score.Items {
			score[i] = Bounds{it.CILow, it.CIHigh}
		}
		sa.put(MethodBT, res.CIMethod, share)
		sa.put(MethodScore, res.CIMethod, score)
	}
	if a := res.AHP; a != nil && a.HasCI && a.CIMethod != ranking.CIMethodModel {
		pr := make([]Bounds, len(a.Items))
		for i, it := range a.Items {
			pr[i] = Bounds{100 * it.EigenCILow, 100 * it.EigenCIHigh}
		}
		sa.put(MethodAHP, a.CIMethod, pr)
	}
	c, err := sample.Consistency(group)
	if err != nil {
		return nil, err
	}
	if c.WithTriples >= k {
		sa.Consistency = &Consistency{Method: ConsistencyMethod, Respondents: c.WithTriples, Mean: c.Mean,
			Q1: c.Quantiles[1], Median: c.Quantiles[2], Q3: c.Quantiles[3], Random: ranking.RandomShare}
	}
	return sa, nil
}

// put keeps a method's intervals when every bound is a number.
func (sa *SetAnalysis) put(method, ciMethod string, b []Bounds) {
	for _, x := range b {
		if math.IsNaN(x.Low) || math.IsNaN(x.High) || math.IsInf(x.Low, 0) || math.IsInf(x.High, 0) {
			return
		}
	}
	sa.Intervals[method], sa.CIMethod[method] = b, ciMethod
}

// compare computes group a against b (its rest, disjoint from it) with
// simultaneous intervals; nil when either has fewer than k respondents.
func (statistician) compare(sample *ranking.Sample, a, b string, k int) (*Comparison, error) {
	gc, err := sample.CompareGroups(a, b, ranking.CompareOptions{Seed: 1})
	if err != nil {
		return nil, err
	}
	if gc.RespondentsA < k || gc.RespondentsB < k {
		return nil, nil
	}
	out := &Comparison{Method: gc.Method, RespondentsA: gc.RespondentsA, RespondentsB: gc.RespondentsB}
	for _, d := range gc.Items {
		if math.IsNaN(d.CILow) || math.IsNaN(d.CIHigh) {
			return nil, nil
		}
		out.Items = append(out.Items, DiffBounds{Diff: d.Difference, Low: d.CILow, High: d.CIHigh, Clear: d.Clear, Detectable: d.Detectable})
	}
	return out, nil
}
