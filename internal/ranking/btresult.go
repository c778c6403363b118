package ranking

import "math"

// BTItem is one item's Bradley–Terry estimate.
type BTItem struct {
	ID string
	// LogStrength is b_i, relative to the reference item or centred to sum
	// to zero (see BTOptions.Reference); SE is its standard error in the same
	// parameterisation (0 for the reference item).
	LogStrength, SE float64
	// LogCILow and LogCIHigh are the Wald interval b_i ± z·SE (z the t
	// quantile with BTResult.DF degrees of freedom when DF > 0).
	LogCILow, LogCIHigh float64
	// Share is the relative value 100·exp(b_i)/Σ exp(b_k); the shares of all
	// items sum to 100 and do not depend on the parameterisation.
	Share float64
	// CILow and CIHigh bound Share (percent): a Wald interval on the logit of
	// the share, mapped back, so it always lies within 0–100.
	CILow, CIHigh float64
	// Wins and Losses are the item's total (fractional) wins and losses.
	Wins, Losses float64
}

// BTResult is a Bradley–Terry fit.
type BTResult struct {
	Items []BTItem
	// Reference is the item fixed at 0, empty for sum-to-zero.
	Reference string
	// LogLikelihood is Σ w_ij log P(i beats j) over the data (without
	// binomial coefficients and without the virtual regularisation terms).
	LogLikelihood float64
	// Deviance is the residual deviance against the saturated model with one
	// probability per compared pair.
	Deviance   float64
	Iterations int
	Converged  bool
	// Regularised is set when the MLE did not exist and the documented
	// regularisation was used; Existence says why.
	Regularised bool
	Existence   Existence
	// Level is the confidence level of the intervals.
	Level float64
	// CIMethod names how SE, Cov and the intervals were computed:
	// CIMethodModel (the Fisher information, what FitBT gives) or
	// CIMethodSandwich (respondents as clusters, see Rank).
	CIMethod string
	// DF is the degrees of freedom of the t quantile the intervals use
	// (respondents − 1 for CIMethodSandwich); 0 means the normal quantile.
	DF float64
	// Cov is the covariance matrix of the log-strengths in the reported
	// parameterisation (n×n, in item order).
	Cov [][]float64
	// Judgments and Skipped are copied from the counts.
	Judgments, Skipped int
}

// newBTResult reports estimates beta with covariance cov (both in the
// fitter's parameterisation) relative to item ref, or centred when ref < 0.
// Intervals use the t quantile with df degrees of freedom (0: normal).
func newBTResult(c *Counts, beta, cov []float64, ref int, level, df float64) BTResult {
	n := c.N()
	b, v := reparameterise(beta, cov, n, ref)
	shares := sharesOf(b)
	z := tQuantile(level, df)
	res := BTResult{
		Items: make([]BTItem, n), Level: level, Cov: make([][]float64, n),
		Judgments: c.Judgments(), Skipped: c.Skipped(), CIMethod: CIMethodModel, DF: df,
	}
	if df > 0 {
		res.CIMethod = CIMethodSandwich
	}
	if ref >= 0 {
		res.Reference = c.items[ref]
	}
	for i := range n {
		res.Cov[i] = v[i*n : (i+1)*n : (i+1)*n]
		se := math.Sqrt(max(v[i*n+i], 0))
		if i == ref {
			se = 0
		}
		lo, hi := shareInterval(i, shares, v, z)
		wins, losses := c.Total(i)
		res.Items[i] = BTItem{
			ID: c.items[i], LogStrength: b[i], SE: se,
			LogCILow: b[i] - z*se, LogCIHigh: b[i] + z*se,
			Share: 100 * shares[i], CILow: 100 * lo, CIHigh: 100 * hi,
			Wins: wins, Losses: losses,
		}
	}
	res.LogLikelihood, res.Deviance = likelihood(c, b)
	return res
}

// reparameterise maps estimates and covariance to b_i - b_ref (ref >= 0) or
// b_i - mean(b) (ref < 0). Both are linear contrasts, so any covariance that
// is right for contrasts (pinned or anchored by the virtual item) will do.
func reparameterise(beta, cov []float64, n, ref int) (b, v []float64) {
	b = make([]float64, n)
	v = make([]float64, n*n)
	// centre[i] is the weight vector c_i with new b_i = Σ_k c_ik beta_k, so
	// new cov_ij = Σ cov_kl c_ik c_jl, expanded by hand below.
	row := make([]float64, n) // Σ_l cov_il · (ref weights)
	var corner float64
	if ref >= 0 {
		for i := range n {
			row[i] = cov[i*n+ref]
		}
		corner = cov[ref*n+ref]
	} else {
		for i := range n {
			for l := range n {
				row[i] += cov[i*n+l]
			}
			row[i] /= float64(n)
			corner += row[i]
		}
		corner /= float64(n)
	}
	shift := 0.0
	if ref >= 0 {
		shift = beta[ref]
	} else {
		for _, x := range beta {
			shift += x
		}
		shift /= float64(n)
	}
	for i := range n {
		b[i] = beta[i] - shift
		for j := range n {
			v[i*n+j] = cov[i*n+j] - row[i] - row[j] + corner
		}
	}
	return b, v
}

// sharesOf returns exp(b_i)/Σ exp(b_k), computed without overflow.
func sharesOf(b []float64) []float64 {
	top := math.Inf(-1)
	for _, x := range b {
		top = max(top, x)
	}
	s := make([]float64, len(b))
	sum := 0.0
	for i, x := range b {
		s[i] = math.Exp(x - top)
		sum += s[i]
	}
	for i := range s {
		s[i] /= sum
	}
	return s
}

// shareInterval is the delta-method interval for share i on the logit scale:
// logit s_i = b_i - log Σ_{k≠i} exp(b_k) has gradient h_i = 1 and
// h_k = -s_k/(1-s_i), so Var = hᵀ V h.
func shareInterval(i int, s, v []float64, z float64) (lo, hi float64) {
	n := len(s)
	h := make([]float64, n)
	for k := range n {
		h[k] = -s[k] / (1 - s[i])
	}
	h[i] = 1
	return logitInterval(s[i], quadForm(h, v), z)
}

// logitInterval maps p and the variance of logit(p) to a Wald interval on the
// logit scale, back-transformed into (0, 1).
func logitInterval(p, varLogit, z float64) (lo, hi float64) {
	if p <= 0 || p >= 1 {
		return p, p
	}
	half := z * math.Sqrt(max(varLogit, 0))
	l := logit(p)
	return logistic(l - half), logistic(l + half)
}

// quadForm returns hᵀ V h for the n×n row-major V.
func quadForm(h, v []float64) float64 {
	n := len(h)
	q := 0.0
	for k := range n {
		if h[k] == 0 {
			continue
		}
		row := 0.0
		for l := range n {
			row += v[k*n+l] * h[l]
		}
		q += h[k] * row
	}
	return q
}

// likelihood returns the log-likelihood kernel of the data at b and the
// residual deviance against one free probability per compared pair.
func likelihood(c *Counts, b []float64) (ll, dev float64) {
	n := c.N()
	for i := range n {
		for j := i + 1; j < n; j++ {
			wij, wji := c.Wins(i, j), c.Wins(j, i)
			if wij+wji == 0 {
				continue
			}
			d := b[i] - b[j]
			ll += wij*logLogistic(d) + wji*logLogistic(-d)
			tot := wij + wji
			dev += 2 * (xlogy(wij, wij/(tot*logistic(d))) + xlogy(wji, wji/(tot*logistic(-d))))
		}
	}
	return ll, dev
}

// xlogy is x·log(y) with 0·log(anything) = 0.
func xlogy(x, y float64) float64 {
	if x == 0 {
		return 0
	}
	return x * math.Log(y)
}
