package results

import (
	"reflect"
	"testing"
)

func it(id string, share, low, high float64) Item {
	return Item{ID: id, Share: &share, CILow: &low, CIHigh: &high}
}

func bare(id string, share float64) Item { return Item{ID: id, Share: &share} }

func diff(id string, d, low, high float64, clear bool) ComparedItem {
	return ComparedItem{ID: id, Difference: d, CILow: &low, CIHigh: &high, Clear: clear}
}

// TestSummarize: the summary says "first" only when the first item's
// interval lies above every other's, names the items whose intervals
// reach the first's otherwise (at most three), says nothing is first
// without intervals, and reports a difference from the rest only where
// the simultaneous comparison marks it clear.
func TestSummarize(t *testing.T) {
	for _, tc := range []struct {
		name  string
		items []Item
		cmp   *GroupComparison
		want  Summary
	}{
		{"clear first", []Item{it("b", 20, 17, 23), it("a", 30, 27, 33), it("c", 10, 8, 12)}, nil,
			Summary{Top: []string{"a"}, ClearFirst: true}},
		{"first overlaps second", []Item{it("a", 30, 25, 35), it("b", 28, 24, 32), it("c", 10, 8, 12)}, nil,
			Summary{Top: []string{"a", "b"}}},
		{"touching intervals are not clear", []Item{it("a", 30, 26, 34), it("b", 22, 18, 26)}, nil,
			Summary{Top: []string{"a", "b"}}},
		{"overlaps the third but not the second's end", []Item{it("a", 30, 20, 40), it("b", 25, 15, 21), it("c", 24, 10, 35)}, nil,
			Summary{Top: []string{"a", "b", "c"}}},
		{"many at the top", []Item{it("a", 12, 5, 20), it("b", 11, 5, 20), it("c", 11, 5, 20), it("d", 10, 5, 20), it("e", 9, 5, 20)}, nil,
			Summary{Top: []string{"a", "b", "c"}, More: true}},
		{"no intervals: never first", []Item{bare("a", 40), bare("b", 20), bare("c", 10)}, nil,
			Summary{Top: []string{"a", "b"}}},
		{"suppressed: nothing", []Item{{ID: "a"}, {ID: "b"}}, nil, Summary{}},
		{"clear differences only", []Item{it("a", 30, 27, 33), it("b", 10, 8, 12)},
			&GroupComparison{Items: []ComparedItem{diff("a", 3, 1, 5, true), diff("b", -6, -9, -2, true), diff("c", 8, -1, 17, false), diff("d", 9, 2, 16, true)}},
			Summary{Top: []string{"a"}, ClearFirst: true, Compared: true, Higher: []string{"d", "a"}, Lower: []string{"b"}}},
		{"a mark its interval does not back is not said", []Item{it("a", 30, 27, 33)},
			&GroupComparison{Items: []ComparedItem{diff("a", 3, -1, 5, true)}},
			Summary{Top: []string{"a"}, ClearFirst: true, Compared: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Summarize(tc.items, tc.cmp); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Summarize = %+v, want %+v", got, tc.want)
			}
		})
	}
}
