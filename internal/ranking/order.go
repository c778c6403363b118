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
	if in.position == nil {
		return BTResult{}, OrderEffect{}, ErrNoPositions
	}
	c := in.Counts
	n := c.N()
	if n < 2 {
		return BTResult{}, OrderEffect{}, fmt.Errorf("ranking: bradley-terry: %d items: %w", n, ErrTooFewItems)
	}
	opts = opts.withDefaults()
	ref, err := referenceIndex(c.index, opts.Reference)
	if err != nil {
		return BTResult{}, OrderEffect{}, err
	}
	ex := CheckExistence(c)
	pseudo := 0.0
	if !ex.Exists {
		if opts.NoRegularisation {
			return BTResult{}, OrderEffect{}, fmt.Errorf("ranking: %w", ErrNoMLE)
		}
		pseudo = opts.Pseudo
	}
	f := newOrderFitter(n, in.position, pseudo)
	iters, converged, err := f.fit(opts.Tolerance, opts.MaxIter)
	if err != nil {
		return BTResult{}, OrderEffect{}, err
	}
	f.derivatives()
	cov, err := invertSPD(f.info, f.m)
	if err != nil {
		return BTResult{}, OrderEffect{}, fmt.Errorf("ranking: order effect: information matrix: %w", err)
	}
	items := make([]float64, n*n) // the items' block of cov
	for i := range n {
		copy(items[i*n:(i+1)*n], cov[i*f.m:i*f.m+n])
	}
	if pseudo == 0 {
		items[0] = 0
	}
	res := newBTResult(c, f.beta[:n], items, ref, opts.Level, 0)
	res.Iterations, res.Converged = iters, converged
	res.Regularised, res.Existence = !ex.Exists, ex
	res.LogLikelihood, res.Deviance = f.likelihood()
	d, se := f.beta[n], math.Sqrt(max(cov[n*f.m+n], 0))
	z := normalQuantile(opts.Level)
	return res, OrderEffect{LogOdds: d, SE: se, CILow: d - z*se, CIHigh: d + z*se}, nil
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
	if f.pseudo > 0 {
		for i, x := range b[:n] {
			pr := logistic(x)
			f.grad[i] += f.pseudo * (0.5 - pr)
			f.info[i*m+i] += f.pseudo * pr * (1 - pr)
		}
		return
	}
	for k := range m {
		f.info[k] = 0
		f.info[k*m] = 0
	}
	f.info[0] = 1
	f.grad[0] = 0
}

// fit runs Newton's method with step halving from f.beta.
func (f *orderFitter) fit(tol float64, maxIter int) (iters int, converged bool, err error) {
	iters, converged, err = f.run(f.objective, f.derivatives, tol, maxIter)
	if err != nil {
		err = fmt.Errorf("ranking: order effect: newton step: %w", err)
	}
	return iters, converged, err
}
