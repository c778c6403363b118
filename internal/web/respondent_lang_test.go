package web_test

import (
	"io"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestRespondentPageDeviceLanguage: the survey page starts in the first of
// the device's preferred languages (Accept-Language) that the survey
// offers, unless the address (?lang=) or a campaign set to a language
// other than Swedish says otherwise; a kiosk returns to that language for
// the next respondent.
func TestRespondentPageDeviceLanguage(t *testing.T) {
	english := campaign("EN1", false, 0)
	english.Lang = "en"
	ls := startLiveServer(t, campaign("DEV1", false, 0), campaign("DEVK1", true, 0), english)
	htmlLang := regexp.MustCompile(`<html lang="([a-z]+)"`)
	start := regexp.MustCompile(`"start":"([a-z]+)"`)
	for _, tt := range []struct {
		name, path, accept string
		want, wantStart    string
	}{
		{"Arabic device", "/s/DEV1", "ar-SE,ar;q=0.9,sv;q=0.5", "ar", "ar"},
		{"first offered of the device's languages", "/s/DEV1", "de-DE,de;q=0.9,en-GB;q=0.8,ar;q=0.5", "en", "en"},
		{"no offered language: the campaign's", "/s/DEV1", "de-DE,fi;q=0.8", "sv", "sv"},
		{"no header: the campaign's", "/s/DEV1", "", "sv", "sv"},
		{"the address wins, the next respondent starts in the device's", "/s/DEV1?lang=sv", "ar", "sv", "ar"},
		{"a campaign set to English wins", "/s/EN1", "ar", "en", "en"},
		{"kiosk starts each respondent in the device's language", "/s/DEVK1", "ar", "ar", "ar"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, ls.URL+tt.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tt.accept != "" {
				req.Header.Set("Accept-Language", tt.accept)
			}
			resp, err := ls.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			page := string(body)
			if m := htmlLang.FindStringSubmatch(page); m == nil || m[1] != tt.want {
				t.Errorf("page language = %v, want %q", m, tt.want)
			}
			if m := start.FindStringSubmatch(page); m == nil || m[1] != tt.wantStart {
				t.Errorf("kiosk start language = %v, want %q", m, tt.wantStart)
			}
		})
	}
}

// TestBrowserDeviceLanguage: a tablet whose browser prefers Arabic opens
// the survey in Arabic, right to left, on a portrait tablet, and axe-core
// finds no violation.
func TestBrowserDeviceLanguage(t *testing.T) {
	b := newBrowser(t, 40*time.Second)
	ls := startLiveServer(t, campaign("DEVB1", false, 0))
	b.do(t, "portrait tablet", portraitTablet.emulate())
	ua := b.str(t, `navigator.userAgent`)
	if _, err := chromedp.Call(b.ctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: ua, AcceptLanguage: "ar,sv;q=0.5"}); err != nil {
		t.Fatalf("an Arabic device: %v", err)
	}
	b.do(t, "open survey", chromedp.Navigate(ls.URL+"/s/DEVB1"))
	b.screen(t, "intro")
	if got := b.str(t, `document.documentElement.lang + ' ' + document.documentElement.dir`); got != "ar rtl" {
		t.Errorf("on an Arabic device the survey starts as %q, want ar rtl", got)
	}
	b.keep(t, "device-ar-intro", false)
	b.axeCheck(t, "intro on an Arabic device")
}
