package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const (
	colResponses = "responses"
	colPending   = "pending"
)

// Response is one respondent's anonymous answers. It holds no address,
// device, cookie or time of day: Date is the day only.
type Response struct {
	// ID is the UUID the client made, which makes submission idempotent.
	ID       string
	Campaign string
	SurveyID string
	// Version is the survey version the answers were given under.
	Version string
	// Date is the day the response was stored, YYYY-MM-DD.
	Date       string
	Lang       string
	Background map[string]string
	Judgments  []Judgment
	Story      string
	// Hash identifies the submitted content, to tell a replay (same hash)
	// from a conflicting reuse of the id.
	Hash string
	// Writer is the writer whose counter shards count the response (""
	// for responses stored before sharding or imported); set by the
	// store, ignored by SaveResponse and ImportResponses, and never in
	// an export or archive (bookkeeping of this installation only).
	Writer string `json:"-"`
	// StoryExpiredBy is the writer whose shards hold the story's expiry
	// (its story counter's -1); "" when the story was not expired.
	StoryExpiredBy string `json:"-"`
}

// Judgment is one weighed pair: A was shown first, B second; Value is
// negative for A, positive for B, 0 for equal; Skip is "can't decide".
type Judgment struct {
	A, B  string
	Value int
	Skip  bool
}

// responseDoc packs judgments and background answers into one string
// field each: FerretDB v1.24 decodes a document with many subdocuments
// about ten times slower than one with a compact field.
type responseDoc struct {
	ID         string `bson:"_id"`
	Campaign   string `bson:"campaign"`
	SurveyID   string `bson:"survey_id"`
	Version    string `bson:"version"`
	Date       string `bson:"date"`
	Lang       string `bson:"lang"`
	Background string `bson:"bg"`
	Judgments  string `bson:"j"`
	Story      string `bson:"story,omitempty"`
	Hash       string `bson:"hash"`
	// Writer is the writer whose counter shards count this response.
	Writer string `bson:"w,omitempty"`
	// StoryExpiredBy is the writer whose shards hold the -1 of the
	// story's expiry (ExpireStories).
	StoryExpiredBy string `bson:"sx,omitempty"`
}

// pendingDoc marks a campaign whose counters must be recounted: an import
// in progress, or a response of a version before sharded counters whose
// counters may not have been applied. A marker left behind makes
// RepairPending recount the campaign.
type pendingDoc struct {
	ID       string `bson:"_id"`
	Campaign string `bson:"campaign"`
}

// Outcome says what SaveResponse did.
type Outcome int

// Outcomes of SaveResponse.
const (
	// Created: the response is new and stored.
	Created Outcome = iota + 1
	// Duplicate: a response with the same id and content was stored before.
	Duplicate
	// Conflict: the id was used before with different content.
	Conflict
)

// SaveResponse stores r and applies its counter increments, exactly once
// per response id, without transactions, in a group commit with the
// responses that arrive meanwhile (see writeBatcher):
//
//  1. r is inserted, naming this process's writer (a duplicate id ends
//     here as Duplicate or Conflict);
//  2. the story, if any, is stored, and the request is answered;
//  3. the increments are added to the writer's own counter shards in the
//     next counting round (reads in this process wait for it: Settle).
//
// A crash or store failure between 1 and 3 leaves a response its writer
// may not have counted; the writer is retired and its shards are rebuilt
// from its responses (collect.Service.RepairWriters).
func (s *Store) SaveResponse(ctx context.Context, r Response, incs []CounterInc, story *Story) (Outcome, error) {
	doc, err := packResponse(r)
	if err != nil {
		return 0, err
	}
	res := s.enqueue(ctx, &pendingSave{doc: doc, incs: incs, story: story})
	switch {
	case res.err != nil:
		return 0, res.err
	case res.dup:
		return s.duplicate(ctx, r)
	}
	return Created, nil
}

// duplicate answers a second submission of an id already stored. The
// first may still be in its writer's group commit; it is acknowledged as
// stored, which it is, and counted once that commit (or the rebuild of a
// writer that failed) is done.
func (s *Store) duplicate(ctx context.Context, r Response) (Outcome, error) {
	var prev responseDoc
	err := s.db.Collection(colResponses).FindOne(ctx, bson.D{{Key: "_id", Value: r.ID}}).Decode(&prev)
	if err != nil {
		return 0, fmt.Errorf("store: save response: read existing: %w", wrapErr(err))
	}
	if prev.Hash == r.Hash {
		return Duplicate, nil
	}
	return Conflict, nil
}

// Response returns the stored response with the given id.
func (s *Store) Response(ctx context.Context, id string) (Response, error) {
	var d responseDoc
	err := s.db.Collection(colResponses).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Response{}, fmt.Errorf("store: response %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return Response{}, fmt.Errorf("store: response %s: %w", id, wrapErr(err))
	}
	return d.unpack()
}

// StreamResponses calls fn with every response of a campaign, in _id
// order, reading in batches rather than all at once.
func (s *Store) StreamResponses(ctx context.Context, campaign string, fn func(Response) error) error {
	cur, err := s.db.Collection(colResponses).Find(ctx, bson.D{{Key: "campaign", Value: campaign}},
		options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}).SetBatchSize(1000))
	if err != nil {
		return fmt.Errorf("store: stream responses of %s: %w", campaign, wrapErr(err))
	}
	defer cur.Close(context.WithoutCancel(ctx))
	for cur.Next(ctx) {
		var d responseDoc
		if err := cur.Decode(&d); err != nil {
			return fmt.Errorf("store: stream responses of %s: %w", campaign, err)
		}
		r, err := d.unpack()
		if err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	if err := cur.Err(); err != nil {
		return fmt.Errorf("store: stream responses of %s: %w", campaign, wrapErr(err))
	}
	return nil
}

// PendingCampaigns lists the campaigns that have pending markers, sorted.
// The collection holds only writes in progress, so it is tiny.
func (s *Store) PendingCampaigns(ctx context.Context) ([]string, error) {
	cur, err := s.db.Collection(colPending).Find(ctx, bson.D{})
	if err != nil {
		return nil, fmt.Errorf("store: list pending: %w", wrapErr(err))
	}
	var docs []pendingDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("store: list pending: %w", wrapErr(err))
	}
	seen := map[string]bool{}
	var out []string
	for _, d := range docs {
		if !seen[d.Campaign] {
			seen[d.Campaign] = true
			out = append(out, d.Campaign)
		}
	}
	sort.Strings(out)
	return out, nil
}

// ClearPending deletes the pending markers of a campaign after a recount.
func (s *Store) ClearPending(ctx context.Context, campaign string) error {
	if _, err := s.db.Collection(colPending).DeleteMany(ctx, bson.D{{Key: "campaign", Value: campaign}}); err != nil {
		return fmt.Errorf("store: clear pending of %s: %w", campaign, wrapErr(err))
	}
	return nil
}

func packResponse(r Response) (responseDoc, error) {
	var j strings.Builder
	for i, jd := range r.Judgments {
		if strings.ContainsAny(jd.A+jd.B, ",;=") {
			return responseDoc{}, fmt.Errorf("store: item id %q or %q contains a separator", jd.A, jd.B)
		}
		if i > 0 {
			j.WriteByte(';')
		}
		j.WriteString(jd.A)
		j.WriteByte(',')
		j.WriteString(jd.B)
		j.WriteByte(',')
		if jd.Skip {
			j.WriteByte('s')
		} else {
			j.WriteString(strconv.Itoa(jd.Value))
		}
	}
	keys := make([]string, 0, len(r.Background))
	for k := range r.Background {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var bg strings.Builder
	for i, k := range keys {
		if strings.ContainsAny(k+r.Background[k], ",;=") {
			return responseDoc{}, fmt.Errorf("store: background id %q=%q contains a separator", k, r.Background[k])
		}
		if i > 0 {
			bg.WriteByte(';')
		}
		bg.WriteString(k + "=" + r.Background[k])
	}
	return responseDoc{ID: r.ID, Campaign: r.Campaign, SurveyID: r.SurveyID, Version: r.Version, Date: r.Date,
		Lang: r.Lang, Background: bg.String(), Judgments: j.String(), Story: r.Story, Hash: r.Hash}, nil
}

func (d responseDoc) unpack() (Response, error) {
	r := Response{ID: d.ID, Campaign: d.Campaign, SurveyID: d.SurveyID, Version: d.Version, Date: d.Date,
		Lang: d.Lang, Story: d.Story, Hash: d.Hash, Writer: d.Writer, StoryExpiredBy: d.StoryExpiredBy, Background: map[string]string{}}
	if d.Judgments != "" {
		for _, part := range strings.Split(d.Judgments, ";") {
			f := strings.Split(part, ",")
			if len(f) != 3 {
				return Response{}, fmt.Errorf("store: response %s: malformed judgment %q", d.ID, part)
			}
			jd := Judgment{A: f[0], B: f[1]}
			if f[2] == "s" {
				jd.Skip = true
			} else {
				v, err := strconv.Atoi(f[2])
				if err != nil {
					return Response{}, fmt.Errorf("store: response %s: malformed judgment %q", d.ID, part)
				}
				jd.Value = v
			}
			r.Judgments = append(r.Judgments, jd)
		}
	}
	if d.Background != "" {
		for _, part := range strings.Split(d.Background, ";") {
			k, v, ok := strings.Cut(part, "=")
			if !ok {
				return Response{}, fmt.Errorf("store: response %s: malformed background %q", d.ID, part)
			}
			r.Background[k] = v
		}
	}
	return r, nil
}

// ImportResponses inserts responses in batches, skipping ids already
// stored, and returns how many were new. Counters are not touched: call a
// recount of each campaign afterwards (vfv import does). A pending marker
// per campaign is set first, so an interrupted import is recounted at the
// next start.
func (s *Store) ImportResponses(ctx context.Context, rs []Response) (int, error) {
	marked := map[string]bool{}
	for _, r := range rs {
		if !marked[r.Campaign] {
			marked[r.Campaign] = true
			_, err := s.db.Collection(colPending).InsertOne(ctx, pendingDoc{ID: "import|" + r.Campaign, Campaign: r.Campaign})
			if err != nil && !mongo.IsDuplicateKeyError(err) {
				return 0, fmt.Errorf("store: import: mark pending: %w", wrapErr(err))
			}
		}
	}
	const batch = 1000
	n := 0
	for i := 0; i < len(rs); i += batch {
		docs := make([]any, 0, batch)
		for _, r := range rs[i:min(i+batch, len(rs))] {
			d, err := packResponse(r)
			if err != nil {
				return n, err
			}
			docs = append(docs, d)
		}
		_, err := s.db.Collection(colResponses).InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
		var bwe mongo.BulkWriteException
		if err != nil && errors.As(err, &bwe) && allDuplicates(bwe) {
			n += len(docs) - len(bwe.WriteErrors)
			continue
		}
		if err != nil {
			return n, fmt.Errorf("store: import responses: %w", wrapErr(err))
		}
		n += len(docs)
	}
	return n, nil
}

func allDuplicates(e mongo.BulkWriteException) bool {
	if e.WriteConcernError != nil {
		return false
	}
	for _, we := range e.WriteErrors {
		if we.Code != 11000 {
			return false
		}
	}
	return true
}

// PendingCount is the number of interrupted writes waiting for a repair:
// pending markers (imports, writes of older versions) and this process's
// retired writers whose counters are not rebuilt yet. Both are few, so
// counting is cheap.
func (s *Store) PendingCount(ctx context.Context) (int64, error) {
	n, err := s.db.Collection(colPending).CountDocuments(ctx, bson.D{})
	if err != nil {
		return 0, fmt.Errorf("store: count pending: %w", wrapErr(err))
	}
	s.writer.mu.Lock()
	n += int64(len(s.writer.retired))
	s.writer.mu.Unlock()
	return n, nil
}

// ResponseCount is the number of stored responses of every campaign: a
// whole-store check, as when a test makes sure that nothing was stored.
func (s *Store) ResponseCount(ctx context.Context) (int64, error) {
	n, err := s.db.Collection(colResponses).CountDocuments(ctx, bson.D{})
	if err != nil {
		return 0, fmt.Errorf("store: count responses: %w", wrapErr(err))
	}
	return n, nil
}

// PendingMarkers lists the pending markers: response id (or import mark)
// to campaign.
func (s *Store) PendingMarkers(ctx context.Context) (map[string]string, error) {
	cur, err := s.db.Collection(colPending).Find(ctx, bson.D{})
	if err != nil {
		return nil, fmt.Errorf("store: list pending: %w", wrapErr(err))
	}
	var docs []pendingDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("store: list pending: %w", wrapErr(err))
	}
	out := make(map[string]string, len(docs))
	for _, d := range docs {
		out[d.ID] = d.Campaign
	}
	return out, nil
}
