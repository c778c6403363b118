package web_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
	"github.com/vfv/vfv/internal/web"
)

// axePath is axe-core as installed by `npm ci` at the repository root.
const axePath = "../../node_modules/axe-core/axe.min.js"

// outage makes a server unreachable on demand: while down, every request's
// connection is closed without an answer, as when a tablet loses its
// network mid-survey.
type outage struct {
	next http.Handler
	down atomic.Bool
}

func (o *outage) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !o.down.Load() {
		o.next.ServeHTTP(w, r)
		return
	}
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

// liveServer is a whole vfv server, as startServer's, that a test can take
// off the network.
type liveServer struct {
	*testServer
	outage *outage
}

// startLiveServer starts a server with one open campaign per given campaign.
// Its pages carry the server's own Content-Security-Policy, which cspGuard
// holds to strictCSP.
func startLiveServer(t *testing.T, camps ...store.Campaign) *liveServer {
	t.Helper()
	return startLiveServerWith(t, nil, camps...)
}

// startLiveServerWith is startLiveServer with the example surveys and
// more (extra may be nil).
func startLiveServerWith(t *testing.T, extra []*survey.Survey, camps ...store.Campaign) *liveServer {
	t.Helper()
	var o *outage
	var change func(d *web.Deps)
	if extra != nil {
		change = func(d *web.Deps) {
			ss, err := survey.LoadDir("../../surveys")
			if err != nil {
				t.Fatalf("load example surveys: %v", err)
			}
			d.Surveys = append(ss, extra...)
		}
	}
	ts := newTestServer(t, change, func(h http.Handler) http.Handler {
		o = &outage{next: newCSPGuard(t, h)}
		return o
	})
	for _, c := range camps {
		if err := ts.store.CreateCampaign(context.Background(), c); err != nil {
			t.Fatalf("create campaign %s: %v", c.Code, err)
		}
	}
	return &liveServer{testServer: ts, outage: o}
}

// campaign is a test campaign of the example survey for young adults.
func campaign(code string, kiosk bool, idle int) store.Campaign {
	return store.Campaign{Code: code, SurveyID: "unga-vuxna", Name: "Test", Site: "Fritidsgården",
		Open: true, Kiosk: kiosk, IdleSeconds: idle, Lang: "sv", Created: "2026-11-26"}
}

// responses returns every stored response of a campaign.
func (ls *liveServer) responses(t *testing.T, code string) []store.Response {
	t.Helper()
	var out []store.Response
	err := ls.store.StreamResponses(context.Background(), code, func(r store.Response) error {
		out = append(out, r)
		return nil
	})
	if err != nil {
		t.Fatalf("stream responses of %s: %v", code, err)
	}
	return out
}

// waitResponses waits until the campaign has n stored responses and
// returns them; it fails the test if it does not within d.
func (ls *liveServer) waitResponses(t *testing.T, code string, n int, d time.Duration) []store.Response {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		rs := ls.responses(t, code)
		if len(rs) >= n || time.Now().After(deadline) {
			if len(rs) != n {
				t.Fatalf("campaign %s has %d stored responses after %v, want %d", code, len(rs), d, n)
			}
			return rs
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// chromiumPath finds Debian's Chromium (or another Chrome) on PATH.
func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// needBrowser skips the test when Chromium or axe-core is missing, except
// under CI (CI set), where browser tests must run.
func needBrowser(t *testing.T) (chromium string, axe []byte) {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	chromium = chromiumPath()
	axe, err := os.ReadFile(filepath.FromSlash(axePath))
	var missing string
	switch {
	case chromium == "":
		missing = "Chromium is not installed (apt-get install -y chromium)"
	case err != nil:
		missing = "axe-core is not installed (run `npm ci` at the repository root): " + err.Error()
	}
	if missing != "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("browser tests must run in CI: %s", missing)
		}
		t.Skip("skipping browser test: " + missing)
	}
	return chromium, axe
}

// browser is one headless Chromium with a fresh profile, emulating a
// landscape tablet with a touch screen.
type browser struct {
	ctx context.Context // the tab; every action derives its deadline from it
	axe []byte
}

// tablet and phone are the viewports the tests use.
var (
	tablet = viewport{1024, 768}
	phone  = viewport{320, 640}
)

type viewport struct{ w, h int64 }

// newBrowser starts Chromium for one test; the whole test must finish in
// limit, and Chromium is closed when it ends.
func newBrowser(t *testing.T, limit time.Duration) *browser {
	t.Helper()
	return newBrowserIn(t, limit, "sv")
}

// newBrowserIn is newBrowser on a device whose language is lang.
func newBrowserIn(t *testing.T, limit time.Duration, lang string) *browser {
	t.Helper()
	chromium, axe := needBrowser(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// The device's language: the survey starts in it.
		chromedp.Flag("accept-lang", lang),
		chromedp.Flag("lang", lang),
		chromedp.UserDataDir(t.TempDir()),
	)
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
		cancel()
	})
	// Record every Content-Security-Policy violation from the first script on.
	watchCSP := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
			Source: `window.vfvCSP = []; document.addEventListener('securitypolicyviolation',
				e => window.vfvCSP.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));`,
		})
		return err
	})
	if err := chromedp.Do(bctx, tablet.emulate(), watchCSP, installClock); err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Chromium did not start within %v", limit)
		}
		t.Fatalf("start Chromium: %v", err)
	}
	return &browser{ctx: bctx, axe: axe}
}

// clockJS gives every page a clock the test can move forward, as a
// respondent's waiting would: Date.now runs ahead of the real time by what
// the test skipped, and vfvClock.advance(ms) runs every setTimeout that
// falls due in the next ms, each at its own due time, in order. The
// page's timers keep their production lengths (the 2.2 s before a
// one-tap answer moves on, the kiosk's idle time and countdown); a test
// skips the real wait instead of sitting through it. setInterval is left
// real: the kiosk's once-a-second check reads the moved clock. What was
// skipped is kept in the tab's sessionStorage, so that a reloaded page
// goes on at the same time (the queue's retry times are kept on the
// device in the page's time).
const clockJS = `(() => {
	const realNow = Date.now.bind(Date), realSet = window.setTimeout.bind(window), realClear = window.clearTimeout.bind(window);
	const pending = new Map();
	const KEY = 'vfvTestClockSkew';
	let skew = 0;
	try { skew = Number(sessionStorage.getItem(KEY)) || 0; } catch (e) {}
	const skip = ms => { skew += Math.max(0, ms); try { sessionStorage.setItem(KEY, String(skew)); } catch (e) {} };
	Date.now = () => realNow() + skew;
	window.setTimeout = function (fn, ms, ...args) {
		if (typeof fn !== 'function') return realSet(fn, ms, ...args);
		const id = realSet(() => { pending.delete(id); fn.apply(window, args); }, ms);
		pending.set(id, {due: Date.now() + Math.max(0, Number(ms) || 0), fn, args});
		return id;
	};
	window.clearTimeout = id => { pending.delete(id); realClear(id); };
	window.vfvClock = {
		advance(ms) {
			const end = Date.now() + ms;
			for (let n = 0; n < 10000; n++) {
				let next = null;
				for (const e of pending) if (e[1].due <= end && (!next || e[1].due < next[1].due)) next = e;
				if (!next) break;
				pending.delete(next[0]);
				realClear(next[0]);
				skip(next[1].due - Date.now());
				next[1].fn.apply(window, next[1].args);
			}
			skip(end - Date.now());
			return true;
		}
	};
})()`

// installClock puts clockJS in every page the tab opens from now on.
var installClock = chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
	_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: clockJS})
	return err
})

// advance moves the page's clock forward by d (see clockJS): the timers
// due in that time run now.
func (b *browser) advance(t *testing.T, d time.Duration) {
	t.Helper()
	b.eval(t, fmt.Sprintf("vfvClock.advance(%d)", d.Milliseconds()), nil)
}

func (v viewport) emulate() chromedp.Action[chromedp.Void] {
	if v.w > v.h {
		return chromedp.EmulateViewport(v.w, v.h, chromedp.EmulateLandscape, chromedp.EmulateTouch, chromedp.EmulateMobile)
	}
	return chromedp.EmulateViewport(v.w, v.h, chromedp.EmulatePortrait, chromedp.EmulateTouch, chromedp.EmulateMobile)
}

// checkCSP fails on any Content-Security-Policy violation on the page.
func (b *browser) checkCSP(t *testing.T) {
	t.Helper()
	var v []string
	b.eval(t, `window.vfvCSP || ['no CSP watcher']`, &v)
	for _, x := range v {
		t.Errorf("Content-Security-Policy violation: %s", x)
	}
}

// step limits one browser step (a tap, a wait for the next screen).
const step = 10 * time.Second

// do runs actions with a deadline of one step.
func (b *browser) do(t *testing.T, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, step)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates js (awaiting a promise) and decodes its value into out.
func (b *browser) eval(t *testing.T, js string, out any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, step)
	defer cancel()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %.80s: %v", js, err)
	}
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("evaluate %.80s: decode %s: %v", js, raw, err)
		}
	}
}

func (b *browser) str(t *testing.T, js string) string {
	t.Helper()
	var s string
	b.eval(t, js, &s)
	return s
}

// waitFor polls js until it is true or d has passed.
func (b *browser) waitFor(t *testing.T, what, js string, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		var ok bool
		b.eval(t, "Promise.resolve("+js+").then(Boolean)", &ok)
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s (%s)", d, what, js)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// screen waits for the screen of the given kind and returns its heading.
func (b *browser) screen(t *testing.T, kind string) string {
	t.Helper()
	sel := `main > section[data-screen="` + kind + `"]`
	b.do(t, "wait for screen "+kind, chromedp.WaitVisible(chromedp.CSS(sel)))
	return b.str(t, `document.querySelector('`+sel+` h1').textContent`)
}

func (b *browser) tap(t *testing.T, sel string) {
	t.Helper()
	b.do(t, "tap "+sel, chromedp.Tap(chromedp.CSS(sel)))
}

func (b *browser) keys(t *testing.T, keys string) {
	t.Helper()
	b.do(t, fmt.Sprintf("press %q", keys), chromedp.KeyEvent(keys))
}

// shot keeps a screenshot when VFV_SCREENS names a folder.
func (b *browser) shot(t *testing.T, name string) {
	t.Helper()
	dir := os.Getenv("VFV_SCREENS")
	if dir == "" {
		return
	}
	ctx, cancel := context.WithTimeout(b.ctx, step)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// axeCheck runs axe-core on the page and fails on any WCAG 2.1 A or AA
// violation.
func (b *browser) axeCheck(t *testing.T, screen string) {
	t.Helper()
	var loaded bool
	b.eval(t, `typeof window.axe === "object"`, &loaded)
	if !loaded {
		b.eval(t, string(b.axe)+"\n;true", nil)
	}
	var violations []struct {
		ID, Help string
		Nodes    []struct{ Target []any }
	}
	b.eval(t, `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
		.then(r => r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => ({target: n.target}))})))`, &violations)
	for _, v := range violations {
		var where []string
		for _, n := range v.Nodes {
			where = append(where, fmt.Sprint(n.Target...))
		}
		t.Errorf("axe on %s: %s (%s) at %s", screen, v.ID, v.Help, strings.Join(where, ", "))
	}
}

func (b *browser) isTrue(t *testing.T, js string) bool {
	t.Helper()
	var ok bool
	b.eval(t, "Boolean("+js+")", &ok)
	return ok
}

func jsString(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}
