package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
	"github.com/vfv/vfv/internal/web"
)

// addCampaign creates an open campaign of the young-adults survey.
func (ts *testServer) addCampaign(t *testing.T, code string, open bool) {
	t.Helper()
	err := ts.store.CreateCampaign(context.Background(), store.Campaign{Code: code, SurveyID: "unga-vuxna",
		Name: "Test", Site: "Fritidsgården", Open: open, Lang: "sv", Created: "2026-11-26"})
	if err != nil {
		t.Fatal(err)
	}
}

// post sends a JSON body and returns the status and decoded body.
func (ts *testServer) post(t *testing.T, path, body string, header ...string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, ts.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	if m == nil {
		m = map[string]any{"raw": string(b)}
	}
	return resp.StatusCode, m
}

// validSubmission returns a valid submission for campaign as a map, so
// tests can break one field at a time.
func validSubmission(id, campaign string) map[string]any {
	return map[string]any{
		"id": id, "campaign": campaign, "lang": "sv",
		"background": map[string]any{"alder": "20-24", "kon": "kvinna"},
		"judgments": []any{
			map[string]any{"a": "jobb-studier", "b": "ma-bra", "value": 2},
			map[string]any{"a": "vanner", "b": "boende", "value": -1},
			map[string]any{"a": "fritid", "b": "jobb-studier", "value": 0},
			map[string]any{"a": "boende", "b": "ma-bra", "skip": true},
		},
		"story": "Ring mig på 070-123 45 67 eller skriv till kim@example.se. Mitt personnummer är 990101-1234.",
	}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func TestSubmitStatuses(t *testing.T) {
	ts := startServer(t)
	ts.addCampaign(t, "OPEN234", true)
	ts.addCampaign(t, "SHUT234", false)
	id := uuid.NewString()
	sub := validSubmission(id, "OPEN234")

	status, body := ts.post(t, "/api/v1/responses", mustJSON(sub))
	if status != http.StatusCreated || body["status"] != "created" || body["id"] != id {
		t.Fatalf("first submission = %d %v, want 201 created", status, body)
	}
	status, body = ts.post(t, "/api/v1/responses", mustJSON(sub))
	if status != http.StatusOK || body["status"] != "duplicate" {
		t.Errorf("replay of the same id and content = %d %v, want 200 duplicate", status, body)
	}
	changed := validSubmission(id, "OPEN234")
	changed["story"] = "något annat"
	status, body = ts.post(t, "/api/v1/responses", mustJSON(changed))
	if status != http.StatusConflict || body["error"] != "conflict" {
		t.Errorf("same id, other content = %d %v, want 409 conflict", status, body)
	}
	status, body = ts.post(t, "/api/v1/responses", mustJSON(validSubmission(uuid.NewString(), "NOPE234")))
	if status != http.StatusNotFound || body["error"] != "not_found" {
		t.Errorf("unknown campaign = %d %v, want 404", status, body)
	}
	status, body = ts.post(t, "/api/v1/responses", mustJSON(validSubmission(uuid.NewString(), "SHUT234")))
	if status != http.StatusGone || body["error"] != "closed" {
		t.Errorf("closed campaign = %d %v, want 410", status, body)
	}
	huge := validSubmission(uuid.NewString(), "OPEN234")
	huge["story"] = strings.Repeat("å", 300_000)
	status, body = ts.post(t, "/api/v1/responses", mustJSON(huge))
	if status != http.StatusRequestEntityTooLarge || body["error"] != "too_large" {
		t.Errorf("oversized body = %d %v, want 413", status, body)
	}

	// Stored once, with the story scrubbed and only the date.
	r, err := ts.store.Response(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Judgments) != 4 || r.Judgments[0] != (store.Judgment{A: "jobb-studier", B: "ma-bra", Value: 2}) || !r.Judgments[3].Skip {
		t.Errorf("stored judgments = %+v", r.Judgments)
	}
	for _, secret := range []string{"070-123", "kim@example.se", "990101-1234"} {
		if strings.Contains(r.Story, secret) {
			t.Errorf("stored story %q still contains %q", r.Story, secret)
		}
	}
	if len(r.Date) != len("2026-11-26") {
		t.Errorf("stored date %q, want YYYY-MM-DD only", r.Date)
	}
	all, err := ts.store.Counters(context.Background(), collect.CounterID("OPEN234", response.GroupAll))
	if err != nil {
		t.Fatal(err)
	}
	if all["n"] != 1 || all[response.PairField("jobb-studier", "ma-bra", 2, false)] != 1 || all["bg|kon|kvinna"] != 1 {
		t.Errorf("counters after one response and replays = %v, want n=1", all)
	}

	// Store closed: 503 (TestSubmitRetryAfterStoreOutage checks the
	// retry once the store is back).
	if err := ts.store.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	status, body = ts.post(t, "/api/v1/responses", mustJSON(validSubmission(uuid.NewString(), "OPEN234")))
	if status != http.StatusServiceUnavailable || body["error"] != "store_unavailable" {
		t.Errorf("store closed = %d %v, want 503 store_unavailable", status, body)
	}
}

// TestSubmitRetryAfterStoreOutage: while the database is unreachable a
// submission is refused with 503 store_unavailable and a Retry-After;
// once it is back, the client's retry of the same body is stored, once,
// and counted once.
func TestSubmitRetryAfterStoreOutage(t *testing.T) {
	ctx := context.Background()
	st, proxy := storeBehindProxy(t)
	surveys, err := survey.LoadDir("../../surveys")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(web.Deps{Store: st, Collect: collect.New(st, surveys, nil), Surveys: surveys})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	if err := st.CreateCampaign(ctx, store.Campaign{Code: "RETRY23", SurveyID: "unga-vuxna", Open: true, Lang: "sv", Name: "R", Site: "S"}); err != nil {
		t.Fatal(err)
	}
	id := uuid.NewString()
	body := mustJSON(validSubmission(id, "RETRY23"))
	submit := func() (int, string, map[string]any) {
		t.Helper()
		resp, err := http.Post(ts.URL+"/api/v1/responses", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatalf("POST /api/v1/responses: %v", err)
		}
		defer resp.Body.Close()
		var m map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&m)
		return resp.StatusCode, resp.Header.Get("Retry-After"), m
	}

	proxy.cut() // store.Open's server selection waits 10 s before giving up
	status, after, m := submit()
	if status != http.StatusServiceUnavailable || m["error"] != "store_unavailable" {
		t.Fatalf("store unreachable = %d %v, want 503 store_unavailable", status, m)
	}
	if secs, err := strconv.Atoi(after); err != nil || secs <= 0 {
		t.Errorf("503 Retry-After = %q, want a positive number of seconds", after)
	}

	// The store comes back; the tablet retries the same body. The driver
	// may need a moment to find the server again, as a tablet's backoff
	// would give it.
	proxy.restore()
	deadline := time.Now().Add(15 * time.Second)
	for status == http.StatusServiceUnavailable && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
		status, _, m = submit()
	}
	if status != http.StatusCreated || m["status"] != "created" || m["id"] != id {
		t.Fatalf("retry after the outage = %d %v, want 201 created", status, m)
	}
	n := 0
	if err := st.StreamResponses(ctx, "RETRY23", func(r store.Response) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	c, err := st.Counters(ctx, collect.CounterID("RETRY23", response.GroupAll))
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 || c["n"] != 1 {
		t.Errorf("after the outage and one retry: %d stored, counted %d; want 1 and 1", n, c["n"])
	}
}

// TestSubmitInvalid sends malformed submissions; each gets 400 with a
// detail naming the problem, and nothing is stored.
func TestSubmitInvalid(t *testing.T) {
	ts := startServer(t)
	ts.addCampaign(t, "OPEN234", true)
	with := func(f func(m map[string]any)) string {
		m := validSubmission(uuid.NewString(), "OPEN234")
		f(m)
		return mustJSON(m)
	}
	judg := func(js ...any) func(m map[string]any) { return func(m map[string]any) { m["judgments"] = js } }
	j := func(a, b string, v any) map[string]any { return map[string]any{"a": a, "b": b, "value": v} }
	tests := []struct{ name, body, field, msg string }{
		{"not JSON", `{"id":`, "", "ends too early"},
		{"syntax error", `{"id" "x"}`, "", "not valid JSON"},
		{"array body", `[1,2]`, "", "must be a JSON object"},
		{"empty body", ``, "", "empty"},
		{"trailing data", with(func(map[string]any) {}) + `{}`, "", "nothing after it"},
		{"id not a UUID", with(func(m map[string]any) { m["id"] = "abc" }), "id", "UUID"},
		{"id missing", with(func(m map[string]any) { delete(m, "id") }), "id", "UUID"},
		{"unknown language", with(func(m map[string]any) { m["lang"] = "fi" }), "lang", "not offered"},
		{"unknown question", with(func(m map[string]any) { m["background"] = map[string]any{"skostorlek": "42"} }), "background.skostorlek", "unknown background question"},
		{"unknown answer", with(func(m map[string]any) { m["background"] = map[string]any{"kon": "robot"} }), "background.kon", "unknown answer"},
		{"no judgments", with(judg()), "judgments", "at least one"},
		{"unknown item", with(judg(j("jobb-studier", "glass", 1))), "judgments[0].b", "unknown item"},
		{"a equals b", with(judg(j("jobb-studier", "jobb-studier", 1))), "judgments[0]", "against itself"},
		{"pair repeated reversed", with(judg(j("jobb-studier", "ma-bra", 1), j("ma-bra", "jobb-studier", 1))), "judgments[1]", "already weighed"},
		{"value too large", with(judg(j("jobb-studier", "ma-bra", 3))), "judgments[0].value", "out of range"},
		{"value too small", with(judg(j("jobb-studier", "ma-bra", -3))), "judgments[0].value", "out of range"},
		{"value not integer", with(judg(j("jobb-studier", "ma-bra", 1.5))), "judgments.value", "an integer"},
		{"value a string", with(judg(j("jobb-studier", "ma-bra", "2"))), "judgments.value", "an integer"},
		{"value missing", with(judg(map[string]any{"a": "jobb-studier", "b": "ma-bra"})), "judgments[0].value", "missing"},
		{"value and skip", with(judg(map[string]any{"a": "jobb-studier", "b": "ma-bra", "value": 1, "skip": true})), "judgments[0]", "not both"},
		{"too many judgments", with(func(m map[string]any) { m["judgments"] = allPairs() }), "judgments", "at most 15"},
		{"story too long", with(func(m map[string]any) { m["story"] = strings.Repeat("a", 2001) }), "story", "at most"},
		{"background not an object", with(func(m map[string]any) { m["background"] = "kvinna" }), "background", "an object"},
		{"judgments not an array", with(func(m map[string]any) { m["judgments"] = "many" }), "judgments", "an array"},
		{"JSON null body", `null`, "", "must be a JSON object, not null"},
		{"a string body", `"svar"`, "", "must be a JSON object"},
		{"a number body", `42`, "", "must be a JSON object"},
		{"truncated in a string", `{"id":"3f2b`, "", "ends too early"},
		{"trailing comma", `{"id":"x",}`, "", "not valid JSON"},
		{"single quotes", `{'id':'x'}`, "", "not valid JSON"},
		{"two objects", `{"id":"a"} {"id":"b"}`, "", "nothing after it"},
		{"id a number", with(func(m map[string]any) { m["id"] = 12345 }), "id", "a string"},
		{"id too short", with(func(m map[string]any) { m["id"] = "3f2b8c1e" }), "id", "UUID"},
		{"id with braces", with(func(m map[string]any) { m["id"] = "{3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f}" }), "id", "UUID"},
		{"id without dashes", with(func(m map[string]any) { m["id"] = "3f2b8c1e4d5a4b6c9e7f0a1b2c3d4e5f" }), "id", "UUID"},
		{"id empty", with(func(m map[string]any) { m["id"] = "" }), "id", "UUID"},
		{"lang a number", with(func(m map[string]any) { m["lang"] = 1 }), "lang", "a string"},
		{"lang unknown script", with(func(m map[string]any) { m["lang"] = "xx-Latn" }), "lang", "not offered"},
		{"background answer a number", with(func(m map[string]any) { m["background"] = map[string]any{"kon": 1} }), "background", "a string"},
		{"background answer of another question", with(func(m map[string]any) { m["background"] = map[string]any{"kon": "20-24"} }), "background.kon", "unknown answer"},
		{"background answer empty", with(func(m map[string]any) { m["background"] = map[string]any{"alder": ""} }), "background.alder", "unknown answer"},
		{"judgments null", with(func(m map[string]any) { m["judgments"] = nil }), "judgments", "at least one"},
		{"judgment not an object", with(judg("jobb-studier")), "judgments", "an object"},
		{"judgment a missing", with(judg(map[string]any{"b": "ma-bra", "value": 1})), "judgments[0].a", "unknown item"},
		{"judgment b missing", with(judg(map[string]any{"a": "ma-bra", "value": 1})), "judgments[0].b", "unknown item"},
		{"judgment a a number", with(judg(map[string]any{"a": 7, "b": "ma-bra", "value": 1})), "judgments.a", "a string"},
		{"item id in wrong case", with(judg(j("MA-BRA", "vanner", 1))), "judgments[0].a", "unknown item"},
		{"item label instead of id", with(judg(j("Att må bra", "vanner", 1))), "judgments[0].a", "unknown item"},
		{"item of the staff survey", with(judg(j("sip", "vanner", 1))), "judgments[0].a", "unknown item"},
		{"value huge", with(judg(j("jobb-studier", "ma-bra", 1e12))), "judgments[0].value", "out of range"},
		{"value beyond int64", with(judg(j("jobb-studier", "ma-bra", 1e30))), "judgments.value", "an integer"},
		{"value negative huge", with(judg(j("jobb-studier", "ma-bra", -99))), "judgments[0].value", "out of range"},
		{"value a boolean", with(judg(j("jobb-studier", "ma-bra", true))), "judgments.value", "an integer"},
		{"value null and no skip", with(judg(j("jobb-studier", "ma-bra", nil))), "judgments[0].value", "missing"},
		{"skip a string", with(judg(map[string]any{"a": "jobb-studier", "b": "ma-bra", "skip": "yes"})), "judgments.skip", "true or false"},
		{"pair repeated same order", with(judg(j("jobb-studier", "ma-bra", 1), j("jobb-studier", "ma-bra", -1))), "judgments[1]", "already weighed"},
		{"one bad among good", with(judg(j("jobb-studier", "ma-bra", 1), j("vanner", "boende", 5), j("fritid", "tillit", 0))), "judgments[1].value", "out of range"},
		{"story a number", with(func(m map[string]any) { m["story"] = 5 }), "story", "a string"},
		{"story far too long", with(func(m map[string]any) { m["story"] = strings.Repeat("berättelse ", 500) }), "story", "at most"},
		{"campaign a number", with(func(m map[string]any) { m["campaign"] = 7 }), "campaign", "a string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := ts.post(t, "/api/v1/responses", tt.body)
			if status != http.StatusBadRequest || body["error"] != "invalid" {
				t.Fatalf("status %d %v, want 400 invalid", status, body)
			}
			details, _ := body["details"].([]any)
			found := false
			for _, d := range details {
				dm, _ := d.(map[string]any)
				if fmt.Sprint(dm["field"]) == tt.field && strings.Contains(fmt.Sprint(dm["message"]), tt.msg) ||
					tt.field == "" && strings.Contains(fmt.Sprint(dm["message"]), tt.msg) {
					found = true
				}
			}
			if !found {
				t.Errorf("details %v lack field %q with message containing %q", details, tt.field, tt.msg)
			}
		})
	}
	docs, err := ts.store.RawDocuments(context.Background(), "responses")
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 0 {
		t.Errorf("%d responses stored after only invalid submissions, want 0", len(docs))
	}
}

// allPairs returns every pair of the young-adults survey (45 > max 15).
func allPairs() []any {
	items := []string{"jobb-studier", "ma-bra", "vanner", "boende", "fritid", "tillit", "kommunen", "forsakringskassan", "arbetsformedlingen", "varden"}
	var out []any
	for i := range items {
		for k := i + 1; k < len(items); k++ {
			out = append(out, map[string]any{"a": items[i], "b": items[k], "value": 0})
		}
	}
	return out
}

// TestConcurrentDuplicates sends the same submission from many clients at
// once: exactly one is created, the rest are duplicates, counted once.
func TestConcurrentDuplicates(t *testing.T) {
	ts := startServer(t)
	ts.addCampaign(t, "OPEN234", true)
	body := mustJSON(validSubmission(uuid.NewString(), "OPEN234"))
	const clients = 12
	statuses := make(chan int, clients)
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := ts.Client().Post(ts.URL+"/api/v1/responses", "application/json", bytes.NewReader([]byte(body)))
			if err != nil {
				statuses <- 0
				return
			}
			resp.Body.Close()
			statuses <- resp.StatusCode
		}()
	}
	wg.Wait()
	close(statuses)
	count := map[int]int{}
	for s := range statuses {
		count[s]++
	}
	if count[201] != 1 || count[200] != clients-1 {
		t.Errorf("statuses %v, want one 201 and %d 200", count, clients-1)
	}
	docs, _ := ts.store.RawDocuments(context.Background(), "responses")
	c, _ := ts.store.Counters(context.Background(), collect.CounterID("OPEN234", response.GroupAll))
	if len(docs) != 1 || c["n"] != 1 {
		t.Errorf("stored %d responses, counter n=%d; want 1 and 1", len(docs), c["n"])
	}
	pending, _ := ts.store.RawDocuments(context.Background(), "pending")
	if len(pending) != 0 {
		t.Errorf("pending markers left after concurrent duplicates: %v", pending)
	}
}
