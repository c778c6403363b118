package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// firstLoadBudget is the most a survey's first load, page and every asset,
// may weigh gzip-compressed: tablets answer on weak mobile internet.
const firstLoadBudget = 60 << 10

// pageData is the part of the embedded JSON blocks the tests read.
type pageData struct {
	Campaign  string        `json:"campaign"`
	Version   string        `json:"version"`
	Lang      string        `json:"lang"`
	Dir       string        `json:"dir"`
	Title     string        `json:"title"`
	Name      string        `json:"name"`
	Kiosk     bool          `json:"kiosk"`
	Idle      int           `json:"idle_seconds"`
	Pairs     [][2]string   `json:"pairs"`
	Plans     [][][2]string `json:"plans"`
	Items     []struct{ ID, Label string }
	Languages []string `json:"languages"`
}

type pageTexts struct {
	Start string `json:"start"`
	Langs map[string]struct {
		Survey pageData          `json:"survey"`
		UI     map[string]string `json:"ui"`
	} `json:"langs"`
}

var jsonBlock = regexp.MustCompile(`(?s)<script type="application/json" id="(vfv-[a-z]+)">(.*?)</script>`)

// embedded decodes the page's JSON blocks.
func embedded(t *testing.T, body string) (pageData, pageTexts) {
	t.Helper()
	var d pageData
	var x pageTexts
	found := 0
	for _, m := range jsonBlock.FindAllStringSubmatch(body, -1) {
		var err error
		switch m[1] {
		case "vfv-data":
			err = json.Unmarshal([]byte(m[2]), &d)
		case "vfv-texts":
			err = json.Unmarshal([]byte(m[2]), &x)
		default:
			continue
		}
		if err != nil {
			t.Fatalf("%s is not JSON: %v\n%.300s", m[1], err, m[2])
		}
		found++
	}
	if found != 2 {
		t.Fatalf("page embeds %d of the 2 JSON blocks (vfv-data, vfv-texts): %.500s", found, body)
	}
	return d, x
}

func TestRespondentPage(t *testing.T) {
	ls := startLiveServer(t, campaign("OPEN1", false, 0), campaign("KIOSK1", true, 0))
	closed := campaign("CLOSED1", false, 0)
	closed.Open = false
	if err := ls.store.CreateCampaign(context.Background(), closed); err != nil {
		t.Fatal(err)
	}
	var version string
	for _, sv := range ls.surveys {
		if sv.ID == "unga-vuxna" {
			version = sv.Version
		}
	}
	tests := []struct {
		name, path       string
		status           int
		lang, dir, title string
		plans            int
	}{
		{"Swedish by default", "/s/OPEN1", 200, "sv", "ltr", "Vad är viktigt för dig?", 0},
		{"English on request", "/s/OPEN1?lang=en", 200, "en", "ltr", "What matters to you?", 0},
		{"Arabic right to left", "/s/OPEN1?lang=ar", 200, "ar", "rtl", "ما المهم بالنسبة لك؟", 0},
		{"language the survey lacks", "/s/OPEN1?lang=fi", 200, "sv", "ltr", "Vad är viktigt för dig?", 0},
		{"kiosk carries plans for offline respondents", "/s/KIOSK1", 200, "sv", "ltr", "Vad är viktigt för dig?", 20},
		{"unknown campaign", "/s/NOPE", 404, "", "", "", 0},
		{"closed campaign", "/s/CLOSED1", 410, "", "", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := ls.Client().Get(ls.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			body := string(b)
			if resp.StatusCode != tt.status {
				t.Fatalf("GET %s = %d, want %d: %.300s", tt.path, resp.StatusCode, tt.status, body)
			}
			if c := resp.Header.Values("Set-Cookie"); len(c) > 0 {
				t.Errorf("GET %s sets cookies %q; respondents get none", tt.path, c)
			}
			if tt.status != 200 {
				return
			}
			if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control = %q, want no-store", cc)
			}
			if want := `<html lang="` + tt.lang + `" dir="` + tt.dir + `">`; !strings.Contains(body, want) {
				t.Errorf("page lacks %s", want)
			}
			d, x := embedded(t, body)
			code, _, _ := strings.Cut(strings.TrimPrefix(tt.path, "/s/"), "?")
			if d.Campaign != code || d.Version != version || d.Lang != tt.lang || d.Dir != tt.dir || d.Title != tt.title {
				t.Errorf("vfv-data = campaign %q version %.12s lang %q dir %q title %q; want %s, %.12s, %s, %s, %q",
					d.Campaign, d.Version, d.Lang, d.Dir, d.Title, code, version, tt.lang, tt.dir, tt.title)
			}
			if len(d.Pairs) != 15 || len(d.Plans) != tt.plans {
				t.Errorf("vfv-data has %d pairs and %d plans, want 15 and %d", len(d.Pairs), len(d.Plans), tt.plans)
			}
			if x.Start != "sv" || len(x.Langs) != 3 {
				t.Errorf("vfv-texts start %q with %d languages, want sv and 3", x.Start, len(x.Langs))
			}
			for l, lt := range x.Langs {
				if lt.Survey.Lang != l || len(lt.Survey.Pairs) != 0 || len(lt.UI) < 10 {
					t.Errorf("texts of %s: survey lang %q, %d pairs, %d interface texts", l, lt.Survey.Lang, len(lt.Survey.Pairs), len(lt.UI))
				}
				for k, v := range lt.UI {
					if v == "" || v == k {
						t.Errorf("interface text %s in %s is missing from static/i18n", k, l)
					}
				}
			}
		})
	}
}

// TestRespondentPageEscapesData checks that text from a campaign cannot
// break out of the embedded JSON into the page.
func TestRespondentPageEscapesData(t *testing.T) {
	c := campaign("ESC1", false, 0)
	c.Name = `</script><script>alert("x")</script><!--`
	ls := startLiveServer(t, c)
	status, _, body := ls.get(t, "/s/ESC1")
	if status != 200 {
		t.Fatalf("GET /s/ESC1 = %d", status)
	}
	if strings.Contains(body, `<script>alert`) || strings.Contains(body, "<!--") {
		t.Errorf("campaign name reached the page unescaped: %s", body)
	}
	if d, _ := embedded(t, body); d.Name != c.Name {
		t.Errorf("embedded name = %q, want %q", d.Name, c.Name)
	}
}

func TestServiceWorkerScript(t *testing.T) {
	ls := startLiveServer(t, campaign("SW1", false, 0))
	resp, err := ls.Client().Get(ls.URL + "/s/sw.js")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") ||
		resp.Header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("GET /s/sw.js = %d, Content-Type %q, Cache-Control %q", resp.StatusCode,
			resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"))
	}
	_, _, page := ls.get(t, "/s/SW1")
	for _, u := range assetRefs(page) {
		if !bytes.Contains(b, []byte(`"`+u+`"`)) {
			t.Errorf("service worker does not cache %s, which the page loads", u)
		}
	}
	if !bytes.Contains(b, []byte("const VFV_VERSION = ")) {
		t.Errorf("service worker script lacks its version line: %.200s", b)
	}
}

var assetRef = regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`)

func assetRefs(page string) []string {
	var out []string
	for _, m := range assetRef.FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestFirstLoadSize fetches a survey page, every asset it references and
// the service worker, gzips each and checks the sum against the budget.
func TestFirstLoadSize(t *testing.T) {
	ls := startLiveServer(t, campaign("SIZE1", true, 0))
	_, _, page := ls.get(t, "/s/SIZE1")
	urls := append([]string{"/s/SIZE1"}, assetRefs(page)...)
	urls = append(urls, "/s/sw.js")
	if len(urls) < 5 {
		t.Fatalf("page references %d assets, want styles and scripts: %v", len(urls)-2, urls)
	}
	total := 0
	for _, u := range urls {
		raw, zipped := fetchBoth(t, ls, u)
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
		zw.Write(raw)
		zw.Close()
		t.Logf("%-48s %6d bytes, %6d gzipped (served %d)", u, len(raw), buf.Len(), zipped)
		total += buf.Len()
	}
	t.Logf("first load: %d bytes gzipped (%.1f KB) of %d KB allowed", total, float64(total)/1024, firstLoadBudget>>10)
	if total > firstLoadBudget {
		t.Errorf("first load is %d bytes gzipped, more than %d", total, firstLoadBudget)
	}
}

// fetchBoth returns the body of path and the size the server sends when the
// client accepts gzip, checking that it does compress.
func fetchBoth(t *testing.T, ls *liveServer, path string) ([]byte, int) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, ls.URL+path, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	tr := &http.Transport{DisableCompression: true}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	zipped, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s = %d", path, resp.StatusCode)
	}
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("GET %s is served uncompressed to a client that accepts gzip", path)
		return zipped, len(zipped)
	}
	zr, err := gzip.NewReader(bytes.NewReader(zipped))
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return raw, len(zipped)
}
