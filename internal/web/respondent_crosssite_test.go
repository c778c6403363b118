package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/vfv/vfv/internal/web"
)

// Tests of finding 2 of the outside review (docs/security.md): answers
// submitted from pages on other sites.

// TestSubmitCrossSite: a page on another site cannot make a visitor's
// browser submit answers. A text/plain POST needs no CORS preflight, and
// the review had one from a foreign Origin stored; now a foreign Origin is
// refused with 403 and anything but JSON with 415. Requests without an
// Origin (scripts, other non-browser clients) and the tablet's own queue,
// whose Origin is this site, are served.
func TestSubmitCrossSite(t *testing.T) {
	ts := startServer(t)
	ts.addCampaign(t, "OPEN234", true)
	tests := []struct {
		name, ctype, origin string
		status              int
		err, mentions       string
	}{
		{"the attack: text/plain from a foreign site", "text/plain", "https://evil.example", 403, "foreign_origin", "Origin"},
		{"JSON from a foreign site", "application/json", "https://evil.example", 403, "foreign_origin", "Origin"},
		{"a look-alike host", "application/json", strings.Replace(ts.URL, "127.0.0.1", "127.0.0.1.evil.example", 1), 403, "foreign_origin", "Origin"},
		{"a sandboxed frame (Origin null)", "application/json", "null", 403, "foreign_origin", "Origin"},
		{"text/plain without Origin", "text/plain", "", 415, "unsupported_media_type", "Content-Type"},
		{"text/plain from the own page", "text/plain; charset=utf-8", ts.URL, 415, "unsupported_media_type", "Content-Type"},
		{"a form post", "application/x-www-form-urlencoded", "", 415, "unsupported_media_type", "Content-Type"},
		{"multipart", "multipart/form-data; boundary=x", "", 415, "unsupported_media_type", "Content-Type"},
		{"no Content-Type", "", "", 415, "unsupported_media_type", "Content-Type"},
		{"JSON without Origin (a script, a non-browser client)", "application/json", "", 201, "", ""},
		{"JSON with a charset", "application/json; charset=UTF-8", "", 201, "", ""},
		{"JSON from the own page, as the tablet's queue sends it", "application/json", ts.URL, 201, "", ""},
	}
	created := 0
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := postRaw(t, ts, mustJSON(validSubmission(uuid.NewString(), "OPEN234")), "Content-Type", tt.ctype, "Origin", tt.origin)
			if status == 201 {
				created++
			}
			if status != tt.status || (tt.err != "" && body["error"] != tt.err) {
				t.Fatalf("POST as %q from %q = %d %v, want %d %s", tt.ctype, tt.origin, status, body, tt.status, tt.err)
			}
			if msg, _ := body["message"].(string); !strings.Contains(msg, tt.mentions) {
				t.Errorf("message %q does not name the header %s", msg, tt.mentions)
			}
		})
	}
	if docs, _ := ts.store.RawDocuments(context.Background(), "responses"); len(docs) != created {
		t.Errorf("%d responses stored, want only the %d accepted", len(docs), created)
	}
}

// TestSubmitOriginBehindProxy: behind a proxy that passes on another Host,
// the configured public address is this site's origin too.
func TestSubmitOriginBehindProxy(t *testing.T) {
	ts := startServerWith(t, func(d *web.Deps) { d.BaseURL = "https://vfv.example.se/" })
	ts.addCampaign(t, "OPEN234", true)
	tests := []struct {
		origin string
		status int
	}{
		{"https://vfv.example.se", 201},
		{"https://VFV.example.se", 201},
		{ts.URL, 201},
		{"https://vfv.example.se.evil.example", 403},
		{"https://evil.example", 403},
	}
	for i, tt := range tests {
		t.Run(fmt.Sprint(i, tt.origin), func(t *testing.T) {
			status, body := postRaw(t, ts, mustJSON(validSubmission(uuid.NewString(), "OPEN234")), "Content-Type", "application/json", "Origin", tt.origin)
			if status != tt.status {
				t.Errorf("Origin %q = %d %v, want %d", tt.origin, status, body, tt.status)
			}
		})
	}
}

// postRaw posts body to /api/v1/responses with exactly the headers given
// (name, value pairs; an empty value leaves the header out).
func postRaw(t *testing.T, ts *testServer, body string, header ...string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/api/v1/responses", strings.NewReader(body))
	for i := 0; i+1 < len(header); i += 2 {
		if header[i+1] != "" {
			req.Header.Set(header[i], header[i+1])
		}
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	b, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(b, &m); err != nil {
		m = map[string]any{"raw": string(b)}
	}
	return resp.StatusCode, m
}
