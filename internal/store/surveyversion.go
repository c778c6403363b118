package store

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const colSurveyVersions = "survey_versions"

// SurveyVersion is one version of a survey definition, kept so that
// responses stay interpretable after the YAML file changes.
type SurveyVersion struct {
	// Version is the survey's content hash.
	Version string
	// SurveyID is the survey's id.
	SurveyID string
	// Definition is the survey's canonical JSON.
	Definition []byte
	// FirstUsed is the date (YYYY-MM-DD) this version was first stored.
	FirstUsed string
}

type surveyVersionDoc struct {
	ID         string `bson:"_id"`
	SurveyID   string `bson:"survey_id"`
	Definition string `bson:"definition"`
	FirstUsed  string `bson:"first_used"`
}

// SaveSurveyVersion stores v unless its version is already stored, and says
// whether it was new. A stored version is never changed.
func (s *Store) SaveSurveyVersion(ctx context.Context, v SurveyVersion) (created bool, err error) {
	if v.Version == "" || v.SurveyID == "" {
		return false, errors.New("store: save survey version: version and survey id are required")
	}
	_, err = s.db.Collection(colSurveyVersions).InsertOne(ctx, surveyVersionDoc{
		ID: v.Version, SurveyID: v.SurveyID, Definition: string(v.Definition), FirstUsed: v.FirstUsed,
	})
	switch {
	case err == nil:
		return true, nil
	case mongo.IsDuplicateKeyError(err):
		return false, nil
	default:
		return false, fmt.Errorf("store: save survey version %s: %w", v.Version, wrapErr(err))
	}
}

// SurveyVersion returns the stored survey version with the given hash.
func (s *Store) SurveyVersion(ctx context.Context, version string) (SurveyVersion, error) {
	var d surveyVersionDoc
	err := s.db.Collection(colSurveyVersions).FindOne(ctx, bson.D{{Key: "_id", Value: version}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return SurveyVersion{}, fmt.Errorf("store: survey version %s: %w", version, ErrNotFound)
	}
	if err != nil {
		return SurveyVersion{}, fmt.Errorf("store: survey version %s: %w", version, wrapErr(err))
	}
	return d.toVersion(), nil
}

// SurveyVersions lists the stored versions of one survey, oldest first.
// The collection is small (one document per edit of a YAML file), so the
// full scan FerretDB makes for this filter is cheap.
func (s *Store) SurveyVersions(ctx context.Context, surveyID string) ([]SurveyVersion, error) {
	cur, err := s.db.Collection(colSurveyVersions).Find(ctx,
		bson.D{{Key: "survey_id", Value: surveyID}},
		options.Find().SetSort(bson.D{{Key: "first_used", Value: 1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("store: survey versions of %s: %w", surveyID, wrapErr(err))
	}
	var docs []surveyVersionDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("store: survey versions of %s: %w", surveyID, wrapErr(err))
	}
	out := make([]SurveyVersion, len(docs))
	for i, d := range docs {
		out[i] = d.toVersion()
	}
	return out, nil
}

func (d surveyVersionDoc) toVersion() SurveyVersion {
	return SurveyVersion{Version: d.ID, SurveyID: d.SurveyID, Definition: []byte(d.Definition), FirstUsed: d.FirstUsed}
}
