package ranking

import (
	"fmt"
	"testing"
)

// TestInternTable: ids of every length get numbers in order of first
// appearance, and the same id always gets the same number, across rehashes.
func TestInternTable(t *testing.T) {
	tab := newInternTable()
	var ids []string
	for i := range 5000 {
		ids = append(ids, fmt.Sprintf("%x", i), fmt.Sprintf("respondent-%08d-long", i), "")
	}
	want := make(map[string]int32)
	for round := range 2 {
		for _, id := range ids {
			k, added := tab.index([]byte(id))
			w, seen := want[id]
			switch {
			case !seen && (!added || int(k) != len(want)):
				t.Fatalf("round %d: new %q = %d (added %v), want %d (added)", round, id, k, added, len(want))
			case seen && (added || k != w):
				t.Fatalf("round %d: known %q = %d (added %v), want %d", round, id, k, added, w)
			}
			want[id] = k
			if got := string(tab.key(int(k))); got != id {
				t.Fatalf("key(%d) = %q, want %q", k, got, id)
			}
		}
	}
	if tab.Len() != len(want) {
		t.Errorf("Len = %d, want %d", tab.Len(), len(want))
	}
}
