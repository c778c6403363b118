package release

import (
	"math/bits"
	"sort"
)

// Reasons a set with members is withheld from a batch.
const (
	// ReasonFew: the set has fewer members than the minimum in the batch.
	ReasonFew = "few"
	// ReasonDifference: the set is large enough, but together with other
	// figures of the batch it would reveal fewer than the minimum.
	ReasonDifference = "difference"
)

// maxFamilies bounds the search for families of disjoint sets under one
// set (a budget per set and pass). When it runs out, every set but the
// whole batch is withheld: the safe answer when the check cannot finish.
const maxFamilies = 200000

// Atom is a number of respondents who belong to exactly the same sets
// (besides All, which every respondent belongs to).
type Atom struct {
	Sets []string
	N    int
}

// Decide applies the release rule to one batch: given its respondents as
// atoms and the minimum k, it returns the sets that may be shown and, for
// each withheld set with members, why. A set with no members in the batch
// is neither: it adds nothing to any figure.
//
// A set is withheld when it has fewer than k members. Then, until nothing
// changes, for every shown set P:
//   - for every family F of pairwise disjoint shown sets inside P (one set
//     alone included), the members of P outside F — |P| − Σ|F|, a figure
//     anyone can compute by subtraction — must be 0 or at least k;
//   - for every family F of pairwise disjoint shown sets that together
//     hold all of P, the members of F outside P — Σ|F| − |P| — must be 0
//     or at least k;
//   - for every two shown sets whose union is a shown set R, their
//     intersection — |P| + |Q| − |R| — must be 0 or at least k.
//
// When a check fails, the set of the failing figure that matters least is
// withheld: a background answer before a target group, the smaller one
// first, never All.
func Decide(atoms []Atom, k int) (shown map[string]bool, withheld map[string]string) {
	b := newBatchSets(atoms)
	shown, withheld = map[string]bool{}, map[string]string{}
	for i, key := range b.keys {
		if b.size[i] >= k {
			shown[key] = true
		} else {
			withheld[key] = ReasonFew
		}
	}
	if !shown[All] {
		return map[string]bool{}, withheld
	}
	for {
		victim, ok := b.violation(shown, k)
		if !ok {
			return shown, withheld
		}
		if victim < 0 {
			for _, key := range b.keys {
				if shown[key] && key != All {
					delete(shown, key)
					withheld[key] = ReasonDifference
				}
			}
			return shown, withheld
		}
		delete(shown, b.keys[victim])
		withheld[b.keys[victim]] = ReasonDifference
	}
}

// batchSets holds, for every set with members, which atoms it has (as a
// bit set over the atoms) and how many respondents that makes.
type batchSets struct {
	keys   []string
	size   []int
	bits   [][]uint64
	weight []int
}

func newBatchSets(atoms []Atom) *batchSets {
	b := &batchSets{weight: make([]int, len(atoms))}
	index := map[string]int{}
	words := (len(atoms) + 63) / 64
	add := func(key string, m int) {
		i, ok := index[key]
		if !ok {
			i = len(b.keys)
			index[key] = i
			b.keys = append(b.keys, key)
			b.size = append(b.size, 0)
			b.bits = append(b.bits, make([]uint64, words))
		}
		if b.bits[i][m/64]&(1<<(m%64)) == 0 {
			b.bits[i][m/64] |= 1 << (m % 64)
			b.size[i] += atoms[m].N
		}
	}
	for m, a := range atoms {
		b.weight[m] = a.N
		if a.N <= 0 {
			continue
		}
		add(All, m)
		for _, s := range a.Sets {
			add(s, m)
		}
	}
	// A fixed order makes the rule deterministic whatever the input order.
	order := make([]int, len(b.keys))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(x, y int) bool { return b.keys[order[x]] < b.keys[order[y]] })
	sorted := &batchSets{weight: b.weight}
	for _, i := range order {
		sorted.keys = append(sorted.keys, b.keys[i])
		sorted.size = append(sorted.size, b.size[i])
		sorted.bits = append(sorted.bits, b.bits[i])
	}
	return sorted
}

func (b *batchSets) subset(q, p int) bool {
	for w := range b.bits[q] {
		if b.bits[q][w]&^b.bits[p][w] != 0 {
			return false
		}
	}
	return true
}

func (b *batchSets) disjoint(q, p int) bool {
	for w := range b.bits[q] {
		if b.bits[q][w]&b.bits[p][w] != 0 {
			return false
		}
	}
	return true
}

func (b *batchSets) intersection(q, p int) int {
	n := 0
	for w := range b.bits[q] {
		for x := b.bits[q][w] & b.bits[p][w]; x != 0; x &= x - 1 {
			n += b.weight[w*64+bits.TrailingZeros64(x)]
		}
	}
	return n
}

func (b *batchSets) union(q, p int) []uint64 {
	u := make([]uint64, len(b.bits[q]))
	for w := range u {
		u[w] = b.bits[q][w] | b.bits[p][w]
	}
	return u
}

func (b *batchSets) equal(i int, u []uint64) bool {
	for w := range u {
		if b.bits[i][w] != u[w] {
			return false
		}
	}
	return true
}

// unsafe reports whether n is a count that must not be derivable.
func unsafe(n, k int) bool { return n > 0 && n < k }

// violation finds one failing figure among the shown sets and returns the
// set to withhold for it; ok is false when every check passes, and the
// victim is -1 when the search ran out of budget.
func (b *batchSets) violation(shown map[string]bool, k int) (victim int, ok bool) {
	var live []int
	for i, key := range b.keys {
		if shown[key] {
			live = append(live, i)
		}
	}
	for _, p := range live {
		fam, found, exhausted := b.failingFamily(p, b.others(live, p, func(q int) bool { return b.subset(q, p) }), k)
		if exhausted {
			return -1, true
		}
		if found {
			return b.leastImportant(append(fam, p)), true
		}
	}
	for _, q := range live {
		fam, found, exhausted := b.failingCover(q, b.others(live, q, func(c int) bool { return b.intersection(c, q) > 0 }), k)
		if exhausted {
			return -1, true
		}
		if found {
			return b.leastImportant(append(fam, q)), true
		}
	}
	for x, p := range live {
		for _, q := range live[x+1:] {
			if b.subset(p, q) || b.subset(q, p) || !unsafe(b.intersection(p, q), k) {
				continue
			}
			u := b.union(p, q)
			for _, r := range live {
				if b.equal(r, u) {
					return b.leastImportant([]int{p, q}), true
				}
			}
		}
	}
	return 0, false
}

// others lists the sets of live other than p for which keep holds.
func (b *batchSets) others(live []int, p int, keep func(q int) bool) []int {
	var out []int
	for _, q := range live {
		if q != p && keep(q) {
			out = append(out, q)
		}
	}
	return out
}

// failingFamily searches the families of pairwise disjoint sets among
// inside (all inside p) for one that leaves 1..k-1 members of p uncovered.
func (b *batchSets) failingFamily(p int, inside []int, k int) (fam []int, found, exhausted bool) {
	return b.findFamily(inside, func(chosen []int, total int) bool {
		return unsafe(b.size[p]-total, k)
	})
}

// failingCover searches the families of pairwise disjoint sets among
// meeting (each sharing members with q) whose union holds all of q, for
// one whose sizes add up to 1..k-1 more than q's: |A| + |B| − |Q| counts
// the members of A and B outside Q.
func (b *batchSets) failingCover(q int, meeting []int, k int) (fam []int, found, exhausted bool) {
	union := make([]uint64, len(b.bits[q]))
	return b.findFamily(meeting, func(chosen []int, total int) bool {
		clear(union)
		for _, x := range chosen {
			for w := range union {
				union[w] |= b.bits[x][w]
			}
		}
		return covers(union, b.bits[q]) && unsafe(total-b.size[q], k)
	})
}

// findFamily walks the families of pairwise disjoint sets among cands,
// depth first, until fails says one (with its sets' total size) fails;
// at most maxFamilies of them (exhausted when the budget ran out).
func (b *batchSets) findFamily(cands []int, fails func(chosen []int, total int) bool) (fam []int, found, exhausted bool) {
	budget := maxFamilies
	var chosen []int
	var walk func(start, total int) bool
	walk = func(start, total int) bool {
		for i := start; i < len(cands); i++ {
			c := cands[i]
			free := true
			for _, x := range chosen {
				if !b.disjoint(c, x) {
					free = false
					break
				}
			}
			if !free {
				continue
			}
			if budget--; budget < 0 {
				exhausted = true
				return true
			}
			chosen = append(chosen, c)
			if fails(chosen, total+b.size[c]) {
				fam, found = append([]int(nil), chosen...), true
				return true
			}
			if walk(i+1, total+b.size[c]) {
				return true
			}
			chosen = chosen[:len(chosen)-1]
		}
		return false
	}
	walk(0, 0)
	return fam, found, exhausted
}

func covers(union, q []uint64) bool {
	for w := range q {
		if q[w]&^union[w] != 0 {
			return false
		}
	}
	return true
}

// leastImportant picks the set to withhold among candidates: never All, a
// background answer before a target group, then the smallest, then by key.
func (b *batchSets) leastImportant(cands []int) int {
	best := -1
	for _, c := range cands {
		if b.keys[c] == All {
			continue
		}
		if best < 0 || less(b, c, best) {
			best = c
		}
	}
	return best
}

func less(b *batchSets, x, y int) bool {
	gx, gy := IsGroup(b.keys[x]), IsGroup(b.keys[y])
	if gx != gy {
		return !gx
	}
	if b.size[x] != b.size[y] {
		return b.size[x] < b.size[y]
	}
	return b.keys[x] < b.keys[y]
}
