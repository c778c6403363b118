package results

import (
	"sort"
)

// Summary is what a plain-words summary of one group may say, decided
// from the numbers alone (the wording is the page's, in its language):
// never more than the intervals allow.
type Summary struct {
	// Top holds the item ids at the top: one when it is clearly first
	// (its interval lies wholly above every other's), else those whose
	// intervals reach the first's (at most MaxTop; More when there are
	// more). Without intervals nothing is clearly first.
	Top        []string
	ClearFirst bool
	More       bool
	// Compared is set when the group has a comparison with the rest;
	// Higher and Lower list the items marked clear there, the largest
	// difference first.
	Compared      bool
	Higher, Lower []string
}

// MaxTop is the most items a summary names at the top.
const MaxTop = 3

// Summarize decides a group's summary from its items and its comparison
// with the rest (nil: none). It is the one home of the rule: an item is
// said to come first only when its interval does not overlap the
// second's (nor any other's); otherwise the items whose intervals reach
// the first's are said to lie highest together; a difference from the
// rest is said only where the comparison marks it clear.
func Summarize(items []Item, cmp *GroupComparison) Summary {
	var sum Summary
	shown := make([]Item, 0, len(items))
	for _, it := range items {
		if it.Share != nil {
			shown = append(shown, it)
		}
	}
	sort.SliceStable(shown, func(i, j int) bool { return *shown[i].Share > *shown[j].Share })
	if len(shown) > 0 {
		first := shown[0]
		sum.Top = []string{first.ID}
		switch {
		case len(shown) == 1:
			sum.ClearFirst = first.CILow != nil
		case first.CILow == nil || shown[1].CIHigh == nil:
			sum.Top = append(sum.Top, shown[1].ID)
		default:
			for _, it := range shown[1:] {
				if it.CIHigh == nil || *it.CIHigh >= *first.CILow {
					sum.Top = append(sum.Top, it.ID)
				}
			}
			sum.ClearFirst = len(sum.Top) == 1
		}
		if len(sum.Top) > MaxTop {
			sum.Top, sum.More = sum.Top[:MaxTop], true
		}
	}
	if cmp != nil {
		sum.Compared = true
		clear := make([]ComparedItem, 0, len(cmp.Items))
		for _, it := range cmp.Items {
			if it.Clear && it.CILow != nil && it.CIHigh != nil && (*it.CILow > 0 || *it.CIHigh < 0) {
				clear = append(clear, it)
			}
		}
		sort.SliceStable(clear, func(i, j int) bool { return abs(clear[i].Difference) > abs(clear[j].Difference) })
		for _, it := range clear {
			if it.Difference > 0 {
				sum.Higher = append(sum.Higher, it.ID)
			} else {
				sum.Lower = append(sum.Lower, it.ID)
			}
		}
	}
	return sum
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
