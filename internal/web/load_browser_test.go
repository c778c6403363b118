package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserFirstLoadBytes: the first load of a survey page, as a
// tablet on a weak network makes it, with the ten pictograms of the
// young adults' survey is at most 150 KB over the wire (gzip where the
// server compresses), and at most 60 KB without the pictures. Measured
// with the browser's Resource Timing (transferSize: headers and body as
// transferred) on a fresh profile, so nothing comes from a cache.
func TestBrowserFirstLoadBytes(t *testing.T) {
	b := newBrowser(t, 60*time.Second)
	ls := startLiveServer(t, campaign("LOAD1", false, 0))
	b.do(t, "viewport", portraitTablet.emulate())
	b.do(t, "open survey", chromedp.Navigate(ls.URL+"/s/LOAD1"))
	b.screen(t, "intro")
	b.waitFor(t, "the ten pictograms", `performance.getEntriesByType('resource').filter(e => e.name.includes('/media/') && e.responseEnd > 0).length === 10`, step)
	var loads []struct {
		Name     string
		Transfer int
		Encoded  int
		Decoded  int
	}
	b.eval(t, `[performance.getEntriesByType('navigation')[0]].concat(performance.getEntriesByType('resource'))
		.map(e => ({name: e.name, transfer: e.transferSize, encoded: e.encodedBodySize, decoded: e.decodedBodySize}))`, &loads)
	total, pictures := 0, 0
	for _, l := range loads {
		if l.Transfer == 0 {
			t.Errorf("%s: transferSize 0, want a measured network load (cached?)", l.Name)
		}
		total += l.Transfer
		if strings.Contains(l.Name, "/media/") {
			pictures += l.Transfer
		}
		t.Logf("%6d B over the wire (%6d B body, %6d B decoded)  %s", l.Transfer, l.Encoded, l.Decoded, strings.TrimPrefix(l.Name, ls.URL))
	}
	t.Logf("first load: %d B with the ten pictograms, %d B without (%d requests)", total, total-pictures, len(loads))
	if total > 150_000 {
		t.Errorf("first load with ten pictograms is %d B, want at most 150 KB", total)
	}
	if total-pictures > 60_000 {
		t.Errorf("first load without pictures is %d B, want at most 60 KB", total-pictures)
	}
}
