package release

import (
	"math/bits"
	"sort"
	"strings"
)

// Labels reports whether single respondents of a batch may be shown with
// the labels of their target groups (a story's groups). A story's labels
// tell which combination of groups its writer belongs to, so each
// combination is a set too, and together with the batch's shown sets none
// may reveal fewer than k (Decide): a story labelled "young women" and
// "rural" must not be the only such respondent.
func Labels(atoms []Atom, shown map[string]bool, k int) bool {
	withClass := make([]Atom, 0, len(atoms))
	for _, a := range atoms {
		sets := keepShown(a.Sets, shown)
		var groups []string
		for _, s := range sets {
			if IsGroup(s) {
				groups = append(groups, s)
			}
		}
		withClass = append(withClass, Atom{Sets: append(sets, "labels:"+strings.Join(groups, ",")), N: a.N})
	}
	_, withheld := Decide(withClass, k)
	return len(withheld) == 0
}

// Record is one respondent for Columns: the sets they belong to and their
// value in each attribute column.
type Record struct {
	Sets   []string
	Values map[string]string
	// Judged tells a respondent whose record carries judgments (at least
	// one pair not answered "vet inte").
	Judged bool
}

// Columns decides which attribute columns of single respondents' records
// (the judgments export) may be shown for a batch beside its figures. A
// shown column's every value is a set, and so is every combination of the
// shown columns' values; columns are dropped, the last first, until
// Decide finds none of these, nor any shown set, revealing fewer than k —
// among all the records, and among those that carry judgments beside the
// sets whose judgment figures the batch shows (judged, Judgments): a
// value held by 5 of whom one judged would single out that one's
// judgments. The answer depends only on the batch, so every file and
// scope that holds the batch shows the same columns of it.
func Columns(records []Record, shown, judged map[string]bool, columns []string, k int) []string {
	var judges []Record
	for _, r := range records {
		if r.Judged {
			judges = append(judges, r)
		}
	}
	safe := func(keep []string) bool {
		return columnsSafe(records, shown, keep, k) && columnsSafe(judges, judged, keep, k)
	}
	if len(columns) > maxColumnSearch {
		keep := append([]string(nil), columns...)
		for len(keep) > 0 && !safe(keep) {
			keep = keep[:len(keep)-1]
		}
		return keep
	}
	// Every subset, the largest first, and among equally large ones the
	// one whose columns come first: the most information that is safe.
	n := len(columns)
	masks := make([]int, 0, 1<<n)
	for m := 0; m < 1<<n; m++ {
		masks = append(masks, m)
	}
	sort.SliceStable(masks, func(a, b int) bool {
		ca, cb := bits.OnesCount(uint(masks[a])), bits.OnesCount(uint(masks[b]))
		if ca != cb {
			return ca > cb
		}
		return bits.Reverse(uint(masks[a])) > bits.Reverse(uint(masks[b]))
	})
	for _, m := range masks {
		var keep []string
		for i, c := range columns {
			if m&(1<<i) != 0 {
				keep = append(keep, c)
			}
		}
		if safe(keep) {
			return keep
		}
	}
	return nil
}

// maxColumnSearch bounds the subsets Columns tries (2^n); beyond it,
// columns are dropped from the last.
const maxColumnSearch = 8

// columnsSafe reports whether showing keep beside the batch's shown sets
// reveals nobody (Decide withholds nothing).
func columnsSafe(records []Record, shown map[string]bool, keep []string, k int) bool {
	atoms := map[string]*Atom{}
	var order []string
	for _, r := range records {
		sets := keepShown(r.Sets, shown)
		class := make([]string, 0, len(keep))
		for _, c := range keep {
			v := c + "=" + r.Values[c]
			sets = append(sets, "col:"+v)
			class = append(class, v)
		}
		sets = append(sets, "class:"+strings.Join(class, ";"))
		sort.Strings(sets)
		key := strings.Join(sets, "\x00")
		if a, ok := atoms[key]; ok {
			a.N++
			continue
		}
		atoms[key] = &Atom{Sets: sets, N: 1}
		order = append(order, key)
	}
	list := make([]Atom, 0, len(order))
	for _, key := range order {
		list = append(list, *atoms[key])
	}
	_, withheld := Decide(list, k)
	return len(withheld) == 0
}

func keepShown(sets []string, shown map[string]bool) []string {
	out := make([]string, 0, len(sets))
	for _, s := range sets {
		if shown[s] {
			out = append(out, s)
		}
	}
	return out
}
