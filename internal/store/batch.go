package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// maxBatch bounds the responses of one group commit.
const maxBatch = 500

// pendingSave is one response waiting in the group commit.
type pendingSave struct {
	doc   responseDoc
	incs  []CounterInc
	story *Story
	done  chan saveResult
}

// saveResult is what the group commit did with one response: Created
// (stored and counted), dup (the id was stored before: the caller tells
// Duplicate from Conflict), or an error.
type saveResult struct {
	created bool
	dup     bool
	err     error
}

// writeBatcher is the group commit of responses: while one batch is being
// written, the responses that arrive meanwhile queue, and are then
// written together — one unordered InsertMany of the responses, their
// stories, and one $inc per counter shard of the summed increments. Each
// response's request waits until the batch holding it is written, so it
// is acknowledged only once its own document is durable and counted.
// Under load this turns hundreds of inserts and updates into a few;
// alone, a response is written at once.
type writeBatcher struct {
	mu      sync.Mutex
	queue   []*pendingSave
	running bool
}

// enqueue adds a response to the next batch and waits for its result.
func (s *Store) enqueue(ctx context.Context, p *pendingSave) saveResult {
	b := &s.batch
	p.done = make(chan saveResult, 1)
	b.mu.Lock()
	b.queue = append(b.queue, p)
	start := !b.running
	b.running = true
	b.mu.Unlock()
	if start {
		go s.flushBatches()
	}
	select {
	case r := <-p.done:
		return r
	case <-ctx.Done():
		// The batch is still written; the client will retry and be told
		// its response is stored.
		return saveResult{err: ctx.Err()}
	}
}

// flushBatches writes batches until no response waits.
func (s *Store) flushBatches() {
	b := &s.batch
	for {
		b.mu.Lock()
		if len(b.queue) == 0 {
			b.running = false
			b.mu.Unlock()
			return
		}
		n := min(len(b.queue), maxBatch)
		batch := b.queue[:n:n]
		b.queue = b.queue[n:]
		b.mu.Unlock()
		results := s.writeBatch(batch)
		for i, p := range batch {
			p.done <- results[i]
		}
	}
}

// writeBatch stores one batch: responses first, then the stories and the
// counters of those that were new. Any failure after the writer was
// registered retires the writer, whose shards are then rebuilt from its
// responses (RepairWriters): a stored response is never left uncounted.
func (s *Store) writeBatch(batch []*pendingSave) []saveResult {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	results := make([]saveResult, len(batch))
	fail := func(err error) []saveResult {
		for i := range results {
			if !results[i].dup && results[i].err == nil {
				results[i] = saveResult{err: err}
			}
		}
		return results
	}
	var campaigns []string
	seen := map[string]bool{}
	for _, p := range batch {
		if !seen[p.doc.Campaign] {
			seen[p.doc.Campaign] = true
			campaigns = append(campaigns, p.doc.Campaign)
		}
	}
	writer, err := s.ensureWriter(ctx, campaigns)
	if err != nil {
		return fail(fmt.Errorf("store: save response: %w", err))
	}
	docs := make([]any, len(batch))
	for i, p := range batch {
		p.doc.Writer = writer
		docs[i] = p.doc
	}
	_, err = s.db.Collection(colResponses).InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	if err != nil {
		var bwe mongo.BulkWriteException
		if !errors.As(err, &bwe) || bwe.WriteConcernError != nil {
			s.retireWriter(writer)
			return fail(fmt.Errorf("store: save responses: %w", wrapErr(err)))
		}
		for _, we := range bwe.WriteErrors {
			if we.Index < 0 || we.Index >= len(results) {
				s.retireWriter(writer)
				return fail(fmt.Errorf("store: save responses: write error for document %d of %d", we.Index, len(results)))
			}
			if we.Code != 11000 {
				// Not a duplicate: the batch fails; whatever of it was
				// stored is counted by the rebuild of the retired writer.
				s.retireWriter(writer)
				return fail(fmt.Errorf("store: save response: %w", we))
			}
			results[we.Index].dup = true
		}
	}
	sums := map[string]map[string]int64{}
	campOf := map[string]string{}
	for i, p := range batch {
		if results[i].dup || results[i].err != nil {
			continue
		}
		if p.story != nil {
			if err := s.putStory(ctx, *p.story); err != nil {
				s.retireWriter(writer)
				return fail(err)
			}
		}
		for _, inc := range p.incs {
			m := sums[inc.ID]
			if m == nil {
				m = map[string]int64{}
				sums[inc.ID] = m
				campOf[inc.ID] = p.doc.Campaign
			}
			for f, v := range inc.Fields {
				m[f] += v
			}
		}
	}
	ids := make([]string, 0, len(sums))
	for id := range sums {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if err := s.applyCounters(ctx, campOf[id], writer, []CounterInc{{ID: id, Fields: sums[id]}}); err != nil {
			s.retireWriter(writer)
			return fail(fmt.Errorf("store: save response: counters: %w", err))
		}
	}
	for i := range results {
		if !results[i].dup && results[i].err == nil {
			results[i].created = true
		}
	}
	return results
}
