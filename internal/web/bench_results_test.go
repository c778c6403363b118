package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vfv/vfv/internal/account"
	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
	"github.com/vfv/vfv/internal/web"
)

// benchCampaign is a campaign with 100,000 respondents × 15 judgments on
// the embedded store, built once for all results benchmarks.
var benchCampaign struct {
	once    sync.Once
	st      *store.Store
	surveys []*survey.Survey
	col     *collect.Service
	token   string
	err     error
}

const benchRespondents = 100_000

func setupBenchCampaign(b *testing.B) {
	benchCampaign.once.Do(func() {
		ctx := context.Background()
		dir, err := tempDir()
		if err != nil {
			benchCampaign.err = err
			return
		}
		surveys, err := survey.LoadDir("../../surveys")
		if err != nil {
			benchCampaign.err = err
			return
		}
		st, err := store.Open(ctx, store.Options{DataDir: dir, Role: store.RoleServe})
		if err != nil {
			benchCampaign.err = err
			return
		}
		benchCampaign.st, benchCampaign.surveys = st, surveys
		benchCampaign.err = seedBench(ctx, st, surveys)
	})
	if benchCampaign.err != nil {
		b.Fatal(benchCampaign.err)
	}
}

func seedBench(ctx context.Context, st *store.Store, surveys []*survey.Survey) error {
	var sv *survey.Survey
	for _, s := range surveys {
		if s.ID == "unga-vuxna" {
			sv = s
		}
	}
	if err := st.CreateProject(ctx, store.Project{ID: "bench", Name: "Bench", Surveys: []string{}}); err != nil {
		return err
	}
	if err := st.CreateCampaign(ctx, store.Campaign{Code: "BENCH77", SurveyID: sv.ID, ProjectID: "bench", Name: "B", Site: "S", Open: true, Lang: "sv"}); err != nil {
		return err
	}
	if _, err := account.AddUser(ctx, st, store.User{Email: "group@bench.se", Roles: map[string]string{"bench": "group"}}, testPassword); err != nil {
		return err
	}
	secret, _, err := account.NewToken(ctx, st, "group@bench.se", "bench", time.Now(), 90)
	if err != nil {
		return err
	}
	benchCampaign.token = secret
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Now()
	batch := make([]store.Response, 0, 5000)
	for r := 0; r < benchRespondents; r++ {
		resp := store.Response{ID: uuid.NewString(), Campaign: "BENCH77", SurveyID: sv.ID, Version: sv.Version, Date: "2026-11-26", Lang: "sv", Hash: "h",
			Background: map[string]string{}}
		for _, q := range sv.Background {
			resp.Background[q.ID] = q.Answers[rng.IntN(len(q.Answers))].ID
		}
		for _, p := range rng.Perm(sv.NumPairs())[:sv.PairsPerRespondent()] {
			i, j := pairIndex(len(sv.Items), p)
			resp.Judgments = append(resp.Judgments, store.Judgment{A: sv.Items[i].ID, B: sv.Items[j].ID, Value: rng.IntN(5) - 2})
		}
		batch = append(batch, resp)
		if len(batch) == cap(batch) {
			if _, err := st.ImportResponses(ctx, batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	col := collect.New(st, surveys, nil)
	benchCampaign.col = col
	if n, err := col.Recount(ctx, "BENCH77"); err != nil || n != benchRespondents {
		return fmt.Errorf("recount = %d, %v", n, err)
	}
	fmt.Printf("seeded %d respondents × %d judgments (import and recount) in %v\n", benchRespondents, sv.PairsPerRespondent(), time.Since(start).Round(time.Millisecond))
	return nil
}

// benchGet gets results and returns their ci_status.
func benchGet(b *testing.B, url string) string {
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+benchCampaign.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	var r struct {
		Respondents *int64
		CIStatus    string `json:"ci_status"`
	}
	err = json.NewDecoder(resp.Body).Decode(&r)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 || r.Respondents == nil || *r.Respondents != benchRespondents {
		b.Fatalf("results = %d %v", resp.StatusCode, err)
	}
	return r.CIStatus
}

// benchIntervals asks for results at url until their respondent-level
// intervals are computed (in the background, then kept in the store).
func benchIntervals(b *testing.B, url string) {
	for deadline := time.Now().Add(10 * time.Minute); benchGet(b, url) != "current"; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			b.Fatal("intervals not computed in 10 minutes")
		}
	}
}

func newBenchServer(b *testing.B) *httptest.Server {
	srv, err := web.New(web.Deps{Store: benchCampaign.st, Collect: benchCampaign.col, Surveys: benchCampaign.surveys})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	b.Cleanup(ts.Close)
	return ts
}

// BenchmarkResultsAPI measures GET /api/v1/campaigns/{code}/results for a
// campaign of 100,000 respondents × 15 judgments on the embedded store:
// cold (a fresh server, nothing cached in memory; the respondent-level
// intervals computed before are read from the store) and warm (cached
// per data version).
func BenchmarkResultsAPI(b *testing.B) {
	setupBenchCampaign(b)
	benchIntervals(b, newBenchServer(b).URL+"/api/v1/campaigns/BENCH77/results")
	for _, method := range []string{"bt", "ahp"} {
		b.Run("cold/"+method, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				ts := newBenchServer(b)
				b.StartTimer()
				if st := benchGet(b, ts.URL+"/api/v1/campaigns/BENCH77/results?method="+method); st != "current" {
					b.Fatalf("cold: ci_status %q, want the stored intervals (current)", st)
				}
			}
		})
		b.Run("warm/"+method, func(b *testing.B) {
			ts := newBenchServer(b)
			benchGet(b, ts.URL+"/api/v1/campaigns/BENCH77/results?method="+method)
			for b.Loop() {
				benchGet(b, ts.URL+"/api/v1/campaigns/BENCH77/results?method="+method)
			}
		})
	}
}

// BenchmarkIntervals measures the background computation of the
// respondent-level intervals of a new scope of the 100,000 respondents
// (each run another period, so nothing is reused): streaming the released
// responses, the sample, every shown set's sandwich intervals and
// consistency, each group against the rest, and storing it — timed from
// the first request (which answers at once, "computing") until a request
// shows them.
func BenchmarkIntervals(b *testing.B) {
	setupBenchCampaign(b)
	ts := newBenchServer(b)
	day := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	for b.Loop() {
		day = day.AddDate(0, 0, -1)
		url := ts.URL + "/api/v1/campaigns/BENCH77/results?from=" + day.Format(time.DateOnly)
		start := time.Now()
		if st := benchGet(b, url); st != "computing" {
			b.Fatalf("first request: ci_status %q, want computing", st)
		}
		b.ReportMetric(float64(time.Since(start).Milliseconds()), "ms-first-request")
		benchIntervals(b, url)
	}
}

// BenchmarkBootstrapJob measures a 200-resample bootstrap over the
// 100,000 respondents: reading them from the store and resampling.
func BenchmarkBootstrapJob(b *testing.B) {
	setupBenchCampaign(b)
	ts := newBenchServer(b)
	for b.Loop() {
		req, _ := http.NewRequest("POST", ts.URL+"/api/v1/campaigns/BENCH77/jobs", jsonBody(`{"kind":"bootstrap","resamples":200}`))
		req.Header.Set("Authorization", "Bearer "+benchCampaign.token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		var job struct{ ID, State string }
		_ = json.NewDecoder(resp.Body).Decode(&job)
		resp.Body.Close()
		for job.State != "done" {
			if job.State == "failed" {
				b.Fatal("bootstrap job failed")
			}
			time.Sleep(100 * time.Millisecond)
			req, _ := http.NewRequest("GET", ts.URL+"/api/v1/jobs/"+job.ID, nil)
			req.Header.Set("Authorization", "Bearer "+benchCampaign.token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			_ = json.NewDecoder(resp.Body).Decode(&job)
			resp.Body.Close()
		}
	}
}

func jsonBody(s string) *strings.Reader { return strings.NewReader(s) }

// tempDir makes a directory for the benchmark store (benchmarks share one
// across sub-benchmarks, so b.TempDir, removed per benchmark, won't do).
func tempDir() (string, error) { return os.MkdirTemp("", "vfv-bench-") }
