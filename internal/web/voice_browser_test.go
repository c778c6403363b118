package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
)

// onNewDocument runs js in every page the browser opens from now on,
// before the page's own scripts.
func (b *browser) onNewDocument(t *testing.T, js string) {
	t.Helper()
	b.do(t, "script on new documents", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: js})
		return err
	}))
}

// voicesJS makes the browser's speech synthesis report the given voices
// (a JavaScript array), whatever the machine has: headless Chromium has
// none, a tablet usually several.
func voicesJS(voices string) string {
	return `(() => { const v = ` + voices + `;
		if (!window.SpeechSynthesisUtterance) window.SpeechSynthesisUtterance = function (text) { this.text = text; };
		if (!window.speechSynthesis) window.speechSynthesis = { speak() {}, cancel() {}, addEventListener() {} };
		Object.defineProperty(window.speechSynthesis, 'getVoices', { value: () => v, configurable: true });
		window.speechSynthesis.speak = function (u) { window.vfvSpoken = (window.vfvSpoken || []).concat(u.text); };
	})()`
}

// audioSurvey is the young adults' survey as "med-ljud", with recordings
// of the intro and of the first item in Swedish (files that look like
// MP3 to vfv's check; the browser cannot play them, which the reading
// survives).
func audioSurvey(t *testing.T) *survey.Survey {
	t.Helper()
	dir := t.TempDir()
	src, err := os.ReadFile("../../surveys/unga-vuxna.yaml")
	if err != nil {
		t.Fatal(err)
	}
	y := strings.Replace(string(src), "id: unga-vuxna", "id: med-ljud\naudio:\n  intro: {sv: ljud/intro.mp3}", 1)
	y = strings.Replace(y, "    image: pictogram-jobb-studier.svg", "    image: pictogram-jobb-studier.svg\n    audio: {sv: ljud/jobb.mp3}", 1)
	files := map[string][]byte{"med-ljud.yaml": []byte(y), "ljud/intro.mp3": []byte("ID3\x04\x00intro"), "ljud/jobb.mp3": []byte("ID3\x04\x00jobb")}
	pics, _ := filepath.Glob("../../surveys/*.svg")
	for _, p := range pics {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(p)] = b
	}
	for name, b := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sv, err := survey.LoadFile(filepath.Join(dir, "med-ljud.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return sv
}

// listenJS describes the screen's "Lyssna" button: "" when there is none,
// else how it reads ("synth" or "audio") and its text.
const listenJS = `(() => { const b = document.querySelector('main .listen'); return b ? b.dataset.voice + ':' + b.textContent : ''; })()`

// TestBrowserListen: the "Lyssna" button is on a screen when something
// on it can be read aloud, and only then. With no voice for the language
// and no recording there is no button; with a voice for the language the
// browser speaks; where the survey names a recording the button plays it
// in an <audio>, voice or not. The button is translated, and axe-core
// finds no violation with it on the screen.
func TestBrowserListen(t *testing.T) {
	ljud := audioSurvey(t)
	ls := startLiveServerWith(t, []*survey.Survey{ljud}, campaign("LYSS1", false, 0),
		func() store.Campaign { c := campaign("LJUD1", false, 0); c.SurveyID = "med-ljud"; return c }())
	t.Run("no voice, no recording: no button", func(t *testing.T) {
		b := newBrowser(t, 60*time.Second)
		b.onNewDocument(t, voicesJS(`[]`))
		b.do(t, "viewport", portraitTablet.emulate())
		b.do(t, "open survey", chromedp.Navigate(ls.URL+"/s/LYSS1"))
		b.screen(t, "intro")
		if got := b.str(t, listenJS); got != "" {
			t.Errorf("intro without a voice or recording has a Lyssna button %q", got)
		}
		b.startPairs(t)
		if got := b.str(t, listenJS); got != "" {
			t.Errorf("pair without a voice or recording has a Lyssna button %q", got)
		}
	})
	t.Run("a voice for the language: the browser speaks", func(t *testing.T) {
		b := newBrowser(t, 60*time.Second)
		b.onNewDocument(t, voicesJS(`[{lang: 'sv-SE', name: 'Alva'}]`))
		b.do(t, "viewport", smallPhone.emulate())
		b.do(t, "open survey", chromedp.Navigate(ls.URL+"/s/LYSS1"))
		b.screen(t, "intro")
		if got := b.str(t, listenJS); got != "synth:Lyssna" {
			t.Errorf("intro with a Swedish voice: button %q, want synth:Lyssna", got)
		}
		b.tap(t, "main .listen")
		b.waitFor(t, "the intro to be spoken", `(window.vfvSpoken || []).join(' ').includes('Vad är viktigt för dig?')`, step)
		if got := b.str(t, `document.querySelector('main .listen').getAttribute('aria-pressed')`); got != "true" {
			t.Errorf("while reading the button is aria-pressed=%q, want true", got)
		}
		b.keep(t, "listen-phone-sv-intro", false)
		b.axeCheck(t, "intro with Lyssna")
		b.tap(t, `#vfv-langs button[data-lang="ar"]`)
		b.screen(t, "intro")
		if got := b.str(t, listenJS); got != "" {
			t.Errorf("Arabic intro with only a Swedish voice has a button %q, want none", got)
		}
	})
	t.Run("a recording: the button plays it", func(t *testing.T) {
		b := newBrowser(t, 90*time.Second)
		b.onNewDocument(t, voicesJS(`[]`))
		b.do(t, "viewport", portraitTablet.emulate())
		b.do(t, "open survey", chromedp.Navigate(ls.URL+"/s/LJUD1"))
		b.screen(t, "intro")
		if got := b.str(t, listenJS); got != "audio:Lyssna" {
			t.Fatalf("intro with a recording: button %q, want audio:Lyssna", got)
		}
		want := "/media/med-ljud/" + ljud.Audio.Intro["sv"].Name()
		b.tap(t, "main .listen")
		b.waitFor(t, "the recording in an <audio>", `(document.getElementById('vfv-audio') || {}).src === location.origin + `+jsString(want), step)
		b.keep(t, "listen-tablet-sv-recording", false)
		b.axeCheck(t, "intro with a recording")
		// Pairs: a button exactly where one of the items has a recording.
		b.startPairs(t)
		for i := 0; b.onScreen(t, "pair") && i < 15; i++ {
			p := b.pairShown(t)
			hasAudio := p[0] == "jobb-studier" || p[1] == "jobb-studier"
			if got := b.str(t, listenJS); (got != "") != hasAudio {
				t.Errorf("pair %v: button %q, want one: %v", p, got, hasAudio)
			}
			before := b.where(t)
			b.answerPair(t, surveyRun{}, "-2")
			b.moved(t, before)
		}
	})
}
