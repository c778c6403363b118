package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"golang.org/x/net/html"

	"github.com/vfv/vfv/internal/calendar"
	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/store"
)

const resultsPath = "/staff/campaigns/GRUMS34/results"

// tableCells parses a page and returns, per table id, its caption and the
// text of every td (th cells are labels, not numbers).
func tableCells(t *testing.T, page string) map[string]struct {
	Caption string
	Cells   []string
} {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatalf("parse page: %v", err)
	}
	out := map[string]struct {
		Caption string
		Cells   []string
	}{}
	var walk func(n *html.Node, table string)
	walk = func(n *html.Node, table string) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "table":
				table = attr(n, "id")
			case "caption", "td":
				if table != "" {
					e := out[table]
					if n.Data == "caption" {
						e.Caption = text(n)
					} else {
						e.Cells = append(e.Cells, text(n))
					}
					out[table] = e
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, table)
		}
	}
	walk(doc, "")
	return out
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// TestResultsPagesNeedLogin: without a session the results pages, the
// method page and their forms lead to the login page.
func TestResultsPagesNeedLogin(t *testing.T) {
	f := newStaffFixture(t)
	anon := f.anonymous()
	for _, path := range []string{resultsPath, "/staff/surveys/unga-vuxna/results", "/staff/results", "/staff/method"} {
		status, loc, _ := anon.get(t, path)
		if want := "/login?next=" + url.QueryEscape(path); status != http.StatusSeeOther || loc != want {
			t.Errorf("GET %s without login = %d to %q, want 303 to %q", path, status, loc, want)
		}
	}
	for _, path := range []string{resultsPath + "/compare", "/staff/stories/x/hide"} {
		if status, loc, _ := anon.do(t, http.MethodPost, path, url.Values{"a": {"all"}}); status != http.StatusSeeOther || !strings.HasPrefix(loc, "/login") {
			t.Errorf("POST %s without login = %d to %q, want 303 to the login page", path, status, loc)
		}
	}
}

// TestResultsPagesPermissions: a trust agent (no results role) gets 403;
// another project's campaign is a 404 exactly as one that does not exist.
func TestResultsPagesPermissions(t *testing.T) {
	f := newStaffFixture(t)
	seededResults(t, f)
	agent := f.login(t, "agent@a.se")
	for _, path := range []string{resultsPath, "/staff/surveys/unga-vuxna/results"} {
		if status, _, body := agent.get(t, path); status != http.StatusForbidden || !strings.Contains(body, "behörighet") {
			t.Errorf("GET %s as trust agent = %d, want the 403 page", path, status)
		}
	}
	if status, _, _ := agent.post(t, resultsPath+"/compare", url.Values{"a": {"all"}, "b": {"unga-man-16-24"}}); status != http.StatusForbidden {
		t.Errorf("POST compare as trust agent = %d, want 403", status)
	}
	if _, _, body := agent.get(t, "/staff"); strings.Contains(body, `href="/staff/results"`) {
		t.Error("the trust agent's navigation links to the results")
	}
	group := f.login(t, "group@a.se")
	other, _, b1 := group.get(t, "/staff/campaigns/"+f.campB+"/results")
	none, _, b2 := group.get(t, "/staff/campaigns/NOSUCH7/results")
	if other != http.StatusNotFound || none != http.StatusNotFound || !strings.Contains(b1, "Sidan finns inte") || b1 != b2 {
		t.Errorf("another project's results = %d, no campaign's = %d; want identical 404 pages", other, none)
	}
	if status, _, _ := group.get(t, "/staff/surveys/unga-vuxna/results?campaigns="+f.campB); status != http.StatusBadRequest {
		t.Errorf("survey results with another project's campaign = %d, want 400", status)
	}
	if status, _, body := group.get(t, "/staff"); status != 200 || !strings.Contains(body, `href="/staff/results"`) {
		t.Errorf("the project group's navigation lacks the results link (status %d)", status)
	}
	status, _, body := group.get(t, "/staff/results")
	if status != 200 || !strings.Contains(body, `href="/staff/campaigns/GRUMS34/results"`) || strings.Contains(body, f.campB) {
		t.Errorf("results index = %d; want a link to GRUMS34's results and nothing of %s", status, f.campB)
	}
}

// TestResultsPageEmpty: a campaign without answers says so and draws no
// chart (a timeline of nothing would be a broken image).
func TestResultsPageEmpty(t *testing.T) {
	f := newStaffFixture(t)
	if err := f.store.CreateCampaign(context.Background(), store.Campaign{Code: "GRUMS99", SurveyID: "unga-vuxna", ProjectID: "grums",
		Name: "Tom", Site: "S", Open: true, Lang: "sv"}); err != nil {
		t.Fatal(err)
	}
	u := f.login(t, "group@a.se")
	status, _, page := u.get(t, "/staff/campaigns/GRUMS99/results")
	if status != 200 || !strings.Contains(page, "Inga svar ännu") || strings.Contains(page, "chart.svg") {
		t.Errorf("empty campaign's results = %d; want \"Inga svar ännu\" and no chart", status)
	}
	status, _, page = u.get(t, "/staff/surveys/unga-vuxna/results?campaigns=GRUMS99")
	if status != 200 || !strings.Contains(page, "Inga svar ännu") {
		t.Errorf("survey results of the empty campaign = %d; want \"Inga svar ännu\"", status)
	}
}

// TestResultsPageSmallGroups: over the seeded data (4 young women under
// the minimum of 5, 16 young men, 10 aged 25–29) the page shows "för få
// svar" for the group of 4 and for its complement, and none of their
// numbers; the shown groups' numbers are the API's.
func TestResultsPageSmallGroups(t *testing.T) {
	f := newStaffFixture(t)
	seededResults(t, f)
	u := f.login(t, "group@a.se")
	status, _, page := u.get(t, resultsPath)
	if status != 200 {
		t.Fatalf("GET %s = %d %.300s", resultsPath, status, page)
	}
	tables := tableCells(t, page)
	// The 4 young women are too few; the 10 aged 25–29 are enough, but
	// everyone minus them and the young men would be the 4 women: the page
	// says so rather than "för få svar" (internal/release).
	for id, why := range map[string]string{"unga-kvinnor-16-24": "för få svar", "alder-25-29": "visas inte – talen skulle annars avslöja en mindre grupp"} {
		tb, ok := tables["table-"+id]
		if !ok {
			t.Fatalf("no table for the group %s", id)
		}
		if len(tb.Cells) != 1 || tb.Cells[0] != why {
			t.Errorf("group %s: cells %q, want the one cell %q", id, tb.Cells, why)
		}
		if strings.Contains(tb.Caption, "svar") {
			t.Errorf("group %s: caption %q gives a count", id, tb.Caption)
		}
	}
	for _, leak := range []string{"(4 svar)", "(10 svar)"} {
		if strings.Contains(page, leak) {
			t.Errorf("the page shows %q, the size of a hidden group", leak)
		}
	}
	// The shown groups carry the API's numbers, formatted in Swedish.
	_, body := f.api(t, "group@a.se", "GET", "/api/v1/campaigns/GRUMS34/results", "")
	var r struct {
		Items []struct {
			Label  string
			Share  float64
			CILow  float64 `json:"ci_low"`
			CIHigh float64 `json:"ci_high"`
			Rank   int
		}
		Groups []struct {
			ID, Label  string
			Suppressed bool
			Items      []struct{ Share float64 }
		}
	}
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatal(err)
	}
	overall := tables["table-overall"]
	if overall.Caption != "Alla som svarat (30 svar)" || len(overall.Cells) != 3*len(r.Items) {
		t.Fatalf("overall table: caption %q, %d cells; want 30 answers and 3 cells per item", overall.Caption, len(overall.Cells))
	}
	for _, it := range r.Items {
		i := 3 * (it.Rank - 1)
		share := strings.Replace(fmt.Sprintf("%.1f", it.Share), ".", ",", 1)
		iv := strings.Replace(fmt.Sprintf("%.1f till %.1f", it.CILow, it.CIHigh), ".", ",", 2)
		if got := overall.Cells[i : i+3]; got[0] != fmt.Sprint(it.Rank) || got[1] != share || got[2] != iv {
			t.Errorf("overall row of %s = %q, want rank %d, share %s, interval %s", it.Label, got, it.Rank, share, iv)
		}
	}
	men := tables["table-unga-man-16-24"]
	if men.Caption != "Unga män 16–24 år (16 svar)" || len(men.Cells) != 30 {
		t.Errorf("young men's table: caption %q, %d cells; want 16 answers and 30 cells", men.Caption, len(men.Cells))
	}
	// Stories cannot be listed by a hidden group.
	filter := regexp.MustCompile(`(?s)<select id="f-sgroup".*?</select>`).FindString(page)
	if !strings.Contains(filter, "unga-man-16-24") || strings.Contains(filter, "unga-kvinnor") || strings.Contains(filter, "alder-25-29") {
		t.Errorf("the story filter offers %q; want the young men and no hidden group", filter)
	}
}

// TestResultsPagePrintStylesheet: the page links results.css, which has
// an A4 print style that hides navigation, forms and buttons.
func TestResultsPagePrintStylesheet(t *testing.T) {
	f := newStaffFixture(t)
	seededResults(t, f)
	u := f.login(t, "group@a.se")
	_, _, page := u.get(t, resultsPath)
	href := assetURL(t, page, "/static/css/results.")
	status, _, css := u.get(t, href)
	if status != 200 {
		t.Fatalf("GET %s = %d", href, status)
	}
	for _, want := range []string{"@page { size: A4; margin: 15mm; }", "@media print", ".staff-head", ".no-print", "form, button, .button", "break-inside: avoid"} {
		if !strings.Contains(css, want) {
			t.Errorf("results.css lacks %q", want)
		}
	}
	if !strings.Contains(page, `<script src="/static/js/results.`) || strings.Contains(page, "onclick") {
		t.Error("the page does not load results.js, or has an inline handler")
	}
	for _, want := range []string{`id="print-results"`, "Skriv ut", "Räknesätt", "Andel av 100 (Bradley–Terry)", "Datum", `class="small-group-note"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
}

// storyID finds the id of a story by its text through the API.
func (f *staffFixture) storyID(t *testing.T, text string) string {
	t.Helper()
	_, body := f.api(t, "group@a.se", "GET", "/api/v1/campaigns/GRUMS34/stories?hidden=true", "")
	var list []struct{ ID, Text string }
	if err := json.Unmarshal([]byte(body), &list); err != nil {
		t.Fatal(err)
	}
	for _, st := range list {
		if st.Text == text {
			return st.ID
		}
	}
	t.Fatalf("no story %q", text)
	return ""
}

// TestResultsPageHiddenStories: a story hidden through the API is absent
// from the page on reload; asked for, it is listed as hidden with a
// button to show it again, which brings it back.
func TestResultsPageHiddenStories(t *testing.T) {
	f := newStaffFixture(t)
	seededResults(t, f)
	u := f.login(t, "group@a.se")
	const story = "Berättelse från men nummer 3"
	id := f.storyID(t, story)
	_, _, page := u.get(t, resultsPath)
	if !strings.Contains(page, story) || !strings.Contains(page, "Viktigast för personen") {
		t.Fatalf("the page lacks the story %q with its top item", story)
	}
	req, _ := http.NewRequest(http.MethodPost, f.URL+"/api/v1/stories/"+id+"/hide", nil)
	req.Header.Set("X-CSRF-Token", u.csrf(t))
	resp, err := u.cl.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("hide through the API = %d, want 204", resp.StatusCode)
	}
	if _, _, page = u.get(t, resultsPath); strings.Contains(page, story) {
		t.Error("a hidden story is still on the page")
	}
	_, _, page = u.get(t, resultsPath+"?hidden=true")
	li := regexp.MustCompile(`(?s)<li class="story is-hidden" id="story-` + id + `">.*?</li>`).FindString(page)
	if !strings.Contains(li, story) || !strings.Contains(li, "Dold") || !strings.Contains(li, "/staff/stories/"+id+"/show") {
		t.Fatalf("with hidden=true the story is not listed as hidden with a show button: %q", li)
	}
	back := resultsPath + "?hidden=true"
	status, loc, _ := u.post(t, "/staff/stories/"+id+"/show", url.Values{"back": {back}})
	if status != http.StatusSeeOther || loc != resultsPath+"?done=shown&hidden=true#stories" {
		t.Errorf("show through the page = %d to %q, want 303 back to the stories", status, loc)
	}
	if _, _, page = u.get(t, resultsPath); !strings.Contains(page, story) {
		t.Error("a story shown again is not on the page")
	}
	if status, loc, _ := u.post(t, "/staff/stories/"+id+"/hide", url.Values{"back": {"https://evil.example/"}}); status != http.StatusSeeOther || !strings.HasPrefix(loc, "/staff?") {
		t.Errorf("hide with a foreign back address = %d to %q, want a redirect on this site", status, loc)
	}
}

// TestResultsPageStoryFilter: the stories can be listed per shown target
// group and searched, and each keeps its top-weighted item. The 4 young
// women are withheld: their stories carry no label, like the 10 older
// respondents' (release.Labels: the unlabelled are 14, not 4).
func TestResultsPageStoryFilter(t *testing.T) {
	f := newStaffFixture(t)
	seededResults(t, f)
	u := f.login(t, "group@a.se")
	stories := regexp.MustCompile(`<p class="story-text" dir="auto" lang="sv">([^<]*)</p>`)
	for _, tt := range []struct {
		query      string
		want, skip string
		n          int
	}{
		{"", "Berättelse från older nummer 0", "", 30},
		{"?story_group=unga-man-16-24", "Berättelse från men nummer 1", "older", 16},
		{"?q=NUMMER+1", "Berättelse från women nummer 1", "nummer 2", 1 + 1 + 7},
		{"?story_group=unga-kvinnor-16-24", "", "Berättelse", 0},
	} {
		t.Run(tt.query, func(t *testing.T) {
			status, _, page := u.get(t, resultsPath+tt.query)
			var got []string
			for _, m := range stories.FindAllStringSubmatch(page, -1) {
				got = append(got, html.UnescapeString(m[1]))
			}
			joined := strings.Join(got, "\n")
			if status != 200 || len(got) != tt.n || (tt.want != "" && !strings.Contains(joined, tt.want)) || (tt.skip != "" && strings.Contains(joined, tt.skip)) {
				t.Errorf("stories%s = %d, %d stories %q; want %d with %q and without %q", tt.query, status, len(got), got, tt.n, tt.want, tt.skip)
			}
			if tt.n > 0 && strings.Count(page, "Viktigast för personen") != tt.n {
				t.Errorf("stories%s: %d with their top item, want %d", tt.query, strings.Count(page, "Viktigast för personen"), tt.n)
			}
		})
	}
}

// TestResultsPageCompareWithoutScript: the comparison form works without
// JavaScript: it starts the job (a group against the rest) and the page
// shows its result, with the clear differences marked in words and the
// smallest detectable difference of each item.
func TestResultsPageCompareWithoutScript(t *testing.T) {
	f := newStaffFixture(t)
	seededResults(t, f)
	workFirst(t, f, 20)
	u := f.login(t, "group@a.se")
	status, loc, _ := u.post(t, resultsPath+"/compare", url.Values{"a": {"unga-man-16-24"}, "b": {"rest"},
		"back": {resultsPath + "?method=bt"}})
	m := regexp.MustCompile(`^/staff/campaigns/GRUMS34/results\?job=([0-9a-f]+)&method=bt#compare$`).FindStringSubmatch(loc)
	if status != http.StatusSeeOther || m == nil {
		t.Fatalf("POST compare = %d to %q, want 303 back to the page with the job", status, loc)
	}
	var page string
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		_, _, page = u.get(t, strings.TrimSuffix(loc, "#compare"))
		if strings.Contains(page, `id="table-compare"`) || time.Now().After(deadline) {
			break
		}
	}
	tb := tableCells(t, page)["table-compare"]
	if tb.Caption != "Skillnad per sak: Unga män 16–24 år minus Övriga (alla andra som svarat)" || len(tb.Cells) != 60 {
		t.Fatalf("comparison table: caption %q, %d cells; want 10 rows of 6", tb.Caption, len(tb.Cells))
	}
	page = page[strings.Index(page, `id="compare-result"`):strings.Index(page, `id="timeline"`)]
	_, body := f.api(t, "group@a.se", "GET", "/api/v1/jobs/"+m[1], "")
	var job struct {
		Result struct {
			Items []struct {
				Label        string
				ExcludesZero bool `json:"excludes_zero"`
			}
		}
	}
	if err := json.Unmarshal([]byte(body), &job); err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, it := range job.Result.Items {
		if it.ExcludesZero {
			want++
		}
	}
	clear := strings.Count(page, "<tr class=\"clear\">")
	if want == 0 || clear != want || strings.Count(page, "Ja, tydlig skillnad") != want || strings.Count(page, "<td>Nej</td>") != 10-want {
		t.Errorf("%d rows marked clear, %d say so in words, %d say no; want the job's %d (at least one) in words", clear,
			strings.Count(page, "Ja, tydlig skillnad"), strings.Count(page, "<td>Nej</td>"), want)
	}
	if !strings.Contains(page, "/api/v1/campaigns/GRUMS34/chart.svg?job="+m[1]+"&amp;kind=difference") {
		t.Error("the page lacks the difference chart of the job")
	}
	for _, b := range []string{"unga-man-16-24", "all"} {
		if status, loc, _ := u.post(t, resultsPath+"/compare", url.Values{"a": {"unga-man-16-24"}, "b": {b}, "back": {resultsPath}}); status != http.StatusSeeOther || !strings.Contains(loc, "compare_error=1") {
			t.Errorf("comparing a group with %s (itself, or a set containing it) = %d to %q, want back with the error", b, status, loc)
		}
	}
}

// TestResultsSurveyPage: the survey's page pools the campaigns chosen,
// with one canonical address for several.
func TestResultsSurveyPage(t *testing.T) {
	f := newStaffFixture(t)
	seededResults(t, f)
	u := f.login(t, "group@a.se")
	status, loc, _ := u.get(t, "/staff/surveys/unga-vuxna/results?campaigns=GRUMS34&campaigns=grums34&method=score")
	if status != http.StatusSeeOther || loc != "/staff/surveys/unga-vuxna/results?campaigns=GRUMS34%2Cgrums34&method=score" {
		t.Errorf("two campaigns fields = %d to %q, want one campaigns=A,B", status, loc)
	}
	status, _, page := u.get(t, "/staff/surveys/unga-vuxna/results?campaigns=GRUMS34&method=score")
	if status != 200 || !strings.Contains(page, `name="campaigns" value="GRUMS34" checked`) || !strings.Contains(page, "Vinstchans 0–100") {
		t.Fatalf("survey results = %d; want GRUMS34 checked and the score method", status)
	}
	if !strings.Contains(page, "/api/v1/surveys/unga-vuxna/chart.svg?campaigns=GRUMS34&amp;") ||
		!strings.Contains(page, "/api/v1/surveys/unga-vuxna/export?campaigns=GRUMS34&amp;format=csv-excel&amp;what=scores") {
		t.Error("the survey page's charts and exports are not of the campaigns chosen")
	}
	if tables := tableCells(t, page); tables["table-overall"].Caption != "Alla som svarat (30 svar)" {
		t.Errorf("survey overall caption %q, want 30 answers", tables["table-overall"].Caption)
	}
}

// TestMethodPage: "Så räknar vi" explains every method and the small-group
// rule, in Swedish and, shorter, in English.
func TestMethodPage(t *testing.T) {
	f := newStaffFixture(t)
	u := f.login(t, "group@a.se")
	for lang, wants := range map[string][]string{
		"":   {"<h1>Så räknar vi</h1>", `id="bt"`, "andelar som blir 100", `id="interval"`, `id="ahp"`, `id="score"`, "Vinstchans", `id="small"`, "färre än 5 svar", "tydlig skillnad", "inte procent", "kvoter", "sammanvägda tabell", "inte hur konsekvent", "person för person", "övriga", "cirkel", "minsta skillnad"},
		"en": {"<h1>How we calculate</h1>", `id="bt"`, "shares that add up to 100", "fewer than 5 answers", "clear difference", "not per cent", "ratios", "combined table", "does not say how consistent", "person by person", "the rest"},
		"ar": {`lang="ar"`, `dir="rtl"`, "<h1>كيف نحسب</h1>", `id="bt"`, "أقل من 5 إجابات", "فرق واضح", "شخصًا بشخص"},
	} {
		path := "/staff/method"
		if lang != "" {
			path += "?lang=" + lang
		}
		status, _, page := u.get(t, path)
		if status != 200 {
			t.Fatalf("GET %s = %d", path, status)
		}
		for _, w := range wants {
			if !strings.Contains(page, w) {
				t.Errorf("GET %s lacks %q", path, w)
			}
		}
		for _, gone := range []string{"dubbelt så", "säker skillnad", "twice as", "<strong>clear</strong>"} {
			if strings.Contains(page, gone) {
				t.Errorf("GET %s still says %q", path, gone)
			}
		}
	}
	if _, _, page := u.get(t, resultsPath); !strings.Contains(page, `href="/staff/method#bt"`) {
		t.Error("the results page does not link to Så räknar vi")
	}
}

// TestResultsPageInEnglish: ?lang=en gives English texts and English
// number formatting, and keeps the language in the chart addresses.
func TestResultsPageInEnglish(t *testing.T) {
	f := newStaffFixture(t)
	seededResults(t, f)
	u := f.login(t, "group@a.se")
	_, _, page := u.get(t, resultsPath+"?lang=en")
	for _, want := range []string{`<html lang="en"`, "Everyone who answered (30 answers)", "too few answers", "Print", "lang=en"} {
		if !strings.Contains(page, want) {
			t.Errorf("English page lacks %q", want)
		}
	}
	if regexp.MustCompile(`<td class="num">\d+,\d</td>`).MatchString(page) {
		t.Error("English page writes decimal commas")
	}
	if status, _, page := u.get(t, resultsPath+"?lang=ar"); status != 200 || !strings.Contains(page, `dir="rtl"`) || !strings.Contains(page, "إجابات قليلة جدًا") {
		t.Errorf("Arabic page = %d; want right-to-left with the Arabic \"too few answers\"", status)
	}
}

// workFirst adds n young men to GRUMS34 who put work or studies far
// above everything else, so that young men differ clearly from everyone.
func workFirst(t *testing.T, f *staffFixture, n int) {
	t.Helper()
	sv, _ := f.collectSurvey("unga-vuxna")
	svc := collect.New(f.store, f.surveys, nil)
	for r := 0; r < n; r++ {
		sub := response.Submission{ID: uuid.NewString(), Campaign: "GRUMS34", Lang: "sv",
			Background: map[string]string{"alder": "16-19", "kon": "man", "gor-nu": "studerar", "bor": "tatort"}}
		for _, it := range sv.Items[1:] {
			v := -2
			sub.Judgments = append(sub.Judgments, response.Judgment{A: "jobb-studier", B: it.ID, Value: &v})
		}
		if _, err := svc.Submit(context.Background(), sub); err != nil {
			t.Fatal(err)
		}
	}
}

// TestResultsPagePeriod: the results page takes a period, shows the days
// of the whole batches it covers and passes it to its charts and exports.
func TestResultsPagePeriod(t *testing.T) {
	f := newStaffFixture(t)
	seededResults(t, f)
	cl, _ := f.browserClient(t, "group@a.se", testPassword)
	resp, err := cl.Get(f.URL + "/staff/campaigns/GRUMS34/results?from=2020-01-01&to=2099-12-31")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	page := string(b)
	day := calendar.Date(time.Now().AddDate(0, 0, -10))
	if resp.StatusCode != 200 || !strings.Contains(page, day+" – "+day) || !strings.Contains(page, "väljer hela omgångar") || !strings.Contains(page, "from=2020-01-01") || !strings.Contains(page, `value="2099-12-31"`) {
		t.Errorf("results page with a period = %d; period, chart links or form values missing", resp.StatusCode)
	}
}

// TestCampaignPageLinksResults: the campaign page links its results for
// those who may read them, and not for a trust agent.
func TestCampaignPageLinksResults(t *testing.T) {
	f := newStaffFixture(t)
	for user, want := range map[string]bool{"group@a.se": true, "agent@a.se": false} {
		cl, _ := f.browserClient(t, user, testPassword)
		resp, err := cl.Get(f.URL + "/staff/campaigns/GRUMS34")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if got := strings.Contains(string(b), `href="/staff/campaigns/GRUMS34/results"`); got != want {
			t.Errorf("%s: link to results = %v, want %v", user, got, want)
		}
	}
}

// TestResultsWordsClaimNoRatiosOrPerCent: the results page explains shares
// as points of 100 where a higher share means valued more, claims no ratio
// ("dubbelt så värdefull") and the share chart puts no "%" after them.
func TestResultsWordsClaimNoRatiosOrPerCent(t *testing.T) {
	f := newStaffFixture(t)
	seededResults(t, f)
	u := f.login(t, "group@a.se")
	status, _, page := u.get(t, resultsPath)
	if status != 200 {
		t.Fatalf("GET %s = %d", resultsPath, status)
	}
	for _, want := range []string{"En högre andel betyder att saken värderas mer", "inte procent", "inte kvoter"} {
		if !strings.Contains(page, want) {
			t.Errorf("the results page lacks %q", want)
		}
	}
	for _, gone := range []string{"dubbelt så värdefull", "Ja, säker", "Säker skillnad"} {
		if strings.Contains(page, gone) {
			t.Errorf("the results page still says %q", gone)
		}
	}
	for _, path := range []string{"/api/v1/campaigns/GRUMS34/chart.svg", "/api/v1/campaigns/GRUMS34/chart.svg?kind=groups",
		"/api/v1/campaigns/GRUMS34/chart.svg?kind=difference&group=unga-man-16-24"} {
		status, _, svg := u.get(t, path)
		if status != 200 || !strings.Contains(svg, "<svg") {
			t.Fatalf("GET %s = %d %.200q", path, status, svg)
		}
		if strings.Contains(svg, "%") {
			t.Errorf("GET %s: the chart writes %% after shares", path)
		}
		if strings.Contains(svg, "äker skillnad") {
			t.Errorf("GET %s: the chart says säker/osäker skillnad", path)
		}
	}
}
