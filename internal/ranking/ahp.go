package ranking

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// Matrix is a pairwise comparison matrix in Saaty's sense: A[i][j] is how
// many times more important item i is judged than item j, A[j][i] =
// 1/A[i][j], the diagonal is 1 and 0 marks a missing comparison (an
// incomplete matrix).
type Matrix struct {
	Items []string
	A     [][]float64
}

// Errors from AHP on an unusable matrix.
var (
	ErrNotReciprocal = errors.New("matrix is not reciprocal")
	ErrDisconnected  = errors.New("comparisons do not connect all items")
)

// NewMatrix returns a matrix over items with every comparison missing.
func NewMatrix(items []string) (Matrix, error) {
	if _, err := indexItems(items); err != nil {
		return Matrix{}, err
	}
	n := len(items)
	m := Matrix{Items: slices.Clone(items), A: make([][]float64, n)}
	for i := range n {
		m.A[i] = make([]float64, n)
		m.A[i][i] = 1
	}
	return m, nil
}

// Set records that item i is ratio times as important as item j (and sets
// the reciprocal).
func (m Matrix) Set(i, j int, ratio float64) {
	m.A[i][j] = ratio
	m.A[j][i] = 1 / ratio
}

// Complete reports whether every comparison is present.
func (m Matrix) Complete() bool {
	for _, row := range m.A {
		if slices.Contains(row, 0) {
			return false
		}
	}
	return true
}

// validate checks shape, positivity and reciprocity (to 1e-6, relative).
func (m Matrix) validate() error {
	n := len(m.Items)
	if n < 2 {
		return fmt.Errorf("ranking: ahp: %d items: %w", n, ErrTooFewItems)
	}
	if len(m.A) != n {
		return fmt.Errorf("ranking: ahp: %d rows for %d items", len(m.A), n)
	}
	for i, row := range m.A {
		if len(row) != n {
			return fmt.Errorf("ranking: ahp: row %d has %d entries, want %d", i, len(row), n)
		}
		for j, a := range row {
			b := m.A[j][i]
			switch {
			case a < 0 || math.IsNaN(a) || math.IsInf(a, 0):
				return fmt.Errorf("ranking: ahp: entry %q,%q = %v: %w", m.Items[i], m.Items[j], a, ErrNotReciprocal)
			case i == j && a != 1:
				return fmt.Errorf("ranking: ahp: diagonal entry %q = %v, want 1: %w", m.Items[i], a, ErrNotReciprocal)
			case (a == 0) != (b == 0) || (a > 0 && math.Abs(a*b-1) > 1e-6):
				return fmt.Errorf("ranking: ahp: entries %q,%q = %v and %v: %w", m.Items[i], m.Items[j], a, b, ErrNotReciprocal)
			}
		}
	}
	return nil
}

// AHPOptions configures AHP. The zero value is ready to use.
type AHPOptions struct {
	// RandomIndex selects the RI table for the consistency ratio (default
	// RISaaty1980).
	RandomIndex RandomIndex
	// Tolerance stops the power iteration once no priority changes by more
	// than it (default 1e-14); MaxIter bounds it (default 10000).
	Tolerance float64
	MaxIter   int
}

func (o AHPOptions) withDefaults() AHPOptions {
	if o.RandomIndex == "" {
		o.RandomIndex = RISaaty1980
	}
	if o.Tolerance <= 0 {
		o.Tolerance = 1e-14
	}
	if o.MaxIter <= 0 {
		o.MaxIter = 10000
	}
	return o
}

// AHPItem is one item's priorities; each kind sums to 1 over the items.
type AHPItem struct {
	ID string
	// PriorityEigen is the principal right eigenvector (Harker's method for
	// an incomplete matrix).
	PriorityEigen float64
	// PriorityGeomean is the normalised row geometric mean, which is the
	// logarithmic least-squares solution; for an incomplete matrix it is the
	// logarithmic least-squares solution over the comparisons present.
	PriorityGeomean float64
	// EigenCILow–EigenCIHigh and GeomeanCILow–GeomeanCIHigh bound the two
	// priorities (fractions, like them) when AHPResult.HasCI.
	EigenCILow, EigenCIHigh     float64
	GeomeanCILow, GeomeanCIHigh float64
}

// AHPResult holds AHP priorities and, for a complete matrix, consistency.
type AHPResult struct {
	Items    []AHPItem
	Complete bool
	// LambdaMax is the principal eigenvalue, CI = (λmax - n)/(n - 1), and
	// LambdaGeomean the estimate mean_i (A g)_i/g_i from the geometric-mean
	// priorities; all three are set only for a complete matrix.
	LambdaMax, CI, LambdaGeomean float64
	// CR = CI/RI(n) is set only when HasCR: the matrix is complete and the
	// chosen table covers n.
	CR          float64
	HasCR       bool
	RandomIndex RandomIndex
	RI          float64
	Iterations  int
	Converged   bool
	// HasCI is set when the items carry intervals, computed as CIMethod
	// says (CIMethodSandwich or CIMethodBootstrap; CIMethodNone for a
	// single matrix) at Level, with t quantiles of DF degrees of freedom.
	HasCI    bool
	CIMethod string
	Level    float64
	DF       float64
}

// AHP derives priorities from a (possibly incomplete) comparison matrix.
func AHP(m Matrix, opts AHPOptions) (AHPResult, error) {
	opts = opts.withDefaults()
	if err := opts.RandomIndex.check(); err != nil {
		return AHPResult{}, err
	}
	if err := m.validate(); err != nil {
		return AHPResult{}, err
	}
	n := len(m.Items)
	a := make([]float64, n*n)
	for i, row := range m.A {
		copy(a[i*n:], row)
	}
	res := AHPResult{Complete: m.Complete(), RandomIndex: opts.RandomIndex, CIMethod: CIMethodNone}
	eig, geo, lambda, err := priorities(a, n, res.Complete, &res, opts)
	if err != nil {
		return AHPResult{}, err
	}
	if res.Complete {
		res.LambdaMax = lambda
		res.CI = (lambda - float64(n)) / float64(n-1)
		if ri, ok := opts.RandomIndex.Value(n); ok {
			res.RI, res.HasCR = ri, true
			if ri > 0 {
				res.CR = res.CI / ri
			}
		}
	}
	res.Items = make([]AHPItem, n)
	for i, id := range m.Items {
		res.Items[i] = AHPItem{ID: id, PriorityEigen: eig[i], PriorityGeomean: geo[i]}
	}
	return res, nil
}

// priorities computes eigenvector and geometric-mean (or LLS) priorities of
// the n×n matrix a, which it may overwrite, and the principal eigenvalue.
// When res is not nil it also records iterations, convergence and, for a
// complete matrix, λ estimated from the geometric-mean priorities.
func priorities(a []float64, n int, complete bool, res *AHPResult, opts AHPOptions) (eig, geo []float64, lambda float64, err error) {
	if complete {
		geo = rowGeomean(a, n)
		if res != nil {
			res.LambdaGeomean = lambdaEstimate(a, n, geo)
		}
	} else {
		if geo, err = logLeastSquares(a, n); err != nil {
			return nil, nil, 0, err
		}
		harker(a, n)
	}
	eig, lambda, iters, converged := principalEigen(a, n, opts.Tolerance, opts.MaxIter)
	if res != nil {
		res.Iterations, res.Converged = iters, converged
	}
	return eig, geo, lambda, nil
}

// principalEigen finds the Perron vector of the non-negative, irreducible
// n×n matrix a by power iteration, normalised to sum 1, and its eigenvalue.
// For a positive matrix the iteration converges geometrically at the rate
// |λ2/λ1|, which is small for the nearly consistent matrices of AHP.
func principalEigen(a []float64, n int, tol float64, maxIter int) (w []float64, lambda float64, iters int, converged bool) {
	w = make([]float64, n)
	next := make([]float64, n)
	for i := range w {
		w[i] = 1 / float64(n)
	}
	for iters < maxIter && !converged {
		lambda = mulNormalise(a, n, w, next)
		diff := 0.0
		for i := range n {
			diff = max(diff, math.Abs(next[i]-w[i]))
		}
		w, next = next, w
		iters++
		converged = diff < tol
	}
	// With Σ w = 1 the eigenvalue is Σ_i (A w)_i.
	lambda = mulNormalise(a, n, w, next)
	return w, lambda, iters, converged
}

// mulNormalise sets out = A w / Σ(A w) and returns Σ(A w).
func mulNormalise(a []float64, n int, w, out []float64) float64 {
	sum := 0.0
	for i := range n {
		s := 0.0
		for j, x := range a[i*n : (i+1)*n] {
			s += x * w[j]
		}
		out[i] = s
		sum += s
	}
	for i := range out {
		out[i] /= sum
	}
	return sum
}

// rowGeomean returns the normalised row geometric means of a complete matrix.
func rowGeomean(a []float64, n int) []float64 {
	g := make([]float64, n)
	for i := range n {
		s := 0.0
		for _, x := range a[i*n : (i+1)*n] {
			s += math.Log(x)
		}
		g[i] = s / float64(n)
	}
	return expNormalise(g)
}

// expNormalise maps logs x to exp(x_i)/Σ exp(x_k) in place.
func expNormalise(x []float64) []float64 {
	s := sharesOf(x)
	copy(x, s)
	return x
}

// lambdaEstimate is mean_i (A g)_i / g_i.
func lambdaEstimate(a []float64, n int, g []float64) float64 {
	l := 0.0
	for i := range n {
		s := 0.0
		for j := range n {
			s += a[i*n+j] * g[j]
		}
		l += s / g[i]
	}
	return l / float64(n)
}

// logLeastSquares minimises Σ over present (i,j) of (log a_ij - x_i + x_j)²,
// a graph-Laplacian system L x = r with x_0 = 0, and returns exp(x)
// normalised. It fails when the present comparisons leave items unconnected.
func logLeastSquares(a []float64, n int) ([]float64, error) {
	m := n - 1
	lap := make([]float64, m*m)
	r := make([]float64, m)
	deg := make([]float64, n)
	for i := range n {
		for j := range n {
			if i == j || a[i*n+j] == 0 {
				continue
			}
			deg[i]++
			if i > 0 {
				r[i-1] += math.Log(a[i*n+j])
				if j > 0 {
					lap[(i-1)*m+(j-1)] = -1
				}
			}
		}
	}
	for i := 1; i < n; i++ {
		lap[(i-1)*m+(i-1)] = deg[i]
	}
	if err := cholesky(lap, m); err != nil {
		return nil, fmt.Errorf("ranking: ahp: %w", ErrDisconnected)
	}
	cholSolve(lap, m, r)
	x := append([]float64{0}, r...)
	return expNormalise(x), nil
}

// harker turns an incomplete matrix into Harker's (1987) auxiliary matrix in
// place: missing entries stay 0 and each diagonal entry becomes 1 plus the
// number of comparisons missing from its row. Its principal eigenvector
// gives the eigenvector priorities of an incomplete matrix.
func harker(a []float64, n int) {
	for i := range n {
		missing := 0
		for j := range n {
			if a[i*n+j] == 0 {
				missing++
			}
		}
		a[i*n+i] = 1 + float64(missing)
	}
}
