package web_test

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// phoneTall is a common Android phone (360×740), beside the 320 px phone
// the respondent tests use.
var phoneTall = viewport{360, 740}

// responseCalls counts the requests to /api/v1/responses and serves the
// strict CSP the browser tests use.
type responseCalls struct {
	next http.Handler
	n    atomic.Int64
}

func (rc *responseCalls) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/api/v1/responses") {
		rc.n.Add(1)
	}
	w.Header().Set("Content-Security-Policy", strictCSP)
	rc.next.ServeHTTP(w, r)
}

// TestBrowserPreview: from the home page a newcomer opens a survey's
// preview and answers it to the end by touch, on a tablet in Swedish and
// on a phone in Swedish and in Arabic. The preview banner is visible at
// the top of every screen in the language shown, the thank-you says that
// nothing was saved, no request reaches /api/v1/responses and nothing is
// stored; axe-core finds no WCAG 2.1 A or AA violation on the home page,
// any kind of preview screen or the 404 page. Screenshots of every kind of
// screen go to testdata/out (or VFV_SCREENS).
func TestBrowserPreview(t *testing.T) {
	b := newBrowser(t, 300*time.Second)
	var calls *responseCalls
	ts := newTestServer(t, nil, func(h http.Handler) http.Handler { calls = &responseCalls{next: h}; return calls })
	banners := map[string]string{"sv": "Förhandsvisning – svaren sparas inte", "ar": "معاينة – لا يتم حفظ الإجابات"}
	// Each run opens the preview from the home page: by its button, or by
	// the name of a language.
	runs := []struct {
		name    string
		vp      viewport
		lang    string
		link    string
		noNames string
	}{
		{"tablet", tablet, "sv", `a.button[href="/preview/unga-vuxna"]`, "Skriv inga namn"},
		{"phone", phoneTall, "sv", `a.button[href="/preview/unga-vuxna"]`, "Skriv inga namn"},
		{"phone-ar", phoneTall, "ar", `a[href="/preview/unga-vuxna?lang=ar"]`, "لا تكتب أي أسماء"},
	}
	b.swedish(t)
	for _, run := range runs {
		t.Run(run.name, func(t *testing.T) {
			b.do(t, run.name+" viewport", run.vp.emulate())
			b.do(t, "open the home page", chromedp.Navigate(ts.URL+"/"))
			b.keep(t, "home-"+run.name, false)
			if run.name == "tablet" {
				b.axeCheck(t, "home page")
			}
			b.tap(t, run.link)
			b.screen(t, "intro")
			if got := b.str(t, `document.documentElement.lang`); got != run.lang {
				t.Fatalf("the preview opened in %q, want %q", got, run.lang)
			}
			screens := 0
			b.answerSurvey(t, surveyRun{axe: true, prefix: "preview-" + run.name + "-", story: "Bara ett test.", noNames: run.noNames,
				visit: func(kind string) {
					screens++
					b.checkPreviewBanner(t, kind, banners[run.lang])
					b.keep(t, "preview-"+run.name+"-"+kind, false)
				}})
			if screens < 15 {
				t.Errorf("the banner was checked on %d screens, want every screen (more than 15)", screens)
			}
			done := map[string]string{"sv": "Inget av det du svarade har sparats", "ar": "لم يُحفظ أي شيء من إجاباتك"}[run.lang]
			if got := b.str(t, `(document.querySelector('.preview-done') || {}).textContent || ''`); !strings.Contains(got, done) {
				t.Errorf("thank-you says %q, want that nothing was saved (%q)", got, done)
			}
			// Start again: the intro, in the same language, with nothing kept.
			b.tap(t, "main button.next")
			b.screen(t, "intro")
			b.checkPreviewBanner(t, "intro again", banners[run.lang])
			if got := b.str(t, `document.documentElement.lang + ' ' + Object.keys(localStorage).filter(k => k.startsWith('vfv.')).join(',')`); got != run.lang+" " {
				t.Errorf("after starting again: lang and kept entries = %q, want %q and nothing kept", got, run.lang)
			}
			b.checkCSP(t)
		})
	}
	// Whatever is left in flight has had time to arrive.
	time.Sleep(time.Second)
	if n := calls.n.Load(); n != 0 {
		t.Errorf("%d requests reached /api/v1/responses from the preview, want none", n)
	}
	if n, err := ts.store.ResponseCount(context.Background()); err != nil || n != 0 {
		t.Errorf("%d responses stored (%v) after the previews, want none", n, err)
	}
	var workers int
	b.eval(t, `navigator.serviceWorker.getRegistrations().then(r => r.length)`, &workers)
	if workers != 0 {
		t.Errorf("%d service workers registered by the preview, want none", workers)
	}

	// Leaving the preview leads home; an unknown survey is the 404 page
	// with a link home.
	b.do(t, "tablet viewport", tablet.emulate())
	b.do(t, "open a preview", chromedp.Navigate(ts.URL+"/preview/unga-vuxna"))
	b.screen(t, "intro")
	b.tap(t, "#vfv-preview-exit")
	b.waitFor(t, "the home page", `location.pathname === '/'`, step)
	b.do(t, "open an unknown preview", chromedp.Navigate(ts.URL+"/preview/finns-inte"))
	b.waitFor(t, "the 404 page", `!!document.querySelector('main a[href="/"]')`, step)
	b.keep(t, "preview-404", false)
	b.axeCheck(t, "404 page")
}

// checkPreviewBanner fails unless the preview banner is shown in full at
// the top of the screen, saying want.
func (b *browser) checkPreviewBanner(t *testing.T, screen, want string) {
	t.Helper()
	var got struct {
		Text          string
		Marked        bool
		Top, Bottom   float64
		Height, Width float64
		Visible       bool
		Window        float64
	}
	b.eval(t, `(() => {
		const el = document.getElementById('vfv-preview'), r = el ? el.getBoundingClientRect() : {};
		const st = el ? getComputedStyle(el) : {};
		return {text: el ? el.textContent : '', marked: document.body.dataset.preview === 'true',
			top: r.top, bottom: r.bottom, height: r.height, width: r.width, window: innerHeight,
			visible: !!el && st.display !== 'none' && st.visibility !== 'hidden' && Number(st.opacity) > 0};
	})()`, &got)
	if got.Text != want || !got.Marked || !got.Visible || got.Height < 16 || got.Width < 100 || got.Top < 0 || got.Bottom > got.Window {
		t.Errorf("%s: preview banner %+v; want %q visible in full at the top", screen, got, want)
	}
}
