package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// staffPageJS is true on a page that shows staff data: any page under
// /staff or with the staff header.
const staffPageJS = `location.pathname.startsWith('/staff') || !!document.querySelector('.staff-head')`

// TestBrowserStartKioskBack: a trust agent on the campaign page taps
// "Starta på den här surfplattan". The staff session ends on the server,
// the tablet shows the survey as a kiosk, and the browser's Back, pressed
// again and again, never shows a staff page: at most the login. The
// discreet way out leads to the login too. On a portrait and a landscape
// tablet and on a phone.
func TestBrowserStartKioskBack(t *testing.T) {
	ts := startStaffBrowserServer(t)
	camp := campaign("KSTART1", false, 0)
	camp.ProjectID = "grums"
	if err := ts.store.CreateCampaign(context.Background(), camp); err != nil {
		t.Fatal(err)
	}
	for _, run := range []struct {
		name string
		vp   viewport
	}{{"portrait", portraitTablet}, {"landscape", landscapeTablet}, {"phone", smallPhone}} {
		t.Run(run.name, func(t *testing.T) {
			b := newBrowser(t, 120*time.Second)
			b.do(t, "viewport", run.vp.emulate())
			b.do(t, "open the dashboard", chromedp.Navigate(ts.URL+"/staff"))
			b.waitFor(t, "the login page", `location.pathname === '/login'`, step)
			b.do(t, "log in",
				chromedp.SendKeys(chromedp.CSS("#email"), "agent@a.se"),
				chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
				chromedp.Click(chromedp.CSS(`main button[type="submit"]`)))
			b.waitFor(t, "the dashboard", `location.pathname === '/staff' && !!document.querySelector('.staff-head')`, step)
			b.do(t, "open the campaign", chromedp.Navigate(ts.URL+"/staff/campaigns/KSTART1"))
			b.waitFor(t, "the campaign page", `!!document.querySelector('form.kiosk-start button')`, step)
			if got := b.str(t, `document.querySelector('form.kiosk-start button').textContent`); got != "Starta på den här surfplattan" {
				t.Errorf("campaign page's kiosk button reads %q", got)
			}
			if run.name == "portrait" {
				b.keep(t, "kiosk-start-campaign-page", false)
				b.axeCheck(t, "campaign page with the kiosk button")
			}
			b.tap(t, "form.kiosk-start button")
			b.waitFor(t, "the kiosk", `location.pathname === '/s/KSTART1' && location.search === '?kiosk=1'`, step)
			b.screen(t, "lang")
			var me int
			b.eval(t, `fetch('/api/v1/me', {credentials: 'same-origin'}).then(r => r.status)`, &me)
			if me != 401 {
				t.Errorf("after starting the kiosk /api/v1/me answers %d, want 401 (the session has ended)", me)
			}
			if !b.isTrue(t, `JSON.parse(document.getElementById('vfv-data').textContent).kiosk`) {
				t.Error("the survey does not run as a kiosk")
			}
			exit := b.str(t, `document.getElementById('vfv-exit').getAttribute('href')`)
			if !strings.HasPrefix(exit, "/login?next=") {
				t.Errorf("the kiosk's way out leads to %q, want the login", exit)
			}
			b.keep(t, "kiosk-start-"+run.name+"-survey", false)
			b.axeCheck(t, run.name+" kiosk language screen")

			// Back, again and again: never a staff page.
			var seen []string
			for i := range 4 {
				before := b.str(t, `location.href`)
				b.eval(t, `window.vfvBeforeBack = true; setTimeout(() => history.back(), 0), true`, nil)
				b.afterBack(t, 700*time.Millisecond)
				b.waitFor(t, "the page after Back", `document.readyState === 'complete'`, step)
				where := b.str(t, `location.pathname + location.search`)
				seen = append(seen, where)
				if b.isTrue(t, staffPageJS) {
					t.Errorf("Back #%d (from %s) shows the staff page %s", i+1, before, where)
				}
			}
			t.Logf("%s: Back goes to %v", run.name, seen)

			// The way out asks for the staff login.
			b.do(t, "open the kiosk again", chromedp.Navigate(ts.URL+"/s/KSTART1?kiosk=1"))
			b.screen(t, "lang")
			b.tap(t, "#vfv-exit")
			b.waitFor(t, "the login", `location.pathname === '/login' && !!document.getElementById('password')`, step)
			if b.isTrue(t, staffPageJS) {
				t.Error("the kiosk's way out shows a staff page without a login")
			}
		})
	}
}

// afterBack waits until Back has opened another document (the page has
// lost window.vfvBeforeBack), or for d where it opens none (at the start
// of the history). While the tab navigates, evaluating may fail: that is
// waited out too.
func (b *browser) afterBack(t *testing.T, d time.Duration) {
	t.Helper()
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		ctx, cancel := context.WithTimeout(b.ctx, step)
		gone, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!window.vfvBeforeBack`))
		cancel()
		if err == nil && gone {
			return
		}
	}
}
