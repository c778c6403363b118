package ranking

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// respondents holds each respondent's judgments reduced to one entry per
// compared pair, so that a bootstrap resample is a weighted sum over short
// per-respondent lists rather than a re-scan of raw judgments. Respondents
// are ordered by id, which makes resampling independent of the order in
// which judgments arrive.
type respondents struct {
	n     int      // items
	ids   []string // respondent ids, sorted
	start []int    // entries of respondent r are start[r]:start[r+1]
	pair  []int32  // i*n+j with i < j
	wij   []float64
	wji   []float64
	lr    []float64 // mean log-ratio of i over j (AHP), over this respondent's judgments of the pair
	orig  []int32   // a Sample's view: each respondent's position in the sample
	// judgments and skipped count what went in.
	judgments, skipped int
}

type respEntry struct {
	pair     int32
	wij, wji float64
	lr       float64
	count    float64
}

// judgmentAt returns judgment k as item indices, its value and x =
// |value|/steps, checked against the items and the scale.
type judgmentAt func(k int32) (a, b int, v, x float64, skip bool, err error)

// collectRespondents validates and groups judgments by respondent.
func collectRespondents(js []Judgment, items []string, scale Scale) (*respondents, error) {
	scale, err := scale.withDefaults()
	if err != nil {
		return nil, err
	}
	index, err := indexItems(items)
	if err != nil {
		return nil, err
	}
	ids, who := numberRespondents(js)
	return groupRespondents(len(items), ids, who, scale, func(k int32) (int, int, float64, float64, bool, error) {
		j := js[k]
		a, b, x, err := checkJudgment(j, index, scale)
		return a, b, j.Value, x, j.Skip, err
	})
}

// groupRespondents groups judgments by respondent: ids are sorted and
// who[k] is the position of judgment k's respondent among them.
func groupRespondents(n int, ids []string, who []int32, scale Scale, at judgmentAt) (*respondents, error) {
	rs := &respondents{n: n, ids: ids, start: make([]int, len(ids)+1)}
	// Counting sort of judgment positions by respondent.
	for _, r := range who {
		rs.start[r+1]++
	}
	for r := range ids {
		rs.start[r+1] += rs.start[r]
	}
	byResp := make([]int32, len(who))
	fill := slices.Clone(rs.start[:len(ids)])
	for k, r := range who {
		byResp[fill[r]] = int32(k)
		fill[r]++
	}
	if err := rs.reduce(byResp, at, scale); err != nil {
		return nil, err
	}
	return rs, nil
}

// numberRespondents returns the respondent ids sorted and, for each
// judgment, its respondent's position among them.
func numberRespondents(js []Judgment) (ids []string, who []int32) {
	byID := make(map[string]int32)
	who = make([]int32, len(js))
	for k, j := range js {
		r, ok := byID[j.Respondent]
		if !ok {
			r = int32(len(ids))
			byID[j.Respondent] = r
			ids = append(ids, j.Respondent)
		}
		who[k] = r
	}
	return sortRespondents(ids, who)
}

// sortRespondents sorts ids and renumbers who (positions in ids) to match.
func sortRespondents(ids []string, who []int32) ([]string, []int32) {
	order := make([]int32, len(ids))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(ids[a], ids[b]) })
	rank := make([]int32, len(ids))
	sorted := make([]string, len(ids))
	for pos, r := range order {
		rank[r] = int32(pos)
		sorted[pos] = ids[r]
	}
	for k := range who {
		who[k] = rank[who[k]]
	}
	return sorted, who
}

// reduce turns each respondent's judgments into per-pair entries and
// rewrites start to index entries instead of judgments.
func (rs *respondents) reduce(byResp []int32, at judgmentAt, scale Scale) error {
	n := rs.n
	var buf []respEntry
	next := make([]int, len(rs.start))
	rs.pair = make([]int32, 0, len(byResp))
	rs.wij = make([]float64, 0, len(byResp))
	rs.wji = make([]float64, 0, len(byResp))
	rs.lr = make([]float64, 0, len(byResp))
	for r := range rs.ids {
		buf = buf[:0]
		for _, k := range byResp[rs.start[r]:rs.start[r+1]] {
			a, b, v, x, skip, err := at(k)
			if err != nil {
				return fmt.Errorf("ranking: judgment %d: %w", k, err)
			}
			if skip {
				rs.skipped++
				continue
			}
			rs.judgments++
			wa, wb := scale.wins(v, x)
			lr := scale.logRatio(v, x)
			if a > b {
				a, b, wa, wb, lr = b, a, wb, wa, -lr
			}
			buf = append(buf, respEntry{pair: int32(a*n + b), wij: wa, wji: wb, lr: lr, count: 1})
		}
		rs.appendEntries(buf)
		next[r+1] = len(rs.pair)
	}
	rs.start = next
	return nil
}

// appendEntries adds one respondent's judgments (buf, which it sorts) as
// one entry per pair: wins summed, log-ratios averaged (the geometric mean
// of the ratios).
func (rs *respondents) appendEntries(buf []respEntry) {
	slices.SortFunc(buf, func(x, y respEntry) int { return cmp.Compare(x.pair, y.pair) })
	for i, e := range buf {
		last := len(rs.pair) - 1
		if i > 0 && buf[i-1].pair == e.pair {
			rs.wij[last] += e.wij
			rs.wji[last] += e.wji
			buf[i].count = buf[i-1].count + 1
			rs.lr[last] += (e.lr - rs.lr[last]) / buf[i].count
			continue
		}
		rs.pair = append(rs.pair, e.pair)
		rs.wij = append(rs.wij, e.wij)
		rs.wji = append(rs.wji, e.wji)
		rs.lr = append(rs.lr, e.lr)
	}
}

// sums accumulates weighted per-pair totals: w (n×n wins, both directions),
// lrSum and lrCount (n×n upper triangle). weight nil means every
// respondent once.
func (rs *respondents) sums(weight []int32, w, lrSum, lrCount []float64) {
	n := rs.n
	clear(w)
	clear(lrSum)
	clear(lrCount)
	for r := range rs.ids {
		c := 1.0
		if weight != nil {
			if weight[r] == 0 {
				continue
			}
			c = float64(weight[r])
		}
		for e := rs.start[r]; e < rs.start[r+1]; e++ {
			p := int(rs.pair[e])
			i, j := p/n, p%n
			w[p] += c * rs.wij[e]
			w[j*n+i] += c * rs.wji[e]
			lrSum[p] += c * rs.lr[e]
			lrCount[p] += c
		}
	}
}

// groupMatrix fills a (n×n) with the aggregated individual judgments: for
// each pair the geometric mean over respondents of their ratios, 0 where no
// one compared the pair. It reports whether every pair is present.
func groupMatrix(lrSum, lrCount, a []float64, n int) (complete bool) {
	complete = true
	for i := range n {
		a[i*n+i] = 1
		for j := i + 1; j < n; j++ {
			if c := lrCount[i*n+j]; c > 0 {
				r := math.Exp(lrSum[i*n+j] / c)
				a[i*n+j], a[j*n+i] = r, 1/r
			} else {
				a[i*n+j], a[j*n+i] = 0, 0
				complete = false
			}
		}
	}
	return complete
}

// GroupMatrix builds a group's comparison matrix from its judgments by
// aggregating individual judgments (AIJ, Forman & Peniwati 1998): each
// respondent's ratio for a pair (the geometric mean if they judged it more
// than once) is mapped through scale.Ratio, and the group's entry is the
// geometric mean over the respondents who judged that pair. Pairs no one
// judged stay missing. Items nil means every item named, sorted.
func GroupMatrix(js []Judgment, items []string, scale Scale) (Matrix, error) {
	if items == nil {
		items = ItemsOf(js)
	}
	rs, err := collectRespondents(js, items, scale)
	if err != nil {
		return Matrix{}, err
	}
	return rs.matrix(items), nil
}

func (rs *respondents) matrix(items []string) Matrix {
	n := rs.n
	w, lrSum, lrCount, a := make([]float64, n*n), make([]float64, n*n), make([]float64, n*n), make([]float64, n*n)
	rs.sums(nil, w, lrSum, lrCount)
	groupMatrix(lrSum, lrCount, a, n)
	m := Matrix{Items: slices.Clone(items), A: make([][]float64, n)}
	for i := range n {
		m.A[i] = a[i*n : (i+1)*n : (i+1)*n]
	}
	return m
}

// AggregateMatrices combines individual comparison matrices over the same
// items into a group matrix by the element-wise geometric mean over the
// matrices that contain each comparison (AIJ); a comparison missing from all
// of them stays missing.
func AggregateMatrices(ms []Matrix) (Matrix, error) {
	if len(ms) == 0 {
		return Matrix{}, fmt.Errorf("ranking: aggregate: no matrices: %w", ErrTooFewItems)
	}
	out, err := NewMatrix(ms[0].Items)
	if err != nil {
		return Matrix{}, err
	}
	n := len(out.Items)
	for k, m := range ms {
		if !slices.Equal(m.Items, out.Items) {
			return Matrix{}, fmt.Errorf("ranking: aggregate: matrix %d has items %v, want %v", k, m.Items, out.Items)
		}
		if err := m.validate(); err != nil {
			return Matrix{}, fmt.Errorf("ranking: aggregate: matrix %d: %w", k, err)
		}
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			sum, count := 0.0, 0
			for _, m := range ms {
				if a := m.A[i][j]; a > 0 {
					sum += math.Log(a)
					count++
				}
			}
			if count > 0 {
				out.Set(i, j, math.Exp(sum/float64(count)))
			} else {
				out.A[i][j], out.A[j][i] = 0, 0
			}
		}
	}
	return out, nil
}
