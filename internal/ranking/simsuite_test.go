package ranking

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/vfv/vfv/internal/design"
)

// simCell is one cell of the simulation suite: a survey design and a
// population of respondents whose log-strengths are the group's plus
// N(0, τ²) per item.
type simCell struct {
	items       int
	perResp     int // pairs per respondent; 0 means every pair
	respondents int
	steps       int // 1: binary answers; 2: graded on two steps each side
	tau         float64
}

func (c simCell) String() string {
	design := "all pairs"
	if c.perResp > 0 {
		design = fmt.Sprintf("%d of %d pairs", min(c.perResp, c.items*(c.items-1)/2), c.items*(c.items-1)/2)
	}
	answers := "binary"
	if c.steps > 1 {
		answers = fmt.Sprintf("graded (%d steps)", c.steps)
	}
	return fmt.Sprintf("%d items, %s, %d respondents, %s, tau %.1f", c.items, design, c.respondents, answers, c.tau)
}

// simBeta spreads the group's log-strengths evenly over [-1.2, 1.2].
func simBeta(n int) []float64 {
	b := make([]float64, n)
	for i := range b {
		b[i] = -1.2 + 2.4*float64(i)/float64(n-1)
	}
	return b
}

// Thresholds of the graded answer model on the latent difference d =
// b_A − b_B + (respondent noise) + logistic noise: |d| < simEqual is
// "equal", |d| < simMuch "a bit more", beyond that "much more".
const (
	simEqual = 0.3
	simMuch  = 1.5
)

// simAnswer draws a respondent's value for a pair whose strengths differ by
// mu (A minus B, respondent noise included): negative values prefer A.
func simAnswer(rng *rand.Rand, mu float64, steps int) float64 {
	u := rng.Float64()
	d := mu + math.Log(u/(1-u)) // logistic noise
	if steps == 1 {
		if d > 0 {
			return -1
		}
		return 1
	}
	switch a := math.Abs(d); {
	case a < simEqual:
		return 0
	case a < simMuch:
		return -math.Copysign(1, d)
	}
	return -math.Copysign(2, d)
}

// expectedWinsA is E[wins of A] under LinearWins for strengths differing by
// mu, averaged over respondent noise N(0, 2τ²) on the difference.
func expectedWinsA(mu, tau float64, steps int) float64 {
	one := func(m float64) float64 {
		if steps == 1 {
			return logistic(m)
		}
		// P(d > t) = σ(m − t); wins of A: much A 1, a bit A 3/4, equal 1/2, ...
		pMuchA, pBitA := logistic(m-simMuch), logistic(m-simEqual)-logistic(m-simMuch)
		pMuchB, pBitB := logistic(-m-simMuch), logistic(-m-simEqual)-logistic(-m-simMuch)
		pEq := 1 - pMuchA - pBitA - pMuchB - pBitB
		return pMuchA + 0.75*pBitA + 0.5*pEq + 0.25*pBitB
	}
	if tau == 0 {
		return one(mu)
	}
	sd := tau * math.Sqrt2
	const k = 400
	sum, wsum := 0.0, 0.0
	for i := 0; i <= k; i++ {
		x := -8 + 16*float64(i)/k
		w := math.Exp(-x * x / 2)
		if i == 0 || i == k {
			w /= 2
		}
		sum += w * one(mu+sd*x)
		wsum += w
	}
	return sum / wsum
}

// simTruth is the estimand of a cell: the shares (points) of the
// Bradley–Terry fit to the expected wins of every pair, each pair weighted
// equally (the designs show every pair equally often on average).
func simTruth(beta []float64, tau float64, steps int) []float64 {
	n := len(beta)
	c, _ := NewCounts(simItems(n))
	for i := range n {
		for j := i + 1; j < n; j++ {
			f := expectedWinsA(beta[i]-beta[j], tau, steps)
			c.Add(i, j, f, 1-f)
		}
	}
	res, err := FitBT(c, BTOptions{NoRegularisation: true})
	if err != nil {
		panic(err)
	}
	s := make([]float64, n)
	for i, it := range res.Items {
		s[i] = it.Share
	}
	return s
}

// simSample draws one survey of cell c around log-strengths beta; groups
// names each respondent's groups (nil for none).
func simSample(rng *rand.Rand, c simCell, beta func(r int) []float64, groups func(r int) []string) *Sample {
	n := len(beta(0))
	items := simItems(n)
	s, err := NewSample(items, Scale{Steps: c.steps})
	if err != nil {
		panic(err)
	}
	limit := c.perResp
	if limit <= 0 {
		limit = n * (n - 1) / 2
	}
	eps := make([]float64, n)
	var js []Judgment
	for r := range c.respondents {
		b := beta(r)
		for i := range eps {
			eps[i] = c.tau * rng.NormFloat64()
		}
		js = js[:0]
		for _, p := range design.Plan(n, limit, rng) {
			mu := b[p.First] + eps[p.First] - b[p.Second] - eps[p.Second]
			js = append(js, Judgment{A: items[p.First], B: items[p.Second], Value: simAnswer(rng, mu, c.steps)})
		}
		var gs []string
		if groups != nil {
			gs = groups(r)
		}
		if err := s.Add(fmt.Sprintf("r%06d", r), gs, js); err != nil {
			panic(err)
		}
	}
	return s
}

// coverageResult counts intervals that held the truth.
type coverageResult struct {
	cell             simCell
	surveys          int
	covered, total   int
	meanWidth        float64
	modelCovered     int
	failed, regulars int
}

func (r coverageResult) rate() float64      { return float64(r.covered) / float64(r.total) }
func (r coverageResult) modelRate() float64 { return float64(r.modelCovered) / float64(r.total) }

// binomialSE is the standard error of the coverage rate if the intervals
// were independent (items of one survey are not quite: a rough guide).
func (r coverageResult) binomialSE() float64 {
	p := 0.95
	return math.Sqrt(p * (1 - p) / float64(r.total))
}

// runCoverage simulates surveys of cell c and counts how often the default
// (respondent-level) 95% share intervals, and the model-based ones, hold
// the estimand.
func runCoverage(c simCell, surveys int, seed uint64) coverageResult {
	beta := simBeta(c.items)
	truth := simTruth(beta, c.tau, c.steps)
	res := coverageResult{cell: c, surveys: surveys}
	for k := range surveys {
		rng := rand.New(rand.NewPCG(seed, uint64(k)))
		s := simSample(rng, c, func(int) []float64 { return beta }, nil)
		rs := s.view(func(int) bool { return true })
		model, robust, err := respondentBT(rs, s.items, BTOptions{})
		if err != nil {
			res.failed++
			continue
		}
		if robust.Regularised {
			res.regulars++
		}
		for i, it := range robust.Items {
			res.total++
			if it.CILow <= truth[i] && truth[i] <= it.CIHigh {
				res.covered++
			}
			if m := model.Items[i]; m.CILow <= truth[i] && truth[i] <= m.CIHigh {
				res.modelCovered++
			}
			res.meanWidth += it.CIHigh - it.CILow
		}
	}
	if res.total > 0 {
		res.meanWidth /= float64(res.total)
	}
	return res
}

// compareResult counts, over simulated comparisons, those with any item
// marked clear and how often the truly different item was.
type compareResult struct {
	what              string
	cell              simCell
	vsRest            bool
	shift             float64
	surveys           int
	anyMarked         int
	powerHits         int
	meanDetectable    float64
	meanCriticalValue float64
}

// runCompare simulates 10-item surveys of c.respondents respondents and
// compares group "a" with "b" (disjoint halves) or with the rest (the
// first 30%), where group a's item 0 has log-strength shifted by shift (0:
// no true difference).
func runCompare(c simCell, vsRest bool, shift float64, surveys int, seed uint64) compareResult {
	beta := simBeta(c.items)
	shifted := append([]float64(nil), beta...)
	shifted[0] += shift
	cut := c.respondents / 2
	b := "b"
	if vsRest {
		cut, b = c.respondents*3/10, Rest
	}
	res := compareResult{surveys: surveys, cell: c, vsRest: vsRest, shift: shift, what: fmt.Sprintf("%v, a vs %s, shift %.2f", c, b, shift)}
	for k := range surveys {
		rng := rand.New(rand.NewPCG(seed, uint64(k)))
		s := simSample(rng, c, func(r int) []float64 {
			if r < cut {
				return shifted
			}
			return beta
		}, func(r int) []string {
			if r < cut {
				return []string{"a"}
			}
			return []string{"b"}
		})
		gc, err := s.CompareGroups("a", b, CompareOptions{Draws: 4000, Seed: uint64(k)})
		if err != nil {
			panic(err)
		}
		marked := false
		for i, d := range gc.Items {
			marked = marked || d.Clear
			if i == 0 {
				res.meanDetectable += d.Detectable / float64(surveys)
				if d.Clear {
					res.powerHits++
				}
			}
		}
		if marked {
			res.anyMarked++
		}
		res.meanCriticalValue += gc.Critical / float64(surveys)
	}
	return res
}

// coverageTable formats coverage results as a Markdown table.
func coverageTable(rs []coverageResult) string {
	var b strings.Builder
	b.WriteString("| items | design | respondents | answers | τ | surveys | coverage (respondent) | ±2 SE | coverage (model) | mean width |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range rs {
		c := r.cell
		design := "all pairs"
		if c.perResp > 0 && c.perResp < c.items*(c.items-1)/2 {
			design = fmt.Sprintf("%d of %d", c.perResp, c.items*(c.items-1)/2)
		}
		answers := "binary"
		if c.steps > 1 {
			answers = "graded"
		}
		fmt.Fprintf(&b, "| %d | %s | %d | %s | %.1f | %d | %.1f %% | %.1f | %.1f %% | %.2f |\n",
			c.items, design, c.respondents, answers, c.tau, r.surveys, 100*r.rate(), 200*r.binomialSE(), 100*r.modelRate(), r.meanWidth)
	}
	return b.String()
}

func (r compareResult) rateAny() float64 { return float64(r.anyMarked) / float64(r.surveys) }
func (r compareResult) power() float64   { return float64(r.powerHits) / float64(r.surveys) }

// compareCells are the comparisons of the suite: 10 items, 15 of 45 pairs,
// τ = 0.5, binary and graded answers, disjoint halves or the first 30%
// against the rest, with no true difference and with item 0 of group a
// shifted by 0.3 on the log scale.
func compareCells() []struct {
	cell   simCell
	vsRest bool
	shift  float64
} {
	var out []struct {
		cell   simCell
		vsRest bool
		shift  float64
	}
	for _, g := range []int{200, 1000} {
		for _, steps := range []int{1, 2} {
			for _, vsRest := range []bool{false, true} {
				for _, shift := range []float64{0, 0.3} {
					out = append(out, struct {
						cell   simCell
						vsRest bool
						shift  float64
					}{simCell{items: 10, perResp: 15, respondents: g, steps: steps, tau: 0.5}, vsRest, shift})
				}
			}
		}
	}
	return out
}

// runCompareTable runs every comparison cell with surveys simulations.
func runCompareTable(surveys int) []compareResult {
	cells := compareCells()
	out := make([]compareResult, len(cells))
	for k, c := range cells {
		out[k] = runCompare(c.cell, c.vsRest, c.shift, surveys, uint64(5000+k))
	}
	return out
}

// compareTable formats comparison results as a Markdown table.
func compareTable(rs []compareResult) string {
	var b strings.Builder
	b.WriteString("| respondents | answers | groups | true difference (item 0, log scale) | surveys | ≥ 1 item marked | item 0 marked (power) | mean detectable (points) | mean critical value |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range rs {
		groups := "halves (disjoint)"
		if r.vsRest {
			groups = "30 % vs rest"
		}
		answers := "binary"
		if r.cell.steps > 1 {
			answers = "graded"
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %.1f | %d | %.1f %% | %.1f %% | %.2f | %.2f |\n",
			r.cell.respondents, answers, groups, r.shift, r.surveys, 100*r.rateAny(), 100*r.power(), r.meanDetectable, r.meanCriticalValue)
	}
	return b.String()
}

// expectedLogRatio is E[log a_AB] under LinearSaaty for strengths differing
// by mu (A minus B), averaged over respondent noise N(0, 2τ²): the
// population value of a pair in the group's AHP matrix.
func expectedLogRatio(mu, tau float64, steps int) float64 {
	one := func(m float64) float64 {
		if steps == 1 {
			return math.Log(9) * (2*logistic(m) - 1)
		}
		pMuchA, pBitA := logistic(m-simMuch), logistic(m-simEqual)-logistic(m-simMuch)
		pMuchB, pBitB := logistic(-m-simMuch), logistic(-m-simEqual)-logistic(-m-simMuch)
		return math.Log(9)*(pMuchA-pMuchB) + math.Log(5)*(pBitA-pBitB)
	}
	if tau == 0 {
		return one(mu)
	}
	sd := tau * math.Sqrt2
	const k = 400
	sum, wsum := 0.0, 0.0
	for i := 0; i <= k; i++ {
		x := -8 + 16*float64(i)/k
		w := math.Exp(-x * x / 2)
		sum += w * one(mu+sd*x)
		wsum += w
	}
	return sum / wsum
}

// ahpTruth returns the eigenvector and geometric-mean priorities of the
// population matrix exp(E[log a_ij]).
func ahpTruth(beta []float64, tau float64, steps int) (eig, geo []float64) {
	n := len(beta)
	m, _ := NewMatrix(simItems(n))
	for i := range n {
		for j := i + 1; j < n; j++ {
			m.Set(i, j, math.Exp(expectedLogRatio(beta[i]-beta[j], tau, steps)))
		}
	}
	res, err := AHP(m, AHPOptions{})
	if err != nil {
		panic(err)
	}
	for _, it := range res.Items {
		eig = append(eig, it.PriorityEigen)
		geo = append(geo, it.PriorityGeomean)
	}
	return eig, geo
}

// runAHPCoverage counts how often the respondent-level 95% intervals of
// the AHP priorities of the group matrix hold the population priorities.
func runAHPCoverage(c simCell, surveys int, seed uint64) (eigen, geomean coverageResult) {
	beta := simBeta(c.items)
	te, tg := ahpTruth(beta, c.tau, c.steps)
	eigen, geomean = coverageResult{cell: c, surveys: surveys}, coverageResult{cell: c, surveys: surveys}
	for k := range surveys {
		rng := rand.New(rand.NewPCG(seed, uint64(k)))
		s := simSample(rng, c, func(int) []float64 { return beta }, nil)
		res, err := s.Rank(Options{})
		if err != nil || res.AHP == nil || !res.AHP.HasCI {
			eigen.failed++
			continue
		}
		for i, it := range res.AHP.Items {
			eigen.total++
			geomean.total++
			if it.EigenCILow <= te[i] && te[i] <= it.EigenCIHigh {
				eigen.covered++
			}
			if it.GeomeanCILow <= tg[i] && tg[i] <= it.GeomeanCIHigh {
				geomean.covered++
			}
		}
	}
	return eigen, geomean
}
