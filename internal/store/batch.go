package store

import (
	"context"
	"sort"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// counterBatch is a group commit of counter increments: while one batch is
// being written, the increments of the responses that arrive meanwhile are
// summed, and then written with one update per counter document and one
// delete of their pending markers. Each response's writer waits until the
// batch holding its increments is written, so a response is acknowledged
// only once counted. Under load this turns hundreds of updates of a
// campaign's counters into a few; alone, a response is written at once.
type counterBatch struct {
	mu      sync.Mutex
	incs    map[string]map[string]int64 // counter document id -> field -> sum
	camp    map[string]string           // counter document id -> campaign
	markers []string
	waiters []chan error
	running bool
}

// commitCounters adds incs and the response's pending marker to the next
// batch and waits until it is written.
func (s *Store) commitCounters(ctx context.Context, campaign, marker string, incs []CounterInc) error {
	b := &s.batch
	ch := make(chan error, 1)
	b.mu.Lock()
	if b.incs == nil {
		b.incs, b.camp = map[string]map[string]int64{}, map[string]string{}
	}
	for _, inc := range incs {
		m := b.incs[inc.ID]
		if m == nil {
			m = map[string]int64{}
			b.incs[inc.ID] = m
			b.camp[inc.ID] = campaign
		}
		for f, v := range inc.Fields {
			m[f] += v
		}
	}
	b.markers = append(b.markers, marker)
	b.waiters = append(b.waiters, ch)
	start := !b.running
	b.running = true
	b.mu.Unlock()
	if start {
		go s.flushBatches()
	}
	select {
	case err := <-ch:
		return err
	case <-ctx.Done():
		// The batch is still written; the client will retry and be told
		// its response is stored.
		return ctx.Err()
	}
}

// flushBatches writes batches until no response waits.
func (s *Store) flushBatches() {
	b := &s.batch
	for {
		b.mu.Lock()
		if len(b.waiters) == 0 {
			b.running = false
			b.mu.Unlock()
			return
		}
		incs, camp, markers, waiters := b.incs, b.camp, b.markers, b.waiters
		b.incs, b.camp, b.markers, b.waiters = nil, nil, nil, nil
		b.mu.Unlock()
		err := s.writeBatch(incs, camp, markers)
		for _, w := range waiters {
			w <- err
		}
	}
}

// writeBatch applies one batch. A failure leaves the markers, so the
// campaigns are recounted (see collect.RepairPending).
func (s *Store) writeBatch(incs map[string]map[string]int64, camp map[string]string, markers []string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ids := make([]string, 0, len(incs))
	for id := range incs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if err := s.applyCounters(ctx, camp[id], []CounterInc{{ID: id, Fields: incs[id]}}); err != nil {
			return err
		}
	}
	if _, err := s.db.Collection(colPending).DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: markers}}}}); err != nil {
		return wrapErr(err)
	}
	return nil
}
