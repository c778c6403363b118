package ranking

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// simConfig describes a simulated survey: every respondent judges perResp
// random pairs of items with true log-strengths beta, in random order.
type simConfig struct {
	beta        []float64
	respondents int
	perResp     int
	steps       int
	// weighted draws graded values whose expected wins under LinearWins equal
	// the Bradley–Terry probability (a quasi-likelihood check); otherwise
	// every judgment is a full preference (±steps), the binary BT model.
	weighted bool
	// skipRate is the chance that a judgment is a skip.
	skipRate float64
}

func simItems(n int) []string {
	items := make([]string, n)
	for i := range items {
		items[i] = fmt.Sprintf("item%02d", i)
	}
	return items
}

// simulate draws judgments from cfg with rng; respondent ids get prefix.
func simulate(rng *rand.Rand, cfg simConfig, prefix string) []Judgment {
	n := len(cfg.beta)
	items := simItems(n)
	js := make([]Judgment, 0, cfg.respondents*cfg.perResp)
	for r := range cfg.respondents {
		id := fmt.Sprintf("%s%06d", prefix, r)
		for range cfg.perResp {
			a := rng.IntN(n)
			b := rng.IntN(n - 1)
			if b >= a {
				b++
			}
			j := Judgment{Respondent: id, A: items[a], B: items[b]}
			if rng.Float64() < cfg.skipRate {
				j.Skip = true
				js = append(js, j)
				continue
			}
			p := logistic(cfg.beta[a] - cfg.beta[b])
			j.Value = simValue(rng, p, cfg.steps, cfg.weighted)
			js = append(js, j)
		}
	}
	return js
}

// simValue draws a value with E[wins of A] = p under LinearWins (negative
// values prefer A): binary ±steps, or (weighted) a rounding of the expected
// preference for A, steps·(2p-1), to one of its neighbouring steps.
func simValue(rng *rand.Rand, p float64, steps int, weighted bool) float64 {
	k := float64(steps)
	if !weighted {
		if rng.Float64() < p {
			return -k
		}
		return k
	}
	t := k * (2*p - 1)
	lo := math.Floor(t)
	if rng.Float64() < t-lo {
		return -(lo + 1)
	}
	return -lo
}

// centred returns beta minus its mean.
func centred(beta []float64) []float64 {
	m := 0.0
	for _, b := range beta {
		m += b / float64(len(beta))
	}
	out := make([]float64, len(beta))
	for i, b := range beta {
		out[i] = b - m
	}
	return out
}
