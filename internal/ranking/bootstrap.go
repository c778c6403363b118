package ranking

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// BootstrapOptions configures the bootstrap over respondents: each resample
// draws as many respondents as there are, with replacement, and recomputes
// every method from their judgments.
type BootstrapOptions struct {
	// Resamples is the number of resamples; 0 means no bootstrap in Rank and
	// DefaultResamples in Compare.
	Resamples int
	// Seed makes the resamples reproducible: resample k draws from its own
	// PCG stream derived from Seed and k, so results do not depend on
	// Workers or on the order of the judgments.
	Seed uint64
	// Level is the confidence level of the percentile intervals (default 0.95).
	Level float64
	// Workers is the number of goroutines (default GOMAXPROCS).
	Workers int
	// Progress, when set, is called after each resample with the number
	// done so far and the total (from the worker goroutines, concurrently:
	// it must be safe for that and quick).
	Progress func(done, total int)
	// Cancelled, when set, is asked before each resample; once it says
	// true the remaining resamples are skipped and count as failed.
	Cancelled func() bool
}

// DefaultResamples is the number of resamples Compare uses when none is set.
const DefaultResamples = 1000

// Interval is a confidence interval; both ends are NaN when no resample
// produced the statistic.
type Interval struct{ Low, High float64 }

// BootstrapItem holds one item's percentile intervals, each on the scale of
// the statistic it bounds (Share and Score in percent, priorities as
// fractions, LogStrength in the fit's parameterisation).
type BootstrapItem struct {
	ID                                                        string
	LogStrength, Share, Score, PriorityEigen, PriorityGeomean Interval
}

// BootstrapResult holds bootstrap intervals for every method.
type BootstrapResult struct {
	Resamples   int
	Respondents int
	Seed        uint64
	Level       float64
	// Regularised counts resamples whose Bradley–Terry MLE did not exist
	// (they use the regularised fit); Failed counts resamples whose fit did
	// not converge and AHPFailed those whose comparisons did not connect all
	// items. Failed resamples are left out of the intervals.
	Regularised, Failed, AHPFailed int
	Items                          []BootstrapItem
}

// HasBT reports whether any resample gave a Bradley–Terry fit, so that the
// LogStrength, Share and Score intervals are bootstrap intervals; when every
// resample failed (or was cancelled) they are NaN and must not be reported
// as bootstrap intervals.
func (b *BootstrapResult) HasBT() bool {
	return b != nil && len(b.Items) > 0 && !math.IsNaN(b.Items[0].LogStrength.Low)
}

// HasAHP reports whether any resample gave AHP priorities, so that the
// priority intervals are bootstrap intervals.
func (b *BootstrapResult) HasAHP() bool {
	return b != nil && len(b.Items) > 0 && !math.IsNaN(b.Items[0].PriorityEigen.Low)
}

// The statistics recorded per resample and item.
const (
	statLog = iota
	statShare
	statScore
	statEigen
	statGeo
	numStats
)

// replicates holds every statistic of every resample: v[s][k*n+i].
type replicates struct {
	n, resamples                   int
	v                              [numStats][]float64
	regularised, failed, ahpFailed int
}

// bootConfig is what a resample needs besides the data.
type bootConfig struct {
	bt     BTOptions // with defaults
	ref    int       // reference item or -1
	score  ScoreMethod
	ahp    AHPOptions // with defaults
	start  []float64  // Newton starting point: the full-data estimate
	fit    btFit      // the full-data fit, for respondent-level intervals
	counts []float64  // the full-data win matrix (n×n)
}

// bootstrap runs opts.Resamples resamples; stream separates the random
// streams of groups compared with each other.
func (rs *respondents) bootstrap(cfg bootConfig, opts BootstrapOptions, stream uint64) *replicates {
	n, R := rs.n, opts.Resamples
	reps := &replicates{n: n, resamples: R}
	for s := range reps.v {
		reps.v[s] = make([]float64, R*n)
	}
	flags := make([]uint8, R)
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, R))
	var next, done atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			bw := newBootWorker(rs)
			for k := int(next.Add(1) - 1); k < R; k = int(next.Add(1) - 1) {
				if opts.Cancelled != nil && opts.Cancelled() {
					for st := range reps.v {
						fillNaN(reps.v[st][k*n : (k+1)*n])
					}
					flags[k] = flagFailed
					continue
				}
				rng := rand.New(rand.NewPCG(opts.Seed, uint64(k)<<1|stream))
				flags[k] = bw.resample(rs, cfg, rng, reps, k)
				if opts.Progress != nil {
					opts.Progress(int(done.Add(1)), R)
				}
			}
		})
	}
	wg.Wait()
	for _, f := range flags {
		reps.regularised += int(f & flagRegularised)
		reps.failed += int(f&flagFailed) >> 1
		reps.ahpFailed += int(f&flagAHPFailed) >> 2
	}
	return reps
}

const (
	flagRegularised = 1 << iota
	flagFailed
	flagAHPFailed
)

// bootWorker holds one goroutine's scratch space.
type bootWorker struct {
	weight                 []int32
	w, lrSum, lrCount, mat []float64
	fit                    *btFitter
	b                      []float64
}

func newBootWorker(rs *respondents) *bootWorker {
	n := rs.n
	return &bootWorker{
		weight: make([]int32, len(rs.ids)), w: make([]float64, n*n),
		lrSum: make([]float64, n*n), lrCount: make([]float64, n*n), mat: make([]float64, n*n),
		fit: newBTFitter(n), b: make([]float64, n),
	}
}

// resample draws one resample, records its statistics at position k and
// returns its flags.
func (bw *bootWorker) resample(rs *respondents, cfg bootConfig, rng *rand.Rand, reps *replicates, k int) (flags uint8) {
	n, R := rs.n, len(rs.ids)
	clear(bw.weight)
	for range R {
		bw.weight[rng.IntN(R)]++
	}
	rs.sums(bw.weight, bw.w, bw.lrSum, bw.lrCount)
	out := func(s int) []float64 { return reps.v[s][k*n : (k+1)*n] }

	pseudo := 0.0
	if !stronglyConnected(bw.w, n) {
		pseudo, flags = cfg.bt.Pseudo, flagRegularised
	}
	copy(bw.fit.beta, cfg.start)
	bw.fit.load(bw.w, pseudo)
	if _, ok, err := bw.fit.fit(cfg.bt.Tolerance, cfg.bt.MaxIter); err != nil || !ok {
		flags |= flagFailed
		for _, s := range []int{statLog, statShare, statScore} {
			fillNaN(out(s))
		}
	} else {
		shift := centre(bw.fit.beta, cfg.ref)
		for i, x := range bw.fit.beta {
			out(statLog)[i] = x - shift
		}
		for i, s := range sharesOf(bw.fit.beta) {
			out(statShare)[i] = 100 * s
		}
		if cfg.score == ScoreCounts {
			countScores(bw.w, n, out(statScore))
		} else {
			btScores(bw.fit.beta, out(statScore))
		}
	}

	complete := groupMatrix(bw.lrSum, bw.lrCount, bw.mat, n)
	eig, geo, _, err := priorities(bw.mat, n, complete, nil, cfg.ahp)
	if err != nil {
		flags |= flagAHPFailed
		fillNaN(out(statEigen))
		fillNaN(out(statGeo))
		return flags
	}
	copy(out(statEigen), eig)
	copy(out(statGeo), geo)
	return flags
}

// centre returns the value subtracted from log-strengths to report them:
// b_ref, or the mean when ref < 0.
func centre(b []float64, ref int) float64 {
	if ref >= 0 {
		return b[ref]
	}
	s := 0.0
	for _, x := range b {
		s += x
	}
	return s / float64(len(b))
}

func fillNaN(x []float64) {
	for i := range x {
		x[i] = math.NaN()
	}
}

// column returns statistic s of item i over all resamples, NaNs dropped.
func (r *replicates) column(s, i int) []float64 {
	col := make([]float64, 0, r.resamples)
	for k := range r.resamples {
		if x := r.v[s][k*r.n+i]; !math.IsNaN(x) {
			col = append(col, x)
		}
	}
	return col
}

// result summarises the replicates as percentile intervals.
func (r *replicates) result(items []string, respondents int, opts BootstrapOptions) *BootstrapResult {
	res := &BootstrapResult{
		Resamples: r.resamples, Respondents: respondents, Seed: opts.Seed, Level: opts.Level,
		Regularised: r.regularised, Failed: r.failed, AHPFailed: r.ahpFailed,
		Items: make([]BootstrapItem, r.n),
	}
	for i, id := range items {
		iv := func(s int) Interval { return percentileInterval(r.column(s, i), opts.Level) }
		res.Items[i] = BootstrapItem{
			ID: id, LogStrength: iv(statLog), Share: iv(statShare), Score: iv(statScore),
			PriorityEigen: iv(statEigen), PriorityGeomean: iv(statGeo),
		}
	}
	return res
}

// percentileInterval returns the (1-level)/2 and (1+level)/2 sample
// quantiles of x (linear interpolation between order statistics, R's type
// 7); it sorts x.
func percentileInterval(x []float64, level float64) Interval {
	if len(x) == 0 {
		return Interval{math.NaN(), math.NaN()}
	}
	slices.Sort(x)
	return Interval{quantile(x, (1-level)/2), quantile(x, (1+level)/2)}
}

func quantile(sorted []float64, p float64) float64 {
	h := float64(len(sorted)-1) * p
	lo := int(math.Floor(h))
	if lo+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}
