package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

const colTokens = "tokens"

// Token is an API token for integrations. Its ID is a hash of the secret:
// the database never holds a usable token.
type Token struct {
	ID      string
	Email   string
	Name    string
	Created string
	Revoked bool
	// Expires is when the token stops working; zero for a token made
	// before tokens expired (the web server then counts from Created).
	Expires time.Time
}

type tokenDoc struct {
	ID      string    `bson:"_id"`
	Email   string    `bson:"email"`
	Name    string    `bson:"name"`
	Created string    `bson:"created"`
	Revoked bool      `bson:"revoked"`
	Expires time.Time `bson:"expires,omitempty"`
}

func (d tokenDoc) token() Token {
	t := Token(d)
	if !t.Expires.IsZero() {
		t.Expires = t.Expires.UTC()
	}
	return t
}

// CreateToken stores a new token.
func (s *Store) CreateToken(ctx context.Context, t Token) error {
	if _, err := s.db.Collection(colTokens).InsertOne(ctx, tokenDoc(t)); err != nil {
		return fmt.Errorf("store: create token: %w", wrapErr(err))
	}
	return nil
}

// Token returns the token with the given id (hash).
func (s *Store) Token(ctx context.Context, id string) (Token, error) {
	var d tokenDoc
	err := s.db.Collection(colTokens).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Token{}, fmt.Errorf("store: token: %w", ErrNotFound)
	}
	if err != nil {
		return Token{}, fmt.Errorf("store: token: %w", wrapErr(err))
	}
	return d.token(), nil
}

// TokensOf lists a user's tokens. Tokens are few.
func (s *Store) TokensOf(ctx context.Context, email string) ([]Token, error) {
	cur, err := s.db.Collection(colTokens).Find(ctx, bson.D{{Key: "email", Value: email}})
	if err != nil {
		return nil, fmt.Errorf("store: list tokens: %w", wrapErr(err))
	}
	var docs []tokenDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("store: list tokens: %w", wrapErr(err))
	}
	out := make([]Token, len(docs))
	for i, d := range docs {
		out[i] = d.token()
	}
	return out, nil
}

// RevokeToken marks a token revoked; it no longer authenticates.
func (s *Store) RevokeToken(ctx context.Context, id, email string) error {
	res, err := s.db.Collection(colTokens).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "email", Value: email}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "revoked", Value: true}}}})
	if err != nil {
		return fmt.Errorf("store: revoke token: %w", wrapErr(err))
	}
	if res.MatchedCount == 0 {
		return fmt.Errorf("store: token: %w", ErrNotFound)
	}
	return nil
}

// RevokeTokensOf revokes every token of a user (a password change: whoever
// knew the old password may have made some).
func (s *Store) RevokeTokensOf(ctx context.Context, email string) error {
	_, err := s.db.Collection(colTokens).UpdateMany(ctx, bson.D{{Key: "email", Value: strings.ToLower(email)}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "revoked", Value: true}}}})
	if err != nil {
		return fmt.Errorf("store: revoke tokens of %s: %w", email, wrapErr(err))
	}
	return nil
}
