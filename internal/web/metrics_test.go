package web_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vfv/vfv/internal/web"
)

// serveMetrics runs the server's metrics listener on a free loopback port,
// as vfv serve does on VFV_METRICS_ADDR, and returns its base URL. The
// listener is shut down, and must return no error, when the test ends.
func (ts *testServer) serveMetrics(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- ts.srv.ServeMetrics(ctx, ln, 5*time.Second) }()
	t.Cleanup(func() {
		cancel()
		if err := <-errc; err != nil {
			t.Errorf("metrics listener: %v", err)
		}
	})
	return "http://" + ln.Addr().String()
}

// scrape fetches url and returns status, content type and body.
func scrape(t *testing.T, url string) (int, string, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: read body: %v", url, err)
	}
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}

// TestMetrics scrapes the metrics listener after a few requests to the
// public one and checks the named metrics are there with the values the
// requests imply.
func TestMetrics(t *testing.T) {
	ts := startServer(t)
	metricsURL := ts.serveMetrics(t)
	ts.addCampaign(t, "OPEN234", true)
	sub := mustJSON(validSubmission(uuid.NewString(), "OPEN234"))
	ts.post(t, "/api/v1/responses", sub)
	ts.post(t, "/api/v1/responses", sub)
	ts.post(t, "/api/v1/responses", `{"id":"x","campaign":"OPEN234"}`)
	ts.get(t, "/healthz")
	status, ctype, body := scrape(t, metricsURL+"/metrics")
	if status != 200 || !strings.HasPrefix(ctype, "text/plain") {
		t.Fatalf("metrics listener GET /metrics = %d %s, want 200 text/plain", status, ctype)
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

// TestMetricsCountsThrottled: submissions refused by the rate limit are
// counted as outcome throttled (docs/operations.md), the others as usual.
func TestMetricsCountsThrottled(t *testing.T) {
	ts := startServerWith(t, func(d *web.Deps) { d.SubmitBurst, d.SubmitPerMinute = 2, 1 })
	metricsURL := ts.serveMetrics(t)
	ts.addCampaign(t, "OPEN234", true)
	statuses := map[int]int{}
	for range 5 {
		status, _ := ts.post(t, "/api/v1/responses", mustJSON(validSubmission(uuid.NewString(), "OPEN234")))
		statuses[status]++
	}
	if statuses[http.StatusCreated] != 2 || statuses[http.StatusTooManyRequests] != 3 {
		t.Fatalf("statuses %v, want 2 × 201 and 3 × 429", statuses)
	}
	_, _, body := scrape(t, metricsURL+"/metrics")
	for _, want := range []string{`vfv_responses_total{outcome="created"} 2`, `vfv_responses_total{outcome="throttled"} 3`} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

// TestMetricsNotOnPublicListener: the public listener answers 404 on
// /metrics, so polling vfv_responses_total from outside cannot tell when
// each answer arrived.
func TestMetricsNotOnPublicListener(t *testing.T) {
	ts := startServer(t)
	ts.addCampaign(t, "OPEN234", true)
	ts.post(t, "/api/v1/responses", mustJSON(validSubmission(uuid.NewString(), "OPEN234")))
	for _, p := range []string{"/metrics", "/metrics/"} {
		status, _, body := ts.get(t, p)
		if status != http.StatusNotFound {
			t.Errorf("public GET %s = %d, want 404", p, status)
		}
		if strings.Contains(body, "vfv_responses_total") {
			t.Errorf("public GET %s shows the response counters:\n%s", p, body)
		}
	}
}

// TestMetricsListenerServesOnlyMetrics: the metrics listener serves
// /metrics and nothing of the public server.
func TestMetricsListenerServesOnlyMetrics(t *testing.T) {
	ts := startServer(t)
	metricsURL := ts.serveMetrics(t)
	tests := []struct {
		name, method, path string
		want               int
	}{
		{"metrics", http.MethodGet, "/metrics", http.StatusOK},
		{"metrics by POST", http.MethodPost, "/metrics", http.StatusMethodNotAllowed},
		{"health", http.MethodGet, "/healthz", http.StatusNotFound},
		{"home", http.MethodGet, "/", http.StatusNotFound},
		{"respondent API", http.MethodGet, "/api/v1/campaigns/OPEN234/survey", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, metricsURL+tt.path, nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("metrics listener %s %s = %d, want %d", tt.method, tt.path, resp.StatusCode, tt.want)
			}
		})
	}
}
