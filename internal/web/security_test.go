package web_test

import (
	"context"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vfv/vfv/internal/web"
)

func TestSecurityHeaders(t *testing.T) {
	ts := startServer(t)
	ts.addCampaign(t, "OPEN234", true)
	// Respondent and public pages send no referrer at all; staff pages
	// (the login page too) send it only to this site, so that their forms
	// carry this site's Origin. An unknown path falls to the staff group.
	referrer := map[string]string{"/": "no-referrer", "/s/OPEN234": "no-referrer", "/api/v1/surveys": "no-referrer",
		"/login": "same-origin", "/nope": "same-origin"}
	for path, wantReferrer := range referrer {
		resp, err := ts.Client().Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		h := resp.Header
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP allows inline or eval: %q", path, csp)
		}
		if h.Get("Referrer-Policy") != wantReferrer || h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: headers %v", path, h)
		}
		if h.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS over plain HTTP", path)
		}
	}
}

// TestForwardedProtoOnlyFromTrustedProxies: X-Forwarded-Proto: https
// counts (HSTS, Secure cookies, https links) only from a proxy named in
// the configuration; from any other peer it is ignored.
func TestForwardedProtoOnlyFromTrustedProxies(t *testing.T) {
	tests := []struct {
		name    string
		trusted []netip.Prefix
		hsts    bool
	}{
		{"no trusted proxy (the default)", nil, false},
		{"another proxy trusted", []netip.Prefix{netip.MustParsePrefix("10.0.0.5/32")}, false},
		{"the peer is a trusted proxy", []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := startServerWith(t, func(d *web.Deps) { d.TrustedProxies = tt.trusted })
			req, _ := http.NewRequest("GET", ts.URL+"/healthz", nil)
			req.Header.Set("X-Forwarded-Proto", "https")
			resp, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got := strings.Contains(resp.Header.Get("Strict-Transport-Security"), "max-age="); got != tt.hsts {
				t.Errorf("HSTS sent = %v, want %v", got, tt.hsts)
			}
		})
	}
}

// TestSubmitRateLimit: one client sending many answers to one campaign is
// throttled with 429 and Retry-After; another campaign is not affected.
func TestSubmitRateLimit(t *testing.T) {
	ts := startServerWith(t, func(d *web.Deps) { d.SubmitBurst, d.SubmitPerMinute = 5, 1 })
	ts.addCampaign(t, "OPEN234", true)
	ts.addCampaign(t, "OTHR234", true)
	statuses := map[int]int{}
	for range 8 {
		status, _ := ts.post(t, "/api/v1/responses", mustJSON(validSubmission(uuid.NewString(), "OPEN234")))
		statuses[status]++
	}
	if statuses[201] != 5 || statuses[429] != 3 {
		t.Errorf("statuses %v, want 5×201 then 3×429", statuses)
	}
	req, _ := http.NewRequest("POST", ts.URL+"/api/v1/responses", strings.NewReader(mustJSON(validSubmission(uuid.NewString(), "OPEN234"))))
	req.Header.Set("Content-Type", "application/json")
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" {
		t.Errorf("throttled answer = %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if status, _ := ts.post(t, "/api/v1/responses", mustJSON(validSubmission(uuid.NewString(), "OTHR234"))); status != 201 {
		t.Errorf("another campaign = %d, want 201", status)
	}
	docs, _ := ts.store.RawDocuments(context.Background(), "responses")
	if len(docs) != 6 {
		t.Errorf("%d responses stored, want 6 (throttled ones not stored)", len(docs))
	}
}

// TestStaffSessionIdleExpiry: a session unused for longer than the idle
// limit no longer authenticates.
func TestStaffSessionIdleExpiry(t *testing.T) {
	now := time.Now()
	f := &staffFixture{}
	ts := startServerWith(t, func(d *web.Deps) { d.Now = func() time.Time { return now } })
	*f = *newStaffFixtureOn(t, ts)
	cl, resp := f.browserClient(t, "agent@a.se", testPassword)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login = %d", resp.StatusCode)
	}
	get := func() int {
		r, err := cl.Get(f.URL + "/api/v1/me")
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		return r.StatusCode
	}
	now = now.Add(90 * time.Minute)
	if s := get(); s != 200 {
		t.Fatalf("after 90 idle minutes = %d, want 200", s)
	}
	now = now.Add(2*time.Hour + time.Minute)
	if s := get(); s != 401 {
		t.Errorf("after 2 idle hours = %d, want 401", s)
	}

}
