package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// openEmbedded opens the embedded store in a fresh directory; tests of
// its SQLite files skip on MONGODB_URI.
func openEmbedded(t testing.TB) (*Store, *sql.DB) {
	t.Helper()
	if os.Getenv("MONGODB_URI") != "" {
		t.Skip("MONGODB_URI is set: the embedded store's SQLite files are not in use")
	}
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, Options{DataDir: dir, Database: "vfv", Role: RoleServe})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close(ctx) })
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, sqliteDir, "vfv.sqlite")+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return s, db
}

// idLookupPlan is SQLite's plan for the query FerretDB v1.24 makes of a
// find, update or delete by _id (internal/backends/sqlite/collection.go:
// `WHERE _ferretdb_sjson->'$._id' = ?`).
func idLookupPlan(t testing.TB, db *sql.DB, table string) string {
	t.Helper()
	rows, err := db.Query(fmt.Sprintf(`EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM %q WHERE %s = ?`, table, ferretIDExpr), `"x"`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	return strings.Join(plan, "; ")
}

// TestConformanceIDIndex: in the embedded store every collection's
// lookups by _id use an index (FerretDB's own is on another expression,
// so without vfv's they read the whole table), opening the store again
// keeps it, and documents are found, updated and deleted by _id as
// before, whatever the type of the _id.
func TestConformanceIDIndex(t *testing.T) {
	s, db := openEmbedded(t)
	ctx := context.Background()
	tables, err := ferretTables(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range collections {
		table, ok := tables[c]
		if !ok {
			t.Errorf("collection %s has no table", c)
			continue
		}
		if plan := idLookupPlan(t, db, table); !strings.Contains(plan, "USING INDEX "+table+idIndexSuffix) {
			t.Errorf("%s: a lookup by _id is planned as %q; want it to use %s", c, plan, table+idIndexSuffix)
		}
	}
	// FerretDB's own plan of a lookup by _id (its explain command runs
	// EXPLAIN QUERY PLAN on its connections) names the index: Open made
	// the indexes and restarted the server, whose connections would
	// otherwise go on planning with the schema they read first.
	for _, c := range []string{colCounters, colResponses, colSessions} {
		var out bson.M
		err := s.db.RunCommand(ctx, bson.D{{Key: "explain", Value: bson.D{{Key: "find", Value: c}, {Key: "filter", Value: bson.D{{Key: "_id", Value: "x"}}}}}}).Decode(&out)
		if got := fmt.Sprint(out["queryPlanner"]); err != nil || !strings.Contains(got, "USING INDEX "+tables[c]+idIndexSuffix) {
			t.Errorf("FerretDB explains a find by _id in %s as %s, %v; want it to use %s", c, got, err, tables[c]+idIndexSuffix)
		}
	}
	// Without vfv's index the same lookup reads the whole table: this is
	// what the index is for, and the test would pass vacuously if FerretDB
	// ever looked up by its own index's expression.
	tc := tables[colCounters]
	if _, err := db.Exec(fmt.Sprintf(`DROP INDEX %q`, tc+idIndexSuffix)); err != nil {
		t.Fatal(err)
	}
	if plan := idLookupPlan(t, db, tc); !strings.HasPrefix(plan, "SCAN") {
		t.Errorf("without vfv's index a lookup by _id is planned as %q; FerretDB changed how it finds documents, and indexIDs should follow it", plan)
	}
	if made, err := s.indexIDs(ctx, filepath.Join(s.embedded.dir, sqliteDir, "vfv.sqlite")); err != nil || !made {
		t.Fatalf("indexIDs = %v, %v; want the dropped index made again", made, err)
	}
	if made, err := s.indexIDs(ctx, filepath.Join(s.embedded.dir, sqliteDir, "vfv.sqlite")); err != nil || made {
		t.Fatalf("indexIDs again = %v, %v; want nothing made", made, err)
	}
	// A new connection, as FerretDB's are to this one's change.
	db2, err := sql.Open("sqlite", "file:"+filepath.Join(s.embedded.dir, sqliteDir, "vfv.sqlite")+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if plan := idLookupPlan(t, db2, tc); !strings.Contains(plan, "USING INDEX "+tc+idIndexSuffix) {
		t.Errorf("after indexIDs again a lookup by _id is planned as %q", plan)
	}
	coll := s.db.Collection(colCounters)
	ids := []any{"C|all@w", int32(7), int64(1) << 40, 2.5, bson.NewObjectID()}
	for i, id := range ids {
		if _, err := coll.InsertOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "n", Value: int64(i)}}); err != nil {
			t.Fatalf("insert _id %v: %v", id, err)
		}
	}
	for i, id := range ids {
		var got struct{ N int64 }
		if err := coll.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&got); err != nil || got.N != int64(i) {
			t.Errorf("find _id %v (%T) = %+v, %v; want n %d", id, id, got, err, i)
		}
		res, err := coll.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, bson.D{{Key: "$inc", Value: bson.D{{Key: "n", Value: int64(10)}}}})
		if err != nil || res.MatchedCount != 1 {
			t.Errorf("update _id %v = %+v, %v; want one matched", id, res, err)
		}
	}
	if res, err := coll.DeleteOne(ctx, bson.D{{Key: "_id", Value: int32(7)}}); err != nil || res.DeletedCount != 1 {
		t.Errorf("delete _id 7 = %+v, %v", res, err)
	}
	if n, err := coll.CountDocuments(ctx, bson.D{}); err != nil || n != int64(len(ids)-1) {
		t.Errorf("%d documents left, %v; want %d", n, err, len(ids)-1)
	}
}

// BenchmarkIDLookup: a find by _id in a collection of 20,000 counter
// shards on the embedded store, through FerretDB, with FerretDB's own
// indexes only (every lookup reads the table) and with vfv's index on the
// expression FerretDB looks up by (indexIDs).
func BenchmarkIDLookup(b *testing.B) {
	s, db := openEmbedded(b)
	ctx := context.Background()
	const n = 20000
	docs := make([]any, n)
	for i := range docs {
		docs[i] = bson.D{{Key: "_id", Value: fmt.Sprintf("C%05d|all@w", i)}, {Key: "campaign", Value: "C"}, {Key: "n", Value: int64(i)}}
	}
	if _, err := s.db.Collection(colCounters).InsertMany(ctx, docs); err != nil {
		b.Fatal(err)
	}
	tables, err := ferretTables(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	lookups := func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			var got struct{ N int64 }
			if err := s.db.Collection(colCounters).FindOne(ctx, bson.D{{Key: "_id", Value: fmt.Sprintf("C%05d|all@w", (i*7919)%n)}}).Decode(&got); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("vfv-index", lookups)
	if _, err := db.Exec(fmt.Sprintf(`DROP INDEX %q`, tables[colCounters]+idIndexSuffix)); err != nil {
		b.Fatal(err)
	}
	if err := s.reopenEmbedded(ctx); err != nil {
		b.Fatal(err)
	}
	b.Run("ferretdb-only", lookups)
}
