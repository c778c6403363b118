package ranking

import (
	"errors"
	"math"
)

// The matrices here are small (one row per item, a few dozen at most), so a
// dense Cholesky factorisation is both the simplest and the fastest choice.

var errNotPositiveDefinite = errors.New("matrix not positive definite")

// cholesky factors the m×m symmetric positive-definite matrix a (row-major)
// in place into its lower triangle L with a = L Lᵀ.
func cholesky(a []float64, m int) error {
	for j := range m {
		d := a[j*m+j]
		for k := range j {
			d -= a[j*m+k] * a[j*m+k]
		}
		if !(d > 0) {
			return errNotPositiveDefinite
		}
		d = math.Sqrt(d)
		a[j*m+j] = d
		for i := j + 1; i < m; i++ {
			s := a[i*m+j]
			for k := range j {
				s -= a[i*m+k] * a[j*m+k]
			}
			a[i*m+j] = s / d
		}
	}
	return nil
}

// cholSolve solves L Lᵀ x = b in place (b becomes x) for a factor from cholesky.
func cholSolve(l []float64, m int, b []float64) {
	for i := range m {
		s := b[i]
		for k := range i {
			s -= l[i*m+k] * b[k]
		}
		b[i] = s / l[i*m+i]
	}
	for i := m - 1; i >= 0; i-- {
		s := b[i]
		for k := i + 1; k < m; k++ {
			s -= l[k*m+i] * b[k]
		}
		b[i] = s / l[i*m+i]
	}
}

// invertSPD returns the inverse of the m×m symmetric positive-definite a
// (which it overwrites with its Cholesky factor).
func invertSPD(a []float64, m int) ([]float64, error) {
	if err := cholesky(a, m); err != nil {
		return nil, err
	}
	inv := make([]float64, m*m)
	col := make([]float64, m)
	for j := range m {
		clear(col)
		col[j] = 1
		cholSolve(a, m, col)
		for i := range m {
			inv[i*m+j] = col[i]
		}
	}
	return inv, nil
}

// normalQuantile returns z with P(|Z| <= z) = level for a standard normal Z
// (1.959963984540054 for 0.95).
func normalQuantile(level float64) float64 {
	return math.Sqrt2 * math.Erfinv(level)
}

// logistic is 1/(1+e^-x).
func logistic(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// logLogistic is log(logistic(x)), accurate for large |x|.
func logLogistic(x float64) float64 {
	if x >= 0 {
		return -math.Log1p(math.Exp(-x))
	}
	return x - math.Log1p(math.Exp(x))
}

// logit is log(p/(1-p)).
func logit(p float64) float64 { return math.Log(p / (1 - p)) }
