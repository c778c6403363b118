package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestStaffResponsesAreNotStored: on a shared tablet nothing a staff member
// saw may stay in the browser's cache, so every staff page, result,
// export, chart, QR code and story list says Cache-Control: no-store,
// whether it came through the session or a token, and so do errors on
// those routes.
func TestStaffResponsesAreNotStored(t *testing.T) {
	f := newStaffFixture(t)
	cl, resp := f.browserClient(t, "admin@a.se", testPassword)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login = %d", resp.StatusCode)
	}
	tests := []struct {
		name, path string
		token      bool
		status     int
	}{
		{"login page", "/login", false, 200},
		{"dashboard", "/staff", false, 200},
		{"campaign page", "/staff/campaigns/GRUMS34", false, 200},
		{"campaign form", "/staff/campaigns/GRUMS34/edit", false, 200},
		{"poster", "/staff/campaigns/GRUMS34/poster", false, 200},
		{"results index", "/staff/results", false, 200},
		{"campaign results page", "/staff/campaigns/GRUMS34/results", false, 200},
		{"survey results page", "/staff/surveys/unga-vuxna/results", false, 200},
		{"method", "/staff/method", false, 200},
		{"password form", "/staff/password", false, 200},
		{"tokens", "/staff/tokens", false, 200},
		{"members", "/staff/projects/grums/members", false, 200},
		{"audit page", "/staff/audit", false, 200},
		{"unknown campaign page", "/staff/campaigns/NOSUCH7", false, 404},
		{"me", "/api/v1/me", false, 200},
		{"campaigns", "/api/v1/campaigns", true, 200},
		{"campaign", "/api/v1/campaigns/GRUMS34", true, 200},
		{"results", "/api/v1/campaigns/GRUMS34/results", true, 200},
		{"survey results", "/api/v1/surveys/unga-vuxna/results", true, 200},
		{"stories", "/api/v1/campaigns/GRUMS34/stories", true, 200},
		{"periods", "/api/v1/campaigns/GRUMS34/periods", true, 200},
		{"export CSV", "/api/v1/campaigns/GRUMS34/export?format=csv", true, 200},
		{"export XLSX", "/api/v1/surveys/unga-vuxna/export?format=xlsx", true, 200},
		{"chart PNG", "/api/v1/campaigns/GRUMS34/chart.png", true, 200},
		{"chart SVG", "/api/v1/surveys/unga-vuxna/chart.svg", true, 200},
		{"QR PNG", "/api/v1/campaigns/GRUMS34/qr.png", true, 200},
		{"QR SVG", "/api/v1/campaigns/GRUMS34/qr.svg", true, 200},
		{"members API", "/api/v1/projects/grums/members", true, 200},
		{"tokens API", "/api/v1/tokens", true, 200},
		{"audit API", "/api/v1/audit?project=grums", true, 200},
		{"unknown job", "/api/v1/jobs/0123456789abcdef01234567", true, 404},
		{"without credentials", "/api/v1/campaigns", false, 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, f.URL+tt.path, nil)
			c := cl
			if tt.token {
				req.Header.Set("Authorization", "Bearer "+f.tokens["admin@a.se"])
				c = f.Client()
			} else if tt.status == 401 {
				c = f.Client()
			}
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			cc := resp.Header.Get("Cache-Control")
			if resp.StatusCode != tt.status || !strings.Contains(cc, "no-store") || strings.Contains(cc, "max-age") {
				t.Errorf("GET %s = %d, Cache-Control %q; want %d with no-store", tt.path, resp.StatusCode, cc, tt.status)
			}
		})
	}
}

// TestStaffCookieEndsWithBrowser: the session cookie is a session cookie
// (no Max-Age or Expires), so closing the browser of a shared tablet
// forgets the login; the server still ends the session after 2 hours idle
// or 12 hours.
func TestStaffCookieEndsWithBrowser(t *testing.T) {
	f := newStaffFixture(t)
	resp := f.postLogin(t, "agent@a.se", testPassword, "/staff")
	sc := resp.Header.Values("Set-Cookie")
	if resp.StatusCode != http.StatusSeeOther || len(sc) != 1 || !strings.HasPrefix(sc[0], "vfv_session=") {
		t.Fatalf("login = %d, Set-Cookie %q; want 303 with one session cookie", resp.StatusCode, sc)
	}
	for _, attr := range []string{"Max-Age", "Expires"} {
		if strings.Contains(sc[0], attr) {
			t.Errorf("session cookie %q has %s; want a cookie that ends with the browser", sc[0], attr)
		}
	}
	if !strings.Contains(sc[0], "HttpOnly") || !strings.Contains(sc[0], "SameSite=Lax") {
		t.Errorf("session cookie %q lacks HttpOnly or SameSite=Lax", sc[0])
	}
}
