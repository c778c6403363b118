// Package account creates staff accounts and API tokens, for the web
// server and the command line alike.
package account

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/vfv/vfv/internal/auth"
	"github.com/vfv/vfv/internal/calendar"
	"github.com/vfv/vfv/internal/store"
)

// NewToken creates an API token for email that works for days days from
// now, and returns its secret (shown once; only its hash is stored). Used
// by the staff pages, the API and `vfv token create`.
func NewToken(ctx context.Context, st *store.Store, email, name string, now time.Time, days int) (string, store.Token, error) {
	if _, err := st.User(ctx, email); err != nil {
		return "", store.Token{}, err
	}
	secret, err := auth.NewSecret()
	if err != nil {
		return "", store.Token{}, err
	}
	secret = "vfv_" + secret
	name = strings.TrimSpace(name)
	if name == "" {
		name = "token"
	}
	tok := store.Token{ID: auth.SecretID(secret), Email: strings.ToLower(email), Name: name, Created: calendar.Date(now),
		Expires: now.AddDate(0, 0, days).UTC()}
	return secret, tok, st.CreateToken(ctx, tok)
}

// AddUser creates an account with a password (hashed with argon2id), or,
// when it exists, sets its password and adds the admin flag or role; a
// new password ends the account's sessions and revokes its tokens, as a
// change through the web does.
func AddUser(ctx context.Context, st *store.Store, u store.User, password string) (created bool, err error) {
	hash, err := auth.HashPassword(password)
	if err != nil {
		return false, err
	}
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	u.PasswordHash = hash
	if u.Roles == nil {
		u.Roles = map[string]string{}
	}
	err = st.CreateUser(ctx, u)
	if !errors.Is(err, store.ErrExists) {
		return err == nil, err
	}
	old, err := st.User(ctx, u.Email)
	if err != nil {
		return false, err
	}
	old.PasswordHash = hash
	old.Admin = old.Admin || u.Admin
	for p, r := range u.Roles {
		old.Roles[p] = r
	}
	if u.Name != "" {
		old.Name = u.Name
	}
	if err := st.UpdateUser(ctx, old); err != nil {
		return false, err
	}
	if err := st.DeleteSessionsOf(ctx, old.Email); err != nil {
		return false, err
	}
	return false, st.RevokeTokensOf(ctx, old.Email)
}
