package web_test

import (
	"strings"
	"testing"

	"github.com/google/uuid"
)

// TestMetrics scrapes /metrics after a few requests and checks the named
// metrics are there with the values the requests imply.
func TestMetrics(t *testing.T) {
	ts := startServer(t)
	ts.addCampaign(t, "OPEN234", true)
	sub := mustJSON(validSubmission(uuid.NewString(), "OPEN234"))
	ts.post(t, "/api/v1/responses", sub)
	ts.post(t, "/api/v1/responses", sub)
	ts.post(t, "/api/v1/responses", `{"id":"x","campaign":"OPEN234"}`)
	ts.get(t, "/healthz")
	status, ctype, body := ts.get(t, "/metrics")
	if status != 200 || !strings.HasPrefix(ctype, "text/plain") {
		t.Fatalf("/metrics = %d %s", status, ctype)
	}
	for _, want := range []string{
		`vfv_http_request_duration_seconds_count{method="GET",route="/healthz",status="200"} 1`,
		`vfv_http_request_duration_seconds_bucket{method="POST",route="/api/v1/responses",status="201",le="+Inf"} 1`,
		`vfv_responses_total{outcome="created"} 1`,
		`vfv_responses_total{outcome="duplicate"} 1`,
		`vfv_responses_total{outcome="invalid"} 1`,
		`vfv_store_errors_total 0`,
		`vfv_jobs_pending 0`,
		`vfv_pending_writes 0`,
		`go_goroutines `,
		`process_resident_memory_bytes `,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if strings.Contains(body, "OPEN234") {
		t.Error("/metrics names a campaign code")
	}
}
