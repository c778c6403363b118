package web_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// landscapeTablet is the outreach tablet turned on its side.
var landscapeTablet = viewport{1180, 820}

// tabletRuns are the screens and languages the respondent flow is
// checked on: portrait and landscape tablets and a small phone, each on a
// Swedish and an Arabic device.
var tabletRuns = []struct {
	name string
	vp   viewport
	lang string
}{
	{"portrait-sv", portraitTablet, "sv"},
	{"portrait-ar", portraitTablet, "ar"},
	{"landscape-sv", landscapeTablet, "sv"},
	{"landscape-ar", landscapeTablet, "ar"},
	{"phone-sv", smallPhone, "sv"},
	{"phone-ar", smallPhone, "ar"},
}

// recordBodiesJS keeps a copy of every response body the page posts, as
// sent, in window.vfvBodies.
const recordBodiesJS = `(() => { window.vfvBodies = []; const f = window.fetch;
	window.fetch = function (url, opts) {
		if (String(url).indexOf('/api/v1/responses') >= 0 && opts && opts.body) window.vfvBodies.push(String(opts.body));
		return f.apply(this, arguments);
	}; return true; })()`

// fitJS measures whether the page scrolls: the document's height and
// width against the window's.
const fitJS = `({h: document.documentElement.scrollHeight, vh: window.innerHeight,
	w: document.documentElement.scrollWidth, vw: window.innerWidth})`

type fit struct{ H, VH, W, VW int }

// TestBrowserTabletFlow: on a portrait and a landscape tablet and on a
// 360×740 phone, on a Swedish and an Arabic device, a respondent answers
// the whole survey. The survey starts in the device's language; every
// answer control on a pair names its item in visible text; a tap on a
// card records an answer; on the phone a pair with both cards and all
// answers fits without scrolling; 15 pairs take at most 25 taps; the
// thank-you shows the respondent's top three and the campaign's note on
// where results are shown, says the answer is sent, and the top three is
// not in the body sent to the server. axe-core finds no WCAG 2.1 AA
// violation on any screen, and a screenshot of every screen is kept in
// testdata/out.
func TestBrowserTabletFlow(t *testing.T) {
	camp := campaign("FLOW1", false, 0)
	camp.ResultsNote = "Resultaten visas på Fritidsgården i mars."
	ls := startLiveServer(t, camp)
	done := 0
	for _, run := range tabletRuns {
		t.Run(run.name, func(t *testing.T) {
			defer func() { done++ }()
			b := newBrowserIn(t, 240*time.Second, run.lang)
			// A tablet with Swedish and Arabic voices: "Lyssna" on every screen.
			b.onNewDocument(t, voicesJS(`[{lang: 'sv-SE', name: 'Alva'}, {lang: 'ar-SA', name: 'Maged'}]`))
			b.do(t, "viewport", run.vp.emulate())
			b.do(t, "open survey", chromedp.Navigate(ls.URL+"/s/FLOW1"))
			b.screen(t, "intro")
			if got := b.str(t, `document.documentElement.lang`); got != run.lang {
				t.Errorf("a %s device starts the survey in %q, want %q", run.lang, got, run.lang)
			}
			b.checkListen(t, "intro")
			b.keep(t, "flow-"+run.name+"-1-intro", false)
			b.axeCheck(t, run.name+" intro")
			b.eval(t, recordBodiesJS, nil)
			b.eval(t, tapCounterJS, nil)
			b.startPairs(t)
			first := b.taps(t)
			detour := 0
			for i := 0; b.onScreen(t, "pair"); i++ {
				if i == 0 {
					n := b.taps(t)
					b.checkPairScreen(t, run.name, run.vp == smallPhone)
					detour += b.taps(t) - n
				}
				v := []string{"-1", "1", "-2", "2"}[i%4]
				before := b.where(t)
				phone := run.vp == smallPhone
				if phone {
					b.checkNoScroll(t, fmt.Sprintf("pair %d %v", i+1, b.pairShown(t)))
				}
				b.answerPair(t, surveyRun{}, v)
				if got := b.str(t, pressedJS); got != v {
					t.Errorf("pair %d: after the taps the recorded answer is %q, want %q", i+1, got, v)
				}
				if phone && len(v) == 2 { // "a bit more": the stronger step shows for a moment
					b.checkNoScroll(t, fmt.Sprintf("pair %d answered", i+1))
				}
				b.moved(t, before)
			}
			if n := b.taps(t) - first - detour; n > 25 {
				t.Errorf("%d taps on 15 pairs, want at most 25", n)
			}
			for k := 0; b.onScreen(t, "bg"); k++ {
				if k == 0 {
					b.checkListen(t, "background question")
					b.keep(t, "flow-"+run.name+"-4-bg", false)
					b.axeCheck(t, run.name+" background question")
				}
				b.next(t, surveyRun{})
			}
			b.screen(t, "story")
			b.checkListen(t, "open question")
			b.keep(t, "flow-"+run.name+"-5-story", false)
			b.axeCheck(t, run.name+" open question")
			b.next(t, surveyRun{})
			b.screen(t, "thanks")
			b.checkListen(t, "thank-you")
			b.checkThanks(t, run.name, camp.ResultsNote)
		})
	}
	rs := ls.waitResponses(t, "FLOW1", done, 20*time.Second)
	for _, r := range rs {
		if len(r.Judgments) != 15 {
			t.Errorf("response in %s has %d judgments, want 15", r.Lang, len(r.Judgments))
		}
	}
}

// checkPairScreen checks the first pair before and after a card is
// tapped: every answer control names its item, a tap on a card records
// an answer, and on a phone the screen does not scroll. It keeps
// screenshots and runs axe-core, and returns to the first pair.
func (b *browser) checkPairScreen(t *testing.T, name string, phone bool) {
	t.Helper()
	checkFit := func(when string) {
		var f fit
		b.eval(t, fitJS, &f)
		if f.W > f.VW {
			t.Errorf("%s: pair screen is %d px wide in a %d px window", when, f.W, f.VW)
		}
		if phone && f.H > f.VH {
			t.Errorf("%s: pair screen is %d px high on a %d px phone, want no scrolling", when, f.H, f.VH)
		}
	}
	b.checkListen(t, "pair")
	checkFit("before an answer")
	b.keep(t, "flow-"+name+"-2-pair", false)
	b.axeCheck(t, name+" pair")
	b.tap(t, "main button.item-b")
	if got := b.str(t, pressedJS); got != "1" {
		t.Errorf("a tap on the second card recorded %q, want 1", got)
	}
	// The survey moves on by itself; back on this pair the answer shows
	// with the stronger step under the chosen card.
	b.advance(t, answerWait)
	b.waitFor(t, "the next pair", `document.querySelector('.progress').getAttribute('aria-valuenow') !== '1'`, step)
	b.tap(t, "main button.back")
	b.waitFor(t, "the first pair again", pressedJS+` === '1'`, step)
	var names []struct{ Text, Item string }
	b.eval(t, `[...document.querySelectorAll('main .cards button.item, main .cards button.more')].filter(e => e.getClientRects().length)
		.map(e => ({text: e.innerText, item: e.closest('.side').querySelector('.item-label').textContent}))`, &names)
	if len(names) < 3 {
		t.Errorf("%d visible answer controls on the cards, want both cards and a stronger step", len(names))
	}
	for _, n := range names {
		if !strings.Contains(n.Text, n.Item) {
			t.Errorf("answer control %q does not name its item %q", n.Text, n.Item)
		}
	}
	checkFit("with a card chosen")
	b.keep(t, "flow-"+name+"-3-pair-chosen", false)
	b.axeCheck(t, name+" pair with a card chosen")
}

// checkThanks checks the thank-you screen: the top three, the results
// note, that the answer is sent, and that the body sent to the server
// holds none of the top three.
func (b *browser) checkThanks(t *testing.T, name, note string) {
	t.Helper()
	var top []struct{ Item, Label string }
	b.eval(t, `[...document.querySelectorAll('main .top-list li')].map(li => ({item: li.dataset.item, label: li.innerText.trim()}))`, &top)
	if len(top) != 3 {
		t.Fatalf("thank-you shows %d items in the top three, want 3: %v", len(top), top)
	}
	if got := b.str(t, `(document.querySelector('main .results-note') || {}).textContent || ''`); got != note {
		t.Errorf("results note %q, want the campaign's %q", got, note)
	}
	b.waitFor(t, "the answer to be sent", `document.getElementById('vfv-status').dataset.state === 'done'`, 15*time.Second)
	if s := b.str(t, `document.getElementById('vfv-status').textContent`); s == "" {
		t.Error("the thank-you does not say that the answer is sent")
	}
	b.keep(t, "flow-"+name+"-6-thanks", false)
	b.axeCheck(t, name+" thank-you")
	var bodies []string
	b.eval(t, `window.vfvBodies`, &bodies)
	if len(bodies) != 1 {
		t.Fatalf("%d response bodies sent, want 1", len(bodies))
	}
	var body map[string]json.RawMessage
	if err := json.Unmarshal([]byte(bodies[0]), &body); err != nil {
		t.Fatal(err)
	}
	keys := make([]string, 0, len(body))
	for k := range body {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if want := []string{"background", "campaign", "id", "judgments", "lang", "version"}; !slices.Equal(keys, want) {
		t.Errorf("sent body has keys %v, want only %v (no top three)", keys, want)
	}
	for _, x := range top {
		if strings.Contains(bodies[0], x.Label) {
			t.Errorf("sent body contains %q from the top three", x.Label)
		}
	}
	if strings.Contains(bodies[0], fmt.Sprintf("%q", top[0].Item)+",\""+top[1].Item) {
		t.Errorf("sent body contains the top three as a list")
	}
}

// checkListen fails unless the screen has its "Lyssna" button, in the
// screen's language.
func (b *browser) checkListen(t *testing.T, screen string) {
	t.Helper()
	want := map[string]string{"sv": "Lyssna", "ar": "استمع"}[b.str(t, `document.documentElement.lang`)]
	if got := b.str(t, `(document.querySelector('main .listen') || {}).textContent || ''`); got != want {
		t.Errorf("%s: Lyssna button reads %q, want %q", screen, got, want)
	}
}

// checkNoScroll fails when the page is higher or wider than the window.
func (b *browser) checkNoScroll(t *testing.T, what string) {
	t.Helper()
	var f fit
	b.eval(t, fitJS, &f)
	if f.H > f.VH || f.W > f.VW {
		t.Errorf("%s: page is %d×%d px in a %d×%d window, want no scrolling", what, f.W, f.H, f.VW, f.VH)
	}
}

// TestBrowserPhoneLongestPair: on a 360×740 phone the pair with the two
// longest labels, with a card chosen and its stronger step showing,
// still fits without scrolling, in Swedish and in Arabic.
func TestBrowserPhoneLongestPair(t *testing.T) {
	ls := startLiveServer(t, campaign("LONG1", false, 0))
	for _, lang := range []string{"sv", "ar"} {
		t.Run(lang, func(t *testing.T) {
			b := newBrowserIn(t, 60*time.Second, lang)
			b.onNewDocument(t, voicesJS(`[{lang: 'sv-SE', name: 'Alva'}, {lang: 'ar-SA', name: 'Maged'}]`))
			b.do(t, "viewport", smallPhone.emulate())
			b.do(t, "open survey", chromedp.Navigate(ls.URL+"/s/LONG1"))
			b.startPairs(t)
			// Put the longest pair where the respondent is, as kept on the
			// device, and reload.
			b.tap(t, "main button.item-a")
			b.advance(t, answerWait)
			b.waitFor(t, "the second pair", `document.querySelector('.progress').getAttribute('aria-valuenow') === '2'`, step)
			b.eval(t, `(() => { const k = 'vfv.progress.LONG1', s = JSON.parse(localStorage.getItem(k));
				s.pairs[1] = ['forsakringskassan', 'arbetsformedlingen']; s.ans[1] = null;
				localStorage.setItem(k, JSON.stringify(s)); return true; })()`, nil)
			b.do(t, "reload", chromedp.Reload())
			b.screen(t, "pair")
			if p := b.pairShown(t); p != [2]string{"forsakringskassan", "arbetsformedlingen"} {
				t.Fatalf("pair on screen %v, want the longest", p)
			}
			b.checkNoScroll(t, "longest pair")
			b.tap(t, "main button.item-a")
			b.checkNoScroll(t, "longest pair with a card chosen")
			b.keep(t, "phone-longest-"+lang, false)
		})
	}
}

// TestBrowserTopThreeRule: the top three computed on the device: points
// are the steps won, ties go to fewer losses, then to the survey's order;
// "equal", "can't decide" and unanswered pairs count for nothing, and an
// item never favoured is not listed.
func TestBrowserTopThreeRule(t *testing.T) {
	b := newBrowser(t, 30*time.Second)
	ls := startLiveServer(t, campaign("TOP3", false, 0))
	b.do(t, "open survey", chromedp.Navigate(ls.URL+"/s/TOP3"))
	b.screen(t, "intro")
	order := `['a', 'b', 'c', 'd', 'e']`
	for _, tt := range []struct {
		name, pairs, answers string
		want                 []string
	}{
		{"steps weigh", `[['a','b'],['c','d'],['e','a']]`, `[1, 2, -1]`, []string{"d", "b", "e"}},
		{"more steps first", `[['a','b'],['c','d'],['a','d']]`, `[-1, 1, 1]`, []string{"d", "a"}},
		{"ties by fewer losses", `[['a','b'],['c','d'],['e','a']]`, `[-1, -1, -1]`, []string{"c", "e", "a"}},
		{"ties by the survey's order", `[['a','b'],['c','d']]`, `[-1, -1]`, []string{"a", "c"}},
		{"equal, skip and none count nothing", `[['a','b'],['c','d'],['e','a']]`, `[0, 'skip', null]`, []string{}},
		{"at most three", `[['a','b'],['c','d'],['e','b'],['d','b']]`, `[-2, 2, -1, -1]`, []string{"d", "a", "e"}},
	} {
		var got []string
		b.eval(t, `vfv.topThree(`+tt.pairs+`, `+tt.answers+`, `+order+`)`, &got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: topThree = %v, want %v", tt.name, got, tt.want)
		}
	}
}
