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

// saveResult is what the group commit did with one response: created
// (stored; counted in the next round), dup (the id was stored before: the caller tells
// Duplicate from Conflict), or an error.
type saveResult struct {
	created bool
	dup     bool
	err     error
}

// writeBatcher is the group commit of responses: while one batch is being
// written, the responses that arrive meanwhile queue, and are then
// written together — one unordered InsertMany of the responses and their
// stories. Each response's request waits until the batch holding it is
// inserted, so it is acknowledged once its own document is durable. The
// batch's counters follow in the next counting round, one $inc per
// counter shard of the summed increments of every batch inserted
// meanwhile. A response acknowledged but not yet counted is never lost:
// reads in this process wait for the round (Settle), and a process that
// dies before it is a writer whose shards are rebuilt from its responses
// (collect.Service.RepairWriters). Under load this turns hundreds of
// inserts and updates into a few; alone, a response is written at once.
type writeBatcher struct {
	mu      sync.Mutex
	queue   []*pendingSave
	running bool
	// enqueued counts the responses handed to the group commit,
	// inserted those of them handed to counting (batches are taken from
	// the queue in order), counted those whose counting round is over.
	// changed is closed (and replaced) whenever counted grows.
	enqueued, inserted, counted uint64
	changed                     chan struct{}
	// hurry starts the next counting round at once (Settle).
	hurry chan struct{}
	// toCount carries inserted batches to countRounds, started once;
	// closed ends it (Close).
	toCount   chan insertedBatch
	countOnce sync.Once
	closed    chan struct{}
	closeOnce sync.Once
	// lost is set when a batch was stored after counting ended (Close).
	lost bool
	// beforeInsert, when set (tests only), is called with each batch
	// before it is stored.
	beforeInsert func([]*pendingSave)
}

// newWriteBatcher returns an idle group commit.
func newWriteBatcher() writeBatcher {
	return writeBatcher{hurry: make(chan struct{}, 1), toCount: make(chan insertedBatch, countQueue), closed: make(chan struct{})}
}

// countEvery is the least time between the starts of two counting rounds
// under load. A round costs FerretDB a read and a rewrite of every counter
// shard the round touches, whatever the number of responses, so rounds
// that gather more responses make the write path cheaper; readers in this
// process do not wait for it (Settle starts the round at once), and other
// replicas see the counts this much later.
const countEvery = 250 * time.Millisecond

// Settle waits until every response handed to SaveResponse in this
// process before the call is counted (or failed, or its writer retired,
// to be rebuilt). Reads of counters and recounts call it, so that a
// response is in the counters this process shows as soon as its request
// is answered. It waits for the responses still queued too: a request
// whose context ended leaves its response in the queue, to be stored
// and counted later, and a recount or deletion that did not wait for it
// would count it twice or leave it behind (TestRedteam3SettleCoversGivenUp).
func (s *Store) Settle(ctx context.Context) error {
	b := &s.batch
	b.mu.Lock()
	target := b.enqueued
	for b.counted < target {
		if b.changed == nil {
			b.changed = make(chan struct{})
		}
		ch := b.changed
		b.mu.Unlock()
		select {
		case b.hurry <- struct{}{}:
		default:
		}
		select {
		case <-ch:
		case <-b.closed:
			return fmt.Errorf("store: wait for counters: the store is closed: %w", ErrUnavailable)
		case <-ctx.Done():
			return fmt.Errorf("store: wait for counters: %w", ctx.Err())
		}
		b.mu.Lock()
	}
	b.mu.Unlock()
	return nil
}

// markCounted records that the first seq responses handed to counting are
// counted (or failed).
func (b *writeBatcher) markCounted(seq uint64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if seq > b.counted {
		b.counted = seq
	}
	if b.changed != nil {
		close(b.changed)
		b.changed = nil
	}
}

// markLost records that the first seq responses are past counting
// without having been counted, Close having ended it: closeWriter then
// leaves the writer undone, to be rebuilt from its responses.
func (b *writeBatcher) markLost(seq uint64) {
	b.mu.Lock()
	b.lost = true
	b.mu.Unlock()
	b.markCounted(seq)
}

// isClosed reports whether the store was closed (Close).
func (b *writeBatcher) isClosed() bool {
	select {
	case <-b.closed:
		return true
	default:
		return false
	}
}

// answer tells each request of an inserted batch what became of it: its
// document is stored (Created), was stored before (dup), or failed.
func (ib insertedBatch) answer() {
	for i, p := range ib.batch {
		r := ib.results[i]
		if !r.dup && r.err == nil {
			r.created = true
		}
		p.done <- r
	}
}

// enqueue adds a response to the next batch and waits for its result.
func (s *Store) enqueue(ctx context.Context, p *pendingSave) saveResult {
	b := &s.batch
	p.done = make(chan saveResult, 1)
	b.mu.Lock()
	b.queue = append(b.queue, p)
	b.enqueued++
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

// flushBatches inserts batches until no response waits, and hands each
// inserted batch to the counting goroutine (countRounds), which applies
// the counters of all batches inserted since its last round while the
// next batches are inserted. A counter update costs FerretDB a read and a
// rewrite of the whole shard, so fewer, larger rounds are what makes the
// write path fast.
func (s *Store) flushBatches() {
	b := &s.batch
	b.countOnce.Do(func() { go s.countRounds() })
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
		if b.beforeInsert != nil {
			b.beforeInsert(batch)
		}
		if b.isClosed() {
			// Closed: store nothing more. Counting has ended, and
			// closeWriter may have marked the writer done, which is then
			// never rebuilt (TestReviewSaveAfterCloseWriter). A batch
			// that got past this check kept running set, so closeWriter
			// left its writer to be rebuilt. Marking these counted may
			// pass over a stored batch that counting never took, hence
			// markLost.
			for _, p := range batch {
				p.done <- saveResult{err: errClosed}
			}
			b.mu.Lock()
			b.inserted += uint64(len(batch))
			seq := b.inserted
			b.mu.Unlock()
			b.markLost(seq)
			continue
		}
		ib := s.insertBatch(batch)
		b.mu.Lock()
		b.inserted += uint64(len(batch))
		ib.seq = b.inserted
		b.mu.Unlock()
		ib.answer()
		select {
		case b.toCount <- ib:
		case <-b.closed:
			// Closed: nothing counts any more; what was stored is
			// rebuilt from the responses as a writer that did not
			// finish.
			b.markLost(ib.seq)
		}
	}
}

// countRounds counts inserted batches, round after round, for as long as
// the store is open: every batch inserted since the last round began is
// counted in one round; rounds begin at most every countEvery, unless a
// read waits for one (Settle).
func (s *Store) countRounds() {
	b := &s.batch
	var last time.Time
	for {
		var ib insertedBatch
		select {
		case ib = <-b.toCount:
		case <-b.closed:
			return
		}
		if wait := countEvery - time.Since(last); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-t.C:
			case <-b.hurry:
			case <-b.closed:
			}
			t.Stop()
		}
		last = time.Now()
		ibs := []insertedBatch{ib}
	more:
		for {
			select {
			case next := <-b.toCount:
				ibs = append(ibs, next)
			default:
				break more
			}
		}
		s.countBatches(ibs)
		b.markCounted(ibs[len(ibs)-1].seq)
	}
}

// insertedBatch is a batch whose responses are stored, waiting for its
// counters.
type insertedBatch struct {
	batch   []*pendingSave
	results []saveResult
	writer  string
	failed  bool
	seq     uint64 // the responses handed to counting up to and with it
}

// insertBatch stores one batch's responses and their stories. Any failure
// after the writer was registered retires the writer, whose shards are
// then rebuilt from its responses (RepairWriters): a stored response is
// never left uncounted.
func (s *Store) insertBatch(batch []*pendingSave) insertedBatch {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ib := insertedBatch{batch: batch, results: make([]saveResult, len(batch))}
	fail := func(err error) insertedBatch {
		ib.failed = true
		for i := range ib.results {
			if !ib.results[i].dup && ib.results[i].err == nil {
				ib.results[i] = saveResult{err: err}
			}
		}
		return ib
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
	ib.writer = writer
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
			if we.Index < 0 || we.Index >= len(batch) {
				s.retireWriter(writer)
				return fail(fmt.Errorf("store: save responses: write error for document %d of %d", we.Index, len(batch)))
			}
			if we.Code != 11000 {
				// Not a duplicate: the batch fails; whatever of it was
				// stored is counted by the rebuild of the retired writer.
				s.retireWriter(writer)
				return fail(fmt.Errorf("store: save response: %w", we))
			}
			ib.results[we.Index].dup = true
		}
	}
	for i, p := range batch {
		if p.story != nil && !ib.results[i].dup {
			if err := s.putStory(ctx, *p.story); err != nil {
				s.retireWriter(writer)
				return fail(err)
			}
		}
	}
	return ib
}

// countBatches adds the increments of the new responses of inserted
// batches, summed per writer, to the writer's shards — one $inc per shard,
// several shards at once. A failure retires the writer (countFor), whose
// shards are then rebuilt from its responses.
func (s *Store) countBatches(ibs []insertedBatch) {
	byWriter := map[string][]int{}
	var writers []string
	for k, ib := range ibs {
		if ib.failed {
			continue
		}
		if _, ok := byWriter[ib.writer]; !ok {
			writers = append(writers, ib.writer)
		}
		byWriter[ib.writer] = append(byWriter[ib.writer], k)
	}
	for _, w := range writers {
		if err := s.countFor(w, ibs, byWriter[w]); err != nil {
			s.log.Error("counting stored responses failed; their writer's counters will be rebuilt from its responses",
				"writer", w, "error", err.Error())
		}
	}
}

// countFor applies the summed increments of batches ks (all of writer w)
// to w's shards. A failure retires w.
func (s *Store) countFor(w string, ibs []insertedBatch, ks []int) error {
	if err := s.checkLease(w); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	sums := map[string]map[string]int64{}
	campOf := map[string]string{}
	for _, k := range ks {
		for i, p := range ibs[k].batch {
			if ibs[k].results[i].dup {
				continue
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
	}
	ids := make([]string, 0, len(sums))
	for id := range sums {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	errs := make([]error, len(ids))
	var wg sync.WaitGroup
	sem := make(chan struct{}, counterParallel)
	for i, id := range ids {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			errs[i] = s.applyCounters(ctx, campOf[id], w, []CounterInc{{ID: id, Fields: sums[id]}})
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		s.retireWriter(w)
		return err
	}
	return nil
}

// counterParallel bounds the counter shards one batch updates at once
// (each a different document).
const counterParallel = 2

// countQueue bounds the inserted batches waiting for their counting
// round; when counting falls that far behind, inserting waits.
const countQueue = 4096
