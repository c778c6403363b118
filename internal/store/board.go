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

const colBoard = "board_cards"

// BoardCard is one card of a project's workshop board (package board):
// a decision or question in the column skapa, bryta or behålla, linked to
// survey items and stories, with an owner, a follow-up date and a status.
type BoardCard struct {
	ID, Project string
	Column      string
	Text        string
	// Survey is the survey whose Items the card links to.
	Survey  string
	Items   []string
	Stories []string
	Owner   string
	// Due is the follow-up date (YYYY-MM-DD, or empty).
	Due    string
	Status string
	// Publish puts the card on the project's "Ni sa – vi gör" poster.
	Publish          bool
	Created, Updated time.Time
	// Version counts the card's stored changes: 1 when created, one more
	// with each update. An update names the version it was made from and
	// is refused (ErrStale) when the card has changed since.
	Version int
}

type boardCardDoc struct {
	ID      string    `bson:"_id"`
	Project string    `bson:"project"`
	Column  string    `bson:"column"`
	Text    string    `bson:"text"`
	Survey  string    `bson:"survey"`
	Items   []string  `bson:"items"`
	Stories []string  `bson:"stories"`
	Owner   string    `bson:"owner"`
	Due     string    `bson:"due"`
	Status  string    `bson:"status"`
	Publish bool      `bson:"publish"`
	Created time.Time `bson:"created"`
	Updated time.Time `bson:"updated"`
	Version int       `bson:"version"`
}

func boardDocOf(c BoardCard) boardCardDoc {
	if c.Items == nil {
		c.Items = []string{}
	}
	if c.Stories == nil {
		c.Stories = []string{}
	}
	return boardCardDoc{ID: c.ID, Project: c.Project, Column: c.Column, Text: c.Text, Survey: c.Survey, Items: c.Items,
		Stories: c.Stories, Owner: c.Owner, Due: c.Due, Status: c.Status, Publish: c.Publish,
		Created: c.Created.UTC().Truncate(time.Millisecond), Updated: c.Updated.UTC().Truncate(time.Millisecond), Version: c.Version}
}

func (d boardCardDoc) card() BoardCard {
	c := BoardCard{ID: d.ID, Project: d.Project, Column: d.Column, Text: d.Text, Survey: d.Survey, Items: d.Items,
		Stories: d.Stories, Owner: d.Owner, Due: d.Due, Status: d.Status, Publish: d.Publish, Created: d.Created.UTC(), Updated: d.Updated.UTC(), Version: d.Version}
	if c.Items == nil {
		c.Items = []string{}
	}
	if c.Stories == nil {
		c.Stories = []string{}
	}
	return c
}

// ErrStale is returned when a card was changed by someone else since the
// version an update was made from; the error is a *StaleError.
var ErrStale = errors.New("changed by someone else")

// StaleError names the conflict of a refused update: the card, the
// version the update was made from and the version stored now.
type StaleError struct {
	ID         string
	Want, Have int
}

func (e *StaleError) Error() string {
	return fmt.Sprintf("store: board card %s is at version %d, not %d: %v", e.ID, e.Have, e.Want, ErrStale)
}

// Unwrap makes errors.Is(err, ErrStale) hold.
func (e *StaleError) Unwrap() error { return ErrStale }

// CreateBoardCard stores a new card as version 1 (whatever c.Version
// says); ErrExists when its id is taken.
func (s *Store) CreateBoardCard(ctx context.Context, c BoardCard) error {
	c.Version = 1
	_, err := s.db.Collection(colBoard).InsertOne(ctx, boardDocOf(c))
	if mongo.IsDuplicateKeyError(err) {
		return fmt.Errorf("store: board card %s: %w", c.ID, ErrExists)
	}
	if err != nil {
		return fmt.Errorf("store: create board card: %w", wrapErr(err))
	}
	return nil
}

// BoardCard returns the card with the given id.
func (s *Store) BoardCard(ctx context.Context, id string) (BoardCard, error) {
	var d boardCardDoc
	err := s.db.Collection(colBoard).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return BoardCard{}, fmt.Errorf("store: board card %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return BoardCard{}, fmt.Errorf("store: board card %s: %w", id, wrapErr(err))
	}
	return d.card(), nil
}

// BoardCards lists the cards of a project, oldest first (ties by id).
func (s *Store) BoardCards(ctx context.Context, project string) ([]BoardCard, error) {
	cur, err := s.db.Collection(colBoard).Find(ctx, bson.D{{Key: "project", Value: project}},
		options.Find().SetSort(bson.D{{Key: "project", Value: 1}, {Key: "created", Value: 1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("store: list board cards: %w", wrapErr(err))
	}
	var docs []boardCardDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("store: list board cards: %w", wrapErr(err))
	}
	out := make([]BoardCard, 0, len(docs))
	for _, d := range docs {
		if d.Project == project { // the filter, checked again (FerretDB)
			out = append(out, d.card())
		}
	}
	return out, nil
}

// UpdateBoardCard replaces a card's editable fields (all but its id,
// project and creation time) if the stored card is still at c.Version,
// and makes it version c.Version+1; ErrStale when the card has another
// version, ErrNotFound when it is gone. The update is filtered on _id and
// version and its matched count decides; FerretDB v1.24 applies even
// that filter by read-then-write, so two updates from one version in
// this process both matched (measured in the conformance test) until
// they were serialised by the document's lock (docLocks). Two vfv
// processes on one FerretDB remain unprotected; on MongoDB the filter
// alone is atomic.
func (s *Store) UpdateBoardCard(ctx context.Context, c BoardCard) error {
	defer s.lockDoc(colBoard + "/" + c.ID)()
	d := boardDocOf(c)
	res, err := s.db.Collection(colBoard).UpdateOne(ctx, bson.D{{Key: "_id", Value: c.ID}, {Key: "version", Value: c.Version}}, bson.D{{Key: "$set", Value: bson.D{
		{Key: "column", Value: d.Column}, {Key: "text", Value: d.Text}, {Key: "survey", Value: d.Survey},
		{Key: "items", Value: d.Items}, {Key: "stories", Value: d.Stories}, {Key: "owner", Value: d.Owner},
		{Key: "due", Value: d.Due}, {Key: "status", Value: d.Status}, {Key: "publish", Value: d.Publish},
		{Key: "updated", Value: d.Updated}, {Key: "version", Value: c.Version + 1},
	}}})
	if err != nil {
		return fmt.Errorf("store: update board card %s: %w", c.ID, wrapErr(err))
	}
	if res.MatchedCount == 1 {
		return nil
	}
	now, err := s.BoardCard(ctx, c.ID)
	if err != nil {
		return err
	}
	return &StaleError{ID: c.ID, Want: c.Version, Have: now.Version}
}

// DeleteBoardCard removes a card; ErrNotFound when it is gone.
func (s *Store) DeleteBoardCard(ctx context.Context, id string) error {
	res, err := s.db.Collection(colBoard).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
	if err != nil {
		return fmt.Errorf("store: delete board card %s: %w", id, wrapErr(err))
	}
	if res.DeletedCount == 0 {
		return fmt.Errorf("store: board card %s: %w", id, ErrNotFound)
	}
	return nil
}
