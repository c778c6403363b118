package store

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
)

// TestReviewSaveAfterCloseWriter: Close settles, closes the batcher and
// then marks the writer done (closeWriter) when nothing is left to count,
// before it disconnects. A SaveResponse that arrives between closeWriter
// and the disconnect (a request still running when the server's shutdown
// timed out) used to start a new group commit that registered the writer
// again (restarting its heartbeat goroutine, which then outlived Close),
// stored the response under the writer just marked done and acknowledged
// it as Created — but counting had ended, and a writer marked done is
// never rebuilt, so the response was stored and never counted. A closed
// store must store nothing more.
func TestReviewSaveAfterCloseWriter(t *testing.T) {
	ctx := context.Background()
	s := openInternal(t)
	r1 := Response{ID: "00000000-0000-4000-8000-00000000c101", Campaign: "RVC", SurveyID: "unga", Version: "v", Date: "2026-11-26", Hash: "h1"}
	r2 := Response{ID: "00000000-0000-4000-8000-00000000c102", Campaign: "RVC", SurveyID: "unga", Version: "v", Date: "2026-11-26", Hash: "h2"}
	incs := []CounterInc{{ID: "RVC|all", Fields: map[string]int64{"n": 1}}}
	if out, err := s.SaveResponse(ctx, r1, incs, nil); out != Created || err != nil {
		t.Fatalf("SaveResponse(r1) = %v, %v; want Created", out, err)
	}
	w := s.Writer()
	// What Close does before it disconnects.
	if err := s.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	s.batch.closeOnce.Do(func() { close(s.batch.closed) })
	s.closeWriter(ctx)
	rebuild, err := s.WritersToRebuild(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(rebuild, w) {
		t.Fatalf("after a clean closeWriter, %s is to be rebuilt; want it done", w)
	}
	out, err := s.SaveResponse(ctx, r2, incs, nil)
	s.writer.mu.Lock()
	restarted := s.writer.started
	s.writer.mu.Unlock()
	if restarted {
		t.Errorf("SaveResponse after closeWriter started the writer's heartbeats again; they outlive Close")
	}
	if out == Created {
		rebuild, _ := s.WritersToRebuild(ctx)
		t.Errorf("SaveResponse after closeWriter = Created (err %v), stored under writer %s, which is marked done (to rebuild: %v) and whose counting ended (shard n = %d): acknowledged and never counted",
			err, w, rebuild, s.rawShard(t, ShardID("RVC|all", w)))
	} else if !errors.Is(err, ErrUnavailable) {
		t.Errorf("SaveResponse after closeWriter = %v, %v; want ErrUnavailable", out, err)
	}
}

// TestReviewRetireDuringRegistration: ensureWriter reads the current
// writer W1, then registers W1's shards of the batch's campaigns. If W1
// is retired in between (a counting round of W1 failed) and RepairWriters
// lists W1's campaigns before the registration, the rebuild of W1 covers
// only the campaigns it listed and marks W1 done; the batch was then
// stored under W1 in a campaign the rebuild did not cover, its round
// failed W1's lease check (W1 is not current), and, W1 being done, no
// rebuild ever counted it: acknowledged, stored, never counted. The hook
// retires W1 and takes RepairWriters' list of W1's campaigns exactly in
// that window.
func TestReviewRetireDuringRegistration(t *testing.T) {
	ctx := context.Background()
	s := openInternal(t)
	r1 := Response{ID: "00000000-0000-4000-8000-00000000c201", Campaign: "RVA", SurveyID: "unga", Version: "v", Date: "2026-11-26", Hash: "h1"}
	r2 := Response{ID: "00000000-0000-4000-8000-00000000c202", Campaign: "RVB", SurveyID: "unga", Version: "v", Date: "2026-11-26", Hash: "h2"}
	incA := []CounterInc{{ID: "RVA|all", Fields: map[string]int64{"n": 1}}}
	incB := []CounterInc{{ID: "RVB|all", Fields: map[string]int64{"n": 1}}}
	if out, err := s.SaveResponse(ctx, r1, incA, nil); out != Created || err != nil {
		t.Fatalf("SaveResponse(r1) = %v, %v; want Created", out, err)
	}
	w1 := s.Writer()
	var listed []string
	var listErr error
	var once sync.Once
	s.writer.beforeRegister = func(id string, campaigns []string) {
		if id != w1 || !slices.Contains(campaigns, "RVB") {
			return
		}
		once.Do(func() {
			s.retireWriter(w1) // a round of W1 failed meanwhile
			// RepairWriters: W1 is to be rebuilt; its campaigns now.
			listed, listErr = s.WriterCampaigns(ctx, w1)
		})
	}
	out, err := s.SaveResponse(ctx, r2, incB, nil)
	s.writer.beforeRegister = nil
	if listErr != nil {
		t.Fatal(listErr)
	}
	// The rest of RepairWriters for W1: recount each listed campaign
	// (Settle, then replace W1's shards from its responses), mark W1 done.
	if err := s.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	for _, c := range listed {
		var incs []CounterInc
		err := s.StreamResponses(ctx, c, func(r Response) error {
			if r.Writer == w1 {
				incs = append(incs, CounterInc{ID: c + "|all", Fields: map[string]int64{"n": 1}})
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.ReplaceWriterCounters(ctx, c, w1, incs); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.MarkWriterDone(ctx, w1); err != nil {
		t.Fatal(err)
	}
	if out != Created {
		t.Logf("SaveResponse(r2) = %v, %v (not acknowledged)", out, err)
		return
	}
	stored, err := s.Response(ctx, r2.ID)
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.Counters(ctx, "RVB|all")
	if err != nil {
		t.Fatal(err)
	}
	rebuild, err := s.WritersToRebuild(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c["n"] != 1 && !slices.Contains(rebuild, stored.Writer) {
		t.Errorf("r2 acknowledged, stored under writer %s (W1 %s; rebuilt campaigns %v), counted %d times, and its writer is not to be rebuilt (%v): never counted",
			stored.Writer, w1, listed, c["n"], rebuild)
	}
}

// TestReviewShardCacheAfterDelete: DeleteCampaignData deletes the
// campaign's counter shard registrations, but this process's writer kept
// them in its cache (writerState.shards), so responses saved to a
// campaign made again with the same code (an archive restored after the
// deletion) were counted in shards no registration names: Counters,
// which sums the shards of the registered writers, never showed them,
// nor did a rebuild of the writer (WriterCampaigns) cover them.
func TestReviewShardCacheAfterDelete(t *testing.T) {
	ctx := context.Background()
	s := openInternal(t)
	incs := []CounterInc{{ID: "RVD|all", Fields: map[string]int64{"n": 1}}}
	r1 := Response{ID: "00000000-0000-4000-8000-00000000c301", Campaign: "RVD", SurveyID: "unga", Version: "v", Date: "2026-11-26", Hash: "h1"}
	r2 := Response{ID: "00000000-0000-4000-8000-00000000c302", Campaign: "RVD", SurveyID: "unga", Version: "v", Date: "2026-11-26", Hash: "h2"}
	if out, err := s.SaveResponse(ctx, r1, incs, nil); out != Created || err != nil {
		t.Fatalf("SaveResponse(r1) = %v, %v; want Created", out, err)
	}
	if _, err := s.DeleteCampaignData(ctx, "RVD"); err != nil {
		t.Fatal(err)
	}
	if out, err := s.SaveResponse(ctx, r2, incs, nil); out != Created || err != nil {
		t.Fatalf("SaveResponse(r2) = %v, %v; want Created", out, err)
	}
	c, err := s.Counters(ctx, "RVD|all")
	if err != nil {
		t.Fatal(err)
	}
	if c["n"] != 1 {
		t.Errorf("Counters(RVD|all) after the campaign was deleted and one response saved again = %v; want n = 1", c)
	}
	camps, err := s.WriterCampaigns(ctx, s.Writer())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(camps, "RVD") {
		t.Errorf("WriterCampaigns(current writer) = %v; want RVD (a rebuild of the writer would not cover it)", camps)
	}
}
