package store

import (
	"context"
	"os"
	"testing"
)

// openInternal opens a fresh store for the tests inside the package: the
// embedded FerretDB in a fresh directory, or a fresh database when
// MONGODB_URI is set. It is closed (and its database dropped) at the end
// of the test.
func openInternal(t *testing.T) *Store {
	t.Helper()
	ctx := context.Background()
	opts := Options{URI: os.Getenv("MONGODB_URI"), DataDir: t.TempDir(), Database: "vfv", Role: RoleServe}
	if opts.URI != "" {
		opts.Database = "vfv_internal_" + newWriterID()[:8]
	}
	s, err := Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if opts.URI != "" {
			_ = s.DropDatabase(ctx)
		}
		_ = s.Close(ctx)
	})
	return s
}
