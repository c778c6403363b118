package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

const colSessions = "sessions"

// Session is a logged-in staff member's session. Its _id is a hash of the
// cookie value, so the database never holds a usable session token.
type Session struct {
	ID       string
	Email    string
	CSRF     string
	Created  time.Time
	LastSeen time.Time
}

type sessionDoc struct {
	ID       string    `bson:"_id"`
	Email    string    `bson:"email"`
	CSRF     string    `bson:"csrf"`
	Created  time.Time `bson:"created"`
	LastSeen time.Time `bson:"last_seen"`
}

// CreateSession stores a new session.
func (s *Store) CreateSession(ctx context.Context, se Session) error {
	_, err := s.db.Collection(colSessions).InsertOne(ctx, sessionDoc(se))
	if err != nil {
		return fmt.Errorf("store: create session: %w", wrapErr(err))
	}
	return nil
}

// Session returns the session with the given id (the hash of its cookie).
func (s *Store) Session(ctx context.Context, id string) (Session, error) {
	var d sessionDoc
	err := s.db.Collection(colSessions).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Session{}, fmt.Errorf("store: session: %w", ErrNotFound)
	}
	if err != nil {
		return Session{}, fmt.Errorf("store: session: %w", wrapErr(err))
	}
	d.Created, d.LastSeen = d.Created.UTC(), d.LastSeen.UTC()
	return Session(d), nil
}

// TouchSession records activity on a session.
func (s *Store) TouchSession(ctx context.Context, id string, at time.Time) error {
	_, err := s.db.Collection(colSessions).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "last_seen", Value: at}}}})
	if err != nil {
		return fmt.Errorf("store: touch session: %w", wrapErr(err))
	}
	return nil
}

// DeleteSession ends a session (logout, expiry).
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	if _, err := s.db.Collection(colSessions).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}); err != nil {
		return fmt.Errorf("store: delete session: %w", wrapErr(err))
	}
	return nil
}

// DeleteSessionsOf ends every session of a user (password change).
func (s *Store) DeleteSessionsOf(ctx context.Context, email string) error {
	if _, err := s.db.Collection(colSessions).DeleteMany(ctx, bson.D{{Key: "email", Value: email}}); err != nil {
		return fmt.Errorf("store: delete sessions of %s: %w", email, wrapErr(err))
	}
	return nil
}
