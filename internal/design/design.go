// Package design chooses which pairs of items one respondent weighs, and in
// what order and orientation (see docs/pair-design.md).
package design

import (
	"math/rand/v2"
)

// Pair is two item indices: First is shown first (left or top).
type Pair struct{ First, Second int }

// Plan returns the pairs one respondent is shown, for n items and at most
// limit pairs:
//
//   - when n(n-1)/2 <= limit, every pair;
//   - otherwise limit pairs chosen so that (1) they connect all items
//     whenever limit >= n-1: a random Hamiltonian path, closed to a cycle
//     when limit >= n, so every item starts with the same degree; and (2)
//     every further pair joins the two least-shown items still unpaired
//     (ties broken at random), so item counts differ by at most one where
//     that is possible.
//
// The order of the pairs and which item of each is shown first are random,
// so position effects average out and can be measured.
func Plan(n, limit int, rng *rand.Rand) []Pair {
	all := n * (n - 1) / 2
	if n < 2 || limit <= 0 {
		return nil
	}
	var pairs []Pair
	if all <= limit {
		pairs = make([]Pair, 0, all)
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				pairs = append(pairs, Pair{i, j})
			}
		}
	} else {
		pairs = evenSubset(n, limit, rng)
	}
	rng.Shuffle(len(pairs), func(i, j int) { pairs[i], pairs[j] = pairs[j], pairs[i] })
	for i := range pairs {
		if rng.IntN(2) == 1 {
			pairs[i].First, pairs[i].Second = pairs[i].Second, pairs[i].First
		}
	}
	return pairs
}

// evenSubset retries subset until item counts differ by at most one: the
// greedy step can paint itself into a corner (the last two least-shown
// items already paired), which a fresh random start almost always avoids.
// After maxTries it keeps the most even plan found.
func evenSubset(n, limit int, rng *rand.Rand) []Pair {
	const maxTries = 100
	var best []Pair
	bestSpread := 1 << 30
	for try := 0; try < maxTries && bestSpread > 1; try++ {
		p := subset(n, limit, rng)
		if s := spread(n, p); s < bestSpread {
			best, bestSpread = p, s
		}
	}
	return best
}

// spread is the difference between the most and the least shown item.
func spread(n int, pairs []Pair) int {
	deg := make([]int, n)
	for _, p := range pairs {
		deg[p.First]++
		deg[p.Second]++
	}
	lo, hi := deg[0], deg[0]
	for _, d := range deg {
		lo, hi = min(lo, d), max(hi, d)
	}
	return hi - lo
}

// subset picks limit < n(n-1)/2 pairs: a spanning path or cycle first, then
// the pairs that keep item degrees most even.
func subset(n, limit int, rng *rand.Rand) []Pair {
	used := make([][]bool, n)
	for i := range used {
		used[i] = make([]bool, n)
	}
	deg := make([]int, n)
	pairs := make([]Pair, 0, limit)
	add := func(a, b int) {
		used[a][b], used[b][a] = true, true
		deg[a]++
		deg[b]++
		pairs = append(pairs, Pair{a, b})
	}
	perm := rng.Perm(n)
	for i := 0; i+1 < n && len(pairs) < limit; i++ {
		add(perm[i], perm[i+1])
	}
	if n > 2 && len(pairs) < limit {
		add(perm[n-1], perm[0])
	}
	for len(pairs) < limit {
		best, count := Pair{-1, -1}, 0
		bestDeg := 1 << 30
		for a := 0; a < n; a++ {
			for b := a + 1; b < n; b++ {
				if used[a][b] {
					continue
				}
				d := deg[a] + deg[b]
				// Prefer the pair whose larger degree is smallest, then
				// the smaller sum: this keeps max-min degree spread <= 1.
				key := max(deg[a], deg[b])*4*n + d
				switch {
				case key < bestDeg:
					best, bestDeg, count = Pair{a, b}, key, 1
				case key == bestDeg:
					count++
					if rng.IntN(count) == 0 { // reservoir: uniform among ties
						best = Pair{a, b}
					}
				}
			}
		}
		add(best.First, best.Second)
	}
	return pairs
}
