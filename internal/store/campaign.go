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

const colCampaigns = "campaigns"

// ErrExists is returned when a document with the same key already exists.
var ErrExists = errors.New("already exists")

// Campaign is one survey launched at a site for a period.
type Campaign struct {
	// Code is the short, unguessable code in the respondent URL (/s/CODE).
	Code     string
	SurveyID string
	Name     string
	Site     string
	Open     bool
	// Kiosk returns the tablet to a clean start after each respondent.
	Kiosk bool
	// IdleSeconds is the kiosk's idle time before it resets (0: default).
	IdleSeconds int
	// Lang is the language respondents start in.
	Lang string
	// ProjectID owns the campaign (empty until projects exist).
	ProjectID string
	// Created is the creation date, YYYY-MM-DD.
	Created string
	// Opens and Closes bound the dates (YYYY-MM-DD, inclusive) on which the
	// campaign takes answers; empty means no bound.
	Opens, Closes string
	// ResultsNote tells respondents on the thank-you screen where and when
	// the results will be shown ("" for nothing).
	ResultsNote string
}

type campaignDoc struct {
	ID          string `bson:"_id"`
	SurveyID    string `bson:"survey_id"`
	Name        string `bson:"name"`
	Site        string `bson:"site"`
	Open        bool   `bson:"open"`
	Kiosk       bool   `bson:"kiosk"`
	IdleSeconds int    `bson:"idle_seconds,omitempty"`
	Lang        string `bson:"lang"`
	ProjectID   string `bson:"project_id,omitempty"`
	Created     string `bson:"created"`
	Opens       string `bson:"opens,omitempty"`
	Closes      string `bson:"closes,omitempty"`
	ResultsNote string `bson:"results_note,omitempty"`
}

func (d campaignDoc) campaign() Campaign {
	return Campaign{Code: d.ID, SurveyID: d.SurveyID, Name: d.Name, Site: d.Site, Open: d.Open, Kiosk: d.Kiosk,
		IdleSeconds: d.IdleSeconds, Lang: d.Lang, ProjectID: d.ProjectID, Created: d.Created, Opens: d.Opens, Closes: d.Closes, ResultsNote: d.ResultsNote}
}

// CreateCampaign stores a new campaign; ErrExists when its code is taken
// (the caller draws a new code).
func (s *Store) CreateCampaign(ctx context.Context, c Campaign) error {
	_, err := s.db.Collection(colCampaigns).InsertOne(ctx, campaignDoc{
		ID: c.Code, SurveyID: c.SurveyID, Name: c.Name, Site: c.Site, Open: c.Open, Kiosk: c.Kiosk,
		IdleSeconds: c.IdleSeconds, Lang: c.Lang, ProjectID: c.ProjectID, Created: c.Created, Opens: c.Opens, Closes: c.Closes,
		ResultsNote: c.ResultsNote,
	})
	if mongo.IsDuplicateKeyError(err) {
		return fmt.Errorf("store: campaign %s: %w", c.Code, ErrExists)
	}
	if err != nil {
		return fmt.Errorf("store: create campaign: %w", wrapErr(err))
	}
	return nil
}

// campaignTTL is how long a campaign read is reused: every submission
// reads its campaign, and this saves most of those reads under load. This
// process's own changes take effect at once; another replica's within the
// TTL.
const campaignTTL = 2 * time.Second

type cachedCampaign struct {
	c  Campaign
	at time.Time
}

// Campaign returns the campaign with the given code.
func (s *Store) Campaign(ctx context.Context, code string) (Campaign, error) {
	if v, ok := s.campaigns.Load(code); ok {
		if cc := v.(cachedCampaign); time.Since(cc.at) < campaignTTL {
			return cc.c, nil
		}
	}
	var d campaignDoc
	err := s.db.Collection(colCampaigns).FindOne(ctx, bson.D{{Key: "_id", Value: code}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Campaign{}, fmt.Errorf("store: campaign %s: %w", code, ErrNotFound)
	}
	if err != nil {
		return Campaign{}, fmt.Errorf("store: campaign %s: %w", code, wrapErr(err))
	}
	c := d.campaign()
	s.campaigns.Store(code, cachedCampaign{c: c, at: time.Now()})
	return c, nil
}

// SetCampaignOpen opens or closes a campaign.
func (s *Store) SetCampaignOpen(ctx context.Context, code string, open bool) error {
	defer s.campaigns.Delete(code)
	res, err := s.db.Collection(colCampaigns).UpdateOne(ctx, bson.D{{Key: "_id", Value: code}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "open", Value: open}}}})
	if err != nil {
		return fmt.Errorf("store: set campaign %s open=%v: %w", code, open, wrapErr(err))
	}
	if res.MatchedCount == 0 {
		return fmt.Errorf("store: campaign %s: %w", code, ErrNotFound)
	}
	return nil
}

// Campaigns lists every campaign, newest first. Campaigns are few (tens per
// installation), so the collection scan FerretDB makes is cheap.
func (s *Store) Campaigns(ctx context.Context) ([]Campaign, error) {
	cur, err := s.db.Collection(colCampaigns).Find(ctx, bson.D{},
		options.Find().SetSort(bson.D{{Key: "created", Value: -1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("store: list campaigns: %w", wrapErr(err))
	}
	var docs []campaignDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("store: list campaigns: %w", wrapErr(err))
	}
	out := make([]Campaign, len(docs))
	for i, d := range docs {
		out[i] = d.campaign()
	}
	return out, nil
}

// UpdateCampaign replaces a campaign's editable fields (all but its code,
// survey, project and creation date).
func (s *Store) UpdateCampaign(ctx context.Context, c Campaign) error {
	defer s.campaigns.Delete(c.Code)
	res, err := s.db.Collection(colCampaigns).UpdateOne(ctx, bson.D{{Key: "_id", Value: c.Code}},
		bson.D{{Key: "$set", Value: bson.D{
			{Key: "name", Value: c.Name}, {Key: "site", Value: c.Site}, {Key: "open", Value: c.Open},
			{Key: "kiosk", Value: c.Kiosk}, {Key: "idle_seconds", Value: c.IdleSeconds}, {Key: "lang", Value: c.Lang},
			{Key: "opens", Value: c.Opens}, {Key: "closes", Value: c.Closes}, {Key: "results_note", Value: c.ResultsNote},
		}}})
	if err != nil {
		return fmt.Errorf("store: update campaign %s: %w", c.Code, wrapErr(err))
	}
	if res.MatchedCount == 0 {
		return fmt.Errorf("store: campaign %s: %w", c.Code, ErrNotFound)
	}
	return nil
}

// MoveCampaign puts a campaign that belongs to no project into project.
// ErrNotFound when no campaign without a project has that code: a
// campaign is never moved from one project to another, whose staff would
// then read the other's answers.
func (s *Store) MoveCampaign(ctx context.Context, code, project string) error {
	defer s.campaigns.Delete(code)
	res, err := s.db.Collection(colCampaigns).UpdateOne(ctx,
		bson.D{{Key: "_id", Value: code}, {Key: "$or", Value: bson.A{
			bson.D{{Key: "project_id", Value: bson.D{{Key: "$exists", Value: false}}}},
			bson.D{{Key: "project_id", Value: ""}},
		}}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "project_id", Value: project}}}})
	if err != nil {
		return fmt.Errorf("store: move campaign %s: %w", code, wrapErr(err))
	}
	if res.MatchedCount == 0 {
		return fmt.Errorf("store: campaign %s without a project: %w", code, ErrNotFound)
	}
	return nil
}

// DeleteCampaignData deletes a campaign and everything stored for it:
// responses, stories, counters, counter shard registrations, pending
// markers and the intervals computed from it. The campaign document
// goes last, so an interrupted delete can be run again.
func (s *Store) DeleteCampaignData(ctx context.Context, code string) (responses int64, err error) {
	defer s.campaigns.Delete(code)
	// A counting round still to come would write the shards again.
	if err := s.Settle(ctx); err != nil {
		return 0, err
	}
	filter := bson.D{{Key: "campaign", Value: code}}
	res, err := s.db.Collection(colResponses).DeleteMany(ctx, filter)
	if err != nil {
		return 0, fmt.Errorf("store: delete responses of %s: %w", code, wrapErr(err))
	}
	for _, coll := range []string{colStories, colCounters, colPending, colWriters} {
		if _, err := s.db.Collection(coll).DeleteMany(ctx, filter); err != nil {
			return res.DeletedCount, fmt.Errorf("store: delete %s of %s: %w", coll, code, wrapErr(err))
		}
	}
	s.forgetShards(code)
	if err := s.deleteIntervalsOf(ctx, code); err != nil {
		return res.DeletedCount, err
	}
	if _, err := s.db.Collection(colCampaigns).DeleteOne(ctx, bson.D{{Key: "_id", Value: code}}); err != nil {
		return res.DeletedCount, fmt.Errorf("store: delete campaign %s: %w", code, wrapErr(err))
	}
	return res.DeletedCount, nil
}
