package ranking

import (
	"fmt"
	"strings"
)

// Existence says whether the Bradley–Terry maximum-likelihood estimate exists
// for a win matrix and, if not, why. The MLE exists exactly when the directed
// graph with an edge i→j whenever i has (fractionally) beaten j is strongly
// connected (Zermelo 1929; Ford 1957; Hunter 2004, Assumption 1): otherwise
// some group of items never loses to the rest and its strengths can grow
// without bound.
type Existence struct {
	Exists bool
	// Components is the number of connected components of the comparison
	// graph (direction ignored); more than one means some items were never
	// compared, even indirectly, with the others.
	Components    int
	NeverCompared []string
	NeverWon      []string
	NeverLost     []string
	// OneWay is set when the graph is connected and every item has won and
	// lost, yet some group of items never lost against the rest.
	OneWay bool
}

// Reasons returns one human-readable sentence per condition that prevents the
// MLE, empty when it exists.
func (e Existence) Reasons() []string {
	var rs []string
	if e.Components > 1 {
		rs = append(rs, fmt.Sprintf("disconnected: the comparisons form %d separate groups of items", e.Components))
	}
	if len(e.NeverCompared) > 0 {
		rs = append(rs, "never compared: "+strings.Join(e.NeverCompared, ", "))
	}
	if len(e.NeverWon) > 0 {
		rs = append(rs, "never preferred: "+strings.Join(e.NeverWon, ", "))
	}
	if len(e.NeverLost) > 0 {
		rs = append(rs, "never beaten: "+strings.Join(e.NeverLost, ", "))
	}
	if e.OneWay {
		rs = append(rs, "one-way: a group of items was always preferred over the rest")
	}
	return rs
}

// CheckExistence tests whether the Bradley–Terry MLE exists for c.
func CheckExistence(c *Counts) Existence {
	n := c.N()
	e := Existence{}
	for i := range n {
		wins, losses := c.Total(i)
		switch {
		case wins == 0 && losses == 0:
			e.NeverCompared = append(e.NeverCompared, c.items[i])
		case wins == 0:
			e.NeverWon = append(e.NeverWon, c.items[i])
		case losses == 0:
			e.NeverLost = append(e.NeverLost, c.items[i])
		}
	}
	e.Components = components(c)
	e.Exists = stronglyConnected(c.w, n)
	e.OneWay = !e.Exists && e.Components == 1 && len(e.NeverCompared)+len(e.NeverWon)+len(e.NeverLost) == 0
	return e
}

// stronglyConnected reports whether every item can reach every other along
// edges i→j with w[i*n+j] > 0: everything is reachable from item 0 forwards
// and backwards.
func stronglyConnected(w []float64, n int) bool {
	return n > 0 && reach(w, n, false) == n && reach(w, n, true) == n
}

// reach counts the items reachable from item 0 along edges i→j (w_ij > 0),
// or along reversed edges when backward is set.
func reach(w []float64, n int, backward bool) int {
	seen := make([]bool, n)
	stack := []int{0}
	seen[0] = true
	count := 1
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for j := range n {
			x := w[i*n+j]
			if backward {
				x = w[j*n+i]
			}
			if !seen[j] && x > 0 {
				seen[j] = true
				count++
				stack = append(stack, j)
			}
		}
	}
	return count
}

// components counts connected components of the undirected comparison graph.
func components(c *Counts) int {
	n := c.N()
	seen := make([]bool, n)
	count := 0
	for s := range n {
		if seen[s] {
			continue
		}
		count++
		seen[s] = true
		stack := []int{s}
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for j := range n {
				if !seen[j] && c.Wins(i, j)+c.Wins(j, i) > 0 {
					seen[j] = true
					stack = append(stack, j)
				}
			}
		}
	}
	return count
}
