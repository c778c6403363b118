package ranking

import "math"

// newton holds what Newton's method with step halving works on: the
// parameters, a scratch vector, and the gradient and observed information
// (m×m, row-major) that a fitter's derivatives fill at beta.
type newton struct {
	beta, trial, grad, info []float64
}

func newNewton(m int) newton {
	return newton{beta: make([]float64, m), trial: make([]float64, m), grad: make([]float64, m), info: make([]float64, m*m)}
}

// run maximises objective from beta: derivatives fills grad and info at
// beta, a full Newton step is halved until the objective does not fall,
// and it stops when the largest step is below tol (converged) or after
// maxIter steps. An information matrix that is not positive definite is
// an error.
func (s *newton) run(objective func([]float64) float64, derivatives func(), tol float64, maxIter int) (iters int, converged bool, err error) {
	m := len(s.beta)
	cur := objective(s.beta)
	for iters < maxIter {
		derivatives()
		if err := cholesky(s.info, m); err != nil {
			return iters, false, err
		}
		step := s.grad // solved in place: grad becomes the Newton step
		cholSolve(s.info, m, step)
		maxStep := 0.0
		for _, x := range step {
			maxStep = max(maxStep, math.Abs(x))
		}
		accepted := false
		for t := 1.0; t > 1e-12 && !accepted; t /= 2 {
			for i := range m {
				s.trial[i] = s.beta[i] + t*step[i]
			}
			if next := objective(s.trial); next >= cur-1e-12*(1+math.Abs(cur)) {
				cur, accepted = next, true
			}
		}
		if !accepted {
			return iters, false, nil
		}
		s.beta, s.trial = s.trial, s.beta
		iters++
		if maxStep < tol {
			return iters, true, nil
		}
	}
	return iters, false, nil
}

// anchor completes the gradient and information of a Bradley–Terry
// log-likelihood over strengths (the first len(strengths) of m
// parameters): with pseudo > 0, a pseudo-count prior pulling each
// strength towards 0 (the regularised fit); otherwise the first strength
// is pinned at 0 as the reference, by replacing its row and column.
func anchor(grad, info, strengths []float64, m int, pseudo float64) {
	if pseudo > 0 {
		for i, x := range strengths {
			pr := logistic(x)
			grad[i] += pseudo * (0.5 - pr)
			info[i*m+i] += pseudo * pr * (1 - pr)
		}
		return
	}
	for k := range m {
		info[k] = 0
		info[k*m] = 0
	}
	info[0] = 1
	grad[0] = 0
}
