package collect_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/store/storetest"
	"github.com/vfv/vfv/internal/survey"
)

func setup(t *testing.T) (*collect.Service, *store.Store, *survey.Survey) {
	t.Helper()
	ctx := context.Background()
	surveys, err := survey.LoadDir("../../surveys")
	if err != nil {
		t.Fatal(err)
	}
	st := storetest.Open(t)
	sv := surveys[1]
	if err := st.CreateCampaign(ctx, store.Campaign{Code: "CAMP777", SurveyID: sv.ID, Open: true, Lang: "sv", Name: "x", Site: "y"}); err != nil {
		t.Fatal(err)
	}
	return collect.New(st, surveys, nil), st, sv
}

// randomSubmission answers sv at random.
func randomSubmission(rng *rand.Rand, sv *survey.Survey) response.Submission {
	sub := response.Submission{ID: uuid.NewString(), Campaign: "CAMP777", Lang: sv.Languages[rng.IntN(len(sv.Languages))], Background: map[string]string{}}
	for _, q := range sv.Background {
		if rng.IntN(5) > 0 {
			sub.Background[q.ID] = q.Answers[rng.IntN(len(q.Answers))].ID
		}
	}
	perm := rng.Perm(len(sv.Items))
	for i := 0; i+1 < len(perm) && len(sub.Judgments) < sv.PairsPerRespondent(); i += 2 {
		j := response.Judgment{A: sv.Items[perm[i]].ID, B: sv.Items[perm[i+1]].ID}
		if rng.IntN(6) == 0 {
			j.Skip = true
		} else {
			v := rng.IntN(2*sv.Scale.Steps+1) - sv.Scale.Steps
			j.Value = &v
		}
		sub.Judgments = append(sub.Judgments, j)
	}
	if rng.IntN(3) == 0 {
		sub.Story = "Jag vill ha ett jobb."
	}
	return sub
}

func counters(t *testing.T, st *store.Store, sv *survey.Survey) map[string]map[string]int64 {
	t.Helper()
	out := map[string]map[string]int64{}
	ids := []string{response.GroupAll}
	for _, g := range sv.Groups {
		ids = append(ids, response.GroupKey(g.ID))
	}
	for _, g := range ids {
		c, err := st.Counters(context.Background(), collect.CounterID("CAMP777", g))
		if err != nil {
			t.Fatal(err)
		}
		out[g] = c
	}
	return out
}

// TestCountersEqualRecount submits a randomised stream with duplicates,
// retries and conflicting reuses of ids, then checks the incremental
// counters equal a full recount from the stored responses.
func TestCountersEqualRecount(t *testing.T) {
	svc, st, sv := setup(t)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	var sent []response.Submission
	created := 0
	for i := 0; i < 120; i++ {
		var sub response.Submission
		switch r := rng.IntN(10); {
		case r < 2 && len(sent) > 0: // a retry of an earlier one
			sub = sent[rng.IntN(len(sent))]
		case r < 3 && len(sent) > 0: // an id reused with other content
			sub = randomSubmission(rng, sv)
			sub.ID = sent[rng.IntN(len(sent))].ID
		default:
			sub = randomSubmission(rng, sv)
		}
		out, err := svc.Submit(ctx, sub)
		if err != nil {
			t.Fatalf("submission %d: %v", i, err)
		}
		if out == store.Created {
			created++
			sent = append(sent, sub)
		}
	}
	before := counters(t, st, sv)
	if before[response.GroupAll]["n"] != int64(created) {
		t.Fatalf("n = %d, want %d created", before[response.GroupAll]["n"], created)
	}
	n, err := svc.Recount(ctx, "CAMP777")
	if err != nil || n != created {
		t.Fatalf("Recount = %d, %v; want %d", n, err, created)
	}
	after := counters(t, st, sv)
	if !reflect.DeepEqual(before, after) {
		t.Errorf("incremental counters differ from the recount:\nincremental %v\nrecount     %v", before, after)
	}
}

// TestConcurrentSubmitAndRecount: submissions from many clients at once,
// with recounts running among them, are each counted exactly once: the
// counters equal a final recount and the number created (run with -race:
// make race).
func TestConcurrentSubmitAndRecount(t *testing.T) {
	svc, st, sv := setup(t)
	ctx := context.Background()
	const clients, each = 6, 8
	var created atomic.Int64
	var wg sync.WaitGroup
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(c), 7))
			for i := range each {
				sub := randomSubmission(rng, sv)
				for range 2 { // the second is a client's retry: a duplicate
					out, err := svc.Submit(ctx, sub)
					if err != nil {
						t.Errorf("client %d, submission %d: %v", c, i, err)
						return
					}
					if out == store.Created {
						created.Add(1)
					}
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range 3 {
			if _, err := svc.Recount(ctx, "CAMP777"); err != nil {
				t.Errorf("recount among submissions: %v", err)
			}
		}
	}()
	wg.Wait()
	if got := created.Load(); got != clients*each {
		t.Fatalf("%d created, want %d (each submission once, its retry a duplicate)", got, clients*each)
	}
	before := counters(t, st, sv)
	if before[response.GroupAll]["n"] != clients*each {
		t.Errorf("n = %d, want %d", before[response.GroupAll]["n"], clients*each)
	}
	if n, err := svc.Recount(ctx, "CAMP777"); err != nil || n != clients*each {
		t.Fatalf("Recount = %d, %v; want %d", n, err, clients*each)
	}
	if after := counters(t, st, sv); !reflect.DeepEqual(before, after) {
		t.Errorf("counters differ from the recount:\nbefore %v\nrecount %v", before, after)
	}
}

// TestRepairPending simulates a crash after a response was stored but
// before its counters: the start-up repair recounts the campaign.
func TestRepairPending(t *testing.T) {
	svc, st, sv := setup(t)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 4))
	for range 5 {
		if _, err := svc.Submit(ctx, randomSubmission(rng, sv)); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Settle(ctx); err != nil { // the five are counted
		t.Fatal(err)
	}
	// The crash: a response and its marker are stored, its counters not.
	orphan := store.Response{ID: uuid.NewString(), Campaign: "CAMP777", SurveyID: sv.ID, Version: sv.Version, Date: "2026-11-26", Hash: "x",
		Judgments: []store.Judgment{{A: sv.Items[0].ID, B: sv.Items[1].ID, Value: 1}}}
	// Its counting fails after it is stored (and acknowledged).
	if _, err := st.SaveResponse(ctx, orphan, []store.CounterInc{{ID: "CAMP777|all", Fields: map[string]int64{"$crash": 1}}}, nil); err != nil {
		t.Fatal(err)
	}
	if err := st.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	if c := counters(t, st, sv)[response.GroupAll]["n"]; c != 5 {
		t.Fatalf("n = %d before repair, want 5", c)
	}
	if err := svc.RepairPending(ctx); err != nil {
		t.Fatal(err)
	}
	if c := counters(t, st, sv)[response.GroupAll]["n"]; c != 6 {
		t.Errorf("n = %d after repair, want 6", c)
	}
	if p, _ := st.PendingCampaigns(ctx); len(p) != 0 {
		t.Errorf("pending after repair: %v", p)
	}
}

func TestSubmitErrors(t *testing.T) {
	svc, st, sv := setup(t)
	ctx := context.Background()
	sub := randomSubmission(rand.New(rand.NewPCG(5, 6)), sv)
	sub.Version = "0000"
	var inv *collect.InvalidError
	if _, err := svc.Submit(ctx, sub); !errors.As(err, &inv) || inv.Problems[0].Field != "version" {
		t.Errorf("unknown version: %v, want an invalid version problem", err)
	}
	if err := st.SetCampaignOpen(ctx, "CAMP777", false); err != nil {
		t.Fatal(err)
	}
	sub.Version = ""
	if _, err := svc.Submit(ctx, sub); !errors.Is(err, collect.ErrClosed) {
		t.Errorf("closed campaign: %v, want ErrClosed", err)
	}
}

// TestRetention: answers older than keep_days lose their text, newer keep
// it, and the deletion is in the audit log; deleting an open campaign is
// refused, a closed one is deleted.
func TestRetention(t *testing.T) {
	svc, st, sv := setup(t)
	ctx := context.Background()
	if sv.Story == nil || sv.Story.KeepDays != 730 {
		t.Fatalf("the example survey should keep stories 730 days, has %+v", sv.Story)
	}
	rng := rand.New(rand.NewPCG(8, 9))
	day := time.Date(2024, 1, 10, 12, 0, 0, 0, time.UTC)
	svc.SetClock(func() time.Time { return day })
	old := randomSubmission(rng, sv)
	old.Story = "gammal berättelse"
	if _, err := svc.Submit(ctx, old); err != nil {
		t.Fatal(err)
	}
	day = time.Date(2026, 1, 5, 12, 0, 0, 0, time.UTC)
	recent := randomSubmission(rng, sv)
	recent.Story = "ny berättelse"
	if _, err := svc.Submit(ctx, recent); err != nil {
		t.Fatal(err)
	}
	day = time.Date(2026, 1, 20, 12, 0, 0, 0, time.UTC) // old is 741 days old
	n, err := svc.ApplyRetention(ctx)
	if err != nil || n != 1 {
		t.Fatalf("ApplyRetention = %d, %v; want 1", n, err)
	}
	if r, _ := st.Response(ctx, old.ID); r.Story != "" {
		t.Errorf("old story kept: %q", r.Story)
	}
	if r, _ := st.Response(ctx, recent.ID); r.Story != "ny berättelse" {
		t.Errorf("recent story lost: %q", r.Story)
	}
	log, _ := st.AuditLog(ctx, "", 10)
	if len(log) == 0 || log[0].Action != "retention.stories" || log[0].Actor != "system" {
		t.Errorf("audit log = %+v, want a retention entry", log)
	}
	if _, err := svc.DeleteCampaign(ctx, "CAMP777", "anna@x.se"); !errors.Is(err, collect.ErrOpen) {
		t.Errorf("deleting an open campaign: %v, want ErrOpen", err)
	}
	_ = st.SetCampaignOpen(ctx, "CAMP777", false)
	if n, err := svc.DeleteCampaign(ctx, "CAMP777", "anna@x.se"); err != nil || n != 2 {
		t.Errorf("DeleteCampaign = %d, %v; want 2", n, err)
	}
}

// TestRunRepair: a write whose counters failed is recounted by the
// periodic repair, without a restart.
func TestRunRepair(t *testing.T) {
	svc, st, sv := setup(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	orphan := store.Response{ID: uuid.NewString(), Campaign: "CAMP777", SurveyID: sv.ID, Version: sv.Version, Date: "2026-11-26", Hash: "x",
		Judgments: []store.Judgment{{A: sv.Items[0].ID, B: sv.Items[1].ID, Value: 1}}}
	// Its counting fails after it is stored (and acknowledged).
	if _, err := st.SaveResponse(ctx, orphan, []store.CounterInc{{ID: "CAMP777|all", Fields: map[string]int64{"$crash": 1}}}, nil); err != nil {
		t.Fatal(err)
	}
	if err := st.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	go svc.RunRepair(ctx, 50*time.Millisecond)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if c := counters(t, st, sv)[response.GroupAll]["n"]; c == 1 {
			if n, _ := st.PendingCount(ctx); n == 0 {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the periodic repair did not recount the campaign")
}
