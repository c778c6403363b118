package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

const colUsers = "users"

// User is a staff account. Respondents have no accounts.
type User struct {
	// Email is the login name, stored lower-case; it is the _id.
	Email string
	Name  string
	// PasswordHash is an argon2id hash in PHC string form.
	PasswordHash string
	// Admin marks an installation admin, who sees every project.
	Admin bool
	// Roles maps a project id to the user's role in it.
	Roles map[string]string
	// Created is the creation date, YYYY-MM-DD.
	Created string
}

type userDoc struct {
	ID           string            `bson:"_id"`
	Name         string            `bson:"name"`
	PasswordHash string            `bson:"password_hash"`
	Admin        bool              `bson:"admin"`
	Roles        map[string]string `bson:"roles"`
	Created      string            `bson:"created"`
}

func (d userDoc) user() User {
	if d.Roles == nil {
		d.Roles = map[string]string{}
	}
	return User{Email: d.ID, Name: d.Name, PasswordHash: d.PasswordHash, Admin: d.Admin, Roles: d.Roles, Created: d.Created}
}

// CreateUser stores a new account; ErrExists when the e-mail is taken.
func (s *Store) CreateUser(ctx context.Context, u User) error {
	_, err := s.db.Collection(colUsers).InsertOne(ctx, userDoc{ID: strings.ToLower(u.Email), Name: u.Name,
		PasswordHash: u.PasswordHash, Admin: u.Admin, Roles: u.Roles, Created: u.Created})
	if mongo.IsDuplicateKeyError(err) {
		return fmt.Errorf("store: user %s: %w", u.Email, ErrExists)
	}
	if err != nil {
		return fmt.Errorf("store: create user: %w", wrapErr(err))
	}
	return nil
}

// User returns the account with the given e-mail (any case).
func (s *Store) User(ctx context.Context, email string) (User, error) {
	var d userDoc
	err := s.db.Collection(colUsers).FindOne(ctx, bson.D{{Key: "_id", Value: strings.ToLower(email)}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return User{}, fmt.Errorf("store: user %s: %w", email, ErrNotFound)
	}
	if err != nil {
		return User{}, fmt.Errorf("store: user %s: %w", email, wrapErr(err))
	}
	return d.user(), nil
}

// UpdateUser replaces an account's name, password hash, admin flag and roles.
func (s *Store) UpdateUser(ctx context.Context, u User) error {
	res, err := s.db.Collection(colUsers).UpdateOne(ctx, bson.D{{Key: "_id", Value: strings.ToLower(u.Email)}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "name", Value: u.Name}, {Key: "password_hash", Value: u.PasswordHash},
			{Key: "admin", Value: u.Admin}, {Key: "roles", Value: u.Roles}}}})
	if err != nil {
		return fmt.Errorf("store: update user %s: %w", u.Email, wrapErr(err))
	}
	if res.MatchedCount == 0 {
		return fmt.Errorf("store: user %s: %w", u.Email, ErrNotFound)
	}
	return nil
}

// Users lists every account, sorted by e-mail. Staff accounts are few.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	cur, err := s.db.Collection(colUsers).Find(ctx, bson.D{})
	if err != nil {
		return nil, fmt.Errorf("store: list users: %w", wrapErr(err))
	}
	var docs []userDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("store: list users: %w", wrapErr(err))
	}
	out := make([]User, len(docs))
	for i, d := range docs {
		out[i] = d.user()
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Email < out[j].Email })
	return out, nil
}
