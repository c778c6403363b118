package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// colWriters registers the writers (store processes that save responses)
// and the counter shards each one owns. Three kinds of document, told
// apart by the _id prefix:
//
//	"w:" + writer                 {seen}: the writer's heartbeat (ms since 1970)
//	"done:" + writer              the writer's shards are final
//	"shard:" + campaign + "@" + w {campaign, w}: w owns counters of campaign
//
// Each document is written by one process only (heartbeat, registration)
// or only inserted (done), so nothing here needs an atomic update across
// processes, which FerretDB does not have.
const colWriters = "writers"

// DefaultWriterLease is how long a writer's heartbeat stays valid.
const DefaultWriterLease = 2 * time.Minute

// writerState is this process's writer identity.
//
// Sharded counters: every counter document a writer increments is its own
// shard, "ID@writer"; no other process updates it, so the in-process
// locks and the single group-commit goroutine make its updates exact on
// any store. Readers sum the shards (Counters). A response records the
// writer that counts it (responseDoc.Writer), so the shards of one writer
// can be rebuilt from its responses alone.
//
// A writer that failed a write (or a process that died) may have stored a
// response without counting it. It is retired: this process goes on under
// a new id, and the retired writer's shards are rebuilt from its
// responses (collect.Service.RepairWriters) — at once by this process,
// or, after a crash, by any process once the writer's heartbeat is older
// than the lease. Rebuilding is a full replacement, so two processes
// rebuilding the same dead writer agree.
type writerState struct {
	mu       sync.Mutex
	id       string
	started  bool
	lastBeat time.Time
	retired  []string
	shards   map[string]bool // campaign@writer registrations made
	lease    time.Duration
	opened   time.Time // when the store was opened
	stop     chan struct{}
	stopped  chan struct{}
	// beforeRegister, when set (tests only), is called by ensureWriter
	// with the writer it read and the batch's campaigns, before it
	// registers the writer's shards of them.
	beforeRegister func(id string, campaigns []string)
}

func newWriterID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Writer is the id of this process's current writer.
func (s *Store) Writer() string {
	s.writer.mu.Lock()
	defer s.writer.mu.Unlock()
	return s.writer.id
}

// ShardID is the _id of writer's shard of the counter document id. The
// legacy writer "" (counters made before sharding, imports, recounts of
// responses that name no writer) uses id itself.
func ShardID(id, writer string) string {
	if writer == "" {
		return id
	}
	return id + "@" + writer
}

// campaignOf is the campaign of a counter document id "CAMPAIGN|group".
func campaignOf(id string) string {
	c, _, _ := strings.Cut(id, "|")
	return c
}

// ensureWriter registers the current writer and its shards of campaigns
// before a batch writes anything that names it, and checks that its
// heartbeat is fresh: a writer that could not renew it for half the lease
// may have been declared dead and rebuilt by another process, so it must
// not write under that id again.
//
// The writer it returns was still current after its shards of campaigns
// were registered: a writer retired before that may already have been
// rebuilt, from a list of its campaigns read before the registration,
// and marked done (RepairWriters), so nothing would count what the batch
// stores under it in another campaign (TestReviewRetireDuringRegistration).
// A writer retired after it is rebuilt in every campaign the batch
// writes to. A closed store registers nothing: its writer may be marked
// done, and the heartbeats would outlive Close.
func (s *Store) ensureWriter(ctx context.Context, campaigns []string) (string, error) {
	for try := 0; ; try++ {
		id, err := s.registerWriter(ctx, campaigns)
		if err != nil {
			return "", err
		}
		if s.Writer() == id {
			return id, nil
		}
		if try == 2 {
			return "", fmt.Errorf("store: writer %s was retired: %w", id, ErrUnavailable)
		}
	}
}

// errClosed is what a write to a closed store fails with.
var errClosed = fmt.Errorf("store: the store is closed: %w", ErrUnavailable)

// registerWriter is one attempt of ensureWriter.
func (s *Store) registerWriter(ctx context.Context, campaigns []string) (string, error) {
	w := &s.writer
	w.mu.Lock()
	id, started := w.id, w.started
	w.mu.Unlock()
	if !started {
		if err := s.beat(ctx, id); err != nil {
			return "", err
		}
		w.mu.Lock()
		if s.batch.isClosed() {
			// closeWriter stops the heartbeats after closed is closed,
			// under w.mu: this check and the start are on one side of it.
			w.mu.Unlock()
			return "", errClosed
		}
		if !w.started && w.id == id {
			w.started = true
			w.stop, w.stopped = make(chan struct{}), make(chan struct{})
			go s.heartbeats(w.stop, w.stopped)
		}
		w.mu.Unlock()
	} else if err := s.checkLease(id); err != nil {
		return "", err
	}
	if w.beforeRegister != nil {
		w.beforeRegister(id, campaigns)
	}
	for _, c := range campaigns {
		key := c + "@" + id
		w.mu.Lock()
		done := w.shards[key]
		w.mu.Unlock()
		if done {
			continue
		}
		_, err := s.db.Collection(colWriters).UpdateOne(ctx, bson.D{{Key: "_id", Value: "shard:" + key}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "campaign", Value: c}, {Key: "w", Value: id}}}}, options.UpdateOne().SetUpsert(true))
		if err != nil && !mongo.IsDuplicateKeyError(err) {
			return "", fmt.Errorf("store: register counter shard %s: %w", key, wrapErr(err))
		}
		w.mu.Lock()
		w.shards[key] = true
		w.mu.Unlock()
	}
	return id, nil
}

// forgetShards forgets this process's registrations of counter shards of
// campaign, whose registration documents were deleted (DeleteCampaignData):
// a campaign made again with the same code registers them again, or
// Counters and rebuilds would not see the shards
// (TestReviewShardCacheAfterDelete).
func (s *Store) forgetShards(campaign string) {
	s.writer.mu.Lock()
	defer s.writer.mu.Unlock()
	for key := range s.writer.shards {
		if i := strings.LastIndex(key, "@"); i >= 0 && key[:i] == campaign {
			delete(s.writer.shards, key)
		}
	}
}

// checkLease makes sure writer id may still write its shards: it is the
// current writer and renewed its heartbeat within half the lease (another
// process takes it for dead only after the whole lease). Otherwise id is
// retired; what it stored is counted by the rebuild of its shards.
func (s *Store) checkLease(id string) error {
	w := &s.writer
	w.mu.Lock()
	cur, last := w.id, w.lastBeat
	w.mu.Unlock()
	if cur != id {
		return fmt.Errorf("store: writer %s was retired: %w", id, ErrUnavailable)
	}
	if since := time.Since(last); since > w.lease/2 {
		s.retireWriter(id)
		return fmt.Errorf("store: writer %s has not renewed its lease for %v: %w", id, since.Round(time.Second), ErrUnavailable)
	}
	return nil
}

// beat renews writer id's heartbeat.
func (s *Store) beat(ctx context.Context, id string) error {
	now := time.Now()
	_, err := s.db.Collection(colWriters).UpdateOne(ctx, bson.D{{Key: "_id", Value: "w:" + id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "seen", Value: now.UnixMilli()}}}}, options.UpdateOne().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("store: writer heartbeat: %w", wrapErr(err))
	}
	s.writer.mu.Lock()
	if s.writer.id == id {
		s.writer.lastBeat = now
	}
	s.writer.mu.Unlock()
	return nil
}

// heartbeats renews the current writer's lease every sixth of it until
// stop. A writer another process declared done (it could not renew in
// time, was taken for dead and rebuilt) is retired.
func (s *Store) heartbeats(stop, stopped chan struct{}) {
	defer close(stopped)
	t := time.NewTicker(s.writer.lease / 6)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		id := s.Writer()
		ctx, cancel := context.WithTimeout(context.Background(), s.writer.lease/6)
		err := s.db.Collection(colWriters).FindOne(ctx, bson.D{{Key: "_id", Value: "done:" + id}}).Err()
		if err == nil {
			s.retireWriter(id)
		} else if isNoDocuments(err) {
			_ = s.beat(ctx, id)
		}
		cancel()
	}
}

// retireWriter makes id a writer of the past: this process goes on under
// a new id; id's shards wait for RepairWriters.
func (s *Store) retireWriter(id string) {
	w := &s.writer
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.id != id {
		return
	}
	w.retired = append(w.retired, id)
	w.id = newWriterID()
	w.lastBeat = time.Time{}
	if w.started {
		w.started = false
		close(w.stop)
	}
	s.log.Warn("counter writer retired after a failed write; its counters will be rebuilt from its responses", "writer", id)
}

// WriterLive reports whether writer may still be writing its shards:
// this process's current writer, or another process's writer whose
// heartbeat is within the lease and which is not done. The legacy writer
// "" and this process's retired writers are never live. A server that
// owns the embedded store knows that every writer silent since it
// started is dead.
func (s *Store) WriterLive(ctx context.Context, writer string) (bool, error) {
	if writer == "" {
		return false, nil
	}
	s.writer.mu.Lock()
	cur, retired := s.writer.id, slices.Contains(s.writer.retired, writer)
	s.writer.mu.Unlock()
	if writer == cur {
		return true, nil
	}
	if retired {
		return false, nil
	}
	err := s.db.Collection(colWriters).FindOne(ctx, bson.D{{Key: "_id", Value: "done:" + writer}}).Err()
	if err == nil {
		return false, nil
	}
	if !isNoDocuments(err) {
		return false, fmt.Errorf("store: writer %s: %w", writer, wrapErr(err))
	}
	var hb struct {
		Seen int64 `bson:"seen"`
	}
	err = s.db.Collection(colWriters).FindOne(ctx, bson.D{{Key: "_id", Value: "w:" + writer}}).Decode(&hb)
	if isNoDocuments(err) {
		// Registered shards without a heartbeat: the heartbeat is written
		// before any shard, so this writer is from before it or gone.
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: writer %s: %w", writer, wrapErr(err))
	}
	seen := time.UnixMilli(hb.Seen)
	if s.embedded != nil && s.embedded.owner && seen.Before(s.writer.opened) {
		// This server owns the embedded store: no other process used it
		// when it started, so a writer silent since then is gone. (A
		// command sharing the store later heartbeats after that.)
		return false, nil
	}
	return time.Since(seen) < s.writer.lease, nil
}

// WritersToRebuild lists, sorted, the writers whose shards must be rebuilt
// from their responses: this process's retired writers — even one another
// process has rebuilt and marked done: this process may have stored a
// response under it after that rebuild (it stalled past its lease between
// its lease check and the insert, or before its counting round), which
// nobody would count otherwise (TestRedteam3DoneWriterRetiredHere) — and
// every other registered writer that is not live and not done.
func (s *Store) WritersToRebuild(ctx context.Context) ([]string, error) {
	cur, err := s.db.Collection(colWriters).Find(ctx, bson.D{})
	if err != nil {
		return nil, fmt.Errorf("store: list writers: %w", wrapErr(err))
	}
	var docs []struct {
		ID string `bson:"_id"`
		W  string `bson:"w"`
	}
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("store: list writers: %w", wrapErr(err))
	}
	done := map[string]bool{}
	owners := map[string]bool{}
	for _, d := range docs {
		if w, ok := strings.CutPrefix(d.ID, "done:"); ok {
			done[w] = true
		}
		if strings.HasPrefix(d.ID, "shard:") {
			owners[d.W] = true
		}
	}
	s.writer.mu.Lock()
	retired := slices.Clone(s.writer.retired)
	s.writer.mu.Unlock()
	for _, w := range retired {
		owners[w] = true
		delete(done, w)
	}
	var out []string
	for w := range owners {
		if done[w] {
			continue
		}
		live, err := s.WriterLive(ctx, w)
		if err != nil {
			return nil, err
		}
		if !live {
			out = append(out, w)
		}
	}
	sort.Strings(out)
	return out, nil
}

// CampaignWriters lists, sorted, the writers with counter shards in a
// campaign (the legacy writer "" not included).
func (s *Store) CampaignWriters(ctx context.Context, campaign string) ([]string, error) {
	cur, err := s.db.Collection(colWriters).Find(ctx, bson.D{{Key: "campaign", Value: campaign}})
	if err != nil {
		return nil, fmt.Errorf("store: writers of %s: %w", campaign, wrapErr(err))
	}
	var docs []struct {
		Campaign string `bson:"campaign"`
		W        string `bson:"w"`
	}
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("store: writers of %s: %w", campaign, wrapErr(err))
	}
	var out []string
	for _, d := range docs {
		if d.Campaign == campaign && d.W != "" {
			out = append(out, d.W)
		}
	}
	sort.Strings(out)
	return slices.Compact(out), nil
}

// WriterCampaigns lists, sorted, the campaigns writer has shards in.
func (s *Store) WriterCampaigns(ctx context.Context, writer string) ([]string, error) {
	cur, err := s.db.Collection(colWriters).Find(ctx, bson.D{{Key: "w", Value: writer}})
	if err != nil {
		return nil, fmt.Errorf("store: campaigns of writer %s: %w", writer, wrapErr(err))
	}
	var docs []struct {
		Campaign string `bson:"campaign"`
		W        string `bson:"w"`
	}
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("store: campaigns of writer %s: %w", writer, wrapErr(err))
	}
	var out []string
	for _, d := range docs {
		if d.W == writer && d.Campaign != "" {
			out = append(out, d.Campaign)
		}
	}
	sort.Strings(out)
	return slices.Compact(out), nil
}

// MarkWriterDone records that writer's shards are final (rebuilt, or its
// process stopped cleanly), and forgets it as a retired writer of this
// process.
func (s *Store) MarkWriterDone(ctx context.Context, writer string) error {
	_, err := s.db.Collection(colWriters).InsertOne(ctx, bson.D{{Key: "_id", Value: "done:" + writer}})
	if err != nil && !mongo.IsDuplicateKeyError(err) {
		return fmt.Errorf("store: mark writer %s done: %w", writer, wrapErr(err))
	}
	s.writer.mu.Lock()
	s.writer.retired = slices.DeleteFunc(s.writer.retired, func(w string) bool { return w == writer })
	s.writer.mu.Unlock()
	return nil
}

// closeWriter stops the heartbeat and, when the current writer wrote
// anything, no write failed since and everything it stored is counted,
// marks it done: a clean stop leaves nothing to rebuild.
func (s *Store) closeWriter(ctx context.Context) {
	w := &s.writer
	w.mu.Lock()
	id, started := w.id, w.started
	if started {
		w.started = false
		close(w.stop)
	}
	stopped := w.stopped
	w.mu.Unlock()
	if !started {
		return
	}
	<-stopped
	s.batch.mu.Lock()
	idle := !s.batch.running && s.batch.counted == s.batch.inserted && !s.batch.lost
	s.batch.mu.Unlock()
	if idle {
		_ = s.MarkWriterDone(ctx, id)
	}
}
