package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// langButtonsJS describes the language screen's buttons: each one's
// code, visible name, the language and direction it is marked up in,
// whether it is the highlighted (preferred) one and its size.
const langButtonsJS = `[...document.querySelectorAll('main .lang-pick')].map(b => {
	const r = b.getBoundingClientRect(), row = b.closest('[lang]');
	return {code: b.dataset.lang, name: b.textContent, lang: row.lang, dir: b.dir,
		preferred: b.classList.contains('preferred'), w: Math.round(r.width), h: Math.round(r.height)};
})`

type langButton struct {
	Code, Name, Lang, Dir string
	Preferred             bool
	W, H                  int
}

// pickLanguage waits for a kiosk's language screen and taps lang.
func (b *browser) pickLanguage(t *testing.T, lang string) {
	t.Helper()
	b.screen(t, "lang")
	b.tap(t, `main button.lang-pick[data-lang="`+lang+`"]`)
	b.screen(t, "intro")
}

// TestBrowserLanguageChoice: a shared tablet (a kiosk campaign, or any
// campaign opened with ?kiosk=1) whose survey has several languages
// starts on a language screen: one big button per language (at least
// 48 px each way), named in its own language and marked up in it, the
// device's preferred language first and highlighted, no flags, the small
// header switcher hidden. Tapping العربية starts the survey in Arabic,
// right to left; after the kiosk resets (the idle time and the "Är du
// kvar?" countdown run out) the language screen is back in the device's
// language. On a personal phone the survey starts in the device's
// language with no language screen. Checked at 820×1180, 1180×820 and
// 360×740 on a Swedish device and once on an Arabic one, axe-core on
// every screen, screenshots in testdata/out.
func TestBrowserLanguageChoice(t *testing.T) {
	ls := startLiveServer(t, campaign("LANGK1", true, 4), campaign("LANGQ1", false, 4), campaign("LANGP1", false, 0))
	names := map[string]string{"sv": "Svenska", "en": "English", "ar": "العربية"}
	for _, run := range []struct {
		name, device, path string
		vp                 viewport
		voices             bool // the tablet has Swedish and Arabic voices
	}{
		{"portrait", "sv", "/s/LANGK1", portraitTablet, true},
		{"landscape", "sv", "/s/LANGK1", landscapeTablet, false},
		{"phone-kiosk1", "sv", "/s/LANGQ1?kiosk=1", smallPhone, true},
		{"portrait-ar-device", "ar", "/s/LANGK1", portraitTablet, false},
	} {
		t.Run(run.name, func(t *testing.T) {
			b := newBrowserIn(t, 120*time.Second, run.device)
			b.do(t, "viewport", run.vp.emulate())
			if run.voices {
				b.onNewDocument(t, voicesJS(`[{lang: 'sv-SE', name: 'Alva'}, {lang: 'ar-SA', name: 'Maged'}]`))
			}
			b.do(t, "open the kiosk", chromedp.Navigate(ls.URL+run.path))
			b.screen(t, "lang")
			b.checkLanguageScreen(t, run.device, names)
			b.checkLanguageListen(t, run.voices)
			b.keep(t, "lang-"+run.name, false)
			b.axeCheck(t, run.name+" language screen")

			b.tap(t, `main button.lang-pick[data-lang="ar"]`)
			if h := b.screen(t, "intro"); h != "ما المهم بالنسبة لك؟" {
				t.Errorf("after tapping العربية the intro reads %q, want the Arabic title", h)
			}
			if got := b.str(t, `document.documentElement.lang + ' ' + document.documentElement.dir`); got != "ar rtl" {
				t.Errorf("after tapping العربية the page is %q, want ar rtl", got)
			}
			if !b.isTrue(t, `getComputedStyle(document.getElementById('vfv-langs')).display !== 'none'`) {
				t.Errorf("the header switcher stays hidden once the survey has started")
			}
			b.keep(t, "lang-"+run.name+"-intro-ar", false)
			b.axeCheck(t, run.name+" Arabic intro")

			// One answer, then the respondent walks away: "Är du kvar?",
			// then the language screen for the next person.
			b.startPairs(t)
			if got := b.str(t, `document.documentElement.dir`); got != "rtl" {
				t.Errorf("the Arabic pair is %q, want rtl", got)
			}
			b.tap(t, "main button.item-b")
			b.walkAway(t, 4*time.Second)
			b.waitFor(t, "the language screen after the reset",
				`document.querySelector('main > section[data-screen="lang"]') && !`+stillOpenJS, 15*time.Second)
			if got := b.str(t, `document.documentElement.lang`); got != run.device {
				t.Errorf("after the reset the page language is %q, want the device's %q", got, run.device)
			}
			if n := b.str(t, `String(Object.keys(localStorage).filter(k => k.startsWith('vfv.progress')).length)`); n != "0" {
				t.Errorf("after the reset %s answers in progress are kept, want none", n)
			}
			b.checkLanguageScreen(t, run.device, names)
			b.keep(t, "lang-"+run.name+"-after-reset", false)
			b.axeCheck(t, run.name+" language screen after the reset")
		})
	}

	t.Run("personal phone", func(t *testing.T) {
		b := newBrowserIn(t, 60*time.Second, "ar")
		b.do(t, "viewport", smallPhone.emulate())
		b.do(t, "open the survey", chromedp.Navigate(ls.URL+"/s/LANGP1"))
		b.screen(t, "intro")
		if b.isTrue(t, `document.querySelector('main .lang-pick')`) {
			t.Errorf("a personal phone shows the language screen, want the device's language at once")
		}
		if got := b.str(t, `document.documentElement.lang + ' ' + document.documentElement.dir`); got != "ar rtl" {
			t.Errorf("on an Arabic phone the survey starts as %q, want ar rtl", got)
		}
		if !b.isTrue(t, `getComputedStyle(document.getElementById('vfv-langs')).display !== 'none'`) {
			t.Errorf("the small language switcher is hidden on a personal phone")
		}
	})
}

// checkLanguageScreen checks the buttons of the language screen on a
// device whose language is device.
func (b *browser) checkLanguageScreen(t *testing.T, device string, names map[string]string) {
	t.Helper()
	var got []langButton
	b.eval(t, langButtonsJS, &got)
	if len(got) != len(names) {
		t.Fatalf("language screen has %d buttons, want %d: %+v", len(got), len(names), got)
	}
	if got[0].Code != device || !got[0].Preferred {
		t.Errorf("first button is %+v, want the device's language %q, highlighted", got[0], device)
	}
	for i, g := range got {
		want := names[g.Code]
		wantDir := "ltr"
		if g.Code == "ar" {
			wantDir = "rtl"
		}
		if g.Name != want || g.Lang != g.Code || g.Dir != wantDir {
			t.Errorf("button %d: %q in lang %q dir %q, want %q in lang %q dir %q", i, g.Name, g.Lang, g.Dir, want, g.Code, wantDir)
		}
		if i > 0 && g.Preferred {
			t.Errorf("button %d (%s) is highlighted too, want only the first", i, g.Code)
		}
		if g.W < 48 || g.H < 48 {
			t.Errorf("button %s is %d×%d px, want at least 48×48", g.Code, g.W, g.H)
		}
	}
	if !b.isTrue(t, `getComputedStyle(document.getElementById('vfv-langs')).display === 'none'`) {
		t.Errorf("the small header switcher shows on the language screen")
	}
	if b.isTrue(t, `document.querySelector('main img')`) {
		t.Errorf("the language screen shows an image (no flags: languages are not countries)")
	}
	if h := b.str(t, `document.getElementById('vfv-h').textContent`); strings.TrimSpace(h) == "" {
		t.Errorf("the language screen has no heading")
	}
}

// checkLanguageListen checks "Lyssna" on the language screen: with
// voices, a button in each language the browser has a voice for (here
// Swedish and Arabic, not English), labelled in that language, reading
// the language's name; without voices, none.
func (b *browser) checkLanguageListen(t *testing.T, voices bool) {
	t.Helper()
	var got []struct{ Lang, Label string }
	b.eval(t, `[...document.querySelectorAll('main .lang-row')].filter(r => r.querySelector('button.listen'))
		.map(r => ({lang: r.lang, label: r.querySelector('button.listen').textContent}))`, &got)
	if !voices {
		if len(got) != 0 {
			t.Errorf("without voices the language screen has Lyssna buttons %+v, want none", got)
		}
		return
	}
	want := map[string]string{"sv": "Lyssna", "ar": "استمع"}
	if len(got) != len(want) {
		t.Fatalf("Lyssna buttons on the language screen: %+v, want one for each of %v", got, want)
	}
	for _, g := range got {
		if g.Label != want[g.Lang] {
			t.Errorf("Lyssna beside %s reads %q, want %q", g.Lang, g.Label, want[g.Lang])
		}
	}
	b.tap(t, `main .lang-row[lang="ar"] button.listen`)
	b.waitFor(t, "العربية spoken", `(window.vfvSpoken || []).join('|') === 'العربية'`, step)
	b.tap(t, `main .lang-row[lang="ar"] button.listen`) // stop again
}
