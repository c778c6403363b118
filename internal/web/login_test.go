package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vfv/vfv/internal/web"
)

// testClock is a server clock that a test moves on.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func newTestClock() *testClock { return &testClock{now: time.Now()} }

// Now is the clock's time (web.Deps.Now).
func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// add moves the clock on by d.
func (c *testClock) add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// newStaffFixtureAt is the staff fixture on a server whose clock is clk.
func newStaffFixtureAt(t *testing.T, clk *testClock) *staffFixture {
	t.Helper()
	return newStaffFixtureOn(t, startServerWith(t, func(d *web.Deps) { d.Now = clk.Now }))
}

// postLogin posts the login form with next and the given headers (name,
// value pairs) without following the redirect.
func (f *staffFixture) postLogin(t *testing.T, email, password, next string, header ...string) *http.Response {
	t.Helper()
	form := url.Values{"email": {email}, "password": {password}, "next": {next}}
	req, _ := http.NewRequest(http.MethodPost, f.URL+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	cl := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := cl.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// TestLoginRedirectStaysOnSite: after login, next is followed only when it
// is a path on this site; every form that a browser would take to another
// host (or that hides one behind encoding, a backslash or a control
// character) sends the user to /staff instead.
func TestLoginRedirectStaysOnSite(t *testing.T) {
	clk := newTestClock()
	f := newStaffFixtureAt(t, clk)
	tests := []struct{ name, next, want string }{
		{"staff page", "/staff/campaigns/GRUMS34", "/staff/campaigns/GRUMS34"},
		{"path with query", "/staff/results?lang=en&x=1", "/staff/results?lang=en&x=1"},
		{"API path", "/api/v1/me", "/api/v1/me"},
		{"empty", "", "/staff"},
		{"protocol-relative", "//evil.example", "/staff"},
		{"protocol-relative with path", "//evil.example/staff", "/staff"},
		{"triple slash", "///evil.example", "/staff"},
		{"backslash", `/\evil.example`, "/staff"},
		{"two backslashes", `\\evil.example`, "/staff"},
		{"backslash after slash, encoded", "/%5Cevil.example", "/staff"},
		{"encoded slashes", "/%2F%2Fevil.example", "/staff"},
		{"encoded slashes, lower case", "/%2f%2fevil.example", "/staff"},
		{"slash then encoded slash", "/%2Fevil.example", "/staff"},
		{"encoded tab", "/%09/evil.example", "/staff"},
		{"raw tab", "/\t/evil.example", "/staff"},
		{"encoded newline", "/%0A/evil.example", "/staff"},
		{"raw carriage return", "/\r/evil.example", "/staff"},
		{"encoded NUL", "/staff%00", "/staff"},
		{"leading space", " //evil.example", "/staff"},
		{"absolute URL", "https://evil.example/staff", "/staff"},
		{"scheme without slashes", "https:evil.example", "/staff"},
		{"scheme-like on this host", "http:/staff", "/staff"},
		{"javascript", "javascript:alert(1)", "/staff"},
		{"data", "data:text/html,<script>alert(1)</script>", "/staff"},
		{"relative path", "staff", "/staff"},
		{"user info", "//user@evil.example", "/staff"},
		{"bad escape", "/staff%zz", "/staff"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk.add(time.Hour) // past the per-client login limit
			resp := f.postLogin(t, "agent@a.se", testPassword, tt.next)
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != tt.want {
				t.Errorf("login with next=%q = %d to %q, want 303 to %q", tt.next, resp.StatusCode, resp.Header.Get("Location"), tt.want)
			}
			// The login page carries next on in its form only when safe.
			status, _, body := f.get(t, "/login?next="+url.QueryEscape(tt.next))
			if want := `name="next" value="` + strings.ReplaceAll(tt.want, "&", "&amp;") + `"`; status != 200 || !strings.Contains(body, want) {
				t.Errorf("GET /login?next=%q = %d, form lacks %s", tt.next, status, want)
			}
		})
	}
}

// TestLoginRefusesNullOrigin: a login form posted from an opaque origin (a
// sandboxed frame, a data: URL) sends Origin: null; it is refused like one
// from another site.
func TestLoginRefusesNullOrigin(t *testing.T) {
	f := newStaffFixture(t)
	tests := []struct {
		name, origin string
		want         int
	}{
		{"null", "null", http.StatusForbidden},
		{"other site", "https://evil.example", http.StatusForbidden},
		{"this site", f.URL, http.StatusSeeOther},
		{"none", "", http.StatusSeeOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h []string
			if tt.origin != "" {
				h = []string{"Origin", tt.origin}
			}
			if resp := f.postLogin(t, "agent@a.se", testPassword, "/staff", h...); resp.StatusCode != tt.want {
				t.Errorf("login with Origin %q = %d, want %d", tt.origin, resp.StatusCode, tt.want)
			}
		})
	}
}
