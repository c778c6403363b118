package web_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/vfv/vfv/internal/store"
)

// Browser tests drive the respondent pages in headless Chromium on a
// landscape tablet with a touch screen. They skip when Chromium or axe-core
// is missing, except in CI. Set VFV_SCREENS to a folder to keep a
// screenshot of every screen.

// pairShown returns the items of the pair on screen: shown first, second.
func (b *browser) pairShown(t *testing.T) [2]string {
	t.Helper()
	var p [2]string
	b.eval(t, `[document.querySelector('.item-a').dataset.item, document.querySelector('.item-b').dataset.item]`, &p)
	return p
}

// answers is what a test answered, to compare with the stored response.
type answers struct {
	background map[string]string
	judgments  []store.Judgment
	story      string
}

// surveyRun says how a test goes through the survey.
type surveyRun struct {
	keyboard bool // keyboard only instead of touch
	axe      bool // axe-core on every kind of screen
	prefix   string
	story    string
	noNames  string // part of the story's help text, telling not to write names
	midway   func() // called on the fifth pair, before it is answered
	// visit, when set, is called on every screen as it appears, with its
	// kind (intro, bg, pair, story, thanks).
	visit func(kind string)
}

// answerSurvey goes from the intro to the thank-you. It answers the
// first background question, skips the second, and so on; it weighs the
// pairs through every value of the scale and "can't decide" in turn.
func (b *browser) answerSurvey(t *testing.T, r surveyRun) answers {
	t.Helper()
	got := answers{background: map[string]string{}}
	checked := map[string]bool{}
	check := func(kind string) {
		if r.visit != nil {
			r.visit(kind)
		}
		if checked[kind] {
			return
		}
		checked[kind] = true
		b.shot(t, r.prefix+kind)
		if r.axe {
			b.axeCheck(t, r.prefix+kind)
		}
	}
	b.screen(t, "intro")
	check("intro")
	b.next(t, r)
	var bg []struct {
		ID      string
		Answers []struct{ ID string }
	}
	b.eval(t, `JSON.parse(document.getElementById('vfv-data').textContent).background`, &bg)
	// The background questions come after the pairs by default, before
	// them when the survey says so.
	background := func() {
		if !b.onScreen(t, "bg") {
			return
		}
		for i, q := range bg {
			b.screen(t, "bg")
			check("bg")
			if i%2 == 0 {
				a := q.Answers[i%len(q.Answers)].ID
				b.choose(t, r, i%len(q.Answers), `label[data-value="`+a+`"]`)
				got.background[q.ID] = a
			}
			b.next(t, r)
		}
	}
	background()
	values := []string{"-2", "-1", "0", "1", "2", "skip"}
	for i := 0; b.onScreen(t, "pair"); i++ {
		check("pair")
		if i == 4 && r.midway != nil {
			r.midway()
		}
		p := b.pairShown(t)
		v := values[i%len(values)]
		before := b.where(t)
		b.answerPair(t, r, v)
		if i == 1 {
			b.shot(t, r.prefix+"pair-chosen")
		}
		j := store.Judgment{A: p[0], B: p[1], Skip: v == "skip"}
		fmt.Sscan(v, &j.Value)
		got.judgments = append(got.judgments, j)
		b.moved(t, before)
		if i == 2 && !r.keyboard {
			b.checkBack(t, got.judgments[2], values[2])
		}
	}
	background()
	b.screen(t, "story")
	check("story")
	if help := b.str(t, `(document.getElementById('vfv-help') || {}).textContent || ''`); !strings.Contains(help, r.noNames) {
		t.Errorf("open question's help = %q, want the survey's advice %q", help, r.noNames)
	}
	if r.keyboard {
		b.keys(t, "\t"+r.story)
	} else {
		b.do(t, "write story", chromedp.SendKeys(chromedp.CSS("#vfv-story"), r.story))
	}
	got.story = r.story
	b.next(t, r)
	b.screen(t, "thanks")
	check("thanks")
	return got
}

// checkBack goes back one pair with the Back button, finds the earlier
// pair and its answer as given, and returns with Next.
func (b *browser) checkBack(t *testing.T, prev store.Judgment, value string) {
	t.Helper()
	here := b.pairShown(t)
	b.tap(t, "main button.back")
	b.waitFor(t, "the previous pair", `document.querySelector('.item-a').dataset.item === `+jsString(prev.A)+
		` && document.querySelector('.item-b').dataset.item === `+jsString(prev.B), step)
	if got := b.str(t, pressedJS); got != value {
		t.Errorf("back on pair %v shows answer %q, want %q as given", prev, got, value)
	}
	b.next(t, surveyRun{})
	if p := b.pairShown(t); p != here {
		t.Errorf("forward again shows pair %v, want %v", p, here)
	}
}

// pressedJS is the value of the strongest answer pressed on a pair screen,
// or "" when none is.
const pressedJS = `(() => { const p = [...document.querySelectorAll('main [aria-pressed="true"]')];
	const m = p.find(e => e.matches('.more')) || p[0]; return m ? m.dataset.value : ''; })()`

// answerPair answers the pair on screen with value v ("-2" … "2", "skip")
// the way a respondent does: a tap on the favoured card, and for a
// stronger answer a second tap on the step named under it.
func (b *browser) answerPair(t *testing.T, r surveyRun, v string) {
	t.Helper()
	switch v {
	case "0":
		b.press(t, r, "button.opt-equal")
	case "skip":
		b.press(t, r, "button.opt-skip")
	default:
		card := "button.item-a"
		if !strings.HasPrefix(v, "-") {
			card = "button.item-b"
		}
		b.press(t, r, card)
		if v == "-1" || v == "1" {
			if got := b.str(t, pressedJS); got != v {
				t.Errorf("after a tap on %s the answer is %q, want %q", card, got, v)
			}
			return
		}
		b.press(t, r, `button.more[data-value="`+v+`"]`)
	}
}

// press activates a button: by touch, a tap; by keyboard, Tab until it has
// focus, then Space.
func (b *browser) press(t *testing.T, r surveyRun, sel string) {
	t.Helper()
	if !r.keyboard {
		b.tap(t, "main "+sel)
		return
	}
	for i := 0; i < 12 && !b.isTrue(t, `document.activeElement.matches('main `+sel+`')`); i++ {
		b.keys(t, "\t")
	}
	if !b.isTrue(t, `document.activeElement.matches('main `+sel+`')`) {
		t.Fatalf("keyboard cannot reach %s; focus is on %s", sel, b.str(t, `document.activeElement.outerHTML.slice(0, 80)`))
	}
	b.keys(t, " ")
}

// onScreen waits for the next screen and says whether it is of kind.
func (b *browser) onScreen(t *testing.T, kind string) bool {
	t.Helper()
	b.do(t, "wait for a screen", chromedp.WaitVisible(chromedp.CSS(`main > section[data-screen]`)))
	return b.str(t, `document.querySelector('main > section').dataset.screen`) == kind
}

// choose picks a background answer: by touch, a tap on its label; by
// keyboard, Tab from the heading into the radio group and arrow keys to
// the n-th option.
func (b *browser) choose(t *testing.T, r surveyRun, n int, label string) {
	t.Helper()
	if !r.keyboard {
		b.tap(t, "main "+label)
		return
	}
	b.keys(t, "\t")
	if n == 0 {
		b.keys(t, " ")
	}
	for range n {
		b.keys(t, kb.ArrowDown)
	}
	if !b.isTrue(t, `document.activeElement.checked && document.activeElement.closest('label').matches('`+label+`')`) {
		t.Fatalf("keyboard did not choose %s; focus is on %s", label, b.str(t, `document.activeElement.outerHTML`))
	}
}

// whereJS names the screen on show and its place in the survey.
const whereJS = `document.querySelector('main > section').dataset.screen + (document.querySelector('.progress') ? document.querySelector('.progress').getAttribute('aria-valuenow') : '')`

func (b *browser) where(t *testing.T) string {
	t.Helper()
	return b.str(t, whereJS)
}

// answerWait is the longest a pair stays on screen after an answer
// before it moves on by itself (FIRST_STEP_MS in respondent.js).
const answerWait = 2200 * time.Millisecond

// moved waits for the survey to leave the screen where it was and checks
// that focus is on the new screen's heading.
func (b *browser) moved(t *testing.T, before string) {
	t.Helper()
	// A pair moves on by itself after a moment: skip the wait.
	if b.where(t) == before {
		b.advance(t, answerWait)
	}
	b.waitFor(t, "the next screen", whereJS+` !== `+jsString(before), step)
	if !b.isTrue(t, `document.activeElement && document.activeElement.id === 'vfv-h'`) {
		t.Errorf("focus after moving on is on %s, want the new screen's heading", b.str(t, `document.activeElement.outerHTML.slice(0, 80)`))
	}
}

// next moves on: a tap on the screen's main button, or by keyboard Tab to
// it and Enter.
func (b *browser) next(t *testing.T, r surveyRun) {
	t.Helper()
	before := b.where(t)
	if !r.keyboard {
		b.tap(t, "main button.next")
	} else {
		for i := 0; i < 6 && !b.isTrue(t, `document.activeElement.matches('main button.next')`); i++ {
			b.keys(t, "\t")
		}
		b.keys(t, "\r")
	}
	b.moved(t, before)
}

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func isUUID(s string) bool { return uuidV4.MatchString(s) }

// checkStored compares a stored response with what the test answered.
func checkStored(t *testing.T, r store.Response, lang string, want answers) {
	t.Helper()
	if r.Lang != lang || r.Story != want.story {
		t.Errorf("stored lang %q story %q, want %q and %q", r.Lang, r.Story, lang, want.story)
	}
	if fmt.Sprint(r.Background) != fmt.Sprint(want.background) {
		t.Errorf("stored background %v, want %v", r.Background, want.background)
	}
	if len(r.Judgments) != len(want.judgments) {
		t.Fatalf("stored %d judgments, want %d:\n got %v\nwant %v", len(r.Judgments), len(want.judgments), r.Judgments, want.judgments)
	}
	for i, j := range r.Judgments {
		if j != want.judgments[i] {
			t.Errorf("judgment %d = %+v, want %+v", i, j, want.judgments[i])
		}
	}
}

// TestBrowserSwedishSurvey: a respondent answers the whole survey in
// Swedish by touch, with a reload halfway; exactly one response is stored
// with the judgments as given, axe-core finds no WCAG 2.1 AA violation on
// any screen, and nothing is left on the device but the count of waiting
// responses.
func TestBrowserSwedishSurvey(t *testing.T) {
	b := newBrowser(t, 90*time.Second)
	ls := startLiveServer(t, campaign("SV1", false, 0))
	b.do(t, "open survey", chromedp.Navigate(ls.URL+"/s/SV1"))
	// Halfway, the page is reloaded: the answers so far are kept on the
	// device and the respondent goes on where they were.
	reload := func() {
		before := b.pairShown(t)
		b.do(t, "reload mid-survey", chromedp.Reload())
		b.screen(t, "pair")
		if after := b.pairShown(t); after != before {
			t.Errorf("after a reload the survey shows pair %v, want %v where the respondent was", after, before)
		}
	}
	want := b.answerSurvey(t, surveyRun{axe: true, prefix: "sv-", story: "Det var bra att få säga vad jag tycker.",
		noNames: "Skriv inga namn", midway: reload})
	b.waitFor(t, "the queue to empty", `document.getElementById('vfv-pending').dataset.count === '0'`, 15*time.Second)
	rs := ls.waitResponses(t, "SV1", 1, 10*time.Second)
	checkStored(t, rs[0], "sv", want)
	if len(want.judgments) != 15 {
		t.Errorf("answered %d pairs, want 15", len(want.judgments))
	}
	b.checkCSP(t)
	if !isUUID(rs[0].ID) {
		t.Errorf("stored response id %q is not a UUID", rs[0].ID)
	}
	// Over plain http on a LAN crypto.randomUUID is missing: the fallback
	// must still make random version-4 UUIDs.
	var ids []string
	b.eval(t, `Object.defineProperty(crypto, 'randomUUID', {value: undefined}); [vfv.uuid(), vfv.uuid()]`, &ids)
	if len(ids) != 2 || !isUUID(ids[0]) || !isUUID(ids[1]) || ids[0] == ids[1] {
		t.Errorf("UUIDs without crypto.randomUUID = %q, want two different version-4 UUIDs", ids)
	}
	if n := b.str(t, `String(Object.keys(localStorage).filter(k => k.startsWith('vfv.progress')).length) + document.cookie`); n != "0" {
		t.Errorf("after the thank-you, progress entries + cookies = %q, want 0 and no cookies", n)
	}
}

// TestBrowserArabicSurveyByKeyboard: a respondent switches to Arabic and
// answers by keyboard only; the page is right to left, one response is
// stored in Arabic, and axe-core finds no violation on any screen in RTL.
func TestBrowserArabicSurveyByKeyboard(t *testing.T) {
	b := newBrowser(t, 90*time.Second)
	ls := startLiveServer(t, campaign("AR1", false, 0))
	b.do(t, "open survey", chromedp.Navigate(ls.URL+"/s/AR1"))
	b.screen(t, "intro")
	b.tap(t, `#vfv-langs button[data-lang="ar"]`)
	if got := b.str(t, `document.documentElement.lang + ' ' + document.documentElement.dir + ' ' + getComputedStyle(document.body).direction`); got != "ar rtl rtl" {
		t.Fatalf("after choosing Arabic: lang, dir, direction = %q, want ar rtl rtl", got)
	}
	if h := b.screen(t, "intro"); h != "ما المهم بالنسبة لك؟" {
		t.Errorf("Arabic intro heading = %q", h)
	}
	want := b.answerSurvey(t, surveyRun{keyboard: true, axe: true, prefix: "ar-", story: "شكرًا", noNames: "لا تكتب أي أسماء"})
	rs := ls.waitResponses(t, "AR1", 1, 15*time.Second)
	checkStored(t, rs[0], "ar", want)
	b.checkCSP(t)
}

// TestBrowserOffline: the connection drops mid-survey; the respondent
// finishes, the page shows one response waiting, survives a reload from
// the service worker's cache, and once the server is back exactly one
// response is stored.
func TestBrowserOffline(t *testing.T) {
	b := newBrowser(t, 90*time.Second)
	ls := startLiveServer(t, campaign("OFF1", false, 0))
	b.do(t, "open survey", chromedp.Navigate(ls.URL+"/s/OFF1"))
	b.screen(t, "intro")
	b.waitFor(t, "the service worker to control the page and keep it",
		`navigator.serviceWorker.controller && caches.match(location.href, {ignoreSearch: true})`, 20*time.Second)

	want := b.answerSurvey(t, surveyRun{prefix: "offline-", story: "utan nät", noNames: "Skriv inga namn",
		midway: func() { ls.outage.down.Store(true) }})
	if !ls.outage.down.Load() {
		t.Fatal("the connection never dropped")
	}
	b.waitFor(t, "the page to show one response waiting", `document.getElementById('vfv-pending').dataset.count === '1'`, step)
	if txt := b.str(t, `document.getElementById('vfv-pending').textContent`); !strings.Contains(txt, "1") || b.str(t, `getComputedStyle(document.getElementById('vfv-pending')).display`) == "none" {
		t.Errorf("waiting indicator shows %q, want a visible count of 1", txt)
	}
	b.shot(t, "offline-waiting")
	if n := len(ls.responses(t, "OFF1")); n != 0 {
		t.Fatalf("%d responses stored while the server was unreachable", n)
	}

	// A reload while the server is unreachable: the service worker serves
	// the kept page, and the queue is still there.
	b.do(t, "reload offline", chromedp.Reload())
	b.screen(t, "intro")
	b.waitFor(t, "the reloaded page to show one response waiting", `document.getElementById('vfv-pending').dataset.count === '1'`, step)

	ls.outage.down.Store(false)
	rs := ls.waitResponses(t, "OFF1", 1, 30*time.Second)
	checkStored(t, rs[0], "sv", want)
	b.waitFor(t, "the waiting count to reach 0", `document.getElementById('vfv-pending').dataset.count === '0'`, step)
	time.Sleep(500 * time.Millisecond)
	if n := len(ls.responses(t, "OFF1")); n != 1 {
		t.Errorf("%d responses stored after reconnecting, want exactly 1", n)
	}
}

// TestBrowserRefusedResponse: a response the server refuses for good (the
// campaign closed while the respondent answered: 410) leaves the queue and
// is counted, instead of being retried for ever.
func TestBrowserRefusedResponse(t *testing.T) {
	b := newBrowser(t, 60*time.Second)
	ls := startLiveServer(t, campaign("GONE1", false, 0))
	b.do(t, "open survey", chromedp.Navigate(ls.URL+"/s/GONE1"))
	b.screen(t, "intro")
	if err := ls.store.SetCampaignOpen(context.Background(), "GONE1", false); err != nil {
		t.Fatal(err)
	}
	b.answerSurvey(t, surveyRun{story: "stängd", noNames: "Skriv inga namn"})
	b.waitFor(t, "the refused response to be counted and dropped",
		`document.getElementById('vfv-pending').dataset.dropped === '1' && document.getElementById('vfv-pending').dataset.count === '0'`, step)
	if txt := b.str(t, `document.getElementById('vfv-pending').textContent`); !strings.Contains(txt, "inte togs emot: 1") {
		t.Errorf("indicator shows %q, want the count of refused responses", txt)
	}
	if n := len(ls.responses(t, "GONE1")); n != 0 {
		t.Errorf("%d responses stored for a closed campaign", n)
	}
}

// TestBrowserKiosk: after the thank-you and after idle time the tablet
// returns to a clean start: no earlier answer on screen, in storage or in
// the history, and each respondent gets a fresh pair plan.
func TestBrowserKiosk(t *testing.T) {
	b := newBrowser(t, 90*time.Second)
	ls := startLiveServer(t, campaign("KIOSK1", true, 4))
	b.do(t, "open survey", chromedp.Navigate(ls.URL+"/s/KIOSK1"))
	b.screen(t, "lang")
	var plans [][][2]string
	b.eval(t, `JSON.parse(document.getElementById('vfv-data').textContent).plans`, &plans)
	if len(plans) < 2 {
		t.Fatalf("kiosk page carries %d plans, want several", len(plans))
	}
	var history0 int
	b.eval(t, `history.length`, &history0)

	// One respondent answers everything and hands the tablet on.
	b.pickLanguage(t, "sv")
	b.answerSurvey(t, surveyRun{prefix: "kiosk-", story: "hej", noNames: "Skriv inga namn"})
	b.tap(t, "main button.next") // Nästa person
	b.screen(t, "lang")
	b.checkClean(t, history0, "after the next-person button")
	ls.waitResponses(t, "KIOSK1", 1, 15*time.Second)

	// The next respondent gets the first fresh plan, answers one pair and
	// walks away: after the idle time the tablet is clean again.
	b.pickLanguage(t, "sv")
	b.startPairs(t)
	if p := b.pairShown(t); p != plans[0][0] {
		t.Errorf("next respondent's first pair = %v, want %v (first fresh plan)", p, plans[0][0])
	}
	b.tap(t, `main button.item-b`)
	// Idle time, then "Är du kvar?" counting down as long again.
	b.walkAway(t, 4*time.Second)
	b.waitFor(t, "the reset after idle time", `document.querySelector('main > section[data-screen="lang"]')`, 15*time.Second)
	b.checkClean(t, history0, "after idle time")

	// The one after gets the second fresh plan.
	b.pickLanguage(t, "sv")
	b.startPairs(t)
	if p := b.pairShown(t); p != plans[1][0] {
		t.Errorf("respondent after the idle reset: first pair = %v, want %v (second fresh plan)", p, plans[1][0])
	}

	// The browser's back and forward buttons bring back nothing either.
	b.walkAway(t, 4*time.Second)
	b.screen(t, "lang")
	b.do(t, "go back", chromedp.NavigateBack())
	b.do(t, "go forward", chromedp.NavigateForward())
	b.screen(t, "lang")
	b.checkClean(t, history0, "after back and forward")
	if n := len(ls.responses(t, "KIOSK1")); n != 1 {
		t.Errorf("%d responses stored, want 1 (abandoned answers are never sent)", n)
	}
}

// startPairs goes from the intro past the background questions, answering
// none, to the first pair.
func (b *browser) startPairs(t *testing.T) {
	t.Helper()
	b.tap(t, "main button.next")
	for b.onScreen(t, "bg") {
		if b.isTrue(t, `document.querySelector('main input:checked, main [aria-pressed="true"]')`) {
			t.Fatalf("background question shows an earlier answer")
		}
		b.next(t, surveyRun{})
	}
	b.screen(t, "pair")
	if b.isTrue(t, `document.querySelector('main input:checked, main [aria-pressed="true"]')`) {
		t.Fatalf("first pair shows an earlier answer")
	}
}

// checkClean fails when anything of an earlier respondent is left.
func (b *browser) checkClean(t *testing.T, history0 int, when string) {
	t.Helper()
	var s struct {
		Screen   string
		Checked  int
		Progress []string
		History  int
		Lang     string
	}
	b.eval(t, `({screen: document.querySelector('main > section').dataset.screen,
		checked: document.querySelectorAll('input:checked, [aria-pressed="true"]').length + document.querySelectorAll('textarea').length,
		progress: Object.keys(localStorage).filter(k => k.startsWith('vfv.progress')),
		history: history.length, lang: document.documentElement.lang})`, &s)
	if s.Screen != "lang" || s.Checked != 0 || len(s.Progress) != 0 || s.History != history0 || s.Lang != "sv" {
		t.Errorf("%s: screen %q, %d answers on screen, progress %v, history length %d (want %d), lang %q; want a clean language screen in Swedish",
			when, s.Screen, s.Checked, s.Progress, s.History, history0, s.Lang)
	}
}

// TestBrowserPhone: on a 320 px phone the pair screen fits without
// sideways scrolling, every target is at least 44 px high, and axe-core
// finds no violation.
func TestBrowserPhone(t *testing.T) {
	b := newBrowser(t, 60*time.Second)
	ls := startLiveServer(t, campaign("PHONE1", false, 0))
	b.do(t, "phone viewport", phone.emulate())
	b.do(t, "open survey", chromedp.Navigate(ls.URL+"/s/PHONE1"))
	b.screen(t, "intro")
	b.shot(t, "phone-intro")
	b.startPairs(t)
	b.tap(t, `main button.item-a`)
	b.shot(t, "phone-pair")
	var fit struct {
		Scroll, Width int
		Small         []string
	}
	b.eval(t, `({scroll: document.documentElement.scrollWidth, width: window.innerWidth,
		small: [...document.querySelectorAll('button, label.choice, textarea')].filter(e => e.getClientRects().length)
			.filter(e => e.getBoundingClientRect().height < 44 || e.getBoundingClientRect().width < 44)
			.map(e => e.outerHTML.slice(0, 60))})`, &fit)
	if fit.Scroll > fit.Width {
		t.Errorf("pair screen is %d px wide on a %d px phone", fit.Scroll, fit.Width)
	}
	for _, s := range fit.Small {
		t.Errorf("target smaller than 44 px: %s", s)
	}
	b.axeCheck(t, "phone pair")
}
