package store

import (
	"context"
	"testing"
	"time"
)

// TestAckBeforeCount: a response is acknowledged once its document is
// stored, without waiting for its counting round (which is what lets the
// group commit answer at least as fast as one-by-one inserts), and yet
// this process never shows counters without it: Counters waits for the
// round (Settle). The round is held back by holding the shard's document
// lock, which the counting round takes.
func TestAckBeforeCount(t *testing.T) {
	ctx := context.Background()
	s := openInternal(t)
	if s.locks == nil {
		t.Skip("the store is MongoDB: no document locks to hold the counting round back with")
	}
	r := Response{ID: "00000000-0000-4000-8000-00000000ac01", Campaign: "ACK1", SurveyID: "unga", Version: "v", Date: "2026-11-26", Hash: "h"}
	incs := []CounterInc{{ID: "ACK1|all", Fields: map[string]int64{"n": 1}}}

	unlock := s.lockDoc(ShardID("ACK1|all", s.Writer()))
	type saved struct {
		out Outcome
		err error
	}
	done := make(chan saved, 1)
	go func() {
		out, err := s.SaveResponse(ctx, r, incs, nil)
		done <- saved{out, err}
	}()
	select {
	case got := <-done:
		if got.out != Created || got.err != nil {
			t.Fatalf("SaveResponse = %v, %v; want Created", got.out, got.err)
		}
	case <-time.After(20 * time.Second):
		unlock()
		t.Fatal("SaveResponse waited for its counting round; it should be answered once the document is stored")
	}
	if _, err := s.Response(ctx, r.ID); err != nil {
		t.Fatalf("the acknowledged response is not stored: %v", err)
	}
	short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	c, err := s.Counters(short, "ACK1|all")
	cancel()
	if err == nil {
		t.Errorf("Counters answered %v while the acknowledged response was not counted yet; it should wait for the round", c)
	}
	unlock()
	if c, err := s.Counters(ctx, "ACK1|all"); err != nil || c["n"] != 1 {
		t.Errorf("Counters after the round = %v, %v; want n = 1", c, err)
	}
}
