package web_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The tablet at outreach sites is a portrait 820×1180 tablet; the
// smallest phones seen there are 360×740.
var (
	portraitTablet = viewport{820, 1180}
	smallPhone     = viewport{360, 740}
)

// tapCounterJS counts every touch or click on the page from now on.
const tapCounterJS = `window.vfvTaps = 0; document.addEventListener('pointerdown', () => { window.vfvTaps++; }, true); 0`

func (b *browser) taps(t *testing.T) int {
	t.Helper()
	var n int
	b.eval(t, `window.vfvTaps`, &n)
	return n
}

// TestBrowserOneTapPerPair: a respondent answers 15 pairs decisively,
// mostly with one tap on a card and now and then a second tap on the
// stronger step named under it; the survey moves on by itself. On a
// portrait tablet and a small phone, in Swedish and Arabic: every answer
// control on the cards names its item in visible text, Back brings the
// answer back, axe-core finds no violation, and the median number of taps
// on the pair screens is at most 25.
func TestBrowserOneTapPerPair(t *testing.T) {
	b := newBrowser(t, 300*time.Second)
	ls := startLiveServer(t, campaign("TAP1", false, 0))
	runs := []struct {
		name string
		vp   viewport
		lang string
	}{
		{"tablet-sv", portraitTablet, "sv"},
		{"tablet-ar", portraitTablet, "ar"},
		{"phone-sv", smallPhone, "sv"},
		{"phone-ar", smallPhone, "ar"},
	}
	var pairTaps []int
	for _, run := range runs {
		t.Run(run.name, func(t *testing.T) {
			b.do(t, run.name+" viewport", run.vp.emulate())
			b.do(t, "open survey", chromedp.Navigate(ls.URL+"/s/TAP1"))
			b.screen(t, "intro")
			if run.lang != "sv" {
				b.tap(t, `#vfv-langs button[data-lang="`+run.lang+`"]`)
			}
			b.eval(t, tapCounterJS, nil)
			b.startPairs(t)
			first := b.taps(t)
			detour := 0
			for i := 0; b.onScreen(t, "pair"); i++ {
				v := "1"
				if i%2 == 0 {
					v = "-1"
				}
				if i%3 == 2 {
					v = strings.Replace(v, "1", "2", 1)
				}
				before := b.where(t)
				b.answerPair(t, surveyRun{}, v)
				b.moved(t, before)
				if i == 0 {
					n := b.taps(t)
					b.inspectChosen(t, run.name, "-1")
					detour += b.taps(t) - n
				}
			}
			n := b.taps(t) - first - detour
			pairTaps = append(pairTaps, n)
			for b.onScreen(t, "bg") {
				b.next(t, surveyRun{})
			}
			b.screen(t, "story")
			b.next(t, surveyRun{})
			b.screen(t, "thanks")
			t.Logf("%s: %d taps on the 15 pair screens, %d taps from the intro to the thank-you", run.name, n, b.taps(t)-detour)
		})
	}
	if len(pairTaps) != len(runs) {
		t.Fatalf("measured %d runs, want %d", len(pairTaps), len(runs))
	}
	slices.Sort(pairTaps)
	median := (pairTaps[len(pairTaps)/2-1] + pairTaps[len(pairTaps)/2]) / 2
	t.Logf("taps on the pair screens of a 15-pair survey answered decisively: %v, median %d", pairTaps, median)
	if median > 25 {
		t.Errorf("median taps for 15 pairs = %d, want at most 25", median)
	}
	rs := ls.waitResponses(t, "TAP1", len(runs), 15*time.Second)
	for _, r := range rs {
		if len(r.Judgments) != 15 {
			t.Errorf("response in %s has %d judgments, want 15", r.Lang, len(r.Judgments))
		}
		for _, j := range r.Judgments {
			if j.Skip || j.Value == 0 {
				t.Errorf("response in %s has judgment %+v, want a decided one", r.Lang, j)
			}
		}
	}
}

// inspectChosen goes back to the pair just answered with want, checks its
// answer and that every control on the cards names its item in visible
// text, keeps a screenshot, runs axe-core, and returns.
func (b *browser) inspectChosen(t *testing.T, name, want string) {
	t.Helper()
	b.tap(t, "main button.back")
	b.waitFor(t, "the answered pair", pressedJS+` === `+jsString(want), step)
	var names []struct{ Text, Item string }
	b.eval(t, `[...document.querySelectorAll('main .cards button')].filter(e => e.getClientRects().length)
		.map(e => ({text: e.innerText, item: e.closest('.side').querySelector('.item-label').textContent}))`, &names)
	if len(names) < 3 {
		t.Errorf("%d visible controls on the cards, want both cards and a stronger step", len(names))
	}
	for _, n := range names {
		if !strings.Contains(n.Text, n.Item) {
			t.Errorf("control %q does not name its item %q", n.Text, n.Item)
		}
	}
	if b.str(t, `document.querySelector('main .more-row:not([hidden])').dataset.side`) != "a" {
		t.Errorf("stronger steps shown under %q, want under the chosen card a", b.str(t, `document.querySelector('main .more-row:not([hidden])').dataset.side`))
	}
	b.keep(t, name+"-pair-chosen", false)
	b.axeCheck(t, name+" pair")
	b.next(t, surveyRun{})
}
