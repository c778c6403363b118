package web_test

import (
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
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
		{"query with encoded space and letters", "/staff/results?q=hej%20d%C3%A5", "/staff/results?q=hej%20d%C3%A5"},
		{"raw space", "/staff/results?q=hej då", "/staff"},
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

// loginFrom posts the login form as a client at addr, as the trusted
// proxy in front of vfv says in X-Forwarded-For.
func (f *staffFixture) loginFrom(t *testing.T, addr, email, password string) *http.Response {
	t.Helper()
	return f.postLogin(t, email, password, "/staff", "X-Forwarded-For", addr)
}

// TestLoginThrottlePerClient: wrong passwords slow down the client that
// sends them, for that account only; they never lock the account. An
// attacker at client A failing 20 times gets 429 with Retry-After (even
// with the right password) while the owner logs in from client B, and A
// may try again once Retry-After has passed.
func TestLoginThrottlePerClient(t *testing.T) {
	// At noon UTC: the limiter's key, and with it every bucket, is
	// replaced when the UTC day changes, and the test's clock moves on by
	// almost an hour.
	clk := &testClock{now: time.Now().UTC().Truncate(24 * time.Hour).Add(12 * time.Hour)}
	f := newStaffFixtureOn(t, startServerWith(t, func(d *web.Deps) {
		d.Now = clk.Now
		d.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	}))
	const a, b = "203.0.113.7", "198.51.100.9"
	var statuses []int
	var retry string
	for i := range 20 {
		resp := f.loginFrom(t, a, "agent@a.se", fmt.Sprintf("fel lösenord nummer %d", i))
		statuses = append(statuses, resp.StatusCode)
		if resp.StatusCode == http.StatusTooManyRequests {
			retry = resp.Header.Get("Retry-After")
		}
	}
	wantStatuses := slices.Repeat([]int{http.StatusUnauthorized}, 10)
	wantStatuses = append(wantStatuses, slices.Repeat([]int{http.StatusTooManyRequests}, 10)...)
	if !slices.Equal(statuses, wantStatuses) {
		t.Errorf("20 wrong passwords from A = %v, want 10×401 then 10×429", statuses)
	}
	wait, err := strconv.Atoi(retry)
	if err != nil || wait < 1 {
		t.Errorf("Retry-After %q, want a number of seconds", retry)
	}
	if resp := f.loginFrom(t, a, "agent@a.se", testPassword); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("right password from A while A is slowed = %d, want 429", resp.StatusCode)
	}
	if resp := f.loginFrom(t, b, "agent@a.se", testPassword); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the owner's login from B = %d, want 303: A's failures locked the account", resp.StatusCode)
	}
	clk.add(time.Duration(wait) * time.Second)
	if resp := f.loginFrom(t, a, "group@a.se", testPassword); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("another account's login from A = %d, want 303", resp.StatusCode)
	}
	if resp := f.loginFrom(t, a, "agent@a.se", "fel igen"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a wrong password from A after Retry-After = %d, want 401 (tried, not refused)", resp.StatusCode)
	}
	if resp := f.loginFrom(t, a, "agent@a.se", "och fel igen"); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("the next wrong password from A at once = %d, want 429", resp.StatusCode)
	}
}

// TestLoginIgnoresForwardedForFromUntrustedPeer: with no trusted proxy
// configured (the default), a client cannot pick a fresh throttle bucket
// by sending its own X-Forwarded-For: every attempt counts against its
// connection's address.
func TestLoginIgnoresForwardedForFromUntrustedPeer(t *testing.T) {
	f := newStaffFixture(t)
	var statuses []int
	for i := range 12 {
		resp := f.loginFrom(t, fmt.Sprintf("203.0.113.%d", i+1), "agent@a.se", fmt.Sprintf("fel lösenord nummer %d", i))
		statuses = append(statuses, resp.StatusCode)
	}
	if statuses[10] != http.StatusTooManyRequests || statuses[11] != http.StatusTooManyRequests {
		t.Errorf("12 wrong passwords, each with another X-Forwarded-For = %v; want the 11th and 12th slowed (429)", statuses)
	}
}
