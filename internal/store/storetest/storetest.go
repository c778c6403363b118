// Package storetest opens the store tests run against: the embedded
// FerretDB in a fresh directory by default, or, when MONGODB_URI is set
// (CI's FerretDB on PostgreSQL, a real MongoDB), a fresh database on that
// server, dropped afterwards.
package storetest

import (
	"context"
	"os"
	"testing"

	"github.com/google/uuid"

	"github.com/vfv/vfv/internal/store"
)

// Open returns a store for t, closed (and on a shared server dropped) at
// its end.
func Open(t testing.TB) *store.Store {
	t.Helper()
	ctx := context.Background()
	opts := Options(t)
	s, err := store.Open(ctx, opts)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() {
		if opts.URI != "" {
			_ = s.DropDatabase(ctx)
		}
		if err := s.Close(ctx); err != nil {
			t.Errorf("close store: %v", err)
		}
	})
	return s
}

// Options are the store options Open uses: the embedded store in a
// temporary directory, or a fresh database on MONGODB_URI.
func Options(t testing.TB) store.Options {
	opts := store.Options{URI: os.Getenv("MONGODB_URI"), DataDir: t.TempDir(), Database: "vfv", Role: store.RoleServe}
	if opts.URI != "" {
		opts.Database = "vfv_test_" + uuid.NewString()[:8]
	}
	return opts
}
