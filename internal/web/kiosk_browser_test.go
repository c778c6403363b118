package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// stillOpenJS is true while the "Are you still there?" dialog is open.
const stillOpenJS = `!!document.querySelector('dialog#vfv-still[open]')`

// walkAway is a respondent leaving the kiosk mid-survey: the page's clock
// skips the campaign's idle time, "Är du kvar?" opens, and the clock
// skips its countdown (as long as the idle time, up to 20 s), after
// which the kiosk resets.
func (b *browser) walkAway(t *testing.T, idle time.Duration) {
	t.Helper()
	b.advance(t, idle)
	b.waitFor(t, "the still-there dialog", stillOpenJS, 15*time.Second)
	b.advance(t, min(idle, 20*time.Second))
}

// TestBrowserKioskStillThere: on a kiosk, a respondent who stops
// answering is first asked "Är du kvar?" with a countdown and a button to
// continue; continuing keeps their answers, and only when the countdown
// runs out does the tablet go back to a clean start. Checked on portrait
// and landscape tablets and a phone, in Swedish and in Arabic, with
// axe-core on the dialog.
func TestBrowserKioskStillThere(t *testing.T) {
	const idle = 8 * time.Second // the campaign's idle time, and so the countdown's
	b := newBrowser(t, 200*time.Second)
	ls := startLiveServer(t, campaign("STILL1", true, int(idle/time.Second)))
	texts := map[string]struct{ title, button string }{
		"sv": {"Är du kvar?", "Tryck här för att fortsätta"},
		"ar": {"هل ما زلت هنا؟", "اضغط هنا للمتابعة"},
	}
	for _, r := range tabletRuns {
		run := struct {
			name, lang, title, button string
			vp                        viewport
		}{r.name, r.lang, texts[r.lang].title, texts[r.lang].button, r.vp}
		t.Run(run.name, func(t *testing.T) {
			b.do(t, "viewport", run.vp.emulate())
			b.do(t, "open survey", chromedp.Navigate(ls.URL+"/s/STILL1"))
			b.screen(t, "lang")
			var history0 int
			b.eval(t, `history.length`, &history0)
			b.pickLanguage(t, run.lang)
			b.startPairs(t)
			before := b.where(t)
			b.tap(t, "main button.item-b")
			b.moved(t, before)
			here := b.where(t)

			// The respondent stops answering: the page's clock skips the
			// idle time (see clockJS) and the kiosk's check asks.
			b.advance(t, idle)
			b.waitFor(t, "the still-there dialog", stillOpenJS, 15*time.Second)
			var d struct{ Title, Left, Button, Focus string }
			b.eval(t, `({title: document.getElementById('vfv-still-h').textContent,
				left: document.getElementById('vfv-still-left').textContent,
				button: document.querySelector('#vfv-still button').textContent,
				focus: document.activeElement.textContent})`, &d)
			if d.Title != run.title || d.Button != run.button || d.Focus != run.button || !strings.ContainsAny(d.Left, "0123456789") {
				t.Errorf("dialog: title %q, countdown %q, button %q, focus on %q; want %q, seconds left, %q with focus",
					d.Title, d.Left, d.Button, d.Focus, run.title, run.button)
			}
			b.keep(t, "kiosk-still-"+run.name, false)
			b.axeCheck(t, run.name+" still there")
			// The dialog's close event (after the tap) also counts as the
			// respondent being there; wait for it before skipping time.
			b.eval(t, `document.getElementById('vfv-still').addEventListener('close', () => { window.vfvStillClosed = true; }); true`, nil)
			b.tap(t, "#vfv-still button")
			b.waitFor(t, "the dialog to close", `!`+stillOpenJS+` && window.vfvStillClosed`, step)
			if got := b.where(t); got != here {
				t.Errorf("after continuing the survey is at %q, want %q where the respondent was", got, here)
			}
			if got := b.str(t, `document.documentElement.lang`); got != run.lang {
				t.Errorf("after continuing the language is %q, want %q", got, run.lang)
			}

			// Asked again, nobody answers: only then the tablet starts over.
			b.advance(t, idle)
			b.waitFor(t, "the dialog again", stillOpenJS, 15*time.Second)
			if b.where(t) != here {
				t.Errorf("the survey moved while asking whether the respondent is there")
			}
			b.advance(t, idle)
			b.waitFor(t, "the reset to the language screen", `document.querySelector('main > section').dataset.screen === 'lang' && !`+stillOpenJS, 15*time.Second)
			b.checkClean(t, history0, "after the countdown ran out")
		})
	}
}

// TestBrowserKioskCounter: on a kiosk the trust agent sees, discreetly at
// the foot of the screen, how many responses this tablet has sent and how
// many wait for the network.
func TestBrowserKioskCounter(t *testing.T) {
	b := newBrowser(t, 120*time.Second)
	ls := startLiveServer(t, campaign("COUNT1", true, 60))
	b.do(t, "viewport", portraitTablet.emulate())
	b.do(t, "open survey", chromedp.Navigate(ls.URL+"/s/COUNT1"))
	b.pickLanguage(t, "sv")
	if got := b.str(t, `document.getElementById('vfv-pending').textContent`); got != "Skickade: 0" {
		t.Errorf("kiosk counter at the start reads %q, want \"Skickade: 0\"", got)
	}
	b.answerSurvey(t, surveyRun{story: "ett", noNames: "Skriv inga namn"})
	b.waitFor(t, "one sent", `document.getElementById('vfv-pending').dataset.sent === '1'`, 15*time.Second)
	b.tap(t, "main button.next") // Nästa person
	b.pickLanguage(t, "sv")
	ls.outage.down.Store(true)
	b.answerSurvey(t, surveyRun{story: "två", noNames: "Skriv inga namn"})
	b.waitFor(t, "one waiting", `document.getElementById('vfv-pending').dataset.count === '1'`, step)
	if got := b.str(t, `document.getElementById('vfv-pending').textContent`); got != "Skickade: 1 · Svar som väntar på att skickas: 1" {
		t.Errorf("kiosk counter reads %q, want one sent and one waiting", got)
	}
	b.keep(t, "kiosk-counter-waiting", false)
	ls.outage.down.Store(false)
	ls.waitResponses(t, "COUNT1", 2, 30*time.Second)
	b.waitFor(t, "two sent", `document.getElementById('vfv-pending').textContent === 'Skickade: 2'`, step)
}
