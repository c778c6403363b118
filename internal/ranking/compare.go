package ranking

import "math"

// Diff compares one statistic of one item between two groups: A and B are
// the groups' point estimates, Diff = A - B, and Low–High its bootstrap
// percentile interval (resampling respondents within each group). All are in
// the unit of the statistic (percentage points for shares and scores).
type Diff struct {
	A, B, Diff, Low, High float64
	// ExcludesZero is set when the interval lies entirely above or below 0:
	// the groups differ at the chosen level.
	ExcludesZero bool
}

// ItemComparison holds one item's group differences for every method.
type ItemComparison struct {
	ID                                           string
	Share, Score, PriorityEigen, PriorityGeomean Diff
}

// Comparison is the result of Compare.
type Comparison struct {
	Items []ItemComparison
	// A and B are the full per-group results, including bootstrap intervals
	// from the same resamples that the differences use.
	A, B      Result
	Resamples int
	Seed      uint64
	Level     float64
}

// Compare ranks two groups of judgments (for instance two target groups) on
// the same items and estimates, for every item and method, the difference
// between them with a bootstrap interval over respondents. The resamples are
// seeded (Options.Bootstrap.Seed, default DefaultResamples of them), so the
// result is reproducible. Items nil means every item either group named.
func Compare(groupA, groupB []Judgment, opts Options) (Comparison, error) {
	if opts.Items == nil {
		opts.Items = ItemsOf(groupA, groupB)
	}
	b := opts.Bootstrap.withDefaults()
	if b.Resamples <= 0 {
		b.Resamples = DefaultResamples
	}
	resA, rsA, cfgA, err := rank(groupA, opts)
	if err != nil {
		return Comparison{}, err
	}
	resB, rsB, cfgB, err := rank(groupB, opts)
	if err != nil {
		return Comparison{}, err
	}
	repA := rsA.bootstrap(cfgA, b, 0)
	repB := rsB.bootstrap(cfgB, b, 1)
	resA.Bootstrap = repA.result(opts.Items, len(rsA.ids), b)
	resB.Bootstrap = repB.result(opts.Items, len(rsB.ids), b)
	cmp := Comparison{A: resA, B: resB, Resamples: b.Resamples, Seed: b.Seed, Level: b.Level}
	pa, pb := pointStats(resA), pointStats(resB)
	for i, id := range opts.Items {
		d := func(s int) Diff {
			return diffOf(pa[s][i], pb[s][i], repA, repB, s, i, b.Level)
		}
		cmp.Items = append(cmp.Items, ItemComparison{
			ID: id, Share: d(statShare), Score: d(statScore),
			PriorityEigen: d(statEigen), PriorityGeomean: d(statGeo),
		})
	}
	return cmp, nil
}

// pointStats extracts the full-data statistics in the replicate layout.
func pointStats(r Result) [numStats][]float64 {
	var p [numStats][]float64
	n := len(r.Items)
	for s := range p {
		p[s] = make([]float64, n)
		fillNaN(p[s])
	}
	for i := range n {
		p[statLog][i] = r.BT.Items[i].LogStrength
		p[statShare][i] = r.BT.Items[i].Share
		p[statScore][i] = r.Score.Items[i].Score
		if r.AHP != nil {
			p[statEigen][i] = r.AHP.Items[i].PriorityEigen
			p[statGeo][i] = r.AHP.Items[i].PriorityGeomean
		}
	}
	return p
}

// diffOf pairs resample k of group A with resample k of group B (they are
// independent), so the differences are draws from the bootstrap
// distribution of A - B.
func diffOf(a, b float64, repA, repB *replicates, s, i int, level float64) Diff {
	diffs := make([]float64, 0, repA.resamples)
	for k := range repA.resamples {
		x := repA.v[s][k*repA.n+i] - repB.v[s][k*repB.n+i]
		if !math.IsNaN(x) {
			diffs = append(diffs, x)
		}
	}
	iv := percentileInterval(diffs, level)
	return Diff{
		A: a, B: b, Diff: a - b, Low: iv.Low, High: iv.High,
		ExcludesZero: iv.Low > 0 || iv.High < 0,
	}
}
