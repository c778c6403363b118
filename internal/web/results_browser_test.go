package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/vfv/vfv/internal/account"
	"github.com/vfv/vfv/internal/store"
)

// screensDir is where the results browser test keeps its screenshots:
// VFV_SCREENS when set, else testdata/out (ignored by git), so that every
// run leaves pictures to look at.
func screensDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("VFV_SCREENS")
	if dir == "" {
		dir = filepath.Join("testdata", "out")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// keep saves a full-page screenshot (and, with pdf, the page printed to
// an A4 PDF) under screensDir.
func (b *browser) keep(t *testing.T, name string, pdf bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, step)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := screensDir(t)
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
	if !pdf {
		return
	}
	css := true
	r, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &css})
	if err != nil {
		t.Fatalf("print %s to PDF: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".pdf"), r.Data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// media switches the emulated CSS media type ("print" or "" for screen).
func (b *browser) media(t *testing.T, m string) {
	t.Helper()
	if _, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m}); err != nil {
		t.Fatalf("emulate media %q: %v", m, err)
	}
}

// imagesLoaded is true when every image of the page has loaded.
const imagesLoaded = `[...document.images].every(i => i.complete && i.naturalWidth > 0)`

// TestBrowserResultsPage: a project group member logs in through the form
// and opens a campaign's results; the charts load beside their tables; a
// comparison of two groups runs with visible progress and shows its chart
// and table with clear differences in words; a story is hidden in place.
// axe-core finds no WCAG 2.1 A or AA violation on the results page (before
// and after the comparison) and on "Så räknar vi"; the page fits a 320 px
// phone; printed, it shows the report without navigation, forms or
// buttons. Screenshots go to testdata/out (or VFV_SCREENS).
func TestBrowserResultsPage(t *testing.T) {
	b := newBrowser(t, 240*time.Second)
	ts := startStaffBrowserServer(t)
	ctx := context.Background()
	if _, err := account.AddUser(ctx, ts.store, store.User{Email: "group@a.se", Roles: map[string]string{"grums": "group"}}, testPassword); err != nil {
		t.Fatal(err)
	}
	if err := ts.store.CreateCampaign(ctx, store.Campaign{Code: "GRUMS34", SurveyID: "unga-vuxna", ProjectID: "grums",
		Name: "Hösten 2026", Site: "Fritidsgården Grums", Open: true, Lang: "sv", Created: "2026-09-01"}); err != nil {
		t.Fatal(err)
	}
	f := &staffFixture{testServer: ts}
	seededResults(t, f)
	workFirst(t, f, 20)
	b.do(t, "laptop viewport", desktop())
	b.swedish(t)

	// Log in through the form; it comes back to the results.
	b.do(t, "open the results", chromedp.Navigate(ts.URL+resultsPath))
	b.waitFor(t, "the login page", `location.pathname === '/login'`, step)
	b.do(t, "log in",
		chromedp.SendKeys(chromedp.CSS("#email"), "group@a.se"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS(`main button[type="submit"]`)))
	b.waitFor(t, "the results page", `location.pathname === '`+resultsPath+`' && !!document.getElementById('table-overall')`, step)
	b.waitFor(t, "the charts", imagesLoaded, 20*time.Second)
	if n := b.str(t, `document.querySelector('#overall figure img').alt`); n != "Diagram: samma tal som i tabellen intill." {
		t.Errorf("shares chart alt = %q, want it to point to the table beside it", n)
	}
	if !b.isTrue(t, `!document.getElementById('print-results').hidden`) {
		t.Error("the print button is not shown with JavaScript")
	}
	b.axeCheck(t, "results page")

	// Compare young men with the rest: the progress shows, then the result.
	b.eval(t, `window.vfvProgress = {shown: false, max: 0};
		new MutationObserver(() => {
			const p = document.getElementById('compare-progress');
			if (!p.hidden) window.vfvProgress.shown = true;
			window.vfvProgress.max = Math.max(window.vfvProgress.max, p.value);
		}).observe(document.getElementById('compare-progress'), {attributes: true}); true`, nil)
	b.eval(t, `document.getElementById('f-cmp-a').value = 'unga-man-16-24'; document.getElementById('f-cmp-b').value = 'rest'; true`, nil)
	b.do(t, "start the comparison", chromedp.Click(chromedp.CSS(`#compare-form button[type="submit"]`)))
	b.waitFor(t, "the comparison's table", `!!document.getElementById('table-compare')`, 90*time.Second)
	b.waitFor(t, "the difference chart", imagesLoaded, 20*time.Second)
	var progress struct {
		Shown bool
		Max   float64
	}
	b.eval(t, `window.vfvProgress`, &progress)
	if !progress.Shown {
		t.Error("the comparison's progress bar was never shown")
	}
	if got := b.str(t, `document.getElementById('compare-live').textContent`); got != "Jämförelsen är klar och visas nedanför." {
		t.Errorf("live region after the comparison = %q", got)
	}
	if b.str(t, `document.getElementById('compare-live').getAttribute('aria-live')`) != "polite" {
		t.Error("the comparison's status is not a polite live region")
	}
	if !b.isTrue(t, `document.activeElement && document.activeElement.closest('#compare-form')`) {
		t.Error("focus left the comparison form while the job ran")
	}
	if !b.isTrue(t, `new URLSearchParams(location.search).get('job')`) {
		t.Error("the address does not keep the comparison (job=) for a reload or print")
	}
	if !b.isTrue(t, `[...document.querySelectorAll('#table-compare tr.clear')].length > 0 &&
		[...document.querySelectorAll('#table-compare tr.clear')].every(tr => tr.children[5].textContent === 'Ja, tydlig skillnad')`) {
		t.Error("the clear differences are not marked in words")
	}
	b.do(t, "scroll to the comparison", chromedp.ScrollIntoView(chromedp.CSS("#compare")))
	b.keep(t, "results-laptop", false)
	b.axeCheck(t, "results page with a comparison")

	// Hide a story in place; the count follows.
	before := b.str(t, `document.querySelector('.story-count strong').textContent`)
	first := b.str(t, `document.querySelector('li.story .story-text').textContent`)
	b.do(t, "hide the first story", chromedp.Click(chromedp.CSS(`li.story .story-toggle button`)))
	b.waitFor(t, "the story to leave the list", `document.getElementById('story-status').textContent.startsWith('Berättelsen är dold')`, step)
	if b.isTrue(t, `[...document.querySelectorAll('li.story .story-text')].some(p => p.textContent === `+jsString(first)+`)`) {
		t.Error("a hidden story is still listed")
	}
	if after := b.str(t, `document.querySelector('.story-count strong').textContent`); after == before {
		t.Errorf("story count stayed %s after hiding one", after)
	}
	if !b.isTrue(t, `document.activeElement && document.activeElement.closest('li.story')`) {
		t.Error("focus was lost when the story left the list")
	}

	// Printed: the report without navigation, forms or buttons, every
	// chart and table kept.
	b.media(t, "print")
	var printed struct {
		Visible          []string
		Charts, Tables   int
		Facts, SmallNote bool
	}
	b.eval(t, `(() => {
		const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
		return {
			visible: [...document.querySelectorAll('.staff-head, nav, form, button, .button, select, input:not([type=hidden]), #exports')]
				.filter(shown).map(e => e.outerHTML.slice(0, 60)),
			charts: [...document.querySelectorAll('figure.chart img')].filter(shown).length,
			tables: [...document.querySelectorAll('table.results-table')].filter(shown).length,
			facts: shown(document.querySelector('.report-facts')),
			smallNote: shown(document.querySelector('.small-group-note')),
		};
	})()`, &printed)
	for _, v := range printed.Visible {
		t.Errorf("printed page shows %s", v)
	}
	if printed.Charts != 4 || printed.Tables < 8 || !printed.Facts || !printed.SmallNote {
		t.Errorf("printed page: %d charts, %d tables, facts %v, small-group note %v; want 4 charts, every table, the facts and the note",
			printed.Charts, printed.Tables, printed.Facts, printed.SmallNote)
	}
	b.do(t, "A4-wide viewport", chromedp.EmulateViewport(794, 1123))
	b.keep(t, "results-print", true)
	b.media(t, "")

	// The results index, from the navigation.
	b.do(t, "laptop viewport", desktop())
	b.do(t, "open the results index", chromedp.Click(chromedp.CSS(`.staff-head .nav a[href="/staff/results"]`)))
	b.waitFor(t, "the results index", `location.pathname === '/staff/results' && !!document.querySelector('a[href="`+resultsPath+`"]')`, step)
	if !b.isTrue(t, `document.querySelector('.nav a[href="/staff/results"]').getAttribute('aria-current') === 'page'`) {
		t.Error("the navigation does not mark the results index as the current page")
	}
	b.axeCheck(t, "results index")
	b.do(t, "back to the results", chromedp.Click(chromedp.CSS(`a[href="`+resultsPath+`"]`)))
	b.waitFor(t, "the results page", `location.pathname === '`+resultsPath+`' && !!document.getElementById('table-overall')`, step)

	// "Så räknar vi".
	b.do(t, "open Så räknar vi", chromedp.Click(chromedp.CSS(`a[href="/staff/method#bt"]`)))
	b.waitFor(t, "the method page", `location.pathname === '/staff/method' && (document.querySelector('h1') || {}).textContent === 'Så räknar vi'`, step)
	b.keep(t, "results-method", false)
	b.axeCheck(t, "Så räknar vi")

	// The survey's page, which pools campaigns chosen with checkboxes.
	b.do(t, "open the survey's results", chromedp.Navigate(ts.URL+"/staff/surveys/unga-vuxna/results"))
	b.waitFor(t, "the survey's results", `!!document.getElementById('table-overall') && document.querySelectorAll('input[name="campaigns"]:checked').length === 1`, step)
	b.waitFor(t, "the charts", imagesLoaded, 20*time.Second)
	b.keep(t, "results-survey", false)
	b.axeCheck(t, "the survey's results")

	// A portrait tablet (820 × 1180) and a phone (360 × 740): the summaries,
	// the differences from the rest and the consistency fit.
	for _, v := range []struct {
		name string
		vp   viewport
	}{{"results-tablet-820", portraitTablet}, {"results-phone-360", smallPhone}} {
		b.do(t, v.name+" viewport", v.vp.emulate())
		b.do(t, "open the results", chromedp.Navigate(ts.URL+resultsPath))
		b.waitFor(t, "the results page", `document.readyState === 'complete' && !!document.getElementById('table-diff-unga-man-16-24') && !!document.getElementById('table-consistency')`, step)
		b.waitFor(t, "the charts", imagesLoaded, 20*time.Second)
		if !b.isTrue(t, `!!document.querySelector('#overall .summary') && !!document.getElementById('ci-note')`) {
			t.Errorf("%s: no summary or interval note", v.name)
		}
		// A download link's own text ("CSV") is short: its list item is
		// left out of the squeeze check, its 44 px target is not.
		b.checkFitsOf(t, v.name, v.vp.w, "main p, main dd, main dt, main li:not(.export-links > li), main label, main h1, main h2, main h3, main caption",
			"button, .button, select, input:not([type=hidden]):not([type=checkbox]), .nav a, .crumb a, .toc a, .export-links a")
		b.keep(t, v.name, false)
		b.axeCheck(t, v.name)
	}

	// A 320 px phone.
	b.do(t, "phone viewport", phone.emulate())
	b.do(t, "open the results", chromedp.Navigate(ts.URL+resultsPath))
	b.waitFor(t, "the results page", `document.readyState === 'complete' && !!document.getElementById('table-overall')`, step)
	b.checkResultsFit(t, "results page", phone.w)
	b.keep(t, "results-phone", false)
	b.axeCheck(t, "results page on a phone")
	b.checkCSP(t)
	if strings.Contains(b.str(t, `document.documentElement.outerHTML`), "(4 svar)") {
		t.Error("the page shows the size of the hidden group of 4")
	}
}

// checkResultsFit is checkFits for a page of number tables: table cells
// are left out of the squeeze check, since a column of numbers such as
// "38,9" is rightly narrower than 80 px.
func (b *browser) checkResultsFit(t *testing.T, what string, width int64) {
	t.Helper()
	b.checkFitsOf(t, what, width, "main p, main dd, main dt, main li, main label, main h1, main h2, main h3, main caption",
		"button, .button, select, input:not([type=hidden]):not([type=checkbox]), .nav a, .crumb a, .toc a, .export-links a")
}
