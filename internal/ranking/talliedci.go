package ranking

import (
	"cmp"
	"fmt"
	"slices"
)

// FitBTRespondent is FitBT on the counts of judgments read by ReadTallied
// with TallyOptions.Keep, with respondent-level (cluster-robust) intervals:
// the same estimates as FitBT(in.Counts, opts), and the covariance, SE and
// intervals of Rank's default (CIMethodSandwich). It reads the kept
// judgments once, in file order, without grouping them by respondent, so it
// costs little more than the fit. With fewer than two respondents the
// result is FitBT's (CIMethodModel).
func FitBTRespondent(in *Input, opts BTOptions) (BTResult, error) {
	if in.kept == nil {
		return BTResult{}, ErrNotKept
	}
	model, fit, err := fitBT(in.Counts, opts)
	if err != nil {
		return BTResult{}, err
	}
	g := len(in.kept.respondents)
	if g < 2 {
		return model, nil
	}
	n := in.Counts.N()
	scale, err := Scale{Steps: in.Steps}.withDefaults()
	if err != nil {
		return BTResult{}, err
	}
	p := pairProbs(fit.beta)
	cs := newClusterScores(n, g)
	judged := make([]bool, g)
	for _, j := range in.kept.judgments {
		if j.skip {
			continue
		}
		if !judged[j.respondent] {
			judged[j.respondent] = true
			cs.clusters++
		}
		x, err := scale.strength(j.value)
		if err != nil {
			return BTResult{}, fmt.Errorf("ranking: %w", err)
		}
		wa, wb := scale.wins(j.value, x)
		a, b := int(j.a), int(j.b)
		gr := wa - (wa+wb)*p[a*n+b]
		u := cs.row(int(j.respondent))
		u[a] += gr
		u[b] -= gr
	}
	return robustBT(in.Counts, model, fit, cs), nil
}

// Sample returns the judgments read by ReadTallied with TallyOptions.Keep as
// a Sample on in.Items and scale, with each respondent's groups from the
// file's group column.
func (in *Input) Sample(scale Scale) (*Sample, error) {
	if in.kept == nil {
		return nil, ErrNotKept
	}
	s, err := NewSample(in.Items, scale)
	if err != nil {
		return nil, err
	}
	kj := in.kept
	order := make([]int32, len(kj.judgments))
	for k := range order {
		order[k] = int32(k)
	}
	slices.SortStableFunc(order, func(a, b int32) int {
		return cmp.Compare(kj.judgments[a].respondent, kj.judgments[b].respondent)
	})
	var one []Judgment
	for k := 0; k < len(order); {
		r := kj.judgments[order[k]].respondent
		one = one[:0]
		for ; k < len(order) && kj.judgments[order[k]].respondent == r; k++ {
			j := kj.judgments[order[k]]
			one = append(one, Judgment{A: in.Items[j.a], B: in.Items[j.b], Value: j.value, Skip: j.skip})
		}
		if err := s.Add(kj.respondents[r], kj.groups.of(int(r)), one); err != nil {
			return nil, err
		}
	}
	return s, nil
}
