package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/mongo"
	// The SQLite driver the embedded FerretDB runs on; named here too
	// because indexIDs opens the same files.
	_ "modernc.org/sqlite"
)

// collections are every collection the store uses. indexIDs needs them to
// exist before it indexes their tables.
var collections = []string{colAudit, colBoard, colCampaigns, colCounters, colIntervals, colPending, colProjects,
	colResponses, colSessions, colStories, colSurveyVersions, colTokens, colUsers, colWriters}

// FerretDB's SQLite backend (v1.24) keeps each collection in a table
// whose one column holds the document as JSON, and finds a document by
// _id with `WHERE _ferretdb_sjson->'$._id' = ?`. Its own _id index is on
// the expression `_ferretdb_sjson->"_id"`, which SQLite does not take for
// the same, so every lookup, update and delete by _id read the whole
// table: 11.7 ms a lookup in a table of 20,000 counter shards, 0.2 ms
// with an index on the expression the lookups use (TestConformanceIDIndex
// proves the plan; BENCHMARKS.md). These names FerretDB's own.
const (
	ferretCollectionsTable = "_ferretdb_collections"
	ferretIDExpr           = "_ferretdb_sjson->'$._id'"
	idIndexSuffix          = "_vfv_id"
)

// indexIDs gives every collection's table in the embedded store's SQLite
// file an index on the expression FerretDB looks documents up by (see
// above), and reports whether it made any. Only the process that runs the
// embedded store calls it, at start; FerretDB's connections use an index
// made meanwhile only once they are opened again (embedded.restart). The
// index is SQLite's alone: FerretDB neither lists nor drops it (dropping
// a collection drops its table, and the index with it), and it cannot
// change what a query finds, only how fast.
func (s *Store) indexIDs(ctx context.Context, file string) (made bool, err error) {
	for _, c := range collections {
		err := s.db.CreateCollection(ctx, c)
		var ce mongo.CommandError
		if err != nil && !(errors.As(err, &ce) && ce.Code == 48) { // NamespaceExists
			return false, fmt.Errorf("create collection %s: %w", c, wrapErr(err))
		}
	}
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return false, err
	}
	defer db.Close()
	tables, err := ferretTables(ctx, db)
	if err != nil {
		return false, err
	}
	for _, c := range collections {
		t, ok := tables[c]
		if !ok {
			return made, fmt.Errorf("collection %s has no table in %s", c, file)
		}
		var n int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?`, t+idIndexSuffix).Scan(&n); err != nil {
			return made, err
		}
		if n > 0 {
			continue
		}
		if _, err := db.ExecContext(ctx, fmt.Sprintf(`CREATE INDEX %q ON %q (%s)`, t+idIndexSuffix, t, ferretIDExpr)); err != nil {
			return made, fmt.Errorf("index %s: %w", c, err)
		}
		made = true
	}
	return made, nil
}

// ferretTables maps each collection of a FerretDB SQLite file to its table.
func ferretTables(ctx context.Context, db *sql.DB) (map[string]string, error) {
	rows, err := db.QueryContext(ctx, fmt.Sprintf(`SELECT name, table_name FROM %q`, ferretCollectionsTable))
	if err != nil {
		return nil, fmt.Errorf("read FerretDB's collections: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, table string
		if err := rows.Scan(&name, &table); err != nil {
			return nil, err
		}
		out[name] = table
	}
	return out, rows.Err()
}
