package web_test

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/vfv/vfv/internal/web"
)

// Tests of finding 1 of the outside review (docs/security.md): the rate
// limits of the respondent endpoints, which anyone may call.

// TestSubmitRateLimitCodeSpellings: once a client is throttled in a
// campaign, every spelling of its code that the store takes for the same
// campaign is throttled too. The review had 66 case variants of one code
// accepted after the canonical one was throttled.
func TestSubmitRateLimitCodeSpellings(t *testing.T) {
	ts := startServerWith(t, func(d *web.Deps) { d.SubmitBurst, d.SubmitPerMinute = 5, 1 })
	ts.addCampaign(t, "OPEN234", true)
	for i := range 5 {
		if status, body := ts.post(t, "/api/v1/responses", mustJSON(validSubmission(uuid.NewString(), "OPEN234"))); status != 201 {
			t.Fatalf("answer %d within the burst = %d %v, want 201", i+1, status, body)
		}
	}
	for _, code := range []string{"open234", "Open234", "oPeN234", "OPEN-234", "open 234", " OPEN234 ", "o-p-e-n-2-3-4", "OPEN2-34", "\tOPEN234\n"} {
		t.Run(code, func(t *testing.T) {
			status, body := ts.post(t, "/api/v1/responses", mustJSON(validSubmission(uuid.NewString(), code)))
			if status != 429 || body["error"] != "throttled" {
				t.Errorf("code %q after the burst = %d %v, want 429 throttled", code, status, body)
			}
		})
	}
	if docs, _ := ts.store.RawDocuments(context.Background(), "responses"); len(docs) != 5 {
		t.Errorf("%d responses stored, want the 5 of the burst", len(docs))
	}
}

// TestSubmitRateLimitMadeUpCodes: codes that name no campaign share one
// bucket per client, so guessing codes is throttled like answering and
// cannot make the server keep a bucket per guess; a real campaign keeps
// its own bucket.
func TestSubmitRateLimitMadeUpCodes(t *testing.T) {
	ts := startServerWith(t, func(d *web.Deps) { d.SubmitBurst, d.SubmitPerMinute = 5, 1 })
	ts.addCampaign(t, "OPEN234", true)
	tests := []struct {
		name, code string
		status     int
		err        string
	}{
		{"1st made-up code", "NOPE001", 404, "not_found"},
		{"2nd", "NOPE002", 404, "not_found"},
		{"3rd", "nope-003", 404, "not_found"},
		{"4th, not even a code", "<script>", 404, "not_found"},
		{"5th, empty", "", 404, "not_found"},
		{"6th: over the burst", "NOPE006", 429, "throttled"},
		{"7th", "XYZ9999", 429, "throttled"},
		{"a real campaign has its own bucket", "OPEN234", 201, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := ts.post(t, "/api/v1/responses", mustJSON(validSubmission(uuid.NewString(), tt.code)))
			if status != tt.status || (tt.err != "" && body["error"] != tt.err) {
				t.Errorf("code %q = %d %v, want %d %s", tt.code, status, body, tt.status, tt.err)
			}
		})
	}
}

// TestSurveyRateLimit: loading a campaign's survey is rate-limited per
// client and campaign, whatever the spelling of the code, with 429 and
// Retry-After after the burst; made-up codes share one bucket.
func TestSurveyRateLimit(t *testing.T) {
	ts := startServerWith(t, func(d *web.Deps) { d.SubmitBurst, d.SubmitPerMinute = 3, 1 })
	ts.addCampaign(t, "OPEN234", true)
	ts.addCampaign(t, "OTHR234", true)
	tests := []struct {
		name, path string
		status     int
	}{
		{"1st", "/api/v1/campaigns/OPEN234/survey", 200},
		{"2nd", "/api/v1/campaigns/OPEN234/survey?plans=20", 200},
		{"3rd, lower case", "/api/v1/campaigns/open234/survey", 200},
		{"4th: over the burst", "/api/v1/campaigns/OPEN234/survey", 429},
		{"5th, another spelling", "/api/v1/campaigns/Open-234/survey", 429},
		{"another campaign", "/api/v1/campaigns/OTHR234/survey", 200},
		{"made-up 1", "/api/v1/campaigns/NOPE001/survey", 404},
		{"made-up 2", "/api/v1/campaigns/NOPE002/survey", 404},
		{"made-up 3", "/api/v1/campaigns/NOPE003/survey", 404},
		{"made-up 4: over the burst", "/api/v1/campaigns/NOPE004/survey", 429},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := ts.Client().Get(ts.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Fatalf("GET %s = %d %.200s, want %d", tt.path, resp.StatusCode, b, tt.status)
			}
			if tt.status == 429 && (resp.Header.Get("Retry-After") == "" || !strings.Contains(string(b), `"error":"throttled"`)) {
				t.Errorf("GET %s = 429 with Retry-After %q and %.200s; want Retry-After and error throttled", tt.path, resp.Header.Get("Retry-After"), b)
			}
		})
	}
}

// TestRespondentPageRateLimit: the survey page tells whether a code exists
// as the survey API does, so it is limited the same way, with a page in
// Swedish and Retry-After.
func TestRespondentPageRateLimit(t *testing.T) {
	ts := startServerWith(t, func(d *web.Deps) { d.SubmitBurst, d.SubmitPerMinute = 2, 1 })
	ts.addCampaign(t, "OPEN234", true)
	tests := []struct {
		name, path string
		status     int
	}{
		{"1st", "/s/OPEN234", 200},
		{"2nd, lower case", "/s/open234", 200},
		{"3rd: over the burst", "/s/OPEN234", 429},
		{"made-up 1", "/s/NOPE001", 404},
		{"made-up 2", "/s/NOPE002", 404},
		{"made-up 3: over the burst", "/s/NOPE003", 429},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := ts.Client().Get(ts.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Fatalf("GET %s = %d, want %d", tt.path, resp.StatusCode, tt.status)
			}
			if tt.status == 429 && (resp.Header.Get("Retry-After") == "" || !strings.Contains(string(b), "För många försök")) {
				t.Errorf("GET %s = 429 with Retry-After %q and %.300s; want Retry-After and a Swedish page", tt.path, resp.Header.Get("Retry-After"), b)
			}
		})
	}
}
