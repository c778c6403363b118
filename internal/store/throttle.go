package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const colThrottle = "throttle"

// Throttle counts consecutive failures for a key (such as a login name),
// kept in the database so every replica sees the same count.
type Throttle struct {
	Failures int
	// Until is when a lock-out ends (zero when not locked out).
	Until time.Time
}

type throttleDoc struct {
	ID       string    `bson:"_id"`
	Failures int       `bson:"failures"`
	Until    time.Time `bson:"until"`
}

// Throttle returns the failures recorded for key (zero when none).
func (s *Store) Throttle(ctx context.Context, key string) (Throttle, error) {
	var d throttleDoc
	err := s.db.Collection(colThrottle).FindOne(ctx, bson.D{{Key: "_id", Value: key}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Throttle{}, nil
	}
	if err != nil {
		return Throttle{}, fmt.Errorf("store: throttle: %w", wrapErr(err))
	}
	return Throttle{Failures: d.Failures, Until: d.Until.UTC()}, nil
}

// AddFailure counts one more failure for key and returns the new count.
func (s *Store) AddFailure(ctx context.Context, key string) (int, error) {
	defer s.lockDoc(colThrottle + "|" + key)()
	var d throttleDoc
	err := s.db.Collection(colThrottle).FindOneAndUpdate(ctx, bson.D{{Key: "_id", Value: key}},
		bson.D{{Key: "$inc", Value: bson.D{{Key: "failures", Value: 1}}}},
		options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)).Decode(&d)
	if err != nil {
		return 0, fmt.Errorf("store: count failure: %w", wrapErr(err))
	}
	return d.Failures, nil
}

// LockOut sets when key's lock-out ends.
func (s *Store) LockOut(ctx context.Context, key string, until time.Time) error {
	_, err := s.db.Collection(colThrottle).UpdateOne(ctx, bson.D{{Key: "_id", Value: key}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "until", Value: until}}}}, options.UpdateOne().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("store: lock out: %w", wrapErr(err))
	}
	return nil
}

// ResetThrottle forgets key's failures (after a success).
func (s *Store) ResetThrottle(ctx context.Context, key string) error {
	if _, err := s.db.Collection(colThrottle).DeleteOne(ctx, bson.D{{Key: "_id", Value: key}}); err != nil {
		return fmt.Errorf("store: reset throttle: %w", wrapErr(err))
	}
	return nil
}
