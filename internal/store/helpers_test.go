package store_test

import (
	"context"
	"os"
	"testing"

	"github.com/google/uuid"

	"github.com/vfv/vfv/internal/store"
)

// openTest opens the store every test runs against: the embedded FerretDB
// in a fresh directory, or, when MONGODB_URI is set, a fresh database on
// that server (dropped afterwards). The conformance test must pass on both.
func openTest(t *testing.T) *store.Store {
	t.Helper()
	ctx := context.Background()
	opts := store.Options{URI: os.Getenv("MONGODB_URI"), DataDir: t.TempDir(), Database: "vfv"}
	if opts.URI != "" {
		opts.Database = "vfv_test_" + uuid.NewString()[:8]
	}
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
