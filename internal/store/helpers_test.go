package store_test

import (
	"testing"

	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/store/storetest"
)

// openTest opens the store every test runs against: the embedded FerretDB
// in a fresh directory, or, when MONGODB_URI is set, a fresh database on
// that server (dropped afterwards). The conformance test must pass on both.
func openTest(t *testing.T) *store.Store { return storetest.Open(t) }
