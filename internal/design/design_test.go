package design

import (
	"math/rand/v2"
	"testing"
)

func TestPlan(t *testing.T) {
	tests := []struct{ n, max, want int }{
		{2, 10, 1},
		{5, 10, 10},  // all pairs exactly
		{10, 45, 45}, // all pairs
		{10, 15, 15}, // the young-adults survey
		{10, 9, 9},   // a spanning path
		{9, 36, 36},
		{30, 40, 40},
		{7, 100, 21},
	}
	for _, tt := range tests {
		for seed := uint64(0); seed < 50; seed++ {
			rng := rand.New(rand.NewPCG(seed, 1))
			p := Plan(tt.n, tt.max, rng)
			if len(p) != tt.want {
				t.Fatalf("Plan(%d, %d) gave %d pairs, want %d", tt.n, tt.max, len(p), tt.want)
			}
			seen := map[[2]int]bool{}
			deg := make([]int, tt.n)
			for _, pr := range p {
				a, b := min(pr.First, pr.Second), max(pr.First, pr.Second)
				if a == b || a < 0 || b >= tt.n || seen[[2]int{a, b}] {
					t.Fatalf("Plan(%d, %d) seed %d: bad or repeated pair %v", tt.n, tt.max, seed, pr)
				}
				seen[[2]int{a, b}] = true
				deg[a]++
				deg[b]++
			}
			lo, hi := deg[0], deg[0]
			for _, d := range deg {
				lo, hi = min(lo, d), max(hi, d)
			}
			// Even: degrees differ by at most one where 2*max/n allows it.
			if hi-lo > 1 {
				t.Errorf("Plan(%d, %d) seed %d: item counts range %d..%d, want a spread of at most 1 (%v)", tt.n, tt.max, seed, lo, hi, deg)
			}
			if tt.max >= tt.n-1 && !connected(tt.n, p) {
				t.Errorf("Plan(%d, %d) seed %d: comparison graph not connected", tt.n, tt.max, seed)
			}
		}
	}
}

// TestPlanRandomises checks that order and orientation vary: over many
// plans each item is shown first about half the time.
func TestPlanRandomises(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	first := 0
	total := 0
	orders := map[Pair]int{}
	for i := 0; i < 2000; i++ {
		p := Plan(10, 15, rng)
		orders[p[0]]++
		for _, pr := range p {
			if pr.First < pr.Second {
				first++
			}
			total++
		}
	}
	if share := float64(first) / float64(total); share < 0.47 || share > 0.53 {
		t.Errorf("lower index shown first in %.3f of pairs, want about 0.5", share)
	}
	if len(orders) < 60 {
		t.Errorf("only %d distinct first pairs in 2000 plans; order is not random", len(orders))
	}
}

func connected(n int, p []Pair) bool {
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(x int) int {
		for parent[x] != x {
			x = parent[x]
		}
		return x
	}
	for _, pr := range p {
		parent[find(pr.First)] = find(pr.Second)
	}
	root := find(0)
	for i := 1; i < n; i++ {
		if find(i) != root {
			return false
		}
	}
	return true
}
