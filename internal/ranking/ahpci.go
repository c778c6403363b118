package ranking

import "math"

// ahpIntervals adds respondent-level intervals to res, the AHP of the group
// matrix of rs (AIJ: per pair, the mean over respondents of their
// log-ratios). Each pair's mean m_ij moves by (lr_r − m_ij)/N_ij when
// respondent r's log-ratio lr_r is added, so a respondent's influence on
// the log-priorities is linear in these terms: exactly for the geometric-mean
// (least-squares) priorities, x = L⁺r with L the Laplacian of the compared
// pairs and r_i = Σ_j m_ij, and to first order for the eigenvector
// priorities, through their Jacobian with respect to m (central
// differences). The covariance of the log-priorities is the sum of the
// respondents' influence outer products (with g/(g−1)), and each priority's
// interval is a t interval on its logit, as for shares.
func (rs *respondents) ahpIntervals(res *AHPResult, level float64, opts AHPOptions) {
	n, g := rs.n, len(rs.ids)
	if g < 2 {
		return
	}
	w, lrSum, lrCount := make([]float64, n*n), make([]float64, n*n), make([]float64, n*n)
	rs.sums(nil, w, lrSum, lrCount)
	m := make([]float64, n*n)
	var pairs []int
	lap := make([]float64, n*n)
	for i := range n {
		for j := i + 1; j < n; j++ {
			k := i*n + j
			if lrCount[k] == 0 {
				continue
			}
			m[k] = lrSum[k] / lrCount[k]
			pairs = append(pairs, k)
			lap[i*n+i]++
			lap[j*n+j]++
			lap[i*n+j]--
			lap[j*n+i]--
		}
	}
	for k := range n { // pin item 0
		lap[k], lap[k*n] = 0, 0
	}
	lap[0] = 1
	linv, err := invertSPD(lap, n)
	if err != nil {
		return // disconnected: AHP itself was not computed
	}
	linv[0] = 0
	delta := func(r, e int) float64 {
		k := int(rs.pair[e])
		return (rs.lr[e] - m[k]) / lrCount[k]
	}
	geo := newClusterScores(n, g)
	for r := range g {
		if rs.start[r+1] > rs.start[r] {
			geo.clusters++
		}
		u := geo.row(r)
		for e := rs.start[r]; e < rs.start[r+1]; e++ {
			k := int(rs.pair[e])
			d := delta(r, e)
			u[k/n] += d
			u[k%n] -= d
		}
	}
	if geo.clusters < 2 {
		return
	}
	covGeo := sandwich(linv, geo.meat(), n)

	jac := eigenJacobian(m, pairs, n, res.Complete, opts) // n × len(pairs)
	col := make(map[int]int, len(pairs))
	for c, k := range pairs {
		col[k] = c
	}
	eig := newClusterScores(n, g)
	eig.clusters = geo.clusters
	np := len(pairs)
	for r := range g {
		u := eig.row(r)
		for e := rs.start[r]; e < rs.start[r+1]; e++ {
			c := col[int(rs.pair[e])]
			d := delta(r, e)
			for i := range n {
				u[i] += jac[i*np+c] * d
			}
		}
	}
	covEig := eig.meat()

	df := geo.df()
	z := tQuantile(level, df)
	pe, pg := make([]float64, n), make([]float64, n)
	for i, it := range res.Items {
		pe[i], pg[i] = it.PriorityEigen, it.PriorityGeomean
	}
	for i := range res.Items {
		it := &res.Items[i]
		it.EigenCILow, it.EigenCIHigh = shareInterval(i, pe, covEig, z)
		it.GeomeanCILow, it.GeomeanCIHigh = shareInterval(i, pg, covGeo, z)
	}
	res.HasCI, res.CIMethod, res.Level, res.DF = true, CIMethodSandwich, level, df
}

// eigenJacobian returns d log w_i / d m_k (n × len(pairs), row-major) for
// the eigenvector priorities w of the matrix with log-ratios m.
func eigenJacobian(m []float64, pairs []int, n int, complete bool, opts AHPOptions) []float64 {
	const h = 1e-4
	np := len(pairs)
	jac := make([]float64, n*np)
	a := make([]float64, n*n)
	logEigen := func() []float64 {
		for i := range n {
			a[i*n+i] = 1
			for j := i + 1; j < n; j++ {
				a[i*n+j], a[j*n+i] = 0, 0
			}
		}
		for _, k := range pairs {
			i, j := k/n, k%n
			a[i*n+j], a[j*n+i] = math.Exp(m[k]), math.Exp(-m[k])
		}
		if !complete {
			harker(a, n)
		}
		w, _, _, _ := principalEigen(a, n, opts.Tolerance, opts.MaxIter)
		for i := range w {
			w[i] = math.Log(w[i])
		}
		return w
	}
	for c, k := range pairs {
		m0 := m[k]
		m[k] = m0 + h
		up := logEigen()
		m[k] = m0 - h
		down := logEigen()
		m[k] = m0
		for i := range n {
			jac[i*np+c] = (up[i] - down[i]) / (2 * h)
		}
	}
	return jac
}
