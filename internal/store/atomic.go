package store

import (
	"context"
	"hash/fnv"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// docLocks serialises read-modify-write updates ($inc) of one document
// within this process. FerretDB v1.24 applies an update by reading the
// document, changing it in Go and writing it back, with no lock: two
// concurrent $inc of one document lose one of them (measured: 50
// concurrent increments of a counter left it at 4 to 18, on SQLite and on
// PostgreSQL alike). MongoDB's $inc is atomic and needs none of this.
type docLocks struct {
	stripes [64]sync.Mutex
}

func (l *docLocks) lock(id string) func() {
	h := fnv.New32a()
	_, _ = h.Write([]byte(id))
	m := &l.stripes[h.Sum32()%uint32(len(l.stripes))]
	m.Lock()
	return m.Unlock
}

// isFerretDB asks the server whether it is FerretDB (its buildInfo has a
// ferretdbVersion field).
func (s *Store) isFerretDB(ctx context.Context) (bool, error) {
	var info bson.M
	if err := s.db.RunCommand(ctx, bson.D{{Key: "buildInfo", Value: 1}}).Decode(&info); err != nil {
		return false, wrapErr(err)
	}
	_, ok := info["ferretdbVersion"]
	return ok, nil
}

// lockDoc serialises updates of one document when the server needs it.
func (s *Store) lockDoc(id string) func() {
	if s.locks == nil {
		return func() {}
	}
	return s.locks.lock(id)
}
