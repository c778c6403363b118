package web_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/vfv/vfv/internal/calendar"
	"github.com/vfv/vfv/internal/ranking"
	"github.com/vfv/vfv/internal/web"
)

// TestResultsIntervalsComputing: when a scope is too large to compute
// its respondent-level intervals while the request waits, the API shows
// no interval, ci_status "computing" and ci_method "none", and the page
// says "Osäkerheten räknas fram" — never a model-based interval in the
// meantime. Once computed, the API and the page say when and from which
// answers, and the scores export names the method of every row.
func TestResultsIntervalsComputing(t *testing.T) {
	f := newStaffFixtureOn(t, startServerWith(t, func(d *web.Deps) { d.SyncIntervals = 1 }))
	seededResults(t, f)
	get := func() resultJSON {
		t.Helper()
		status, body := f.api(t, "group@a.se", "GET", "/api/v1/campaigns/GRUMS34/results", "")
		var r resultJSON
		if err := json.Unmarshal([]byte(body), &r); status != 200 || err != nil {
			t.Fatalf("results = %d %s", status, body)
		}
		return r
	}
	// The first look starts the computation, so it always sees none.
	u := f.login(t, "group@a.se")
	_, _, page := u.get(t, resultsPath)
	if !strings.Contains(page, "Osäkerheten räknas fram.") || strings.Contains(page, ">95 % intervall<") {
		t.Error("the first page does not say the uncertainty is being computed, or shows an interval column")
	}
	if strings.Contains(page, `class="summary"`) || strings.Contains(page, `id="table-diff-`) {
		t.Error("without intervals the page still sums up or marks differences")
	}
	r := get()
	if r.CIStatus == "computing" {
		if r.CIMethod != "none" || r.CIComputedAt != "" || r.Items[0].CILow != nil {
			t.Errorf("while computing: ci_method %q, computed at %q, interval %v; want none, none, none", r.CIMethod, r.CIComputedAt, r.Items[0].CILow)
		}
	} else {
		t.Logf("the background computation finished before the first look (%s)", r.CIStatus)
	}
	for deadline := time.Now().Add(30 * time.Second); r.CIStatus != "current"; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("intervals still %q after 30 s", r.CIStatus)
		}
		r = get()
	}
	if r.CIMethod != ranking.CIMethodSandwich || r.Items[0].CILow == nil {
		t.Errorf("computed: ci_method %q, interval %v; want %s with intervals", r.CIMethod, r.Items[0].CILow, ranking.CIMethodSandwich)
	}
	at, err := time.Parse(time.RFC3339, r.CIComputedAt)
	if err != nil || time.Since(at) > time.Minute {
		t.Errorf("ci_computed_at %q, want a time of the last minute", r.CIComputedAt)
	}
	_, _, page = u.get(t, resultsPath)
	if !strings.Contains(page, `id="ci-note"`) || !strings.Contains(page, "Intervallen räknades "+calendar.Date(at)) {
		t.Error("the page does not say when the intervals were computed")
	}
	_, csv := f.api(t, "group@a.se", "GET", "/api/v1/campaigns/GRUMS34/export?format=csv&what=scores", "")
	if !strings.Contains(strings.SplitN(csv, "\n", 2)[0], "ci_method,ci_computed_at") || !strings.Contains(csv, ranking.CIMethodSandwich) {
		t.Errorf("scores export lacks the interval method: %.300s", csv)
	}
}

// TestResultsPageStatistics: the results page shows a plain-words
// summary per shown group that never claims a first place its interval
// does not allow, each shown group against the rest with the smallest
// detectable difference, the respondents' consistency and the order
// effect — and nothing of the suppressed group of 4.
func TestResultsPageStatistics(t *testing.T) {
	f := newStaffFixture(t)
	seededResults(t, f)
	_, body := f.api(t, "group@a.se", "GET", "/api/v1/campaigns/GRUMS34/results", "")
	var r resultJSON
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatal(err)
	}
	u := f.login(t, "group@a.se")
	_, _, page := u.get(t, resultsPath)
	cells := tableCells(t, page)
	men := cells["table-diff-unga-man-16-24"]
	if men.Cells == nil || !strings.Contains(page, "Unga män 16–24 år jämfört med övriga") || !strings.Contains(page, "hade inte kunnat märkas") {
		t.Fatalf("no comparison of the men with the rest on the page")
	}
	if len(men.Cells) != 40 {
		t.Errorf("men against the rest: %d cells, want 10 rows of 4", len(men.Cells))
	}
	for _, g := range r.Groups {
		if g.Suppressed && (strings.Contains(page, `id="table-diff-`+g.ID+`"`) || g.Comparison != nil) {
			t.Errorf("LEAK: the suppressed group %s is compared with the rest", g.ID)
		}
		if !g.Suppressed && g.Comparison != nil && (g.Comparison.B != "rest" || g.Comparison.Method != ranking.CompareMethod) {
			t.Errorf("%s compared with %q by %q; want rest, %s", g.ID, g.Comparison.B, g.Comparison.Method, ranking.CompareMethod)
		}
	}
	if !strings.Contains(page, "För unga män 16–24 år ") || !strings.Contains(page, "Jämfört med övriga värderar gruppen ") {
		t.Error("no plain-words summary of the men, or it does not name their clear difference from the rest")
	}
	if strings.Contains(page, "För unga kvinnor 16–24 år") {
		t.Error("LEAK: a summary of the suppressed group")
	}
	if !strings.Contains(page, `id="order-note"`) || !strings.Contains(page, "när två lika viktiga saker visas vinner den som står först") {
		t.Error("the page does not show the order effect")
	}
	if !strings.Contains(body, `"order_effect":{"log_odds":`) || !strings.Contains(body, `"ci_method":"`+ranking.CIMethodSandwich+`"}`) {
		t.Errorf("the API lacks the order effect with its interval method")
	}
	if status, svg := f.api(t, "group@a.se", "GET", "/api/v1/campaigns/GRUMS34/chart.svg?kind=difference&group=unga-man-16-24", ""); status != 200 || !strings.Contains(svg, "Jobb eller studier") || !strings.Contains(svg, "högre för övriga") {
		t.Errorf("chart of the men against the rest = %d %.200s", status, svg)
	}
	if status, _ := f.api(t, "group@a.se", "GET", "/api/v1/campaigns/GRUMS34/chart.svg?kind=difference&group=unga-kvinnor-16-24", ""); status != 400 {
		t.Errorf("LEAK: chart of the suppressed group against the rest = %d, want 400", status)
	}
	cons := cells["table-consistency"]
	if cons.Cells == nil || !strings.Contains(page, "Hur konsekvent svarade var och en?") || !strings.Contains(page, "konsistenskvot (CR) gäller gruppens sammanvägda tabell") {
		t.Error("no consistency table, or the AHP CR note is missing")
	}
	if i := strings.Index(page, `id="table-consistency"`); i < 0 || strings.Contains(page[i:i+strings.Index(page[i:], "</table>")], "kvinnor") {
		t.Error("LEAK: consistency of the suppressed group")
	}
}
