package ranking

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// Counts is a pairwise win matrix over a fixed list of items: Wins(i, j) is
// the (possibly fractional) number of times item i was preferred over item j.
// Every method that needs only aggregated wins (Bradley–Terry, the
// win-probability score) fits from Counts, so a server can keep running
// per-pair counters and fit from them without re-reading judgments.
// Create one with NewCounts or Tally; the zero value holds no items.
type Counts struct {
	items     []string
	index     map[string]int
	w         []float64 // n×n, row-major: w[i*n+j] = wins of i over j
	judgments int
	skipped   int
}

// ErrDuplicateItem reports an item id listed twice.
var ErrDuplicateItem = errors.New("duplicate item")

// ErrBadCount reports a negative or non-finite win count.
var ErrBadCount = errors.New("win count must be a finite number >= 0")

// NewCounts returns empty counts over items (ids in the order given).
func NewCounts(items []string) (*Counts, error) {
	index, err := indexItems(items)
	if err != nil {
		return nil, err
	}
	n := len(items)
	return &Counts{items: slices.Clone(items), index: index, w: make([]float64, n*n)}, nil
}

func indexItems(items []string) (map[string]int, error) {
	index := make(map[string]int, len(items))
	for i, id := range items {
		if _, dup := index[id]; dup {
			return nil, fmt.Errorf("ranking: item %q: %w", id, ErrDuplicateItem)
		}
		index[id] = i
	}
	return index, nil
}

// N returns the number of items.
func (c *Counts) N() int { return len(c.items) }

// Items returns the item ids in index order (a copy).
func (c *Counts) Items() []string { return slices.Clone(c.items) }

// Index returns the position of item id.
func (c *Counts) Index(id string) (int, bool) {
	i, ok := c.index[id]
	return i, ok
}

// Wins returns the wins of item i over item j.
func (c *Counts) Wins(i, j int) float64 { return c.w[i*len(c.items)+j] }

// Add records winsA wins of item a over item b and winsB wins of b over a
// (for one weighted judgment these are its two fractions; for a tie, half
// each). Indices are positions in Items. It panics on an index out of range,
// like a slice; use AddID for ids from outside.
func (c *Counts) Add(a, b int, winsA, winsB float64) {
	n := len(c.items)
	c.w[a*n+b] += winsA
	c.w[b*n+a] += winsB
}

// AddID is Add by item id, checking ids and counts.
func (c *Counts) AddID(a, b string, winsA, winsB float64) error {
	i, okA := c.index[a]
	j, okB := c.index[b]
	switch {
	case !okA:
		return fmt.Errorf("ranking: item %q: %w", a, ErrUnknownItem)
	case !okB:
		return fmt.Errorf("ranking: item %q: %w", b, ErrUnknownItem)
	case i == j:
		return fmt.Errorf("ranking: item %q: %w", a, ErrSameItem)
	case !validCount(winsA) || !validCount(winsB):
		return fmt.Errorf("ranking: %q vs %q: %v, %v: %w", a, b, winsA, winsB, ErrBadCount)
	}
	c.Add(i, j, winsA, winsB)
	return nil
}

func validCount(x float64) bool { return x >= 0 && !math.IsInf(x, 1) }

// AddJudgments adds to the number of judgments and skips the counts were
// built from (reported beside results; they do not enter any fit).
func (c *Counts) AddJudgments(judged, skipped int) {
	c.judgments += judged
	c.skipped += skipped
}

// Judgments returns the number of judgments that entered the counts.
func (c *Counts) Judgments() int { return c.judgments }

// Skipped returns the number of skipped judgments that were excluded.
func (c *Counts) Skipped() int { return c.skipped }

// Total returns the total wins of item i (over all others) and its losses.
func (c *Counts) Total(i int) (wins, losses float64) {
	n := len(c.items)
	for j := range n {
		wins += c.w[i*n+j]
		losses += c.w[j*n+i]
	}
	return wins, losses
}

// Tally aggregates judgments into Counts using the scale's WinMapping. Items
// fixes the item list and its order; nil means every item that occurs, sorted
// by id. Skipped judgments are counted but add no wins. It fails on the first
// judgment naming an unknown item, comparing an item with itself or lying
// outside the scale.
func Tally(js []Judgment, items []string, scale Scale) (*Counts, error) {
	scale, err := scale.withDefaults()
	if err != nil {
		return nil, err
	}
	if items == nil {
		items = ItemsOf(js)
	}
	c, err := NewCounts(items)
	if err != nil {
		return nil, err
	}
	n := len(items)
	for k, j := range js {
		a, b, x, err := checkJudgment(j, c.index, scale)
		if err != nil {
			return nil, fmt.Errorf("ranking: judgment %d: %w", k, err)
		}
		if j.Skip {
			c.skipped++
			continue
		}
		wa, wb := scale.wins(j.Value, x)
		c.w[a*n+b] += wa
		c.w[b*n+a] += wb
		c.judgments++
	}
	return c, nil
}

// ItemsOf returns the sorted set of item ids named in judgments.
func ItemsOf(js ...[]Judgment) []string {
	seen := make(map[string]struct{})
	var items []string
	for _, group := range js {
		for _, j := range group {
			for _, id := range [2]string{j.A, j.B} {
				if _, ok := seen[id]; !ok {
					seen[id] = struct{}{}
					items = append(items, id)
				}
			}
		}
	}
	slices.Sort(items)
	return items
}
