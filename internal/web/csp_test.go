package web_test

import (
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
)

// strictCSP is the least strict Content-Security-Policy the pages may be
// served with: no inline script or style, no eval, nothing from another
// origin, no plugins, no framing. Forms may post to this site (login and
// staff pages do). The browser tests run under the policy the server
// really sends, and cspGuard checks that it is at least this strict.
const strictCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// fetchDirectives fall back to default-src when a policy leaves them out.
var fetchDirectives = []string{"child-src", "connect-src", "font-src", "frame-src", "img-src",
	"manifest-src", "media-src", "object-src", "script-src", "style-src", "worker-src"}

// parseCSP splits a policy into its directives and their sources; 'none'
// is an empty list.
func parseCSP(policy string) map[string][]string {
	out := map[string][]string{}
	for _, d := range strings.Split(policy, ";") {
		f := strings.Fields(strings.ToLower(d))
		if len(f) == 0 {
			continue
		}
		if _, dup := out[f[0]]; dup {
			continue // a browser ignores a repeated directive
		}
		out[f[0]] = slices.DeleteFunc(f[1:], func(s string) bool { return s == "'none'" })
	}
	return out
}

// effective is what a directive allows under a policy; ok is false when
// the policy does not restrict it at all.
func effective(p map[string][]string, directive string) (sources []string, ok bool) {
	if s, ok := p[directive]; ok {
		return s, true
	}
	if slices.Contains(fetchDirectives, directive) {
		s, ok := p["default-src"]
		return s, ok
	}
	return nil, false
}

// cspLooser lists every directive of baseline for which policy allows a
// source that baseline does not; none means policy is at least as strict.
func cspLooser(policy, baseline string) []string {
	p, b := parseCSP(policy), parseCSP(baseline)
	var loose []string
	for directive := range b {
		want, _ := effective(b, directive)
		got, ok := effective(p, directive)
		if !ok {
			loose = append(loose, directive+" is not restricted")
			continue
		}
		for _, s := range got {
			if !slices.Contains(want, s) {
				loose = append(loose, directive+" allows "+s)
			}
		}
	}
	slices.Sort(loose)
	return loose
}

// cspGuard sits in front of a test server and checks the policy of every
// HTML page it serves against strictCSP; the test fails at its end if any
// page was looser, or if no page was served at all.
type cspGuard struct {
	next  http.Handler
	mu    sync.Mutex
	pages int
	loose map[string][]string // path → what its policy allowed beyond strictCSP
}

// newCSPGuard wraps next for the test t.
func newCSPGuard(t *testing.T, next http.Handler) *cspGuard {
	g := &cspGuard{next: next, loose: map[string][]string{}}
	t.Cleanup(func() {
		g.mu.Lock()
		defer g.mu.Unlock()
		if g.pages == 0 {
			t.Error("cspGuard: the test served no HTML page, so no policy was checked")
		}
		for path, loose := range g.loose {
			t.Errorf("%s was served with a policy looser than strictCSP: %s", path, strings.Join(loose, ", "))
		}
	})
	return g
}

func (g *cspGuard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.next.ServeHTTP(w, r)
	// The header map still holds what the handler sent.
	h := w.Header()
	if !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
		return
	}
	loose := cspLooser(h.Get("Content-Security-Policy"), strictCSP)
	g.mu.Lock()
	defer g.mu.Unlock()
	g.pages++
	if len(loose) > 0 {
		g.loose[r.URL.Path] = loose
	}
}

func TestCSPLooser(t *testing.T) {
	tests := []struct {
		name, policy string
		want         []string
	}{
		{"same", strictCSP, nil},
		{"stricter", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
			"base-uri 'none'; form-action 'none'; frame-ancestors 'none'", nil},
		{"fetch directive falls back to default-src", "default-src 'self'; object-src 'none'; base-uri 'none'; " +
			"form-action 'self'; frame-ancestors 'none'", nil},
		{"no policy", "", []string{"base-uri is not restricted", "connect-src is not restricted",
			"default-src is not restricted", "form-action is not restricted", "frame-ancestors is not restricted",
			"img-src is not restricted", "object-src is not restricted", "script-src is not restricted",
			"style-src is not restricted"}},
		{"inline script", strings.Replace(strictCSP, "script-src 'self'", "script-src 'self' 'unsafe-inline'", 1),
			[]string{"script-src allows 'unsafe-inline'"}},
		{"default-src from a CDN", strings.Replace(strictCSP, "default-src 'self'", "default-src 'self' https://cdn.example", 1),
			[]string{"default-src allows https://cdn.example"}},
		{"framing", strings.Replace(strictCSP, "; frame-ancestors 'none'", "", 1), []string{"frame-ancestors is not restricted"}},
		{"first of a repeated directive counts", strictCSP + "; script-src *", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cspLooser(tt.policy, strictCSP); !slices.Equal(got, tt.want) {
				t.Errorf("cspLooser(%q) = %q, want %q", tt.policy, got, tt.want)
			}
		})
	}
}

// TestServedCSPIsStrict: the policy the server sends with its pages is at
// least as strict as strictCSP, the one the browser tests hold it to.
func TestServedCSPIsStrict(t *testing.T) {
	ts := newTestServer(t, nil, func(h http.Handler) http.Handler { return newCSPGuard(t, h) })
	ts.addCampaign(t, "OPEN234", true)
	for _, path := range []string{"/", "/s/OPEN234", "/login", "/staff", "/nope"} {
		resp, err := ts.Client().Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if loose := cspLooser(resp.Header.Get("Content-Security-Policy"), strictCSP); len(loose) > 0 {
			t.Errorf("GET %s: policy %q is looser than strictCSP: %s", path, resp.Header.Get("Content-Security-Policy"), loose)
		}
	}
}
