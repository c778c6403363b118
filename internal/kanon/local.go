package kanon

import (
	"cmp"
	"math/rand/v2"
	"slices"
)

// solution is one way to release the table.
type solution struct {
	// levels are the global levels, cells[i][a] the level record i's
	// quasi-identifier a is released at (levels[a] or, suppressed, Top).
	levels []int
	cells  [][]int
	// loss is the sum of cost over all cells.
	loss float64
}

// local completes the global recoding to levels by local suppression.
// The outliers (records in combinations of fewer than k) have one more
// quasi-identifier suppressed at a time, the one that lets most of them
// join a combination of at least k (ties: the one losing least, then the
// first); those that join stay there. Outliers left when everything is
// suppressed are filled up to k by fill.
func (t *table) local(levels []int) solution {
	s := solution{levels: slices.Clone(levels), cells: make([][]int, t.n)}
	keys := make([]string, t.n)
	counts := make(map[string]int)
	var buf []byte
	for i := range t.n {
		s.cells[i] = slices.Clone(levels)
		buf = t.key(buf, i, levels)
		keys[i] = string(buf)
		counts[keys[i]]++
	}
	settled := make(map[string]int) // records per released combination of k or more
	var out []int
	for i, key := range keys {
		if counts[key] >= t.k {
			settled[key]++
		} else {
			out = append(out, i)
		}
	}
	var free []int
	for a, h := range t.hs {
		if levels[a] < h.Top() {
			free = append(free, a)
		}
	}
	lv := slices.Clone(levels) // the outliers' levels so far
	for len(out) > 0 && len(free) > 0 {
		pick, most := 0, -1
		for j, a := range free {
			lv[a] = t.hs[a].Top()
			_, ok := t.join(out, lv, settled)
			lv[a] = levels[a]
			n := 0
			for _, o := range ok {
				if o {
					n++
				}
			}
			if n > most || (n == most && t.cost(a, levels[a]) > t.cost(free[pick], levels[free[pick]])) {
				pick, most = j, n
			}
		}
		lv[free[pick]] = t.hs[free[pick]].Top()
		free = slices.Delete(free, pick, pick+1)
		ks, ok := t.join(out, lv, settled)
		var rest []int
		for j, i := range out {
			if ok[j] {
				copy(s.cells[i], lv)
				settled[ks[j]]++
			} else {
				rest = append(rest, i)
			}
		}
		out = rest
	}
	if len(out) > 0 {
		t.fill(&s, out)
	}
	for i := range s.cells {
		for a, l := range s.cells[i] {
			s.loss += t.cost(a, l)
		}
	}
	return s
}

// join tells, for each outlier at levels lv, its combination and whether
// it would share it with at least k records (settled ones and outliers).
func (t *table) join(out, lv []int, settled map[string]int) ([]string, []bool) {
	ks := make([]string, len(out))
	group := make(map[string]int)
	var buf []byte
	for j, i := range out {
		buf = t.key(buf, i, lv)
		ks[j] = string(buf)
		group[ks[j]]++
	}
	ok := make([]bool, len(out))
	for j, key := range ks {
		ok[j] = settled[key]+group[key] >= t.k
	}
	return ks, ok
}

// fill suppresses everything of the outliers left (fewer than k) and
// brings their all-"*" combination up to k: with records that
// combinations larger than k can spare, those losing least first (ties
// at random from the seed), or, when they cannot spare enough, by
// moving a whole smallest combination there. There are at least k
// records, so this ends.
func (t *table) fill(s *solution, out []int) {
	top := make([]int, t.m)
	for a, h := range t.hs {
		top[a] = h.Top()
	}
	extra := func(i int) float64 { // the loss of suppressing all of record i
		e := 0.0
		for a, l := range s.cells[i] {
			e += t.cost(a, top[a]) - t.cost(a, l)
		}
		return e
	}
	for _, i := range out {
		copy(s.cells[i], top)
	}
	rng := rand.New(rand.NewPCG(t.seed, 0x6b616e6f6e))
	need := t.k
	for _, lv := range s.cells {
		if slices.Equal(lv, top) {
			need--
		}
	}
	for need > 0 {
		classes := t.classes(s, top)
		if len(classes) == 0 {
			return // unreachable: there are at least k records
		}
		spare := 0
		for _, c := range classes {
			spare += max(0, len(c)-t.k)
		}
		if spare >= need {
			type donor struct {
				i, class int
				extra    float64
			}
			var ds []donor
			for ci, c := range classes {
				if len(c) > t.k {
					for _, i := range c {
						ds = append(ds, donor{i, ci, extra(i)})
					}
				}
			}
			rng.Shuffle(len(ds), func(x, y int) { ds[x], ds[y] = ds[y], ds[x] })
			slices.SortStableFunc(ds, func(x, y donor) int { return cmp.Compare(x.extra, y.extra) })
			given := make([]int, len(classes))
			for _, d := range ds {
				if need == 0 {
					break
				}
				if len(classes[d.class])-given[d.class] > t.k {
					given[d.class]++
					copy(s.cells[d.i], top)
					need--
				}
			}
			return
		}
		smallest := slices.MinFunc(classes, func(x, y []int) int {
			if c := cmp.Compare(len(x), len(y)); c != 0 {
				return c
			}
			return cmp.Compare(extra(x[0]), extra(y[0]))
		})
		for _, i := range smallest {
			copy(s.cells[i], top)
		}
		need -= len(smallest)
	}
}

// classes lists the members of each released combination but all-"*",
// in the order of the combinations' first members.
func (t *table) classes(s *solution, top []int) [][]int {
	index := make(map[string]int)
	var out [][]int
	var buf []byte
	for i, lv := range s.cells {
		if slices.Equal(lv, top) {
			continue
		}
		buf = t.key(buf, i, lv)
		c, ok := index[string(buf)]
		if !ok {
			c = len(out)
			index[string(buf)] = c
			out = append(out, nil)
		}
		out[c] = append(out[c], i)
	}
	return out
}
