package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/serviceworker"
	"github.com/chromedp/chromedp"
)

// outboxCountJS counts the responses in the IndexedDB outbox that the
// service worker sends.
const outboxCountJS = `new Promise(r => { const q = indexedDB.open('vfv', 1);
	q.onupgradeneeded = () => q.result.createObjectStore('outbox', {keyPath: 'id'});
	q.onsuccess = () => { const c = q.result.transaction('outbox').objectStore('outbox').count();
		c.onsuccess = () => { q.result.close(); r(c.result); }; }; })`

// TestBrowserOfflineSync: on a personal phone the connection drops
// before the respondent finishes. The thank-you says plainly that the
// answer waits and what to do; the page is then closed. When the
// connection returns, the service worker's Background Sync sends the
// answer with no page open, and opening the page again stores nothing
// twice.
func TestBrowserOfflineSync(t *testing.T) {
	b := newBrowser(t, 120*time.Second)
	ls := startLiveServer(t, campaign("SYNC1", false, 0))
	regs := make(chan serviceworker.RegistrationID, 16)
	chromedp.Listen(b.ctx, func(ev any) {
		if e, ok := ev.(*serviceworker.EventWorkerRegistrationUpdated); ok {
			for _, r := range e.Registrations {
				if !r.IsDeleted && strings.HasSuffix(r.ScopeURL, "/s/") {
					select {
					case regs <- r.RegistrationID:
					default:
					}
				}
			}
		}
	})
	b.do(t, "phone", smallPhone.emulate())
	b.do(t, "open survey", chromedp.Navigate(ls.URL+"/s/SYNC1"))
	b.screen(t, "intro")
	b.waitFor(t, "the service worker to control the page", `!!navigator.serviceWorker.controller`, 20*time.Second)
	b.do(t, "watch service workers", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, serviceworker.Enable, cdp.Empty{})
		return err
	}))

	want := b.answerSurvey(t, surveyRun{prefix: "sync-", story: "utan nät", noNames: "Skriv inga namn",
		midway: func() { ls.outage.down.Store(true) }})
	b.waitFor(t, "the thank-you to say the answer waits", `document.getElementById('vfv-status').dataset.state === 'waiting'`, 15*time.Second)
	if s := b.str(t, `document.getElementById('vfv-status').textContent`); !strings.Contains(s, "inte skickat") || !strings.Contains(s, "öppna den här sidan igen") {
		t.Errorf("thank-you says %q, want that the answer is not sent yet and what to do", s)
	}
	b.keep(t, "offline-phone-sv-thanks-waiting", false)
	b.axeCheck(t, "thank-you, waiting")
	b.waitFor(t, "the answer in the outbox", outboxCountJS+`.then(n => n === 1)`, step)

	// The respondent closes the page; the connection comes back.
	b.do(t, "close the page", chromedp.Navigate("about:blank"))
	ls.outage.down.Store(false)
	time.Sleep(time.Second)
	if n := len(ls.responses(t, "SYNC1")); n != 0 {
		t.Fatalf("%d responses stored before the sync, want 0", n)
	}
	var reg serviceworker.RegistrationID
	select {
	case reg = <-regs:
	case <-time.After(step):
		t.Fatal("no service worker registration reported")
	}
	b.do(t, "background sync", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, serviceworker.DispatchSyncEvent, serviceworker.DispatchSyncEventParams{
			Origin: ls.URL, RegistrationID: reg, Tag: "vfv-send"})
		return err
	}))
	rs := ls.waitResponses(t, "SYNC1", 1, 15*time.Second)
	checkStored(t, rs[0], "sv", want)

	// The page, opened again, finds its copy already taken: nothing twice.
	b.do(t, "open again", chromedp.Navigate(ls.URL+"/s/SYNC1"))
	b.screen(t, "intro")
	b.waitFor(t, "the queue to empty", `document.getElementById('vfv-pending').dataset.count === '0'`, 15*time.Second)
	if n := len(ls.responses(t, "SYNC1")); n != 1 {
		t.Errorf("%d responses stored, want exactly 1", n)
	}
	var left int
	b.eval(t, outboxCountJS, &left)
	if left != 0 {
		t.Errorf("%d responses left in the outbox, want 0", left)
	}
}
