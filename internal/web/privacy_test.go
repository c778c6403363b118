package web_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
)

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestNoIdentifyingDataStoredOrLogged submits answers with a forwarded
// address, a distinctive user agent and a cookie, and checks that none of
// them, nor a time of day, reaches any stored document or the log.
func TestNoIdentifyingDataStoredOrLogged(t *testing.T) {
	var logs syncBuffer
	ts := startServerWithLog(t, slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	ts.addCampaign(t, "OPEN234", true)
	const (
		fwdIP  = "203.0.113.77"
		agent  = "UA-MARKER-Tablet/9.9"
		cookie = "COOKIE-MARKER-42"
	)
	headers := []string{"X-Forwarded-For", fwdIP, "X-Real-IP", fwdIP, "User-Agent", agent, "Cookie", "vfv=" + cookie, "Referer", "https://ref.example/" + cookie}
	id := uuid.NewString()
	for _, h := range [][]string{headers, headers} { // stored, then replayed
		if status, body := ts.post(t, "/api/v1/responses", mustJSON(validSubmission(id, "OPEN234")), h...); status != 201 && status != 200 {
			t.Fatalf("submit = %d %v", status, body)
		}
	}
	if status, _ := ts.post(t, "/api/v1/responses", `{"id": "bad", "campaign": "OPEN234"}`, headers...); status != http.StatusBadRequest {
		t.Fatalf("invalid submit = %d, want 400", status)
	}
	ts.get(t, "/api/v1/campaigns/OPEN234/survey", headers...)

	clientAddr := regexp.MustCompile(`127\.0\.0\.1:\d+`)
	timeOfDay := regexp.MustCompile(`\b\d{2}:\d{2}(:\d{2})?\b|\$date|T\d{2}:\d{2}`)
	ctx := context.Background()
	colls, err := ts.store.Collections(ctx)
	if err != nil {
		t.Fatal(err)
	}
	docs := 0
	for _, coll := range colls {
		raw, err := ts.store.RawDocuments(ctx, coll)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range raw {
			docs++
			for _, secret := range []string{fwdIP, agent, cookie, "127.0.0.1", "ref.example"} {
				if strings.Contains(d, secret) {
					t.Errorf("%s document holds %q: %s", coll, secret, d)
				}
			}
			if coll != "survey_versions" && timeOfDay.MatchString(d) {
				t.Errorf("%s document holds a time of day: %s", coll, d)
			}
		}
	}
	if docs == 0 {
		t.Fatal("no documents read; the check would pass vacuously")
	}
	out := logs.String()
	for _, secret := range []string{fwdIP, agent, cookie, id, "ref.example"} {
		if strings.Contains(out, secret) {
			t.Errorf("log holds %q:\n%s", secret, out)
		}
	}
	if clientAddr.MatchString(out) {
		t.Errorf("log holds a client address:\n%s", out)
	}
	if strings.Contains(out, "/api/v1/responses") {
		t.Errorf("a respondent's request was logged (its time says when someone answered):\n%s", out)
	}
}
