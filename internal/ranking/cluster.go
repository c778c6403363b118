package ranking

import (
	"fmt"
	"math"
	"runtime"
	"sync"
)

// IntervalMethod chooses how Rank computes the intervals of shares, scores
// and priorities (Options.CI).
type IntervalMethod string

// The interval methods Options.CI accepts.
const (
	// CIDefault (the zero value) means CIRespondent when the judgments come
	// from at least two respondents, CIBootstrap when
	// Options.Bootstrap.Resamples > 0, and CIModel otherwise.
	CIDefault IntervalMethod = ""
	// CIRespondent is the cluster-robust (sandwich) covariance with
	// respondents as clusters: it accounts for several judgments by the same
	// person and for graded answers (docs/ranking.md).
	CIRespondent IntervalMethod = "respondent"
	// CIModel is the Fisher information of the Bradley–Terry fit, which
	// treats every judgment as an independent binary comparison.
	CIModel IntervalMethod = "model"
	// CIBootstrap is the percentile bootstrap over respondents
	// (Options.Bootstrap.Resamples, DefaultResamples when 0).
	CIBootstrap IntervalMethod = "bootstrap"
)

// The names of the methods really used, in Result.CIMethod,
// BTResult.CIMethod and AHPResult.CIMethod, and in `vfv rank`'s ci_method.
const (
	CIMethodSandwich  = "respondent-sandwich"
	CIMethodModel     = "model"
	CIMethodBootstrap = "bootstrap"
	CIMethodNone      = "none"
)

func (m IntervalMethod) check() error {
	switch m {
	case CIDefault, CIRespondent, CIModel, CIBootstrap:
		return nil
	}
	return fmt.Errorf("ranking: interval method %q: want %q, %q or %q", m, CIRespondent, CIModel, CIBootstrap)
}

// clusterScores holds one n-vector per respondent (cluster): a score or
// influence vector U_r whose outer products, summed, estimate the variance
// of a sum over respondents.
type clusterScores struct {
	n, g int
	u    []float64 // g×n, row-major
	// clusters counts the respondents with at least one judgment (the
	// others have U_r = 0 and are no clusters): the G of the small-sample
	// factor and of the degrees of freedom. The filler of u sets it.
	clusters int
}

func newClusterScores(n, g int) *clusterScores {
	return &clusterScores{n: n, g: g, u: make([]float64, n*g)}
}

// df is the degrees of freedom of the t quantile: clusters − 1.
func (c *clusterScores) df() float64 { return float64(c.clusters - 1) }

// row returns U_r.
func (c *clusterScores) row(r int) []float64 { return c.u[r*c.n : (r+1)*c.n : (r+1)*c.n] }

// meat returns Σ_r (U_r − Ū)(U_r − Ū)ᵀ · G/(G−1) (n×n, row-major) over the
// G = c.clusters respondents with judgments, the
// cluster-robust "meat" with the usual small-sample factor (CR1 without the
// (N−1)/(N−p) term, which is negligible with many judgments). Centring is a
// no-op at an unpenalised estimate, where the scores sum to zero, and keeps
// the estimate a variance at a regularised one.
func (c *clusterScores) meat() []float64 {
	n, g := c.n, c.g
	workers := max(1, min(runtime.GOMAXPROCS(0), g/2000))
	parts := make([][]float64, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			m := make([]float64, n*n)
			nz := make([]int, 0, n)
			for r := w * g / workers; r < (w+1)*g/workers; r++ {
				u := c.row(r)
				nz = nz[:0]
				for i, x := range u {
					if x != 0 {
						nz = append(nz, i)
					}
				}
				for a, i := range nz {
					ui, row := u[i], m[i*n:(i+1)*n]
					for _, j := range nz[a:] {
						row[j] += ui * u[j]
					}
				}
			}
			parts[w] = m
		})
	}
	wg.Wait()
	m := parts[0]
	for _, p := range parts[1:] {
		for k, x := range p {
			m[k] += x
		}
	}
	mean := make([]float64, n)
	for r := range g {
		for i, x := range c.row(r) {
			mean[i] += x
		}
	}
	gc := float64(c.clusters)
	for i := range mean {
		mean[i] /= gc
	}
	f := gc / (gc - 1)
	for i := range n {
		for j := i; j < n; j++ {
			v := (m[i*n+j] - gc*mean[i]*mean[j]) * f
			m[i*n+j], m[j*n+i] = v, v
		}
	}
	return m
}

// sandwich returns A·M·Aᵀ for n×n row-major A and symmetric M.
func sandwich(a, m []float64, n int) []float64 {
	am := make([]float64, n*n)
	for i := range n {
		for k := range n {
			if x := a[i*n+k]; x != 0 {
				for j := range n {
					am[i*n+j] += x * m[k*n+j]
				}
			}
		}
	}
	out := make([]float64, n*n)
	for i := range n {
		for j := i; j < n; j++ {
			s := 0.0
			for k := range n {
				s += am[i*n+k] * a[j*n+k]
			}
			out[i*n+j], out[j*n+i] = s, s
		}
	}
	return out
}

// pairProbs returns P[i*n+j] = σ(b_i − b_j).
func pairProbs(b []float64) []float64 {
	n := len(b)
	p := make([]float64, n*n)
	for i := range n {
		for j := range n {
			p[i*n+j] = logistic(b[i] - b[j])
		}
	}
	return p
}

// btScores fills cs with each respondent's Bradley–Terry score vector at
// the estimate b (fitter parameterisation): Σ over their judged pairs of
// (w_ij − n_ij p_ij)(e_i − e_j).
func (rs *respondents) btScores(b []float64, cs *clusterScores) {
	n := rs.n
	p := pairProbs(b)
	cs.clusters = 0
	for r := range rs.ids {
		u := cs.row(r)
		if rs.start[r+1] > rs.start[r] {
			cs.clusters++
		}
		for e := rs.start[r]; e < rs.start[r+1]; e++ {
			k := int(rs.pair[e])
			i, j := k/n, k%n
			g := rs.wij[e] - (rs.wij[e]+rs.wji[e])*p[k]
			u[i] += g
			u[j] -= g
		}
	}
}

// robustBT turns a model-based fit into one with respondent-level
// (cluster-robust) covariance V = H⁻¹ M H⁻¹ from the respondents' score
// vectors in cs, and t intervals with G − 1 degrees of freedom; with fewer
// than two respondents with judgments it returns the model-based fit.
func robustBT(c *Counts, model BTResult, fit btFit, cs *clusterScores) BTResult {
	if cs.clusters < 2 {
		return model
	}
	n := c.N()
	v := sandwich(fit.hinv, cs.meat(), n)
	res := newBTResult(c, fit.beta, v, fit.ref, model.Level, cs.df())
	res.LogLikelihood, res.Deviance = model.LogLikelihood, model.Deviance
	res.Iterations, res.Converged = model.Iterations, model.Converged
	res.Regularised, res.Existence = model.Regularised, model.Existence
	return res
}

// finiteCov reports whether every entry of v is finite.
func finiteCov(v [][]float64) bool {
	for _, row := range v {
		for _, x := range row {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return false
			}
		}
	}
	return true
}

// respondentBT fits Bradley–Terry to the respondents rs and returns the
// model-based result and the respondent-level one.
func respondentBT(rs *respondents, items []string, opts BTOptions) (model, robust BTResult, err error) {
	c, err := NewCounts(items)
	if err != nil {
		return BTResult{}, BTResult{}, err
	}
	n := rs.n
	rs.sums(nil, c.w, make([]float64, n*n), make([]float64, n*n))
	c.AddJudgments(rs.judgments, rs.skipped)
	model, fit, err := fitBT(c, opts)
	if err != nil {
		return BTResult{}, BTResult{}, err
	}
	if len(rs.ids) < 2 {
		return model, model, nil
	}
	cs := newClusterScores(n, len(rs.ids))
	rs.btScores(fit.beta, cs)
	return model, robustBT(c, model, fit, cs), nil
}
