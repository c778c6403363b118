package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const colCounters = "counters"

// CounterInc adds to the integer fields of one counter document. Results
// and live counts are read from these documents by _id, never computed by
// scanning responses (FerretDB's SQLite backend would read them all).
type CounterInc struct {
	// ID is the counter document's _id, "CAMPAIGN|group", e.g.
	// "CAMPAIGN|all"; it is stored as shards, one per writer (ShardID).
	ID string
	// Fields maps a field name (no dots, no leading $) to its increment.
	Fields map[string]int64
}

// Shard document fields that are not counts.
const (
	fieldCampaign = "campaign"
	fieldWriter   = "w"
)

// applyCounters increments writer's shard of each counter document,
// creating it if needed. Only writer's process calls it, one update of a
// document at a time (the group commit), so the read-modify-write that
// FerretDB makes of $inc loses nothing.
func (s *Store) applyCounters(ctx context.Context, campaign, writer string, incs []CounterInc) error {
	for _, inc := range incs {
		if len(inc.Fields) == 0 {
			continue
		}
		d := make(bson.D, 0, len(inc.Fields))
		for k, v := range inc.Fields {
			d = append(d, bson.E{Key: k, Value: v})
		}
		id := ShardID(inc.ID, writer)
		var err error
		unlock := s.lockDoc(id)
		for try := 0; try < 3; try++ {
			_, err = s.db.Collection(colCounters).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
				bson.D{{Key: "$inc", Value: d}, {Key: "$set", Value: bson.D{{Key: fieldCampaign, Value: campaign}, {Key: fieldWriter, Value: writer}}}},
				options.UpdateOne().SetUpsert(true))
			if !mongo.IsDuplicateKeyError(err) {
				break
			}
		}
		unlock()
		if err != nil {
			return fmt.Errorf("store: increment counters %s: %w", id, wrapErr(err))
		}
	}
	return nil
}

// Counters returns the fields of one counter document, summed over its
// shards: the legacy document id itself and id@writer of every writer
// registered for the campaign, once this process's acknowledged responses
// are counted (Settle). A document never incremented is empty, not
// an error. Each shard is read by its _id, the one filter FerretDB's
// SQLite backend pushes down (an `_id $in` would read the whole
// collection), a few at a time.
func (s *Store) Counters(ctx context.Context, id string) (map[string]int64, error) {
	if err := s.Settle(ctx); err != nil {
		return nil, err
	}
	writers, err := s.CampaignWriters(ctx, campaignOf(id))
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(writers)+1)
	ids = append(ids, id)
	for _, w := range writers {
		ids = append(ids, ShardID(id, w))
	}
	raws := make([]bson.Raw, len(ids))
	errs := make([]error, len(ids))
	var wg sync.WaitGroup
	sem := make(chan struct{}, counterParallel)
	for i, sid := range ids {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			raw, err := s.db.Collection(colCounters).FindOne(ctx, bson.D{{Key: "_id", Value: sid}}).Raw()
			if errors.Is(err, mongo.ErrNoDocuments) {
				return
			}
			raws[i], errs[i] = raw, err
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("store: counters %s: %w", id, wrapErr(err))
		}
	}
	out := map[string]int64{}
	for _, raw := range raws {
		if raw == nil {
			continue
		}
		if err := addFields(out, raw); err != nil {
			return nil, fmt.Errorf("store: counters %s: %w", id, err)
		}
	}
	return out, nil
}

// addFields adds the integer fields of a counter shard to out.
func addFields(out map[string]int64, raw bson.Raw) error {
	elems, err := raw.Elements()
	if err != nil {
		return err
	}
	for _, e := range elems {
		v := e.Value()
		switch v.Type {
		case bson.TypeInt32:
			out[e.Key()] += int64(v.Int32())
		case bson.TypeInt64:
			out[e.Key()] += v.Int64()
		case bson.TypeDouble:
			out[e.Key()] += int64(v.Double())
		}
	}
	return nil
}

// ReplaceWriterCounters sets writer's shards of a campaign's counters to
// incs (a rebuild from its responses): each shard in incs is replaced
// whole, and any other shard of writer in the campaign is emptied. Only
// for a writer that no process writes any more (Store.WriterLive false),
// or this process's own under its campaign lock. Replacing is idempotent,
// so two processes rebuilding the same writer agree.
func (s *Store) ReplaceWriterCounters(ctx context.Context, campaign, writer string, incs []CounterInc) error {
	cur, err := s.db.Collection(colCounters).Find(ctx, bson.D{{Key: fieldCampaign, Value: campaign}},
		options.Find().SetProjection(bson.D{{Key: fieldCampaign, Value: 1}, {Key: fieldWriter, Value: 1}}))
	if err != nil {
		return fmt.Errorf("store: counters of %s: %w", campaign, wrapErr(err))
	}
	var docs []struct {
		ID       string `bson:"_id"`
		Campaign string `bson:"campaign"`
		W        string `bson:"w"`
	}
	if err := cur.All(ctx, &docs); err != nil {
		return fmt.Errorf("store: counters of %s: %w", campaign, wrapErr(err))
	}
	next := map[string]map[string]int64{}
	for _, inc := range incs {
		next[ShardID(inc.ID, writer)] = inc.Fields
	}
	for _, d := range docs {
		if _, ok := next[d.ID]; !ok && d.Campaign == campaign && d.W == writer {
			next[d.ID] = nil
		}
	}
	ids := make([]string, 0, len(next))
	for id := range next {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		doc := bson.D{{Key: "_id", Value: id}, {Key: fieldCampaign, Value: campaign}, {Key: fieldWriter, Value: writer}}
		keys := make([]string, 0, len(next[id]))
		for k := range next[id] {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			doc = append(doc, bson.E{Key: k, Value: next[id][k]})
		}
		unlock := s.lockDoc(id)
		_, err := s.db.Collection(colCounters).ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}}, doc, options.Replace().SetUpsert(true))
		if mongo.IsDuplicateKeyError(err) { // another process made it meanwhile
			_, err = s.db.Collection(colCounters).ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}}, doc)
		}
		unlock()
		if err != nil {
			return fmt.Errorf("store: replace counters %s: %w", id, wrapErr(err))
		}
	}
	return nil
}
