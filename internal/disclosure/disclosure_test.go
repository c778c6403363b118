package disclosure

import (
	"slices"
	"testing"
)

func TestCells(t *testing.T) {
	tests := []struct {
		name   string
		counts []int64
		want   []bool
	}{
		{"all large", []int64{10, 7, 5}, []bool{true, true, true}},
		{"one small hides the next smallest too", []int64{10, 7, 4, 6}, []bool{true, true, false, false}},
		{"two small are enough", []int64{10, 2, 3}, []bool{true, false, false}},
		{"zero is shown and not used as the second", []int64{12, 0, 3, 9}, []bool{true, true, false, false}},
		{"a single small cell with only zeros beside it hides all", []int64{0, 4}, []bool{false, false}},
		{"everything small", []int64{1, 2}, []bool{false, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Cells(tt.counts, 5); !slices.Equal(got, tt.want) {
				t.Errorf("Cells(%v, 5) = %v, want %v", tt.counts, got, tt.want)
			}
		})
	}
}

// TestCellsNeverRecoverable checks the property: whenever a cell is hidden,
// at least two cells with respondents are hidden, so the total minus the
// shown cells never equals one hidden group.
func TestCellsNeverRecoverable(t *testing.T) {
	for a := int64(0); a < 9; a++ {
		for b := int64(0); b < 9; b++ {
			for c := int64(0); c < 9; c++ {
				counts := []int64{a, b, c}
				show := Cells(counts, 5)
				hiddenNonZero := 0
				for i, s := range show {
					if !s && counts[i] > 0 {
						hiddenNonZero++
					}
					if s && counts[i] > 0 && counts[i] < 5 {
						t.Fatalf("%v: small cell %d shown", counts, i)
					}
				}
				shownZero := false
				for i, s := range show {
					shownZero = shownZero || (s && counts[i] == 0)
				}
				if hiddenNonZero == 1 && shownZero {
					t.Fatalf("%v: exactly one group hidden (%v); recoverable by subtraction", counts, show)
				}
			}
		}
	}
}
