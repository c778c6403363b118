package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// stillOpenJS is true while the "Are you still there?" dialog is open.
const stillOpenJS = `!!document.querySelector('dialog#vfv-still[open]')`

// TestBrowserKioskStillThere: on a kiosk, a respondent who stops
// answering is first asked "Är du kvar?" with a countdown and a button to
// continue; continuing keeps their answers, and only when the countdown
// runs out does the tablet go back to a clean start. Checked on a portrait
// tablet in Swedish and on a phone in Arabic, with axe-core on the dialog.
func TestBrowserKioskStillThere(t *testing.T) {
	b := newBrowser(t, 150*time.Second)
	ls := startLiveServer(t, campaign("STILL1", true, 8))
	runs := []struct {
		name, lang, title, button string
		vp                        viewport
	}{
		{"tablet-sv", "sv", "Är du kvar?", "Tryck här för att fortsätta", portraitTablet},
		{"phone-ar", "ar", "هل ما زلت هنا؟", "اضغط هنا للمتابعة", smallPhone},
	}
	for _, run := range runs {
		t.Run(run.name, func(t *testing.T) {
			b.do(t, "viewport", run.vp.emulate())
			b.do(t, "open survey", chromedp.Navigate(ls.URL+"/s/STILL1"))
			b.screen(t, "intro")
			var history0 int
			b.eval(t, `history.length`, &history0)
			if run.lang != "sv" {
				b.tap(t, `#vfv-langs button[data-lang="`+run.lang+`"]`)
			}
			b.startPairs(t)
			before := b.where(t)
			b.tap(t, "main button.item-b")
			b.moved(t, before)
			here := b.where(t)

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
			b.tap(t, "#vfv-still button")
			b.waitFor(t, "the dialog to close", `!`+stillOpenJS, step)
			if got := b.where(t); got != here {
				t.Errorf("after continuing the survey is at %q, want %q where the respondent was", got, here)
			}
			if got := b.str(t, `document.documentElement.lang`); got != run.lang {
				t.Errorf("after continuing the language is %q, want %q", got, run.lang)
			}

			// Asked again, nobody answers: only then the tablet starts over.
			b.waitFor(t, "the dialog again", stillOpenJS, 15*time.Second)
			if b.where(t) != here {
				t.Errorf("the survey moved while asking whether the respondent is there")
			}
			b.waitFor(t, "the reset to the intro", `document.querySelector('main > section').dataset.screen === 'intro' && !`+stillOpenJS, 15*time.Second)
			b.checkClean(t, history0, "after the countdown ran out")
		})
	}
}
