package store

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const colCounters = "counters"

// CounterInc adds to the integer fields of one counter document. Results
// and live counts are read from these documents by _id, never computed by
// scanning responses (FerretDB's SQLite backend would read them all).
type CounterInc struct {
	// ID is the counter document's _id, e.g. "CAMPAIGN|all".
	ID string
	// Fields maps a field name (no dots, no leading $) to its increment.
	Fields map[string]int64
}

// applyCounters increments each counter document, creating it if needed.
func (s *Store) applyCounters(ctx context.Context, campaign string, incs []CounterInc) error {
	for _, inc := range incs {
		if len(inc.Fields) == 0 {
			continue
		}
		d := make(bson.D, 0, len(inc.Fields))
		for k, v := range inc.Fields {
			d = append(d, bson.E{Key: k, Value: v})
		}
		var err error
		// Two concurrent upserts of a document that does not exist yet can
		// both try to insert it; the loser gets a duplicate key error and
		// must simply update the document the winner made. MongoDB retries
		// this itself; FerretDB does not.
		unlock := s.lockDoc(inc.ID)
		for try := 0; try < 3; try++ {
			_, err = s.db.Collection(colCounters).UpdateOne(ctx, bson.D{{Key: "_id", Value: inc.ID}},
				bson.D{{Key: "$inc", Value: d}, {Key: "$set", Value: bson.D{{Key: "campaign", Value: campaign}}}},
				options.UpdateOne().SetUpsert(true))
			if !mongo.IsDuplicateKeyError(err) {
				break
			}
		}
		unlock()
		if err != nil {
			return fmt.Errorf("store: increment counters %s: %w", inc.ID, wrapErr(err))
		}
	}
	return nil
}

// Counters returns the fields of one counter document; a document never
// incremented is empty, not an error.
func (s *Store) Counters(ctx context.Context, id string) (map[string]int64, error) {
	raw, err := s.db.Collection(colCounters).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Raw()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return map[string]int64{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: counters %s: %w", id, wrapErr(err))
	}
	elems, err := raw.Elements()
	if err != nil {
		return nil, fmt.Errorf("store: counters %s: %w", id, err)
	}
	out := make(map[string]int64, len(elems))
	for _, e := range elems {
		v := e.Value()
		switch v.Type {
		case bson.TypeInt32:
			out[e.Key()] = int64(v.Int32())
		case bson.TypeInt64:
			out[e.Key()] = v.Int64()
		case bson.TypeDouble:
			out[e.Key()] = int64(v.Double())
		}
	}
	return out, nil
}

// ReplaceCounters swaps a campaign's counter documents for incs (a full
// recount). It is not atomic: callers keep the campaign's pending markers
// until it has returned, so an interrupted replace is redone.
func (s *Store) ReplaceCounters(ctx context.Context, campaign string, incs []CounterInc) error {
	if _, err := s.db.Collection(colCounters).DeleteMany(ctx, bson.D{{Key: "campaign", Value: campaign}}); err != nil {
		return fmt.Errorf("store: clear counters of %s: %w", campaign, wrapErr(err))
	}
	return s.applyCounters(ctx, campaign, incs)
}
