package web_test

import (
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserResultsFewJudges: a group of 5 where 4 answered "vet inte"
// throughout shows no figures on the results page, and says why in plain
// Swedish, readably on a portrait tablet and a phone; axe-core finds no
// WCAG 2.1 AA violation.
func TestBrowserResultsFewJudges(t *testing.T) {
	b := newBrowser(t, 120*time.Second)
	ts := newTestServer(t, nil, func(h http.Handler) http.Handler { return newCSPGuard(t, h) })
	f := newStaffFixtureOn(t, ts)
	sv := f.rtSurvey(t)
	rng := rand.New(rand.NewPCG(21, 4))
	day := rtDaysAgo(3)
	for range 5 {
		f.rtSeed(t, f.campA, day, rt2Studying, rtJudgments(sv, rng, ""), "")
	}
	for range 4 {
		f.rtSeed(t, f.campA, day, rt2Idle, rt2Skipped(rtJudgments(sv, rng, "")), "")
	}
	f.rtSeed(t, f.campA, day, rt2Seeking, rtJudgments(sv, rng, ""), "")
	path := "/staff/campaigns/" + f.campA + "/results"
	b.do(t, "laptop viewport", desktop())
	b.swedish(t)
	b.do(t, "open the results", chromedp.Navigate(ts.URL+path))
	b.waitFor(t, "the login page", `location.pathname === '/login'`, step)
	b.do(t, "log in",
		chromedp.SendKeys(chromedp.CSS("#email"), "group@a.se"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS(`main button[type="submit"]`)))
	b.waitFor(t, "the results page after logging in", `location.pathname === '`+path+`'`, step)
	table := `document.getElementById('table-` + rt2Group + `')`
	for _, v := range []struct {
		name string
		vp   viewport
	}{{"results-few-judges-tablet-820", portraitTablet}, {"results-few-judges-phone-360", smallPhone}} {
		b.do(t, v.name+" viewport", v.vp.emulate())
		b.do(t, "open the results", chromedp.Navigate(ts.URL+path))
		b.waitFor(t, "the results page", `document.readyState === 'complete' && !!`+table, step)
		b.waitFor(t, "the charts", imagesLoaded, 20*time.Second)
		if got := b.str(t, table+`.closest('section, div').innerText`); !strings.Contains(got, "Varken arbetar eller studerar") || !strings.Contains(got, "för få har jämfört för att visa resultat för den här gruppen") {
			t.Errorf("%s: the group's place on the page says %q, want its name and why its figures are missing", v.name, got)
		}
		b.do(t, "scroll to the group", chromedp.ScrollIntoView(`#table-`+rt2Group))
		b.keepView(t, v.name)
		b.axeCheck(t, v.name)
	}
}
