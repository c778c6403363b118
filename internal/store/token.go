package store

import (
	"context"
	"errors"
	"fmt"

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
}

type tokenDoc struct {
	ID      string `bson:"_id"`
	Email   string `bson:"email"`
	Name    string `bson:"name"`
	Created string `bson:"created"`
	Revoked bool   `bson:"revoked"`
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
	return Token(d), nil
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
		out[i] = Token(d)
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
