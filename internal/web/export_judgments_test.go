package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vfv/vfv/internal/calendar"
	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/response"
)

// submitOn stores submissions as if given on day, in the given order.
func submitOn(t *testing.T, f *staffFixture, day time.Time, subs ...response.Submission) {
	t.Helper()
	svc := collect.New(f.store, f.surveys, nil)
	svc.SetClock(func() time.Time { return day })
	for _, sub := range subs {
		if _, err := svc.Submit(context.Background(), sub); err != nil {
			t.Fatalf("submit %s: %v", sub.ID, err)
		}
	}
}

// fingerprinted is the i-th submission in campaign GRUMS34 with the given
// background: its id sorts in submission order and its first three
// judgments spell i in base 5, so the export's rows can be traced back.
func fingerprinted(i int, bg map[string]string) response.Submission {
	pairs := [][2]string{{"jobb-studier", "ma-bra"}, {"vanner", "jobb-studier"}, {"ma-bra", "vanner"}}
	sub := response.Submission{ID: fmt.Sprintf("%08d-0000-4000-8000-000000000000", i), Campaign: "GRUMS34", Lang: "sv", Background: bg}
	for d, p := range pairs {
		v := (i/pow5(d))%5 - 2
		sub.Judgments = append(sub.Judgments, response.Judgment{A: p[0], B: p[1], Value: &v})
	}
	return sub
}

func pow5(d int) int {
	n := 1
	for range d {
		n *= 5
	}
	return n
}

// judgmentsExport downloads the judgments export of GRUMS34 as rows of
// column name to text.
func judgmentsExport(t *testing.T, f *staffFixture, format string) []map[string]string {
	t.Helper()
	status, b := f.download(t, "group@a.se", "/api/v1/campaigns/GRUMS34/export?what=judgments&format="+format)
	if status != 200 {
		t.Fatalf("%s judgments export = %d %s", format, status, b)
	}
	var out []map[string]string
	if format == "json" {
		var rows []map[string]any
		if err := json.Unmarshal(b, &rows); err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			m := map[string]string{}
			for k, v := range r {
				if v != nil {
					m[k] = fmt.Sprint(v)
				}
			}
			out = append(out, m)
		}
		return out
	}
	rows := exportRows(t, format, b)
	for _, r := range rows[1:] {
		m := map[string]string{}
		for c, h := range rows[0] {
			m[h] = r[c]
		}
		out = append(out, m)
	}
	return out
}

// respondentsOf groups export rows by respondent number, in the order the
// numbers first appear.
func respondentsOf(t *testing.T, rows []map[string]string) (order []string, byNumber map[string][]map[string]string) {
	t.Helper()
	byNumber = map[string][]map[string]string{}
	for _, r := range rows {
		n := r["respondent"]
		if _, seen := byNumber[n]; !seen {
			order = append(order, n)
		}
		byNumber[n] = append(byNumber[n], r)
	}
	return order, byNumber
}

// TestExportJudgmentsKAnonymous is the insider's attack: in a small
// campaign exactly one respondent is a rural young man. In the raw
// judgments export no combination of campaign, period and background
// answers may be held by fewer than min_group_size (5) respondents, and
// his combination must not appear at all, in any format.
func TestExportJudgmentsKAnonymous(t *testing.T) {
	f := newStaffFixture(t)
	classes := []struct {
		n  int
		bg map[string]string
	}{
		{8, map[string]string{"alder": "20-24", "kon": "kvinna", "gor-nu": "studerar", "bor": "tatort"}},
		{8, map[string]string{"alder": "16-19", "kon": "man", "gor-nu": "studerar", "bor": "tatort"}},
		{7, map[string]string{"alder": "25-29", "kon": "annat", "gor-nu": "arbetar", "bor": "tatort"}},
		{1, map[string]string{"alder": "20-24", "kon": "man", "gor-nu": "arbetar", "bor": "landsbygd"}},
	}
	var subs []response.Submission
	for _, cl := range classes {
		for range cl.n {
			subs = append(subs, fingerprinted(len(subs), cl.bg))
		}
	}
	lone := len(subs) - 1
	day := time.Now().AddDate(0, 0, -10) // released: a batch with a small group waits a week
	submitOn(t, f, day, subs...)
	// The period is the release batch: the whole week's answers here.
	month := calendar.Date(day) + "/" + calendar.Date(day)
	rare := strings.Join([]string{"GRUMS34", month, "20-24", "man", "arbetar", "landsbygd"}, "|")
	qi := []string{"campaign", "period", "bg_alder", "bg_kon", "bg_gor-nu", "bg_bor", "lang"}

	var first map[int]string // submission index -> released combination
	for _, format := range []string{"csv", "csv-excel", "xlsx", "json"} {
		t.Run(format, func(t *testing.T) {
			rows := judgmentsExport(t, f, format)
			if len(rows) != 3*len(subs) {
				t.Fatalf("%d rows, want %d (3 judgments × %d respondents)", len(rows), 3*len(subs), len(subs))
			}
			_, byNumber := respondentsOf(t, rows)
			if format == "csv" {
				t.Logf("released combinations: %v", releasedCombos(byNumber))
			}
			if len(byNumber) != len(subs) {
				t.Fatalf("%d respondents, want %d", len(byNumber), len(subs))
			}
			combo := func(r map[string]string) string {
				var vs []string
				for _, c := range qi {
					vs = append(vs, r[c])
				}
				return strings.Join(vs, "|")
			}
			holders := map[string]int{}
			for n, rs := range byNumber {
				c := combo(rs[0])
				for _, r := range rs[1:] {
					if combo(r) != c {
						t.Errorf("respondent %s has two combinations: %s and %s", n, c, combo(r))
					}
				}
				holders[c]++
				if p := rs[0]["period"]; p != month {
					t.Errorf("respondent %s: period %q, want the batch %s", n, p, month)
				}
				if rs[0]["bg_kon"] == "man" && rs[0]["bg_bor"] == "landsbygd" {
					t.Errorf("respondent %s is released as a rural man: %s", n, c)
				}
			}
			for c, n := range holders {
				if n < 5 {
					t.Errorf("combination %s is held by %d respondents, want at least 5 (all: %v)", c, n, holders)
				}
			}
			for c := range holders {
				if strings.HasPrefix(c, rare+"|") {
					t.Errorf("the lone rural man's combination %s appears verbatim", c)
				}
			}
			// He is still in the file, with his answers, only coarser; and
			// every download generalises everyone the same way, so linking
			// two downloads by the judgments shows nothing more.
			released := map[int]string{}
			for _, rs := range byNumber {
				released[traceBack(rs)] = combo(rs[0])
			}
			if _, ok := released[lone]; !ok {
				t.Errorf("the lone respondent's judgments are missing from the export")
			}
			if first == nil {
				first = released
			} else if !maps.Equal(first, released) {
				t.Errorf("this download generalises differently from the first:\n%v\n%v", released, first)
			}
		})
	}
}

// traceBack decodes the submission index a respondent's judgments spell
// (see fingerprinted), -1 when they spell none.
func traceBack(rs []map[string]string) int {
	pairs := map[string]int{"jobb-studier|ma-bra": 0, "vanner|jobb-studier": 1, "ma-bra|vanner": 2}
	i, seen := 0, 0
	for _, r := range rs {
		d, ok := pairs[r["item_first"]+"|"+r["item_second"]]
		v, err := strconv.Atoi(r["value"])
		if !ok || err != nil {
			return -1
		}
		i += (v + 2) * pow5(d)
		seen++
	}
	if seen != 3 {
		return -1
	}
	return i
}

// TestExportJudgmentsOrder: with 40 respondents submitted one after the
// other, neither the order of the rows nor the respondent numbers follow
// the order of submission, and two downloads are in different orders. The
// numbers run 1…40 and each respondent's rows stay together.
func TestExportJudgmentsOrder(t *testing.T) {
	f := newStaffFixture(t)
	bg := map[string]string{"alder": "20-24", "kon": "kvinna", "gor-nu": "studerar", "bor": "tatort"}
	var subs []response.Submission
	for i := range 40 {
		subs = append(subs, fingerprinted(i, bg))
	}
	submitOn(t, f, time.Now().AddDate(0, 0, -8), subs...)

	orders := make([][]int, 2)
	for d := range orders {
		rows := judgmentsExport(t, f, "csv")
		order, byNumber := respondentsOf(t, rows)
		if len(order) != 40 {
			t.Fatalf("download %d: %d respondents, want 40", d, len(order))
		}
		var numbers []int
		bySubmission := map[int]int{} // submission index -> respondent number
		for _, n := range order {
			num, err := strconv.Atoi(n)
			if err != nil {
				t.Fatalf("respondent number %q", n)
			}
			numbers = append(numbers, num)
			i := traceBack(byNumber[n])
			if i < 0 {
				t.Fatalf("respondent %s's judgments do not trace back: %v", n, byNumber[n])
			}
			bySubmission[i] = num
			orders[d] = append(orders[d], i)
		}
		if got := slices.Sorted(slices.Values(numbers)); !slices.Equal(got, seq(1, 40)) {
			t.Errorf("download %d: respondent numbers %v, want 1…40", d, got)
		}
		if slices.IsSorted(orders[d]) {
			t.Errorf("download %d: rows are in submission order: %v", d, orders[d])
		}
		var numbersInSubmissionOrder []int
		for _, i := range slices.Sorted(maps.Keys(bySubmission)) {
			numbersInSubmissionOrder = append(numbersInSubmissionOrder, bySubmission[i])
		}
		if slices.IsSorted(numbersInSubmissionOrder) {
			t.Errorf("download %d: respondent numbers follow submission order: %v", d, numbersInSubmissionOrder)
		}
		// A respondent's rows are one block.
		last := ""
		blocks := 0
		for _, r := range rows {
			if r["respondent"] != last {
				blocks, last = blocks+1, r["respondent"]
			}
		}
		if blocks != 40 {
			t.Errorf("download %d: %d blocks of rows, want 40 (one per respondent)", d, blocks)
		}
	}
	if slices.Equal(orders[0], orders[1]) {
		t.Errorf("two downloads are in the same order: %v", orders[0])
	}
}

// TestExportJudgmentsLeavesOutToday: answers of today are still coming
// in and are left out of the judgments export; yesterday's are in it.
func TestExportJudgmentsLeavesOutToday(t *testing.T) {
	f := newStaffFixture(t)
	bg := map[string]string{"alder": "20-24", "kon": "kvinna", "gor-nu": "studerar", "bor": "tatort"}
	var old, today []response.Submission
	for i := range 6 {
		old = append(old, fingerprinted(i, bg))
		today = append(today, fingerprinted(100+i, bg))
	}
	submitOn(t, f, time.Now().AddDate(0, 0, -8), old...)
	submitOn(t, f, time.Now(), today...)
	_, byNumber := respondentsOf(t, judgmentsExport(t, f, "csv"))
	var got []int
	for _, rs := range byNumber {
		got = append(got, traceBack(rs))
	}
	slices.Sort(got)
	if want := seq(0, 5); !slices.Equal(got, want) {
		t.Errorf("exported respondents %v, want yesterday's %v", got, want)
	}
}

// seq is from…to inclusive.
func seq(from, to int) []int {
	var out []int
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}

// releasedCombos counts respondents per released background, for the log.
func releasedCombos(byNumber map[string][]map[string]string) map[string]int {
	out := map[string]int{}
	for _, rs := range byNumber {
		r := rs[0]
		out[strings.Join([]string{r["campaign"], r["period"], r["bg_alder"], r["bg_kon"], r["bg_gor-nu"], r["bg_bor"], r["lang"]}, "|")]++
	}
	return out
}

// TestExportNoteOnResultsPage: above the download, the page says what the
// judgments file holds, with the survey's k (5), in every language, and
// no longer claims small groups are removed from it.
func TestExportNoteOnResultsPage(t *testing.T) {
	f := newStaffFixture(t)
	u := f.login(t, "group@a.se")
	for _, tt := range []struct{ lang, want, gone string }{
		{"sv", "om de inte kan peka ut färre än 5 personer – annars står det ”*” för hela omgången.", "även här"},
		{"en", "only if they cannot single out fewer than 5 people", "left out here too"},
		{"ar", "تمييز أقل من 5 أشخاص", "هنا أيضًا"},
	} {
		status, _, page := u.get(t, resultsPath+"?lang="+tt.lang)
		if status != 200 || !strings.Contains(page, `<p class="export-note">`) || !strings.Contains(page, tt.want) {
			t.Errorf("%s results page = %d; want the judgments note saying %q", tt.lang, status, tt.want)
		}
		if strings.Contains(page, tt.gone) {
			t.Errorf("%s results page still says %q", tt.lang, tt.gone)
		}
	}
}
