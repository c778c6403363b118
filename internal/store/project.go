package store

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const colProjects = "projects"

// Project groups the campaigns and surveys of one cooperation, such as
// "Tillitsbyrån Grums". Staff see only their projects' data.
type Project struct {
	ID   string
	Name string
	// Surveys lists the survey ids the project may launch campaigns of.
	Surveys []string
	Created string
}

type projectDoc struct {
	ID      string   `bson:"_id"`
	Name    string   `bson:"name"`
	Surveys []string `bson:"surveys"`
	Created string   `bson:"created"`
}

// CreateProject stores a new project; ErrExists when its id is taken.
func (s *Store) CreateProject(ctx context.Context, p Project) error {
	_, err := s.db.Collection(colProjects).InsertOne(ctx, projectDoc(p))
	if mongo.IsDuplicateKeyError(err) {
		return fmt.Errorf("store: project %s: %w", p.ID, ErrExists)
	}
	if err != nil {
		return fmt.Errorf("store: create project: %w", wrapErr(err))
	}
	return nil
}

// Project returns the project with the given id.
func (s *Store) Project(ctx context.Context, id string) (Project, error) {
	var d projectDoc
	err := s.db.Collection(colProjects).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Project{}, fmt.Errorf("store: project %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return Project{}, fmt.Errorf("store: project %s: %w", id, wrapErr(err))
	}
	return d.project(), nil
}

func (d projectDoc) project() Project {
	if d.Surveys == nil {
		d.Surveys = []string{}
	}
	return Project(d)
}

// UpdateProject replaces a project's name and surveys.
func (s *Store) UpdateProject(ctx context.Context, p Project) error {
	res, err := s.db.Collection(colProjects).UpdateOne(ctx, bson.D{{Key: "_id", Value: p.ID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "name", Value: p.Name}, {Key: "surveys", Value: p.Surveys}}}})
	if err != nil {
		return fmt.Errorf("store: update project %s: %w", p.ID, wrapErr(err))
	}
	if res.MatchedCount == 0 {
		return fmt.Errorf("store: project %s: %w", p.ID, ErrNotFound)
	}
	return nil
}

// Projects lists every project by name. Projects are few.
func (s *Store) Projects(ctx context.Context) ([]Project, error) {
	cur, err := s.db.Collection(colProjects).Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "name", Value: 1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("store: list projects: %w", wrapErr(err))
	}
	var docs []projectDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("store: list projects: %w", wrapErr(err))
	}
	out := make([]Project, len(docs))
	for i, d := range docs {
		out[i] = d.project()
	}
	return out, nil
}
