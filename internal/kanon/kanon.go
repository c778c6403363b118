package kanon

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// ErrInput is wrapped by every error Anonymize returns: the options or
// the records do not fit together.
var ErrInput = errors.New("kanon: invalid input")

// Record is one respondent: the true values of its quasi-identifiers, in
// the order of Options.Hierarchies ("" for a question not answered), and
// what travels with it untouched (for example its judgments).
type Record[P any] struct {
	QI      []string
	Payload P
}

// Options says how anonymous the released table must be.
type Options struct {
	// K is the least number of respondents that must share each released
	// combination of quasi-identifier values.
	K int
	// Hierarchies has one entry per quasi-identifier.
	Hierarchies []Hierarchy
	// Seed picks among equally good choices; the same records, options
	// and seed always give the same result.
	Seed uint64
}

// Result is the released table and what it cost.
type Result[P any] struct {
	// Records are the released records in input order, their QI replaced
	// by the released values; dropped records are left out.
	Records []Record[P]
	// Levels is the level each quasi-identifier was recoded to for
	// everyone (before local suppression).
	Levels []int
	// Suppressed counts the records with values suppressed beyond Levels.
	Suppressed int
	// Dropped counts the records left out: all of them when there are
	// fewer than K, otherwise none.
	Dropped int
	// Loss is the information lost, from 0 (every value at its Min
	// level) to 1 (every value suppressed): the mean over all cells of
	// (level-Min)/(Top-Min).
	Loss float64
}

// Anonymize returns the records generalised so that every released
// combination of quasi-identifier values is shared by at least K of them.
func Anonymize[P any](records []Record[P], opt Options) (Result[P], error) {
	t, err := newTable(records, opt)
	if err != nil {
		return Result[P]{}, err
	}
	res := Result[P]{Levels: make([]int, t.m)}
	if t.n < t.k {
		for a, h := range t.hs {
			res.Levels[a] = h.Top()
		}
		res.Dropped, res.Records = t.n, []Record[P]{}
		if t.n > 0 {
			res.Loss = 1
		}
		return res, nil
	}
	best := t.search()
	copy(res.Levels, best.levels)
	for a, h := range t.hs { // suppressed for everyone is recoded for everyone
		if !slices.ContainsFunc(best.cells, func(lv []int) bool { return lv[a] != h.Top() }) {
			res.Levels[a] = h.Top()
		}
	}
	res.Records = make([]Record[P], t.n)
	for i, r := range records {
		qi := make([]string, t.m)
		for a, h := range t.hs {
			qi[a] = h.At(r.QI[a], best.cells[i][a])
		}
		res.Records[i] = Record[P]{QI: qi, Payload: r.Payload}
		if !slices.Equal(best.cells[i], res.Levels) {
			res.Suppressed++
		}
	}
	if t.n > 0 && t.m > 0 {
		res.Loss = best.loss / float64(t.n*t.m)
	}
	return res, nil
}

// table holds the records as interned values at every level of their
// hierarchies.
type table struct {
	k, n, m int
	hs      []Hierarchy
	seed    uint64
	// code[a][l][i] is record i's value of quasi-identifier a at level
	// l, interned per quasi-identifier; 0 is Suppressed.
	code [][][]uint32
}

func newTable[P any](records []Record[P], opt Options) (*table, error) {
	if opt.K < 1 {
		return nil, fmt.Errorf("%w: k is %d, want at least 1", ErrInput, opt.K)
	}
	t := &table{k: opt.K, n: len(records), m: len(opt.Hierarchies), hs: opt.Hierarchies, seed: opt.Seed}
	for a, h := range t.hs {
		if h.Min < 0 || h.Min > h.Top() {
			return nil, fmt.Errorf("%w: quasi-identifier %d (%s): min level %d outside 0…%d", ErrInput, a, h.Name, h.Min, h.Top())
		}
		for s, f := range h.Steps {
			if f == nil {
				return nil, fmt.Errorf("%w: quasi-identifier %d (%s): step %d is nil", ErrInput, a, h.Name, s+1)
			}
		}
	}
	for i, r := range records {
		if len(r.QI) != t.m {
			return nil, fmt.Errorf("%w: record %d has %d quasi-identifiers, want %d", ErrInput, i, len(r.QI), t.m)
		}
	}
	t.code = make([][][]uint32, t.m)
	for a, h := range t.hs {
		ids := map[string]uint32{Suppressed: 0}
		t.code[a] = make([][]uint32, h.Top()+1)
		for l := range t.code[a] {
			t.code[a][l] = make([]uint32, t.n)
			for i, r := range records {
				v := h.At(r.QI[a], l)
				id, ok := ids[v]
				if !ok {
					id = uint32(len(ids))
					ids[v] = id
				}
				t.code[a][l][i] = id
			}
		}
	}
	return t, nil
}

// key appends the combination of record i's values at the given levels.
func (t *table) key(buf []byte, i int, levels []int) []byte {
	buf = buf[:0]
	for a, l := range levels {
		buf = binary.LittleEndian.AppendUint32(buf, t.code[a][l][i])
	}
	return buf
}

// outliers counts the records in combinations of fewer than k when
// everyone is recoded to levels.
func (t *table) outliers(levels []int) int {
	counts := make(map[string]int)
	var buf []byte
	for i := range t.n {
		buf = t.key(buf, i, levels)
		counts[string(buf)]++
	}
	out := 0
	for _, c := range counts {
		if c < t.k {
			out += c
		}
	}
	return out
}

// cost is the loss of one cell of quasi-identifier a at level l.
func (t *table) cost(a, l int) float64 {
	h := t.hs[a]
	if h.Top() == h.Min {
		return 0
	}
	return float64(l-h.Min) / float64(h.Top()-h.Min)
}

// search walks from every quasi-identifier at its Min level towards all
// at Top, one level at a time, raising the quasi-identifier that leaves
// the fewest outliers (ties: the one losing least per step, then the
// first). It completes every point of the walk by local suppression and
// returns the completed point that loses least.
func (t *table) search() solution {
	levels := make([]int, t.m)
	for a, h := range t.hs {
		levels[a] = h.Min
	}
	best := t.local(levels)
	for {
		next, fewest := -1, 0
		for a, h := range t.hs {
			if levels[a] == h.Top() {
				continue
			}
			levels[a]++
			out := t.outliers(levels)
			levels[a]--
			if next < 0 || out < fewest || (out == fewest && t.cost(a, levels[a]+1)-t.cost(a, levels[a]) < t.cost(next, levels[next]+1)-t.cost(next, levels[next])) {
				next, fewest = a, out
			}
		}
		if next < 0 {
			return best
		}
		levels[next]++
		global := 0.0
		for a, l := range levels {
			global += t.cost(a, l) * float64(t.n)
		}
		if global >= best.loss {
			// Recoding only grows along the walk: no later point can
			// lose less than the best found.
			return best
		}
		if s := t.local(levels); s.loss < best.loss {
			best = s
		}
	}
}
