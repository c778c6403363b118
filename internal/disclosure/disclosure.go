// Package disclosure decides which counts and results may be shown without
// letting a reader single out a respondent: a group smaller than the
// survey's minimum group size is never shown as a number, and a second
// group is hidden where the first could otherwise be recovered by
// subtraction (docs/privacy.md).
package disclosure

import "sort"

// Cells decides, for the counts of one partition (the answers to one
// background question, including "not answered", which together add up
// to a total that is shown), which may be shown. A count below min is
// hidden (a zero is shown: it describes nobody). When exactly one cell is
// hidden, the total minus the shown cells would reveal it, so the
// smallest other non-zero cell is hidden too; when there is none, every
// cell is hidden.
func Cells(counts []int64, min int64) (show []bool) {
	show = make([]bool, len(counts))
	hidden := 0
	for i, n := range counts {
		show[i] = n == 0 || n >= min
		if !show[i] {
			hidden++
		}
	}
	if hidden != 1 {
		return show
	}
	order := make([]int, len(counts))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return counts[order[a]] < counts[order[b]] })
	for _, i := range order {
		if show[i] && counts[i] > 0 {
			show[i] = false
			return show
		}
	}
	// No other group to hide with it: the zeros would point at the hidden
	// cell, so nothing of the partition is shown.
	for i := range show {
		show[i] = false
	}
	return show
}

// Group reports whether a group of n respondents may be shown.
func Group(n, min int64) bool { return n >= min }
