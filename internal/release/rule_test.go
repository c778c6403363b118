package release

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"testing"
)

// repeat makes n respondents with the same sets, as one atom.
func repeat(n int, sets ...string) []Atom { return []Atom{{Sets: sets, N: n}} }

func join(parts ...[]Atom) []Atom {
	var out []Atom
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestDecide(t *testing.T) {
	tests := []struct {
		name     string
		members  []Atom
		shown    []string
		withheld map[string]string
	}{
		{"too few overall", repeat(4, "g:a"), nil, map[string]string{All: ReasonFew, "g:a": ReasonFew}},
		{"clean partition", join(repeat(5, "g:w", "bg|kon|k"), repeat(6, "g:m", "bg|kon|m")),
			[]string{All, "bg|kon|k", "bg|kon|m", "g:m", "g:w"}, map[string]string{}},
		{"small answer hides the next smallest", join(repeat(4, "bg|kon|k"), repeat(6, "bg|kon|m"), repeat(7, "bg|kon|a")),
			[]string{All, "bg|kon|a"}, map[string]string{"bg|kon|k": ReasonFew, "bg|kon|m": ReasonDifference}},
		{"not answered counts as hidden", join(repeat(2), repeat(6, "bg|kon|m"), repeat(7, "bg|kon|a")),
			[]string{All, "bg|kon|a"}, map[string]string{"bg|kon|m": ReasonDifference}},
		{"nested group leaves one outside", join(repeat(5, "g:young-men", "g:men"), repeat(1, "g:men"), repeat(6)),
			[]string{All, "g:men"}, map[string]string{"g:young-men": ReasonDifference}},
		{"all minus a group of everyone but 3", join(repeat(3), repeat(12, "g:x")),
			[]string{All}, map[string]string{"g:x": ReasonDifference}},
		{"answer goes before group", join(repeat(3), repeat(12, "g:x", "bg|q|a")),
			[]string{All}, map[string]string{"g:x": ReasonDifference, "bg|q|a": ReasonDifference}},
		{"intersection of two whose union is shown", join(repeat(6, "g:a", "g:u"), repeat(2, "g:a", "g:b", "g:u"), repeat(6, "g:b", "g:u"), repeat(6)),
			[]string{All, "g:b", "g:u"}, map[string]string{"g:a": ReasonDifference}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			shown, withheld := Decide(tt.members, 5)
			if got := keys(shown); !reflect.DeepEqual(got, tt.shown) {
				t.Errorf("shown = %v, want %v", got, tt.shown)
			}
			if !reflect.DeepEqual(withheld, tt.withheld) {
				t.Errorf("withheld = %v, want %v", withheld, tt.withheld)
			}
		})
	}
}

// TestDecideNoSmallDifference: over random batches, no two shown sets
// nested in each other differ by 1..k-1 members, no shown set has 1..k-1,
// and no family of disjoint shown sets inside a shown set leaves 1..k-1.
func TestDecideNoSmallDifference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const k = 5
	for trial := 0; trial < 500; trial++ {
		n := 5 + rng.IntN(40)
		members := make([]Atom, n)
		for i := range members {
			var sets []string
			for q := 0; q < 3; q++ {
				if a := rng.IntN(4); a > 0 {
					sets = append(sets, fmt.Sprintf("bg|q%d|%d", q, a))
					if a == 1 {
						sets = append(sets, fmt.Sprintf("g:q%d", q))
					}
				}
			}
			if rng.IntN(3) == 0 {
				sets = append(sets, "g:mixed")
			}
			members[i] = Atom{Sets: sets, N: 1 + rng.IntN(2)}
		}
		shown, _ := Decide(members, k)
		b := newBatchSets(members)
		var live []int
		for i, key := range b.keys {
			if shown[key] {
				live = append(live, i)
				if unsafe(b.size[i], k) {
					t.Fatalf("trial %d: shown %s has %d members", trial, key, b.size[i])
				}
			}
		}
		for _, p := range live {
			var inside []int
			for _, q := range live {
				if q != p && b.subset(q, p) {
					inside = append(inside, q)
					if unsafe(b.size[p]-b.size[q], k) {
						t.Fatalf("trial %d: %s minus %s = %d", trial, b.keys[p], b.keys[q], b.size[p]-b.size[q])
					}
				}
			}
			if _, found, _ := b.failingFamily(p, inside, k); found {
				t.Fatalf("trial %d: a family under %s leaves too few", trial, b.keys[p])
			}
			var meeting []int
			for _, q := range live {
				if q != p && b.intersection(q, p) > 0 {
					meeting = append(meeting, q)
				}
			}
			if _, found, _ := b.failingCover(p, meeting, k); found {
				t.Fatalf("trial %d: a family over %s holds too few more", trial, b.keys[p])
			}
		}
	}
}

// TestDecideCoverMinusSet: two disjoint answers (ages 16–19 and 20–24)
// together hold a group (young women); their sum minus the group counts
// the young who are not women. One of them must go when that is 1..k-1.
func TestDecideCoverMinusSet(t *testing.T) {
	atoms := join(
		repeat(5, "bg|alder|16-19", "g:unga-kvinnor"),
		repeat(5, "bg|alder|20-24", "g:unga-kvinnor"),
		repeat(1, "bg|alder|20-24"),
		repeat(6, "bg|alder|25-29"),
	)
	shown, _ := Decide(atoms, 5)
	a, b, g := shown["bg|alder|16-19"], shown["bg|alder|20-24"], shown["g:unga-kvinnor"]
	if a && b && g {
		t.Errorf("16-19 + 20-24 − unga-kvinnor = 1 is derivable: shown %v", keys(shown))
	}
	if !g {
		t.Errorf("the group should be kept and an answer withheld: shown %v", keys(shown))
	}
}
