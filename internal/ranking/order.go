package ranking

import (
	"errors"
	"fmt"
	"math"
)

// OrderEffect is the first-position term δ of a Bradley–Terry fit with an
// order effect: logit P(the item shown first is preferred) = b_first −
// b_second + δ, the home-advantage term of R's BTm. LogOdds is δ (positive
// favours the item shown first), SE its standard error from the observed
// Fisher information and CILow–CIHigh the Wald interval δ ± z·SE.
type OrderEffect struct {
	LogOdds, SE, CILow, CIHigh float64
}

// positionWins are the wins of a tallied judgments file by the position the
// items were shown in: first[a*n+b] is what a won when shown first against
// b, second[a*n+b] what b won in those same judgments.
type positionWins struct {
	first, second []float64
}

// ErrNoPositions reports FitBTOrder on an input that does not record which
// item was shown first (anything but judgments read by ReadTallied).
var ErrNoPositions = errors.New("ranking: order effect: the input does not say which item was shown first (needs judgments read by ReadTallied)")

// FitBTOrder fits the Bradley–Terry model with a first-position term (see
// OrderEffect) to judgments read by ReadTallied, whose column a is the item
// shown first. Graded values become wins exactly as for FitBT on in.Counts
// (LinearWins on in.Steps), so without an order effect in the data the items
// come out as FitBT's. Items, intervals and regularisation are as FitBT
// reports them; LogLikelihood is that of the model with δ, and Deviance is
// against the saturated model with one probability per ordered pair.
func FitBTOrder(in *Input, opts BTOptions) (BTResult, OrderEffect, error) {
	f, cov, err := fitOrder(in, &opts)
	if err != nil {
		return BTResult{}, OrderEffect{}, err
	}
	res, oe := f.result(in.Counts, cov, opts, 0)
	return res, oe, nil
}

// FitBTOrderRespondent is FitBTOrder with respondent-level (cluster-robust)
// intervals for the items and the order effect, as Rank's default: it needs
// judgments read with TallyOptions.Keep. With fewer than two respondents it
// is FitBTOrder (BTResult.CIMethod says which).
func FitBTOrderRespondent(in *Input, opts BTOptions) (BTResult, OrderEffect, error) {
	if in.kept == nil {
		return BTResult{}, OrderEffect{}, ErrNotKept
	}
	f, cov, err := fitOrder(in, &opts)
	if err != nil {
		return BTResult{}, OrderEffect{}, err
	}
	g := len(in.kept.respondents)
	if g < 2 {
		res, oe := f.result(in.Counts, cov, opts, 0)
		return res, oe, nil
	}
	scale, err := Scale{Steps: in.Steps}.withDefaults()
	if err != nil {
		return BTResult{}, OrderEffect{}, err
	}
	n, m, b := f.n, f.m, f.beta
	cs := newClusterScores(m, g)
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
			return BTResult{}, OrderEffect{}, fmt.Errorf("ranking: %w", err)
		}
		wa, wb := scale.wins(j.value, x)
		first, second := int(j.a), int(j.b)
		gr := wa - (wa+wb)*logistic(b[first]-b[second]+b[n])
		u := cs.row(int(j.respondent))
		u[first] += gr
		u[second] -= gr
		u[n] += gr
	}
	if cs.clusters < 2 {
		res, oe := f.result(in.Counts, cov, opts, 0)
		return res, oe, nil
	}
	res, oe := f.result(in.Counts, sandwich(cov, cs.meat(), m), opts, cs.df())
	return res, oe, nil
}

// fitOrder fits the model with an order effect and returns the fitter at
// the estimate and the inverse information (m×m; row and column 0 zero
// when item 0 is pinned). opts gets its defaults.
func fitOrder(in *Input, opts *BTOptions) (*orderFitter, []float64, error) {
	if in.position == nil {
		return nil, nil, ErrNoPositions
	}
	c := in.Counts
	n := c.N()
	if n < 2 {
		return nil, nil, fmt.Errorf("ranking: bradley-terry: %d items: %w", n, ErrTooFewItems)
	}
	*opts = opts.withDefaults()
	if _, err := referenceIndex(c.index, opts.Reference); err != nil {
		return nil, nil, err
	}
	ex := CheckExistence(c)
	pseudo := 0.0
	if !ex.Exists {
		if opts.NoRegularisation {
			return nil, nil, fmt.Errorf("ranking: %w", ErrNoMLE)
		}
		pseudo = opts.Pseudo
	}
	f := newOrderFitter(n, in.position, pseudo)
	f.ex = ex
	iters, converged, err := f.fit(opts.Tolerance, opts.MaxIter)
	if err != nil {
		return nil, nil, err
	}
	f.iters, f.converged = iters, converged
	f.derivatives()
	cov, err := invertSPD(f.info, f.m)
	if err != nil {
		return nil, nil, fmt.Errorf("ranking: order effect: information matrix: %w", err)
	}
	if pseudo == 0 {
		cov[0] = 0
	}
	return f, cov, nil
}

// result reports the fit with covariance cov (m×m) and t intervals with df
// degrees of freedom (0: normal).
func (f *orderFitter) result(c *Counts, cov []float64, opts BTOptions, df float64) (BTResult, OrderEffect) {
	n := f.n
	ref, _ := referenceIndex(c.index, opts.Reference)
	items := make([]float64, n*n) // the items' block of cov
	for i := range n {
		copy(items[i*n:(i+1)*n], cov[i*f.m:i*f.m+n])
	}
	res := newBTResult(c, f.beta[:n], items, ref, opts.Level, df)
	res.Iterations, res.Converged = f.iters, f.converged
	res.Regularised, res.Existence = !f.ex.Exists, f.ex
	res.LogLikelihood, res.Deviance = f.likelihood()
	d, se := f.beta[n], math.Sqrt(max(cov[n*f.m+n], 0))
	z := tQuantile(opts.Level, df)
	return res, OrderEffect{LogOdds: d, SE: se, CILow: d - z*se, CIHigh: d + z*se}
}

// orderFitter maximises the log-likelihood of Bradley–Terry with a
// first-position term by Newton's method, like btFitter: m = n+1
// parameters, the n log-strengths and δ last. Without regularisation item 0
// is held at 0.
type orderFitter struct {
	n, m   int
	pairs  []btPair // i shown first, j second; wij what i won, wji what j won
	pseudo float64
	newton // m parameters; info is the m×m observed information
	// what the fit found, for its result
	ex        Existence
	iters     int
	converged bool
}

func newOrderFitter(n int, pos *positionWins, pseudo float64) *orderFitter {
	m := n + 1
	f := &orderFitter{n: n, m: m, pseudo: pseudo, newton: newNewton(m)}
	for i := range n {
		for j := range n {
			if w1, w2 := pos.first[i*n+j], pos.second[i*n+j]; w1+w2 > 0 {
				f.pairs = append(f.pairs, btPair{i, j, w1, w2})
			}
		}
	}
	return f
}

// objective is the (penalised, when regularised) log-likelihood at b.
func (f *orderFitter) objective(b []float64) float64 {
	ll, delta := 0.0, b[f.n]
	for _, p := range f.pairs {
		d := b[p.i] - b[p.j] + delta
		l := logLogistic(d)
		ll += p.wij*l + p.wji*(l-d)
	}
	if f.pseudo > 0 {
		for _, x := range b[:f.n] {
			ll += f.pseudo / 2 * (2*logLogistic(x) - x)
		}
	}
	return ll
}

// likelihood returns the log-likelihood at f.beta and the deviance against
// one probability per ordered pair.
func (f *orderFitter) likelihood() (ll, dev float64) {
	sat := 0.0
	for _, p := range f.pairs {
		d := f.beta[p.i] - f.beta[p.j] + f.beta[f.n]
		l := logLogistic(d)
		ll += p.wij*l + p.wji*(l-d)
		t := p.wij + p.wji
		sat += xlogy(p.wij, p.wij/t) + xlogy(p.wji, p.wji/t)
	}
	return ll, 2 * (sat - ll)
}

// derivatives fills grad and info at f.beta, item 0 pinned when not
// regularised.
func (f *orderFitter) derivatives() {
	n, m, b := f.n, f.m, f.beta
	clear(f.grad)
	clear(f.info)
	for _, p := range f.pairs {
		pr := logistic(b[p.i] - b[p.j] + b[n])
		g := p.wij - (p.wij+p.wji)*pr
		v := (p.wij + p.wji) * pr * (1 - pr)
		f.grad[p.i] += g
		f.grad[p.j] -= g
		f.grad[n] += g
		// v·x·xᵀ with x = e_i − e_j + e_δ.
		idx, sign := [3]int{p.i, p.j, n}, [3]float64{1, -1, 1}
		for r := range 3 {
			for c := range 3 {
				f.info[idx[r]*m+idx[c]] += sign[r] * sign[c] * v
			}
		}
	}
	anchor(f.grad, f.info, b[:n], m, f.pseudo)
}

// fit runs Newton's method with step halving from f.beta.
func (f *orderFitter) fit(tol float64, maxIter int) (iters int, converged bool, err error) {
	iters, converged, err = f.run(f.objective, f.derivatives, tol, maxIter)
	if err != nil {
		err = fmt.Errorf("ranking: order effect: newton step: %w", err)
	}
	return iters, converged, err
}
