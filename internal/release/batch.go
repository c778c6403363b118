package release

import (
	"sort"
	"strconv"
	"strings"
	"time"
)

// All is the set every respondent belongs to (response.GroupAll).
const All = "all"

// IsGroup tells a target group's set key ("g:ID") from a background
// answer's ("bg|question|answer").
func IsGroup(key string) bool { return strings.HasPrefix(key, "g:") }

// Member is what the release rule needs of one respondent: the day they
// answered (YYYY-MM-DD) and the sets they belong to besides All.
type Member struct {
	Date string
	Sets []string
}

// Options are the rule's parameters.
type Options struct {
	// K is the minimum group size.
	K int
	// Today (YYYY-MM-DD): answers of today and later are never released,
	// since today is still changing.
	Today string
	// Wait is how many days a batch in which some set is too small waits
	// for more answers before it is sealed with that set withheld.
	Wait int
}

// DefaultWait is the documented wait of a batch that is not yet clean.
const DefaultWait = 7

// Batch is one sealed batch of a campaign.
type Batch struct {
	// From and To are the first and last day with answers in the batch.
	From, To string
	// Members are indexes into the members given to Seal.
	Members []int
	// Shown are the sets with members that may be shown; Withheld the
	// others, with the reason.
	Shown    map[string]bool
	Withheld map[string]string
}

// Key identifies the batch within its campaign (its first and last day
// and size): a new batch, never a changed one, changes a data version.
func (b Batch) Key() string {
	return b.From + "~" + b.To + "~" + strconv.Itoa(len(b.Members))
}

// Seal groups members into batches: whole days before Today, in order; a
// batch is sealed on the first day its members number at least K and
// Decide withholds nothing that has members ("clean"), or, when it has at
// least K members but is not clean, once Wait days have passed since its
// first day, with Decide's choice. The result depends only on the members
// of days before Today and on whether Today is past a batch's wait, so a
// sealed batch is the same at every later Today. Pending lists the
// members not in a sealed batch (today's, and a batch still waiting).
func Seal(members []Member, opt Options) (batches []Batch, pending []int) {
	if opt.K < 1 {
		opt.K = 1
	}
	days := map[string][]int{}
	var order []string
	for i, m := range members {
		if m.Date >= opt.Today {
			pending = append(pending, i)
			continue
		}
		if _, ok := days[m.Date]; !ok {
			order = append(order, m.Date)
		}
		days[m.Date] = append(days[m.Date], i)
	}
	sort.Strings(order)
	var cur []int
	var first, last string
	seal := func() {
		shown, withheld := Decide(setsOf(members, cur), opt.K)
		batches = append(batches, Batch{From: first, To: last, Members: cur, Shown: shown, Withheld: withheld})
		cur, first, last = nil, "", ""
	}
	for _, d := range order {
		if len(cur) >= opt.K && waited(first, d, opt.Wait) {
			seal()
		}
		if first == "" {
			first = d
		}
		cur, last = append(cur, days[d]...), d
		if len(cur) >= opt.K && clean(members, cur, opt.K) {
			seal()
		}
	}
	if len(cur) >= opt.K && waited(first, opt.Today, opt.Wait) {
		seal()
	}
	pending = append(pending, cur...)
	sort.Ints(pending)
	return batches, pending
}

// clean reports whether Decide shows every set with members.
func clean(members []Member, idx []int, k int) bool {
	_, withheld := Decide(setsOf(members, idx), k)
	return len(withheld) == 0
}

func setsOf(members []Member, idx []int) [][]string {
	out := make([][]string, len(idx))
	for i, m := range idx {
		out[i] = members[m].Sets
	}
	return out
}

// waited reports whether day is at least wait days after first.
func waited(first, day string, wait int) bool {
	f, err1 := time.Parse(time.DateOnly, first)
	d, err2 := time.Parse(time.DateOnly, day)
	if err1 != nil || err2 != nil {
		return false
	}
	return !d.Before(f.AddDate(0, 0, wait))
}
