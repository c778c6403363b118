package release

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vfv/vfv/internal/calendar"
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
	// nor those of a week that has not ended.
	Today string
}

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

// Seal groups days into batches of whole calendar weeks (Monday to
// Sunday) that have ended before Today: the weeks are taken in order and
// a batch is sealed after the first week that brings it to at least K
// respondents, with Decide's choice of what it shows. Where a batch ends
// therefore depends only on the calendar and on how many answered each
// week — a count every trust agent sees live — never on who answered: a
// batch that waited for a small group to fill up would tell how it filled.
// A sealed batch is the same at every later Today. Pending counts the
// respondents not in a sealed batch (this week's, and weeks still short
// of K).
func Seal(days []Day, opt Options) (batches []Batch, pending int) {
	if opt.K < 1 {
		opt.K = 1
	}
	days = slices.Clone(days)
	sort.Slice(days, func(i, j int) bool { return days[i].Date < days[j].Date })
	open := WeekStart(opt.Today) // the week of Today has not ended
	var cur []Atom
	var n int
	var first, last, week string
	for _, d := range days {
		if d.Date >= open {
			pending += d.n()
			continue
		}
		if w := WeekStart(d.Date); w != week {
			if n >= opt.K {
				shown, withheld := Decide(cur, opt.K)
				batches = append(batches, Batch{From: first, To: last, N: n, Shown: shown, Withheld: withheld})
				cur, n, first = nil, 0, ""
			}
			week = w
		}
		if first == "" {
			first = d.Date
		}
		cur, n, last = append(cur, d.Atoms...), n+d.n(), d.Date
	}
	if n >= opt.K {
		shown, withheld := Decide(cur, opt.K)
		batches = append(batches, Batch{From: first, To: last, N: n, Shown: shown, Withheld: withheld})
		n = 0
	}
	return batches, pending + n
}

// Settling is how long after a day has ended its answers may still be on
// their way into the counters: acknowledged by a replica whose counting
// round is still due (well under a second), or by one that died before
// it, whose writer another process rebuilds from the responses once its
// lease has run out (minutes; a server started later rebuilds before it
// serves). The release rule takes a day as past only this long after it
// ended: a week sealed at midnight whose last answers were counted after
// a first look would change a sealed batch by those late respondents,
// and the difference of the two looks would be their judgments
// (TestRedteam3LateCountChangesSealedWeek).
const Settling = time.Hour

// Today is the release rule's today (Options.Today) at the instant now:
// the date of now − Settling, in the zone of every date (calendar).
func Today(now time.Time) string { return calendar.Date(now.Add(-Settling)) }

// WeekStart is the Monday of the week of day (YYYY-MM-DD); "" for a day
// that is not a date.
func WeekStart(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return ""
	}
	back := (int(t.Weekday()) + 6) % 7 // Monday 0 … Sunday 6
	return t.AddDate(0, 0, -back).Format(time.DateOnly)
}
