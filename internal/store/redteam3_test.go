package store

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"
)

// TestRedteam3SettleCoversGivenUp: Settle must cover every response handed
// to SaveResponse before the call, also one whose caller gave up (its
// context ended) while the response still waited to be stored. Recount
// and DeleteCampaignData Settle under the campaign lock and then read or
// delete the responses: a response of a request that timed out (and so
// released the campaign lock) but is inserted after Settle returned was
// counted twice by a recount (once from its document, once by its round)
// and outlived a campaign's deletion. The first response's counting round
// is held back by its shard's document lock; the second response is held
// before its insert by the batcher's test hook.
func TestRedteam3SettleCoversGivenUp(t *testing.T) {
	ctx := context.Background()
	s := openInternal(t)
	if s.locks == nil {
		t.Skip("the store is MongoDB: no document locks to hold the counting round back with")
	}
	r1 := Response{ID: "00000000-0000-4000-8000-00000000b301", Campaign: "RT3", SurveyID: "unga", Version: "v", Date: "2026-11-26", Hash: "h1"}
	r2 := Response{ID: "00000000-0000-4000-8000-00000000b302", Campaign: "RT3", SurveyID: "unga", Version: "v", Date: "2026-11-26", Hash: "h2"}
	inc1 := []CounterInc{{ID: "RT3|all", Fields: map[string]int64{"n": 1}}}
	inc2 := []CounterInc{{ID: "RT3|all", Fields: map[string]int64{"n": 1}}, {ID: "RT3|solo", Fields: map[string]int64{"n": 1}}}

	w := s.Writer()
	unlockAll := s.lockDoc(ShardID("RT3|all", w))
	if out, err := s.SaveResponse(ctx, r1, inc1, nil); out != Created || err != nil {
		unlockAll()
		t.Fatalf("SaveResponse(r1) = %v, %v; want Created", out, err)
	}
	// r2 is held before its insert; its caller gives up.
	held, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	s.batch.beforeInsert = func(batch []*pendingSave) {
		for _, p := range batch {
			if p.doc.ID == r2.ID {
				once.Do(func() { close(held) })
				<-release
			}
		}
	}
	releaseOnce := sync.OnceFunc(func() { close(release) })
	defer releaseOnce()
	short, cancel := context.WithCancel(ctx)
	gaveUp := make(chan error, 1)
	go func() {
		_, err := s.SaveResponse(short, r2, inc2, nil)
		gaveUp <- err
	}()
	<-held
	cancel()
	if err := <-gaveUp; !errors.Is(err, context.Canceled) {
		unlockAll()
		t.Fatalf("SaveResponse(r2) with its context cancelled = %v; want context.Canceled", err)
	}
	// What Recount does under the campaign lock: Settle, then read.
	settled := make(chan error, 1)
	go func() { settled <- s.Settle(ctx) }()
	time.Sleep(100 * time.Millisecond)
	unlockAll()
	select {
	case err := <-settled:
		got := s.rawShard(t, ShardID("RT3|solo", w))
		t.Fatalf("Settle returned (%v) with r2 handed to SaveResponse before it still unstored (its counter = %d): a recount now misses r2 and its round adds it later; a deletion leaves it behind", err, got)
	case <-time.After(time.Second):
	}
	releaseOnce()
	if err := <-settled; err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]int64{"RT3|all": 2, "RT3|solo": 1} {
		if got := s.rawShard(t, ShardID(id, w)); got != want {
			t.Errorf("after Settle, shard %s n = %d; want %d", id, got, want)
		}
	}
}

// rawShard reads a counter shard's n without Settle.
func (s *Store) rawShard(t *testing.T, id string) int64 {
	t.Helper()
	out := map[string]int64{}
	raw, err := s.db.Collection(colCounters).FindOne(context.Background(), map[string]string{"_id": id}).Raw()
	if err != nil {
		return 0
	}
	if err := addFields(out, raw); err != nil {
		t.Fatal(err)
	}
	return out["n"]
}

// TestRedteam3RetiredWriterPendingRound: a response is acknowledged under
// writer W1 and its counting round is under way when W1 is retired (a
// later write failed); RepairWriters then rebuilds W1 from its responses
// as Recount does: Settle, then replace W1's shards. The round that was
// under way must be over before the replacement, or it adds the response
// a second time on top of the rebuilt shards. The round is held inside by
// the lock of a second counter the response increments.
func TestRedteam3RetiredWriterPendingRound(t *testing.T) {
	ctx := context.Background()
	s := openInternal(t)
	if s.locks == nil {
		t.Skip("the store is MongoDB: no document locks to hold the counting round back with")
	}
	r := Response{ID: "00000000-0000-4000-8000-00000000b311", Campaign: "RT3R", SurveyID: "unga", Version: "v", Date: "2026-11-26", Hash: "h"}
	incs := []CounterInc{{ID: "RT3R|all", Fields: map[string]int64{"n": 1}}, {ID: "RT3R|zz", Fields: map[string]int64{"n": 1}}}
	w1 := s.Writer()
	unlock := s.lockDoc(ShardID("RT3R|zz", w1))
	if out, err := s.SaveResponse(ctx, r, incs, nil); out != Created || err != nil {
		unlock()
		t.Fatalf("SaveResponse = %v, %v; want Created", out, err)
	}
	time.Sleep(300 * time.Millisecond) // the round is past its lease check, waiting for the lock
	s.retireWriter(w1)
	rebuild, err := s.WritersToRebuild(ctx)
	if err != nil || !slices.Contains(rebuild, w1) {
		unlock()
		t.Fatalf("WritersToRebuild = %v, %v; want the retired %s", rebuild, err, w1)
	}
	rebuilt := make(chan error, 1)
	go func() {
		if err := s.Settle(ctx); err != nil {
			rebuilt <- err
			return
		}
		rebuilt <- s.ReplaceWriterCounters(ctx, "RT3R", w1, incs)
	}()
	time.Sleep(100 * time.Millisecond)
	unlock()
	if err := <-rebuilt; err != nil {
		t.Fatal(err)
	}
	if err := s.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"RT3R|all", "RT3R|zz"} {
		if got := s.rawShard(t, ShardID(id, w1)); got != 1 {
			t.Errorf("W1's shard %s after the rebuild and the round = %d; want 1 (counted once)", id, got)
		}
	}
}

// TestRedteam3DoneWriterRetiredHere: this process stalls past its lease
// (a paused VM) after acknowledging a response under W1 and before its
// round; another process takes W1 for dead, rebuilds it from the
// responses it saw and marks it done. If the response was inserted after
// that rebuild, W1's round then fails its lease check and W1 is retired
// here — and only a rebuild by this process counts the response. So a
// writer retired here stays to be rebuilt even when another process
// marked it done.
func TestRedteam3DoneWriterRetiredHere(t *testing.T) {
	ctx := context.Background()
	s := openInternal(t)
	r := Response{ID: "00000000-0000-4000-8000-00000000b321", Campaign: "RT3D", SurveyID: "unga", Version: "v", Date: "2026-11-26", Hash: "h"}
	if out, err := s.SaveResponse(ctx, r, []CounterInc{{ID: "RT3D|all", Fields: map[string]int64{"n": 1}}}, nil); out != Created || err != nil {
		t.Fatalf("SaveResponse = %v, %v; want Created", out, err)
	}
	w1 := s.Writer()
	// Another process marks W1 done (its own record, not this process's).
	if _, err := s.db.Collection(colWriters).InsertOne(ctx, map[string]string{"_id": "done:" + w1}); err != nil {
		t.Fatal(err)
	}
	s.retireWriter(w1)
	got, err := s.WritersToRebuild(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(got, w1) {
		t.Errorf("WritersToRebuild = %v; want %s, retired here after another process marked it done", got, w1)
	}
	if err := s.MarkWriterDone(ctx, w1); err != nil {
		t.Fatal(err)
	}
	if got, err := s.WritersToRebuild(ctx); err != nil || slices.Contains(got, w1) {
		t.Errorf("after this process rebuilt it, WritersToRebuild = %v, %v; want no %s", got, err, w1)
	}
}
