package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const colStories = "stories"

// Story is a respondent's answer to the open question, kept apart from the
// response so that listing a campaign's stories reads only the responses
// that have one. It is derived from the response (a recount rebuilds it)
// except for Hidden, which a project group sets.
type Story struct {
	// ID identifies the story to staff: derived from the response id by a
	// one-way hash (StoryID), so the id a tablet made never leaves the
	// store.
	ID string
	// Response is the id of the response the story belongs to (never
	// shown to staff).
	Response string
	Campaign string
	Text     string
	// Groups are the target groups the respondent belongs to.
	Groups []string
	// Top is the item the respondent weighted highest.
	Top  string
	Lang string
	// Date is the day the answer was given (for retention).
	Date   string
	Hidden bool
}

type storyDoc struct {
	ID       string   `bson:"_id"`
	Response string   `bson:"response"`
	Campaign string   `bson:"campaign"`
	Text     string   `bson:"text"`
	Groups   []string `bson:"groups"`
	Top      string   `bson:"top"`
	Lang     string   `bson:"lang"`
	Date     string   `bson:"date"`
	Hidden   bool     `bson:"hidden"`
}

// putStory stores or refreshes a story without touching its Hidden flag.
func (s *Store) putStory(ctx context.Context, st Story) error {
	if st.Groups == nil {
		st.Groups = []string{}
	}
	_, err := s.db.Collection(colStories).UpdateOne(ctx, bson.D{{Key: "_id", Value: st.ID}},
		bson.D{
			{Key: "$set", Value: bson.D{{Key: "response", Value: st.Response}, {Key: "campaign", Value: st.Campaign}, {Key: "text", Value: st.Text},
				{Key: "groups", Value: st.Groups}, {Key: "top", Value: st.Top}, {Key: "lang", Value: st.Lang}, {Key: "date", Value: st.Date}}},
			{Key: "$setOnInsert", Value: bson.D{{Key: "hidden", Value: false}}},
		}, options.UpdateOne().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("store: put story: %w", wrapErr(err))
	}
	return nil
}

// PutStories stores or refreshes stories (a recount), keeping Hidden.
func (s *Store) PutStories(ctx context.Context, stories []Story) error {
	for _, st := range stories {
		if err := s.putStory(ctx, st); err != nil {
			return err
		}
	}
	return nil
}

// Stories returns the stories of a campaign, hidden ones included, in id
// order (random, so no order of answering shows).
func (s *Store) Stories(ctx context.Context, campaign string) ([]Story, error) {
	cur, err := s.db.Collection(colStories).Find(ctx, bson.D{{Key: "campaign", Value: campaign}},
		options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("store: stories of %s: %w", campaign, wrapErr(err))
	}
	var docs []storyDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("store: stories of %s: %w", campaign, wrapErr(err))
	}
	out := make([]Story, len(docs))
	for i, d := range docs {
		out[i] = Story(d)
	}
	return out, nil
}

// SetStoryHidden hides or shows a story in results and exports.
func (s *Store) SetStoryHidden(ctx context.Context, id string, hidden bool) (Story, error) {
	var d storyDoc
	err := s.db.Collection(colStories).FindOneAndUpdate(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "hidden", Value: hidden}}}},
		options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&d)
	if err != nil {
		if isNoDocuments(err) {
			return Story{}, fmt.Errorf("store: story %s: %w", id, ErrNotFound)
		}
		return Story{}, fmt.Errorf("store: hide story %s: %w", id, wrapErr(err))
	}
	return Story(d), nil
}

// Story returns one story by its response id.
func (s *Store) Story(ctx context.Context, id string) (Story, error) {
	var d storyDoc
	err := s.db.Collection(colStories).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&d)
	if isNoDocuments(err) {
		return Story{}, fmt.Errorf("store: story %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return Story{}, fmt.Errorf("store: story %s: %w", id, wrapErr(err))
	}
	return Story(d), nil
}

// ExpireStories deletes the text of a campaign's answers given before
// the date (YYYY-MM-DD): the story document, the response's story field,
// and one from the campaign's story counter each. It returns how many.
func (s *Store) ExpireStories(ctx context.Context, campaign, before string) (int, error) {
	stories, err := s.Stories(ctx, campaign)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, st := range stories {
		if st.Date == "" || st.Date >= before {
			continue
		}
		// The response's writer keeps counting the story in its shard;
		// this process's writer holds the -1 in its own, and the response
		// names it (sx), so a rebuild of either writer from the responses
		// gives the same sums (see collect.Service.Recount).
		writer, err := s.ensureWriter(ctx, []string{campaign})
		if err != nil {
			return n, err
		}
		// By _id alone (the filter FerretDB's SQLite backend pushes down):
		// a response already expired keeps its first expiry's -1.
		var prev struct {
			SX string `bson:"sx"`
		}
		err = s.db.Collection(colResponses).FindOne(ctx, bson.D{{Key: "_id", Value: st.Response}}).Decode(&prev)
		if err != nil && !isNoDocuments(err) {
			return n, fmt.Errorf("store: expire story: %w", wrapErr(err))
		}
		counted := err != nil || prev.SX != ""
		if !counted {
			if _, err := s.db.Collection(colResponses).UpdateOne(ctx, bson.D{{Key: "_id", Value: st.Response}},
				bson.D{{Key: "$unset", Value: bson.D{{Key: "story", Value: ""}}}, {Key: "$set", Value: bson.D{{Key: "sx", Value: writer}}}}); err != nil {
				return n, fmt.Errorf("store: expire story: %w", wrapErr(err))
			}
		}
		if _, err := s.db.Collection(colStories).DeleteOne(ctx, bson.D{{Key: "_id", Value: st.ID}}); err != nil {
			return n, fmt.Errorf("store: expire story: %w", wrapErr(err))
		}
		if counted {
			continue // expired before (or its response is gone): nothing to count
		}
		if err := s.applyCounters(ctx, campaign, writer, []CounterInc{{ID: campaign + "|all", Fields: map[string]int64{"stories": -1}}}); err != nil {
			s.retireWriter(writer)
			return n, err
		}
		n++
	}
	return n, nil
}

// StoryID is the id staff see for the story of a response: a hash of the
// response id, stable across recounts (so a hidden story stays hidden)
// but not the id the respondent's tablet made.
func StoryID(responseID string) string {
	sum := sha256.Sum256([]byte("vfv-story|" + responseID))
	return hex.EncodeToString(sum[:12])
}
