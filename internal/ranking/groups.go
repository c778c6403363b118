package ranking

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// CompareOptions configures CompareGroups. The zero value is ready to use.
type CompareOptions struct {
	// Level is the simultaneous (family-wise) confidence level over all
	// items (default 0.95): the chance that any interval misses its true
	// difference is about 1 − Level, so the chance of marking any item
	// "clear" when no item truly differs is at most about 1 − Level.
	Level float64
	// Power is the power at which Detectable is computed (default 0.8).
	Power float64
	// Draws is the number of simulated draws for the critical value
	// (default DefaultDraws); Seed seeds them, so results are reproducible.
	Draws int
	Seed  uint64
	// BT configures the Bradley–Terry fits of the two groups (Level is
	// ignored).
	BT BTOptions
}

// DefaultDraws is the number of draws CompareGroups simulates for the
// simultaneous critical value: its Monte Carlo error is then about 0.014
// (docs/ranking.md).
const DefaultDraws = 20000

// CompareMethod names CompareGroups' method in GroupComparison.Method.
const CompareMethod = "respondent-sandwich-maxt"

// GroupComparison is the result of CompareGroups: per item, the difference
// in Bradley–Terry share (points of 100) between groups A and B, with
// simultaneous intervals.
type GroupComparison struct {
	A, B   string // B may be Rest
	Method string // CompareMethod
	Level  float64
	// Critical is the simultaneous critical value c: the Level quantile of
	// max_i |T_i| under no difference, where T is multivariate t (DF
	// degrees of freedom) with the differences' correlation.
	Critical float64
	DF       float64
	// RespondentsA and RespondentsB count the groups' respondents, Shared
	// those in both (0 against Rest).
	RespondentsA, RespondentsB, Shared int
	Items                              []GroupDiff
	// Warnings says when a group's fit needed regularisation.
	Warnings []string
}

// GroupDiff is one item's difference between two groups.
type GroupDiff struct {
	ID string
	// ShareA and ShareB are the groups' shares; Difference = ShareA − ShareB
	// (share points) and SE its respondent-level standard error.
	ShareA, ShareB, Difference, SE float64
	// CILow–CIHigh is the simultaneous interval Difference ± Critical·SE,
	// cut to −100…100 (a difference of shares cannot lie outside).
	CILow, CIHigh float64
	// Clear is set when the simultaneous interval excludes 0.
	Clear bool
	// Detectable is the smallest true difference (share points, either
	// sign) this comparison marks clear with probability Power:
	// (Critical + z_Power)·SE.
	Detectable float64
}

func (o CompareOptions) withDefaults() CompareOptions {
	if o.Level <= 0 || o.Level >= 1 {
		o.Level = DefaultLevel
	}
	if o.Power <= 0 || o.Power >= 1 {
		o.Power = 0.8
	}
	if o.Draws <= 0 {
		o.Draws = DefaultDraws
	}
	return o
}

// CompareGroups compares the shares of group a with those of group b, or
// with the rest of the sample when b is Rest (never with a set that
// contains a: that is ErrNestedGroups). Both groups are fitted separately;
// each respondent's influence on the difference of shares (their score
// vector through each group's fit, for a respondent in both groups the
// difference of the two) gives the covariance of the differences jointly,
// so overlapping groups are handled exactly like disjoint ones. An item is
// marked clear only when its simultaneous interval excludes 0.
func (s *Sample) CompareGroups(a, b string, opts CompareOptions) (GroupComparison, error) {
	opts = opts.withDefaults()
	inA, err := s.selector(a)
	if err != nil {
		return GroupComparison{}, err
	}
	var inB func(int) bool
	if b == Rest {
		inB = func(r int) bool { return !inA(r) }
	} else if inB, err = s.selector(b); err != nil {
		return GroupComparison{}, err
	}
	if a == b {
		return GroupComparison{}, fmt.Errorf("ranking: compare %q with itself: %w", a, ErrNestedGroups)
	}
	gc := GroupComparison{A: a, B: b, Method: CompareMethod, Level: opts.Level}
	onlyA, onlyB := 0, 0
	for r := range s.rs.ids {
		x, y := inA(r), inB(r)
		if x {
			gc.RespondentsA++
		}
		if y {
			gc.RespondentsB++
		}
		switch {
		case x && y:
			gc.Shared++
		case x:
			onlyA++
		case y:
			onlyB++
		}
	}
	if onlyA == 0 || onlyB == 0 {
		return GroupComparison{}, fmt.Errorf("ranking: compare %q with %q: %w", a, b, ErrNestedGroups)
	}
	if gc.RespondentsA < 2 || gc.RespondentsB < 2 {
		return GroupComparison{}, fmt.Errorf("ranking: compare %q (%d) with %q (%d): %w", a, gc.RespondentsA, b, gc.RespondentsB, ErrTooFewRespondents)
	}
	n := len(s.items)
	infl := make([]float64, len(s.rs.ids)*n) // per sample respondent: influence on A − B
	shares := [2][]float64{}
	for side, in := range []func(int) bool{inA, inB} {
		sh, warn, err := s.shareInfluence(s.view(in), opts.BT, infl, 1-2*float64(side))
		if err != nil {
			return GroupComparison{}, fmt.Errorf("ranking: compare: group %q: %w", []string{a, b}[side], err)
		}
		shares[side] = sh
		if warn != "" {
			gc.Warnings = append(gc.Warnings, fmt.Sprintf("group %q: %s", []string{a, b}[side], warn))
		}
	}
	cov := make([]float64, n*n)
	for r := range s.rs.ids {
		u := infl[r*n : (r+1)*n]
		for i, x := range u {
			if x == 0 {
				continue
			}
			for j := i; j < n; j++ {
				cov[i*n+j] += x * u[j]
			}
		}
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			cov[j*n+i] = cov[i*n+j]
		}
	}
	gc.DF = float64(min(gc.RespondentsA, gc.RespondentsB) - 1)
	gc.Critical = maxTCritical(cov, n, gc.DF, opts)
	zPow := normalQuantile(2*opts.Power - 1)
	for i, id := range s.items {
		d := shares[0][i] - shares[1][i]
		se := math.Sqrt(max(cov[i*n+i], 0))
		half := gc.Critical * se
		gc.Items = append(gc.Items, GroupDiff{
			ID: id, ShareA: shares[0][i], ShareB: shares[1][i], Difference: d, SE: se,
			CILow: max(d-half, -100), CIHigh: min(d+half, 100), Clear: d-half > 0 || d+half < 0,
			Detectable: (gc.Critical + zPow) * se,
		})
	}
	return gc, nil
}

// shareInfluence fits Bradley–Terry to the respondents rs and adds sign
// times each respondent's influence on the shares (share points, centred
// within the group, with the factor sqrt(G/(G−1)), G its respondents with
// judgments) to infl at the
// respondent's sample position. It returns the shares (points).
func (s *Sample) shareInfluence(rs *respondents, bt BTOptions, infl []float64, sign float64) ([]float64, string, error) {
	n := rs.n
	c, err := NewCounts(s.items)
	if err != nil {
		return nil, "", err
	}
	w := make([]float64, n*n)
	rs.sums(nil, w, make([]float64, n*n), make([]float64, n*n))
	c.w = w
	c.AddJudgments(rs.judgments, rs.skipped)
	res, fit, err := fitBT(c, bt)
	if err != nil {
		return nil, "", err
	}
	warn := ""
	if res.Regularised {
		warn = "bradley-terry regularised: " + fmt.Sprint(res.Existence.Reasons())
	}
	g := len(rs.ids)
	cs := newClusterScores(n, g)
	rs.btScores(fit.beta, cs)
	if cs.clusters < 2 {
		return nil, "", fmt.Errorf("%d respondents with judgments: %w", cs.clusters, ErrTooFewRespondents)
	}
	sh := sharesOf(fit.beta)
	// M = 100·(diag(s) − s sᵀ)·H⁻¹ maps a score vector to share points.
	m := make([]float64, n*n)
	for i := range n {
		for k := range n {
			v := 0.0
			for j := range n {
				jac := -sh[i] * sh[j]
				if i == j {
					jac += sh[i]
				}
				v += jac * fit.hinv[j*n+k]
			}
			m[i*n+k] = 100 * v
		}
	}
	gc := float64(cs.clusters)
	mean := make([]float64, n)
	for r := range g {
		for i, x := range cs.row(r) {
			mean[i] += x / gc
		}
	}
	f := sign * math.Sqrt(gc/(gc-1))
	u := make([]float64, n)
	for r := range g {
		if rs.start[r+1] == rs.start[r] {
			continue // no judgments: no influence
		}
		row := cs.row(r)
		for k := range n {
			u[k] = row[k] - mean[k]
		}
		dst := infl[int(rs.orig[r])*n:]
		for i := range n {
			v := 0.0
			for k, x := range u {
				v += m[i*n+k] * x
			}
			dst[i] += f * v
		}
	}
	for i := range sh {
		sh[i] *= 100
	}
	return sh, warn, nil
}

// maxTCritical returns the opts.Level quantile of max_i |T_i| for T
// multivariate t with df degrees of freedom and the correlation of cov,
// over items with positive variance, by opts.Draws seeded draws.
func maxTCritical(cov []float64, n int, df float64, opts CompareOptions) float64 {
	var idx []int
	for i := range n {
		if cov[i*n+i] > 0 {
			idx = append(idx, i)
		}
	}
	m := len(idx)
	if m == 0 {
		return tQuantile(opts.Level, df)
	}
	corr := make([]float64, m*m)
	for a, i := range idx {
		for b, j := range idx {
			corr[a*m+b] = cov[i*n+j] / math.Sqrt(cov[i*n+i]*cov[j*n+j])
		}
	}
	l := choleskyPSD(corr, m)
	rng := rand.New(rand.NewPCG(opts.Seed, 0x6d61787421))
	maxes := make([]float64, opts.Draws)
	xi, z := make([]float64, m), make([]float64, m)
	for d := range maxes {
		for k := range xi {
			xi[k] = rng.NormFloat64()
		}
		scale := 1.0
		if df > 0 && df < 1e6 {
			scale = math.Sqrt(df / chiSquare(rng, df))
		}
		top := 0.0
		for a := range m {
			v := 0.0
			for b := 0; b <= a; b++ {
				v += l[a*m+b] * xi[b]
			}
			z[a] = v
			top = max(top, math.Abs(v)*scale)
		}
		maxes[d] = top
	}
	slices.Sort(maxes)
	return quantile(maxes, opts.Level)
}

// choleskyPSD factors a positive semi-definite m×m matrix a = L Lᵀ (L lower,
// returned), setting to zero the columns whose pivot vanishes (a rank
// deficiency, as for share differences, which sum to zero).
func choleskyPSD(a []float64, m int) []float64 {
	l := make([]float64, m*m)
	for j := range m {
		d := a[j*m+j]
		for k := range j {
			d -= l[j*m+k] * l[j*m+k]
		}
		if d <= 1e-10*a[j*m+j] {
			continue
		}
		d = math.Sqrt(d)
		l[j*m+j] = d
		for i := j + 1; i < m; i++ {
			s := a[i*m+j]
			for k := range j {
				s -= l[i*m+k] * l[j*m+k]
			}
			l[i*m+j] = s / d
		}
	}
	return l
}

// chiSquare draws from χ² with df degrees of freedom: 2·Gamma(df/2), by
// Marsaglia and Tsang's method (boosted for shape < 1).
func chiSquare(rng *rand.Rand, df float64) float64 {
	return 2 * gammaDraw(rng, df/2)
}

func gammaDraw(rng *rand.Rand, shape float64) float64 {
	if shape < 1 {
		return gammaDraw(rng, shape+1) * math.Pow(rng.Float64(), 1/shape)
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := rng.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := rng.Float64()
		if u < 1-0.0331*x*x*x*x || math.Log(u) < 0.5*x*x+d*(1-v+math.Log(v)) {
			return d * v
		}
	}
}
