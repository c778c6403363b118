package web_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
)

// TestConcurrentResultsAndCharts reads results and charts of one campaign
// from many staff clients while respondents answer it: every read
// succeeds, the results cache and the chart cache are shared safely, and
// at the end the results count every answer once it is released (run
// with -race: make race).
func TestConcurrentResultsAndCharts(t *testing.T) {
	f := newStaffFixture(t)
	seededResults(t, f) // 30 answers
	const readers, rounds, answers = 4, 2, 6
	fetch := func(method, path, body string) (int, string, error) {
		req, _ := http.NewRequest(method, f.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+f.tokens["group@a.se"])
		resp, err := f.Client().Do(req)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), err
	}
	paths := []string{
		"/api/v1/campaigns/GRUMS34/results",
		"/api/v1/campaigns/GRUMS34/results?method=score",
		"/api/v1/campaigns/GRUMS34/chart.svg",
		"/api/v1/campaigns/GRUMS34/chart.svg?kind=groups",
		"/api/v1/surveys/unga-vuxna/results",
	}
	var wg sync.WaitGroup
	for r := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range rounds * len(paths) {
				p := paths[(r+i)%len(paths)]
				if status, body, err := fetch("GET", p, ""); err != nil || status != 200 {
					t.Errorf("reader %d: GET %s = %d %.200q, %v; want 200", r, p, status, body, err)
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range answers {
			body := mustJSON(validSubmission(uuid.NewString(), "GRUMS34"))
			if status, resp, err := fetch("POST", "/api/v1/responses", body); err != nil || status != 201 {
				t.Errorf("answer %d: POST = %d %s, %v; want 201", i, status, resp, err)
			}
		}
	}()
	wg.Wait()
	status, body, err := fetch("GET", "/api/v1/campaigns/GRUMS34/results", "")
	var r resultJSON
	if err != nil || status != 200 || json.Unmarshal([]byte(body), &r) != nil {
		t.Fatalf("results after the answers = %d %.200q, %v", status, body, err)
	}
	if r.Respondents == nil || *r.Respondents != 30 {
		t.Errorf("respondents = %s, want 30: today's answers are not released", fmtCount(r.Respondents))
	}
	f.later(8) // today's answers form a batch of their own (internal/release)
	if status, body, err = fetch("GET", "/api/v1/campaigns/GRUMS34/results", ""); err != nil || status != 200 || json.Unmarshal([]byte(body), &r) != nil {
		t.Fatalf("results a week later = %d %.200q, %v", status, body, err)
	}
	if r.Respondents == nil || *r.Respondents != 30+answers {
		t.Errorf("respondents a week later = %s, want %d", fmtCount(r.Respondents), 30+answers)
	}
}

func fmtCount(n *int64) string {
	if n == nil {
		return "nil"
	}
	return fmt.Sprint(*n)
}
