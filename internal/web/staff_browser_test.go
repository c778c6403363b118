package web_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image/png"
	"math"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/vfv/vfv/internal/account"
	"github.com/vfv/vfv/internal/store"
)

// startStaffBrowserServer is a whole vfv server on the embedded store,
// its pages held to strictCSP by cspGuard, with the project "grums" and a
// trust agent and a project admin in it.
func startStaffBrowserServer(t *testing.T) *testServer {
	t.Helper()
	ctx := context.Background()
	ts := newTestServer(t, nil, func(h http.Handler) http.Handler { return newCSPGuard(t, h) })
	st := ts.store
	if err := st.CreateProject(ctx, store.Project{ID: "grums", Name: "Tillitsbyrån Grums", Surveys: []string{}}); err != nil {
		t.Fatal(err)
	}
	for email, role := range map[string]string{"agent@a.se": "agent", "admin@a.se": "admin"} {
		if _, err := account.AddUser(ctx, st, store.User{Email: email, Roles: map[string]string{"grums": role}}, testPassword); err != nil {
			t.Fatal(err)
		}
	}
	return ts
}

// desktop is the staff test's first viewport: a laptop, no touch.
func desktop() chromedp.Action[chromedp.Void] { return chromedp.EmulateViewport(1280, 900) }

// TestStaffBrowserCampaign: a trust agent logs in, creates a campaign
// through the form, opens its poster, and the QR code the poster shows
// decodes to the respondent link. A respondent answers the survey at that
// link in another tab, and the campaign page, open all along and never
// reloaded, shows the live count go from 0 to 1. axe-core finds no WCAG
// 2.1 AA violation on the dashboard, the form, the campaign page and the
// poster, and the campaign page fits a 320 px phone.
func TestStaffBrowserCampaign(t *testing.T) {
	b := newBrowser(t, 180*time.Second)
	ts := startStaffBrowserServer(t)
	b.do(t, "desktop viewport", desktop())
	b.swedish(t)

	// Log in: the dashboard sends to the login page and back.
	b.do(t, "open the dashboard", chromedp.Navigate(ts.URL+"/staff"))
	b.waitFor(t, "the login page", `location.pathname === '/login'`, step)
	b.do(t, "log in",
		chromedp.SendKeys(chromedp.CSS("#email"), "agent@a.se"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS(`main button[type="submit"]`)))
	b.waitFor(t, "the dashboard", `location.pathname === '/staff' && !!document.querySelector('.staff-head')`, step)
	b.shot(t, "staff-dashboard-empty")
	b.axeCheck(t, "dashboard")

	// Create a campaign through the form.
	b.do(t, "go to the form", chromedp.Click(chromedp.CSS(`main a[href="/staff/campaigns/new"]`)))
	b.waitFor(t, "the new-campaign form", `location.pathname === '/staff/campaigns/new' && !!document.getElementById('f-name')`, step)
	b.axeCheck(t, "new-campaign form")
	b.eval(t, `(() => { const s = document.getElementById('f-survey'); s.value = 'unga-vuxna'; s.dispatchEvent(new Event('change')); return s.value; })()`, nil)
	b.do(t, "fill in the form",
		chromedp.SendKeys(chromedp.CSS("#f-name"), "Hösten 2026"),
		chromedp.SendKeys(chromedp.CSS("#f-site"), "Fritidsgården Grums"))
	b.shot(t, "staff-form")
	b.do(t, "create", chromedp.Click(chromedp.CSS(`#campaign-form button[type="submit"]`)))
	b.waitFor(t, "the campaign page", `/^\/staff\/campaigns\/[A-Z0-9]{7}$/.test(location.pathname) && !!document.getElementById('live')`, step)
	code := b.str(t, `document.getElementById('live').dataset.code`)
	want := ts.URL + "/s/" + code
	if got := b.str(t, `document.querySelector('a.url').href`); got != want {
		t.Errorf("campaign page links to %q, want %q", got, want)
	}
	if n := b.str(t, `document.querySelector('#live-count [data-count="total"]').textContent`); n != "0" {
		t.Errorf("new campaign's count = %q, want 0", n)
	}
	b.waitFor(t, "the QR image to load", `document.querySelector('img.qr').complete && document.querySelector('img.qr').naturalWidth > 0`, step)
	b.shot(t, "staff-campaign-0")
	b.axeCheck(t, "campaign page")

	// The poster's QR code is the respondent link.
	b.do(t, "open the poster", chromedp.Click(chromedp.CSS(`a[href="/staff/campaigns/`+code+`/poster"]`)))
	b.waitFor(t, "the poster's QR image", `!!document.querySelector('img.poster-qr') && document.querySelector('img.poster-qr').complete && document.querySelector('img.poster-qr').naturalWidth > 0`, step)
	b.shot(t, "staff-poster")
	b.axeCheck(t, "poster")
	b.checkPrintsOnOneA4(t)
	b64 := b.str(t, `fetch(document.querySelector('img.poster-qr').src).then(r => {
		if (!r.ok || r.headers.get('Content-Type') !== 'image/png') throw new Error(r.status + ' ' + r.headers.get('Content-Type'));
		return r.arrayBuffer();
	}).then(buf => { let s = ''; new Uint8Array(buf).forEach(c => { s += String.fromCharCode(c); }); return btoa(s); })`)
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("the poster's QR image is not a PNG: %v", err)
	}
	link := decodeQR(t, img)
	if link != want {
		t.Fatalf("the poster's QR code reads %q, want %q", link, want)
	}

	// Back on the campaign page, which now stays open: a respondent
	// answers at the decoded link in another tab.
	b.do(t, "back to the campaign", chromedp.Navigate(ts.URL+"/staff/campaigns/"+code))
	b.waitFor(t, "the campaign page", `!!document.getElementById('live')`, step)
	b.eval(t, `window.vfvNotReloaded = true`, nil)
	tab, closeTab := chromedp.NewContext(b.ctx)
	r := &browser{ctx: tab, axe: b.axe}
	// The tab's first action opens it and binds it to its context: run it
	// on the tab's own context, not on one with a step's deadline.
	if err := chromedp.Do(tab, tablet.emulate(), installClock); err != nil {
		t.Fatalf("open a second tab: %v", err)
	}
	r.do(t, "open the decoded link", chromedp.Navigate(link))
	r.answerSurvey(t, surveyRun{story: "Bra att få säga sitt.", noNames: "Skriv inga namn"})
	r.waitFor(t, "the answer to be sent", `document.getElementById('vfv-pending').dataset.count === '0'`, 15*time.Second)
	closeTab()

	if _, err := chromedp.Call(b.ctx, page.BringToFront, cdp.Empty{}); err != nil {
		t.Fatalf("bring the campaign page to the front: %v", err)
	}
	b.waitFor(t, "the live count to reach 1 without a reload",
		`document.querySelector('#live-count [data-count="total"]').textContent === '1'`, 20*time.Second)
	if !b.isTrue(t, `window.vfvNotReloaded === true`) {
		t.Error("the campaign page was reloaded")
	}
	live := b.str(t, `document.getElementById('live-count').textContent.replace(/\s+/g, ' ').trim()`)
	if live != "Svar totalt: 1 (i dag: 1)" || b.str(t, `document.getElementById('live-count').getAttribute('aria-live')`) != "polite" {
		t.Errorf("live region reads %q, want a polite region reading \"Svar totalt: 1 (i dag: 1)\"", live)
	}
	if s := b.str(t, `document.getElementById('live-status').textContent`); !regexp.MustCompile(`^Uppdaterad \d`).MatchString(s) {
		t.Errorf("live status %q, want the time of the last update", s)
	}
	b.shot(t, "staff-campaign-1")
	b.checkCSP(t)

	// A 320 px phone: no sideways scrolling and large enough targets.
	b.do(t, "phone viewport", phone.emulate())
	for _, path := range []string{"/staff/campaigns/" + code, "/staff", "/staff/campaigns/new"} {
		b.do(t, "open "+path, chromedp.Navigate(ts.URL+path))
		b.waitFor(t, path, `document.readyState === 'complete'`, step)
		b.checkFits(t, path, phone.w)
		b.shot(t, "staff-phone"+regexp.MustCompile(`[^a-z]+`).ReplaceAllString(path, "-"))
	}
	b.axeCheck(t, "new-campaign form on a phone")
	b.checkCSP(t)
}

// TestStaffBrowserAccountPages: a project admin's pages (members, API
// tokens with a new secret shown, the log, the password form with its
// problems) have no WCAG 2.1 AA violation, no CSP violation, and fit a
// 320 px phone.
func TestStaffBrowserAccountPages(t *testing.T) {
	b := newBrowser(t, 120*time.Second)
	ts := startStaffBrowserServer(t)
	b.do(t, "desktop viewport", desktop())
	b.swedish(t)
	b.do(t, "open the login page", chromedp.Navigate(ts.URL+"/login?next=/staff/tokens"))
	b.do(t, "log in",
		chromedp.SendKeys(chromedp.CSS("#email"), "admin@a.se"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS(`main button[type="submit"]`)))
	b.waitFor(t, "the tokens page", `location.pathname === '/staff/tokens'`, step)
	b.do(t, "create a token",
		chromedp.SendKeys(chromedp.CSS("#f-token-name"), "Rapport"),
		chromedp.Click(chromedp.CSS(`form[action="/staff/tokens"] button[type="submit"]`)))
	b.waitFor(t, "the new secret", `(document.getElementById('new-secret') || {}).value?.startsWith('vfv_')`, step)
	pages := []struct{ name, path, setup string }{
		{"tokens with a new secret", "", ""},
		{"members", "/staff/projects/grums/members", ""},
		{"log", "/staff/audit", ""},
		{"password with problems", "/staff/password", `document.getElementById('f-current').value = 'fel fel fel fel';
			document.getElementById('f-new').value = 'ett nytt långt lösenord';
			document.getElementById('f-repeat').value = 'ett annat långt lösenord';
			document.querySelector('form[action="/staff/password"]').submit(); true`},
	}
	for _, vp := range []struct {
		name string
		set  chromedp.Action[chromedp.Void]
	}{{"desktop", desktop()}, {"phone", phone.emulate()}} {
		b.do(t, vp.name+" viewport", vp.set)
		for _, p := range pages {
			if p.path == "" && vp.name == "phone" {
				p.path = "/staff/tokens" // the secret was shown once, on the desktop
			}
			if p.path != "" {
				b.do(t, "open "+p.path, chromedp.Navigate(ts.URL+p.path))
			}
			if p.setup != "" {
				b.eval(t, p.setup, nil)
				b.waitFor(t, "the problems", `!!document.getElementById('errors') && document.activeElement === document.getElementById('errors')`, step)
			}
			b.waitFor(t, p.name, `document.readyState === 'complete'`, step)
			b.shot(t, "staff-"+vp.name+"-"+regexp.MustCompile(`[^a-z]+`).ReplaceAllString(p.name, "-"))
			b.axeCheck(t, p.name+" on "+vp.name)
			if vp.name == "phone" {
				b.checkFits(t, p.name, phone.w)
			}
		}
	}
	b.checkCSP(t)
}

// checkPrintsOnOneA4 prints the page as the browser would, with the
// page size the stylesheet asks for, and fails unless that is exactly one
// A4 sheet (595 × 842 points).
func (b *browser) checkPrintsOnOneA4(t *testing.T) {
	t.Helper()
	css := true
	pdf, err := chromedp.Call(b.ctx, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &css})
	if err != nil {
		t.Fatalf("print to PDF: %v", err)
	}
	sheets := regexp.MustCompile(`/Type\s*/Page\b`).FindAll(pdf.Data, -1)
	var w, h float64
	box := regexp.MustCompile(`/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)`).FindSubmatch(pdf.Data)
	if box != nil {
		fmt.Sscan(string(box[1])+" "+string(box[2]), &w, &h)
	}
	if len(sheets) != 1 || math.Abs(w-595.3) > 2 || math.Abs(h-841.9) > 2 {
		t.Errorf("printed poster: %d pages of %.1f × %.1f points; want one A4 page (595.3 × 841.9)", len(sheets), w, h)
	}
}

// swedish makes the tab ask for Swedish pages, as a Swedish trust
// agent's browser does (Accept-Language: sv-SE).
func (b *browser) swedish(t *testing.T) {
	t.Helper()
	ua := b.str(t, `navigator.userAgent`)
	if _, err := chromedp.Call(b.ctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: ua, AcceptLanguage: "sv-SE,sv;q=0.9"}); err != nil {
		t.Fatalf("ask for Swedish: %v", err)
	}
}

// checkFits fails when the page is wider than width (a mobile browser
// then widens its layout viewport, so innerWidth would grow with it), when
// a text is squeezed into a sliver, or when a control is smaller than 44
// by 44 px.
func (b *browser) checkFits(t *testing.T, what string, width int64) {
	t.Helper()
	b.checkFitsOf(t, what, width, "main p, main dd, main dt, main td, main th, main li, main label, main h1, main h2",
		"button, .button, select, input:not([type=hidden]):not([type=checkbox]), .nav a, .campaign-name, .crumb a")
}

// checkFitsOf is checkFits for the texts matching narrow and the controls
// matching small (CSS selectors).
func (b *browser) checkFitsOf(t *testing.T, what string, width int64, narrow, small string) {
	t.Helper()
	var fit struct {
		Scroll, Width int
		Small, Narrow []string
	}
	sel, _ := json.Marshal([]string{narrow, small})
	b.eval(t, `(sel => ({scroll: document.documentElement.scrollWidth, width: window.innerWidth,
		narrow: [...document.querySelectorAll(sel[0])]
			.filter(e => e.textContent.trim().length > 3 && !e.closest('.visually-hidden') && e.getClientRects().length && e.getBoundingClientRect().width < 80)
			.map(e => e.outerHTML.slice(0, 80)),
		small: [...document.querySelectorAll(sel[1])]
			.filter(e => e.getClientRects().length && (e.getBoundingClientRect().height < 44 || e.getBoundingClientRect().width < 44))
			.map(e => e.outerHTML.slice(0, 80))}))(`+string(sel)+`)`, &fit)
	if int64(fit.Scroll) > width || int64(fit.Width) > width {
		t.Errorf("%s is %d px wide (layout viewport %d px) on a %d px phone", what, fit.Scroll, fit.Width, width)
	}
	for _, s := range fit.Narrow {
		t.Errorf("%s: text squeezed under 80 px wide: %s", what, s)
	}
	for _, s := range fit.Small {
		t.Errorf("%s: target smaller than 44 px: %s", what, s)
	}
}
