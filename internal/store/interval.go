package store

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const colIntervals = "intervals"

// Intervals is the respondent-level uncertainty of one results scope
// (survey version, campaigns, period), computed in the background from
// the released responses and kept so that a restarted server shows it at
// once. Only the newest computation of a scope is kept.
type Intervals struct {
	// Scope names the survey version, campaigns and period (the _id).
	Scope string
	// Campaigns are the campaign codes of the scope, so that deleting a
	// campaign deletes what was computed from it.
	Campaigns []string
	// Version names the released batches the computation covers
	// (results.Selection.Version).
	Version string
	// ComputedAt is when it was computed (RFC 3339, UTC): a time about the
	// computation, never about a respondent.
	ComputedAt string
	// Data is the computation itself (JSON of the results package).
	Data []byte
}

type intervalsDoc struct {
	ID         string   `bson:"_id"`
	Campaigns  []string `bson:"campaigns"`
	Version    string   `bson:"version"`
	ComputedAt string   `bson:"computed_at"`
	Data       string   `bson:"data"`
}

// PutIntervals stores iv as its scope's computation, replacing any older
// one. Two servers computing the same scope both store a valid answer;
// the last one stays.
func (s *Store) PutIntervals(ctx context.Context, iv Intervals) error {
	if iv.Scope == "" || iv.Version == "" {
		return errors.New("store: put intervals: scope and version are required")
	}
	if iv.Campaigns == nil {
		iv.Campaigns = []string{}
	}
	doc := intervalsDoc{ID: iv.Scope, Campaigns: iv.Campaigns, Version: iv.Version, ComputedAt: iv.ComputedAt, Data: string(iv.Data)}
	unlock := s.lockDoc(colIntervals + "|" + iv.Scope)
	defer unlock()
	var err error
	for try := 0; try < 3; try++ { // FerretDB answers a lost upsert race with a duplicate key
		_, err = s.db.Collection(colIntervals).ReplaceOne(ctx, bson.D{{Key: "_id", Value: iv.Scope}}, doc, options.Replace().SetUpsert(true))
		if !mongo.IsDuplicateKeyError(err) {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("store: put intervals %s: %w", iv.Scope, wrapErr(err))
	}
	return nil
}

// Intervals returns the stored computation of a scope, or ErrNotFound.
func (s *Store) Intervals(ctx context.Context, scope string) (Intervals, error) {
	var d intervalsDoc
	err := s.db.Collection(colIntervals).FindOne(ctx, bson.D{{Key: "_id", Value: scope}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Intervals{}, fmt.Errorf("store: intervals %s: %w", scope, ErrNotFound)
	}
	if err != nil {
		return Intervals{}, fmt.Errorf("store: intervals %s: %w", scope, wrapErr(err))
	}
	return Intervals{Scope: d.ID, Campaigns: d.Campaigns, Version: d.Version, ComputedAt: d.ComputedAt, Data: []byte(d.Data)}, nil
}

// deleteIntervalsOf deletes every computation that read campaign.
func (s *Store) deleteIntervalsOf(ctx context.Context, campaign string) error {
	if _, err := s.db.Collection(colIntervals).DeleteMany(ctx, bson.D{{Key: "campaigns", Value: campaign}}); err != nil {
		return fmt.Errorf("store: delete intervals of %s: %w", campaign, wrapErr(err))
	}
	return nil
}
