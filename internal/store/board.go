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
		Created: c.Created.UTC().Truncate(time.Millisecond), Updated: c.Updated.UTC().Truncate(time.Millisecond)}
}

func (d boardCardDoc) card() BoardCard {
	c := BoardCard{ID: d.ID, Project: d.Project, Column: d.Column, Text: d.Text, Survey: d.Survey, Items: d.Items,
		Stories: d.Stories, Owner: d.Owner, Due: d.Due, Status: d.Status, Publish: d.Publish, Created: d.Created.UTC(), Updated: d.Updated.UTC()}
	if c.Items == nil {
		c.Items = []string{}
	}
	if c.Stories == nil {
		c.Stories = []string{}
	}
	return c
}

// CreateBoardCard stores a new card; ErrExists when its id is taken.
func (s *Store) CreateBoardCard(ctx context.Context, c BoardCard) error {
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
// project and creation time); ErrNotFound when it is gone.
func (s *Store) UpdateBoardCard(ctx context.Context, c BoardCard) error {
	d := boardDocOf(c)
	res, err := s.db.Collection(colBoard).UpdateOne(ctx, bson.D{{Key: "_id", Value: c.ID}}, bson.D{{Key: "$set", Value: bson.D{
		{Key: "column", Value: d.Column}, {Key: "text", Value: d.Text}, {Key: "survey", Value: d.Survey},
		{Key: "items", Value: d.Items}, {Key: "stories", Value: d.Stories}, {Key: "owner", Value: d.Owner},
		{Key: "due", Value: d.Due}, {Key: "status", Value: d.Status}, {Key: "publish", Value: d.Publish},
		{Key: "updated", Value: d.Updated},
	}}})
	if err != nil {
		return fmt.Errorf("store: update board card %s: %w", c.ID, wrapErr(err))
	}
	if res.MatchedCount == 0 {
		return fmt.Errorf("store: board card %s: %w", c.ID, ErrNotFound)
	}
	return nil
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
