package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestHomeLinksToLoginAndPreviews: the home page is a way in for a
// newcomer: a link to the staff login, and for each survey a link to its
// preview, in the page's language and in each language of the survey.
func TestHomeLinksToLoginAndPreviews(t *testing.T) {
	ts := startServer(t)
	if len(ts.surveys) < 2 {
		t.Fatalf("%d example surveys, want at least 2", len(ts.surveys))
	}
	tests := []struct {
		name, path string
		want       func(id string) []string
	}{
		{"Swedish", "/", func(id string) []string {
			return []string{`href="/login"`, `href="/preview/` + id + `"`, "Förhandsvisa", "Logga in"}
		}},
		{"English", "/?lang=en", func(id string) []string {
			return []string{`href="/login"`, `href="/preview/` + id + `?lang=en"`, "Preview", "Log in"}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, body := ts.get(t, tt.path)
			if status != http.StatusOK {
				t.Fatalf("GET %s = %d, want 200", tt.path, status)
			}
			for _, sv := range ts.surveys {
				for _, want := range tt.want(sv.ID) {
					if !strings.Contains(body, want) {
						t.Errorf("GET %s lacks %q for survey %s", tt.path, want, sv.ID)
					}
				}
				for _, l := range sv.Languages {
					link := `href="/preview/` + sv.ID + `?lang=` + l + `"`
					if l == "sv" {
						link = `href="/preview/` + sv.ID + `"`
					}
					if !strings.Contains(body, link) {
						t.Errorf("GET %s lacks the preview of %s in %s (%s)", tt.path, sv.ID, l, link)
					}
				}
			}
		})
	}
}

// previewBanner is the banner the server renders on a preview page.
var previewBanner = regexp.MustCompile(`<p id="vfv-preview" class="preview-text">([^<]*)</p>`)

// TestPreviewPage: /preview/{survey} is the respondent page of the survey
// in the language asked for, marked as a preview for the script and with
// the banner; an unknown survey is the 404 page, and a campaign's page is
// no preview.
func TestPreviewPage(t *testing.T) {
	ts := startServer(t)
	ts.addCampaign(t, "REAL234", true)
	tests := []struct {
		name, path    string
		status        int
		banner, attrs string
	}{
		{"Swedish", "/preview/unga-vuxna", 200, "Förhandsvisning – svaren sparas inte", `<html lang="sv" dir="ltr">`},
		{"English", "/preview/unga-vuxna?lang=en", 200, "Preview – answers are not saved", `<html lang="en" dir="ltr">`},
		{"Arabic", "/preview/unga-vuxna?lang=ar", 200, "معاينة – لا يتم حفظ الإجابات", `<html lang="ar" dir="rtl">`},
		{"language the survey lacks starts in Swedish", "/preview/unga-vuxna?lang=fi", 200, "Förhandsvisning – svaren sparas inte", `<html lang="sv" dir="ltr">`},
		{"unknown survey", "/preview/finns-inte", 404, "", `<html lang="sv" dir="ltr">`},
		{"campaign page is no preview", "/s/REAL234", 200, "", `<html lang="sv" dir="ltr">`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, ctype, body := ts.get(t, tt.path)
			if status != tt.status || !strings.HasPrefix(ctype, "text/html") || !strings.Contains(body, tt.attrs) {
				t.Fatalf("GET %s = %d %s, want %d text/html with %s: %.300s", tt.path, status, ctype, tt.status, tt.attrs, body)
			}
			m := previewBanner.FindStringSubmatch(body)
			marked := strings.Contains(body, `<body class="respondent" data-preview="true">`)
			switch {
			case tt.banner == "" && (m != nil || marked):
				t.Errorf("GET %s shows a preview banner %q (data-preview %v), want none", tt.path, m, marked)
			case tt.banner != "" && (m == nil || m[1] != tt.banner || !marked):
				t.Errorf("GET %s: banner %q, data-preview %v; want %q and data-preview", tt.path, m, marked, tt.banner)
			}
			if tt.status == 404 && (!strings.Contains(body, "Sidan finns inte") || !strings.Contains(body, `href="/"`)) {
				t.Errorf("GET %s is not the 404 page with a link home: %.400s", tt.path, body)
			}
		})
	}
}

// TestPreviewRefusedByServer: a submission tagged as a preview is refused
// with 400 naming the field, even for an open campaign and with answers
// that are otherwise valid, and nothing is stored.
func TestPreviewRefusedByServer(t *testing.T) {
	ts := startServer(t)
	ts.addCampaign(t, "OPEN234", true)
	sub := validSubmission("3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f", "OPEN234")
	sub["preview"] = true
	status, body := ts.post(t, "/api/v1/responses", mustJSON(sub))
	if status != http.StatusBadRequest || !strings.Contains(mustJSON(body["details"]), `"field":"preview"`) {
		t.Errorf("POST a preview's answers = %d %v, want 400 naming the field preview", status, body)
	}
	if n, err := ts.store.ResponseCount(context.Background()); err != nil || n != 0 {
		t.Fatalf("stored responses after a preview's submission = %d (%v), want 0", n, err)
	}
	delete(sub, "preview")
	if status, body := ts.post(t, "/api/v1/responses", mustJSON(sub)); status != http.StatusCreated {
		t.Errorf("POST the same answers untagged = %d %v, want 201 (only the tag was refused)", status, body)
	}
	if n, err := ts.store.ResponseCount(context.Background()); err != nil || n != 1 {
		t.Errorf("stored responses = %d (%v), want 1", n, err)
	}
}

// TestNotFoundPageLinksHome: every unknown page is the 404 page, in the
// visitor's language, with a link to the start page.
func TestNotFoundPageLinksHome(t *testing.T) {
	ts := startServer(t)
	tests := []struct{ name, path, text, link string }{
		{"Swedish", "/finns-inte", "Sidan finns inte", "Till startsidan"},
		{"English", "/nope?lang=en", "The page does not exist", "Go to the start page"},
		{"Arabic", "/nope?lang=ar", "", "إلى الصفحة الرئيسية"},
		{"unknown campaign", "/s/NOSUCH7", "Sidan finns inte", "Till startsidan"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, body := ts.get(t, tt.path)
			if status != http.StatusNotFound || !strings.Contains(body, tt.text) || !strings.Contains(body, `<a class="button" href="/">`+tt.link+`</a>`) {
				t.Errorf("GET %s = %d %.400s; want 404 with %q and a link home named %q", tt.path, status, body, tt.text, tt.link)
			}
		})
	}
}
