package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/store/storetest"
	"github.com/vfv/vfv/internal/survey"
	"github.com/vfv/vfv/internal/web"
)

// testServer is a whole vfv server on the embedded store in a temporary
// directory, behind httptest.
type testServer struct {
	*httptest.Server
	srv     *web.Server
	store   *store.Store
	surveys []*survey.Survey
	collect *collect.Service
}

// later moves the server's clock days ahead, so that the answers given
// before are released (internal/release: today's answers never are, and
// a batch with a small group waits a week).
func (ts *testServer) later(days int) {
	ts.collect.SetClock(func() time.Time { return time.Now().AddDate(0, 0, days) })
}

func startServer(t *testing.T) *testServer {
	t.Helper()
	return startServerWithLog(t, nil)
}

// startServerWithLog is startServer with the server's log going to log.
func startServerWithLog(t *testing.T, log *slog.Logger) *testServer {
	t.Helper()
	return startServerWith(t, func(d *web.Deps) { d.Logger = log })
}

// startServerWith is startServer with changed dependencies.
func startServerWith(t *testing.T, change func(d *web.Deps)) *testServer {
	t.Helper()
	return newTestServer(t, change, nil)
}

// newTestServer builds every whole-server test's server: the example
// surveys, the test store, the dependencies as change sets them (called
// before the store exists, so it sets only plain settings), and the
// handler behind wrap when given.
func newTestServer(t *testing.T, change func(d *web.Deps), wrap func(http.Handler) http.Handler) *testServer {
	t.Helper()
	ctx := context.Background()
	deps := web.Deps{Version: "test"}
	if change != nil {
		change(&deps)
	}
	surveys := deps.Surveys // a test's own surveys, else the examples
	if surveys == nil {
		var err error
		if surveys, err = survey.LoadDir("../../surveys"); err != nil {
			t.Fatalf("load example surveys: %v", err)
		}
	}
	opts := storetest.Options(t)
	opts.Logger = deps.Logger
	st, err := store.Open(ctx, opts)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	if opts.URI != "" {
		t.Cleanup(func() { _ = st.DropDatabase(context.Background()) })
	}
	deps.Store, deps.Collect, deps.Surveys = st, collect.New(st, surveys, deps.Logger), surveys
	srv, err := web.New(deps)
	if err != nil {
		t.Fatal(err)
	}
	var h http.Handler = srv.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(func() {
		ts.Close()
		_ = st.Close(ctx)
	})
	return &testServer{Server: ts, srv: srv, store: st, surveys: surveys, collect: deps.Collect}
}

// get fetches path and returns status, content type and body.
func (ts *testServer) get(t *testing.T, path string, header ...string) (int, string, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, ts.URL+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}

func TestRoutes(t *testing.T) {
	ts := startServer(t)
	tests := []struct {
		name, path  string
		header      []string
		status      int
		ctype, body string
	}{
		{"healthz", "/healthz", nil, 200, "application/json", `"status":"ok"`},
		{"readyz", "/readyz", nil, 200, "application/json", `"status":"ready"`},
		{"home in Swedish", "/", nil, 200, "text/html", "Värde för vem?"},
		{"home lists example survey", "/", nil, 200, "text/html", "<code>"},
		{"home in English by header", "/", []string{"Accept-Language", "en-GB,en;q=0.8"}, 200, "text/html", "Value for whom?"},
		{"home in Arabic is right-to-left", "/?lang=ar", nil, 200, "text/html", `dir="rtl"`},
		{"unknown page is a Swedish 404 page", "/nope", nil, 404, "text/html", "Sidan finns inte"},
		{"unknown API path is a JSON 404", "/api/v1/nope", nil, 404, "application/json", `"error":"not_found"`},
		{"surveys API", "/api/v1/surveys", nil, 200, "application/json", `"id":"unga-vuxna"`},
		{"versions of unknown survey", "/api/v1/surveys/nope/versions", nil, 404, "application/json", `"error":"not_found"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, ctype, body := ts.get(t, tt.path, tt.header...)
			if status != tt.status || !strings.HasPrefix(ctype, tt.ctype) || !strings.Contains(body, tt.body) {
				t.Errorf("GET %s = %d %s %.200q; want %d %s containing %q", tt.path, status, ctype, body, tt.status, tt.ctype, tt.body)
			}
		})
	}
}

func TestReadyzWhenStoreIsDown(t *testing.T) {
	ts := startServer(t)
	if err := ts.store.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	status, _, body := ts.get(t, "/readyz")
	if status != http.StatusServiceUnavailable {
		t.Errorf("/readyz with the store closed = %d %s, want 503", status, body)
	}
	if status, _, _ := ts.get(t, "/healthz"); status != http.StatusOK {
		t.Errorf("/healthz with the store closed = %d, want 200 (the process is up)", status)
	}
}

// TestStaticAssetsAreHashedAndCached checks that the stylesheet the page
// links to is served with a long cache lifetime, and that a wrong hash is
// not served.
func TestStaticAssetsAreHashedAndCached(t *testing.T) {
	ts := startServer(t)
	_, _, body := ts.get(t, "/")
	i := strings.Index(body, "/static/css/app.")
	if i < 0 {
		t.Fatalf("home page links no hashed stylesheet: %.300s", body)
	}
	href := body[i : i+strings.Index(body[i:], `"`)]
	resp, err := ts.Client().Get(ts.URL + href)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") {
		t.Errorf("GET %s = %d, Cache-Control %q, Content-Type %q", href, resp.StatusCode, resp.Header.Get("Cache-Control"), resp.Header.Get("Content-Type"))
	}
	if status, _, _ := ts.get(t, "/static/css/app.00000000.css"); status != 404 {
		t.Errorf("stale hash served with %d, want 404", status)
	}
}

func TestSurveyVersionsAPI(t *testing.T) {
	ts := startServer(t)
	sv := ts.surveys[0]
	def, _ := json.Marshal(sv)
	if _, err := ts.store.SaveSurveyVersion(context.Background(), store.SurveyVersion{Version: sv.Version, SurveyID: sv.ID, Definition: def, FirstUsed: "2026-11-26"}); err != nil {
		t.Fatal(err)
	}
	status, _, body := ts.get(t, "/api/v1/surveys/"+sv.ID+"/versions")
	var got []struct {
		Version   string
		FirstUsed string `json:"first_used"`
		Current   bool
	}
	if err := json.Unmarshal([]byte(body), &got); status != 200 || err != nil || len(got) != 1 || !got[0].Current {
		t.Errorf("versions = %d %s (%v), want one current version", status, body, err)
	}
}
