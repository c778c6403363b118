package release

import (
	"slices"
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

// Day is one day's respondents (YYYY-MM-DD), as atoms.
type Day struct {
	Date  string
	Atoms []Atom
}

func (d Day) n() int {
	n := 0
	for _, a := range d.Atoms {
		n += a.N
	}
	return n
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
	// From and To are the first and last day with answers in the batch;
	// N is its number of respondents.
	From, To string
	N        int
	// Shown are the sets with members that may be shown; Withheld the
	// others, with the reason.
	Shown    map[string]bool
	Withheld map[string]string
}

// Key identifies the batch within its campaign (its first and last day
// and size): a new batch, never a changed one, changes a data version.
func (b Batch) Key() string {
	return b.From + "~" + b.To + "~" + strconv.Itoa(b.N)
}

// Seal groups days into batches: whole days before Today, in order; a
// batch is sealed on the first day its respondents number at least K and
// Decide withholds nothing that has members ("clean"), or, when it has at
// least K but is not clean, once Wait days have passed since its first
// day, with Decide's choice. The result depends only on the days before
// Today and on whether Today is past a batch's wait, so a sealed batch is
// the same at every later Today. Pending counts the respondents not in a
// sealed batch (today's and later, and a batch still waiting).
func Seal(days []Day, opt Options) (batches []Batch, pending int) {
	if opt.K < 1 {
		opt.K = 1
	}
	days = slices.Clone(days)
	sort.Slice(days, func(i, j int) bool { return days[i].Date < days[j].Date })
	var cur []Atom
	var n int
	var first, last string
	seal := func() {
		shown, withheld := Decide(cur, opt.K)
		batches = append(batches, Batch{From: first, To: last, N: n, Shown: shown, Withheld: withheld})
		cur, n, first, last = nil, 0, "", ""
	}
	for _, d := range days {
		if d.Date >= opt.Today {
			pending += d.n()
			continue
		}
		if n >= opt.K && waited(first, d.Date, opt.Wait) {
			seal()
		}
		if first == "" {
			first = d.Date
		}
		cur, n, last = append(cur, d.Atoms...), n+d.n(), d.Date
		if n >= opt.K && clean(cur, opt.K) {
			seal()
		}
	}
	if n >= opt.K && waited(first, opt.Today, opt.Wait) {
		seal()
	}
	return batches, pending + n
}

// clean reports whether Decide shows every set with members.
func clean(atoms []Atom, k int) bool {
	_, withheld := Decide(atoms, k)
	return len(withheld) == 0
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
