package ranking

import "fmt"

// ScoreMethod selects how the win-probability score is estimated.
type ScoreMethod string

// The score estimators on offer.
const (
	// ScoreBT averages the Bradley–Terry probabilities of beating each other
	// item (All Our Ideas' compute_bt_score). The default: it corrects for
	// which opponents an item happened to meet.
	ScoreBT ScoreMethod = "bt"
	// ScoreCounts is All Our Ideas' running score (wins+1)/(wins+losses+2),
	// which needs no model but ignores the strength of the opponents.
	ScoreCounts ScoreMethod = "counts"
)

// ScoreOptions configures the win-probability score.
type ScoreOptions struct {
	Method ScoreMethod // default ScoreBT
}

func (o ScoreOptions) withDefaults() (ScoreOptions, error) {
	switch o.Method {
	case "":
		o.Method = ScoreBT
	case ScoreBT, ScoreCounts:
	default:
		return o, fmt.Errorf("ranking: score method %q: want %q or %q", o.Method, ScoreBT, ScoreCounts)
	}
	return o, nil
}

// ScoreItem is one item's win-probability score: the estimated chance, 0–100,
// that it is preferred over a randomly chosen other item.
type ScoreItem struct {
	ID    string
	Score float64
	// CILow and CIHigh bound Score when the result HasCI.
	CILow, CIHigh float64
}

// ScoreResult holds the scores of all items.
type ScoreResult struct {
	Method ScoreMethod
	Items  []ScoreItem
	// HasCI is set when the items carry intervals (the Bradley–Terry score,
	// by the delta method on the logit scale).
	HasCI bool
	Level float64
}

// ScoreFromBT computes score_i = 100/(n-1) Σ_{j≠i} P(i preferred over j)
// from a Bradley–Terry fit, with a Wald interval for logit(score/100) whose
// variance comes from the fit's covariance matrix (model-based or
// respondent-level, as bt.CIMethod says, with bt.DF's quantile).
func ScoreFromBT(bt BTResult) ScoreResult {
	n := len(bt.Items)
	b := make([]float64, n)
	for i, it := range bt.Items {
		b[i] = it.LogStrength
	}
	cov := make([]float64, n*n)
	for i, row := range bt.Cov {
		copy(cov[i*n:], row)
	}
	z := tQuantile(bt.Level, bt.DF)
	res := ScoreResult{Method: ScoreBT, Items: make([]ScoreItem, n), HasCI: true, Level: bt.Level}
	g := make([]float64, n)
	for i := range n {
		u := 0.0
		clear(g)
		for j := range n {
			if j == i {
				continue
			}
			p := logistic(b[i] - b[j])
			u += p
			g[i] += p * (1 - p)
			g[j] -= p * (1 - p)
		}
		u /= float64(n - 1)
		for k := range g {
			g[k] /= float64(n-1) * u * (1 - u)
		}
		lo, hi := logitInterval(u, quadForm(g, cov), z)
		res.Items[i] = ScoreItem{ID: bt.Items[i].ID, Score: 100 * u, CILow: 100 * lo, CIHigh: 100 * hi}
	}
	return res
}

// ScoreFromCounts computes All Our Ideas' running score 100·(W+1)/(W+L+2)
// from an item's total wins W and losses L (fractional with weighted
// judgments). It has no interval of its own; use the bootstrap.
func ScoreFromCounts(c *Counts) ScoreResult {
	n := c.N()
	res := ScoreResult{Method: ScoreCounts, Items: make([]ScoreItem, n)}
	for i := range n {
		w, l := c.Total(i)
		res.Items[i] = ScoreItem{ID: c.items[i], Score: 100 * (w + 1) / (w + l + 2)}
	}
	return res
}

// btScores fills s with the Bradley–Terry scores of log-strengths b.
func btScores(b, s []float64) {
	n := len(b)
	for i := range n {
		u := 0.0
		for j := range n {
			if j != i {
				u += logistic(b[i] - b[j])
			}
		}
		s[i] = 100 * u / float64(n-1)
	}
}

// countScores fills s with the All Our Ideas running scores of the n×n win matrix w.
func countScores(w []float64, n int, s []float64) {
	for i := range n {
		wins, losses := 0.0, 0.0
		for j := range n {
			wins += w[i*n+j]
			losses += w[j*n+i]
		}
		s[i] = 100 * (wins + 1) / (wins + losses + 2)
	}
}
