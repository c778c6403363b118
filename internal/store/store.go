// Package store keeps vfv's data in MongoDB (or the embedded FerretDB that
// speaks MongoDB's wire protocol). Every query vfv makes lives in this
// package, one file per collection, and each is exercised with asserted
// values by the conformance test, because FerretDB v1.24 returns silently
// wrong results for some queries.
//
// Data-model rules that follow from FerretDB v1.24 on SQLite (see
// docs/data-model.md): documents are looked up by _id only; judgments are
// packed into one compact field; counts that results need are kept as
// counters updated with $inc, never computed by scanning.
package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readpref"
	"go.mongodb.org/mongo-driver/v2/mongo/writeconcern"
)

// ErrNotFound is returned when a looked-up document does not exist.
var ErrNotFound = errors.New("not found")

// ErrUnavailable wraps errors that mean the database could not be reached;
// callers may retry later.
var ErrUnavailable = errors.New("store unavailable")

// RoleServe is the Options.Role of `vfv serve`: it owns an embedded data
// directory exclusively.
const RoleServe = "serve"

// Options says which database to use.
type Options struct {
	// URI of a MongoDB deployment. Empty means the embedded store in DataDir.
	URI string
	// Database name.
	Database string
	// DataDir holds the embedded store's files.
	DataDir string
	// Role names the process in the embedded store's lock file. RoleServe
	// refuses to share a data directory with another server.
	Role string
	// Wait is how long a server waits for a short command to release the
	// embedded data directory (default 10 s).
	Wait time.Duration
	// Logger receives the store's messages (FerretDB's only from WARN up).
	Logger *slog.Logger
	// WriteConcern is "majority" or a number of members ("" for the
	// driver's default or the URI's); Journal asks for journaled writes.
	// Responses are acknowledged only when durable: majority, journaled, by
	// default (see config).
	WriteConcern string
	Journal      bool
	// ReadPreference is a read preference mode ("" for primary).
	ReadPreference string
	// WriterLease is how long a writer's heartbeat stays valid: a writer
	// silent for longer is taken for dead and its counters are rebuilt
	// from its responses (default DefaultWriterLease).
	WriterLease time.Duration
}

// Store is vfv's database.
type Store struct {
	client   *mongo.Client
	db       *mongo.Database
	embedded *embedded
	log      *slog.Logger
	// clientOpts connect to the database (again after reopenEmbedded).
	clientOpts *options.ClientOptions
	// batch is the group commit of responses (see writeBatcher).
	batch writeBatcher
	// writer is this process's counter-shard writer (see writerState).
	writer writerState
	// campaigns caches campaign reads briefly (see campaignTTL).
	campaigns sync.Map
	// locks is set when the server is FerretDB, whose updates are not
	// atomic (see docLocks).
	locks *docLocks
	// Kind describes the store for logs: "embedded FerretDB (…)" or "MongoDB".
	Kind string
}

// Open connects to the database, starting the embedded store when
// opts.URI is empty, and creates the indexes.
func Open(ctx context.Context, opts Options) (*Store, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if opts.Database == "" {
		opts.Database = "vfv"
	}
	if opts.Wait == 0 {
		opts.Wait = 10 * time.Second
	}
	s := &Store{log: log, batch: newWriteBatcher()}
	s.writer.id, s.writer.shards, s.writer.lease, s.writer.opened = newWriterID(), map[string]bool{}, opts.WriterLease, time.Now()
	if s.writer.lease <= 0 {
		s.writer.lease = DefaultWriterLease
	}
	uri := opts.URI
	if uri == "" {
		role := opts.Role
		if role == "" {
			role = "vfv"
		}
		e, err := startEmbedded(ctx, opts.DataDir, role, role == RoleServe, opts.Wait, log)
		if err != nil {
			return nil, err
		}
		s.embedded = e
		uri = e.uri
		s.Kind = "embedded FerretDB (SQLite) in " + opts.DataDir
		if !e.owner {
			s.Kind += ", shared with the running vfv serve"
		}
	} else {
		s.Kind = "MongoDB at " + RedactURI(uri)
	}
	co := options.Client().ApplyURI(uri).SetAppName("vfv").SetServerSelectionTimeout(10 * time.Second)
	if err := durability(co, opts); err != nil {
		s.embedded.close()
		return nil, err
	}
	client, err := mongo.Connect(co)
	if err != nil {
		s.embedded.close()
		return nil, fmt.Errorf("store: connect: %w", err)
	}
	s.client, s.clientOpts = client, co
	s.db = client.Database(opts.Database)
	if err := s.Ping(ctx); err != nil {
		_ = s.Close(context.WithoutCancel(ctx))
		return nil, err
	}
	ferret, err := s.isFerretDB(ctx)
	if err != nil {
		_ = s.Close(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("store: build info: %w", err)
	}
	if ferret {
		s.locks = &docLocks{}
		s.Kind += " (FerretDB: counter shards per process, updates serialised in it)"
	}
	if err := s.ensureIndexes(ctx); err != nil {
		_ = s.Close(context.WithoutCancel(ctx))
		return nil, err
	}
	if e := s.embedded; e != nil && e.owner {
		made, err := s.indexIDs(ctx, filepath.Join(e.dir, sqliteDir, opts.Database+".sqlite"))
		if err != nil {
			// Lookups by _id stay right, only slower.
			log.Warn("store: index _id lookups of the embedded store", slog.String("error", err.Error()))
		}
		if made {
			if err := s.reopenEmbedded(ctx); err != nil {
				_ = s.Close(context.WithoutCancel(ctx))
				return nil, err
			}
		}
	}
	return s, nil
}

// reopenEmbedded restarts the embedded server and reconnects to it, so
// that FerretDB's connections see the indexes indexIDs made.
func (s *Store) reopenEmbedded(ctx context.Context) error {
	_ = s.client.Disconnect(ctx)
	if err := s.embedded.restart(ctx); err != nil {
		return fmt.Errorf("store: restart embedded FerretDB: %w", err)
	}
	client, err := mongo.Connect(s.clientOpts)
	if err != nil {
		return fmt.Errorf("store: connect: %w", err)
	}
	s.client = client
	s.db = client.Database(s.db.Name())
	return s.Ping(ctx)
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := s.client.Ping(ctx, readpref.Primary()); err != nil {
		return fmt.Errorf("store: ping: %w: %w", ErrUnavailable, err)
	}
	return nil
}

// Close disconnects and stops the embedded store if this process runs it.
func (s *Store) Close(ctx context.Context) error {
	var err error
	if s.client != nil {
		// Count what was acknowledged, so that a clean stop leaves
		// nothing to rebuild; on a timeout the rebuild does it.
		_ = s.Settle(ctx)
		s.batch.closeOnce.Do(func() { close(s.batch.closed) })
		s.closeWriter(ctx)
		err = s.client.Disconnect(ctx)
	}
	s.embedded.close()
	if err != nil {
		return fmt.Errorf("store: disconnect: %w", err)
	}
	return nil
}

// index is one index the store needs.
type index struct {
	collection string
	model      mongo.IndexModel
}

// ensureIndexes creates every index vfv's queries rely on. Creating an
// existing index is a no-op, so this runs at every start.
func (s *Store) ensureIndexes(ctx context.Context) error {
	for _, ix := range indexes() {
		if _, err := s.db.Collection(ix.collection).Indexes().CreateOne(ctx, ix.model); err != nil {
			return fmt.Errorf("store: create index on %s: %w", ix.collection, wrapErr(err))
		}
	}
	return nil
}

func isNoDocuments(err error) bool { return errors.Is(err, mongo.ErrNoDocuments) }

// wrapErr marks network and server-selection errors as ErrUnavailable.
func wrapErr(err error) error {
	if err == nil {
		return nil
	}
	if mongo.IsNetworkError(err) || mongo.IsTimeout(err) || errors.Is(err, mongo.ErrClientDisconnected) {
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return err
}

// indexes lists every secondary index. Lookups go by _id (the only filter
// FerretDB's SQLite backend pushes down); these indexes serve MongoDB
// deployments and the few small-collection listings.
func indexes() []index {
	return []index{
		{colSurveyVersions, mongo.IndexModel{
			Keys:    bson.D{{Key: "survey_id", Value: 1}, {Key: "first_used", Value: 1}},
			Options: options.Index().SetName("survey_id_first_used"),
		}},
		// Recount and export stream a campaign's responses.
		{colResponses, mongo.IndexModel{Keys: bson.D{{Key: "campaign", Value: 1}, {Key: "_id", Value: 1}}, Options: options.Index().SetName("campaign_id")}},
		// A recount replaces a campaign's counters.
		{colCounters, mongo.IndexModel{Keys: bson.D{{Key: "campaign", Value: 1}}, Options: options.Index().SetName("campaign")}},
		{colPending, mongo.IndexModel{Keys: bson.D{{Key: "campaign", Value: 1}}, Options: options.Index().SetName("campaign")}},
		// Counters read a campaign's shard writers; a rebuild a writer's campaigns.
		{colWriters, mongo.IndexModel{Keys: bson.D{{Key: "campaign", Value: 1}}, Options: options.Index().SetName("campaign")}},
		{colWriters, mongo.IndexModel{Keys: bson.D{{Key: "w", Value: 1}}, Options: options.Index().SetName("w")}},
		{colStories, mongo.IndexModel{Keys: bson.D{{Key: "campaign", Value: 1}, {Key: "_id", Value: 1}}, Options: options.Index().SetName("campaign_id")}},
		// A project's workshop board lists its cards.
		{colBoard, mongo.IndexModel{Keys: bson.D{{Key: "project", Value: 1}, {Key: "created", Value: 1}, {Key: "_id", Value: 1}}, Options: options.Index().SetName("project_created")}},
	}
}

// IndexNames lists the names of the indexes on a collection (for checks
// and the conformance test).
func (s *Store) IndexNames(ctx context.Context, collection string) ([]string, error) {
	cur, err := s.db.Collection(collection).Indexes().List(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: list indexes of %s: %w", collection, wrapErr(err))
	}
	var specs []struct {
		Name string `bson:"name"`
	}
	if err := cur.All(ctx, &specs); err != nil {
		return nil, fmt.Errorf("store: list indexes of %s: %w", collection, wrapErr(err))
	}
	names := make([]string, len(specs))
	for i, sp := range specs {
		names[i] = sp.Name
	}
	return names, nil
}

// DropDatabase deletes the whole database (tests on a shared server).
func (s *Store) DropDatabase(ctx context.Context) error {
	if err := s.db.Drop(ctx); err != nil {
		return fmt.Errorf("store: drop database: %w", wrapErr(err))
	}
	return nil
}

// Collections lists the collections in the database, sorted.
func (s *Store) Collections(ctx context.Context) ([]string, error) {
	names, err := s.db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return nil, fmt.Errorf("store: list collections: %w", wrapErr(err))
	}
	sort.Strings(names)
	return names, nil
}

// RawDocuments returns every document of a collection as extended JSON,
// for privacy checks and whole-database exports of small installations.
func (s *Store) RawDocuments(ctx context.Context, collection string) ([]string, error) {
	cur, err := s.db.Collection(collection).Find(ctx, bson.D{})
	if err != nil {
		return nil, fmt.Errorf("store: read %s: %w", collection, wrapErr(err))
	}
	defer cur.Close(context.WithoutCancel(ctx))
	var out []string
	for cur.Next(ctx) {
		b, err := bson.MarshalExtJSON(cur.Current, false, false)
		if err != nil {
			return nil, fmt.Errorf("store: read %s: %w", collection, err)
		}
		out = append(out, string(b))
	}
	if err := cur.Err(); err != nil {
		return nil, fmt.Errorf("store: read %s: %w", collection, wrapErr(err))
	}
	return out, nil
}

// durability applies the write concern and read preference options.
func durability(co *options.ClientOptions, opts Options) error {
	if opts.WriteConcern != "" {
		wc := &writeconcern.WriteConcern{W: opts.WriteConcern}
		if n, err := strconv.Atoi(opts.WriteConcern); err == nil {
			wc.W = n
		}
		if opts.Journal {
			j := true
			wc.Journal = &j
		}
		co.SetWriteConcern(wc)
	}
	if opts.ReadPreference != "" {
		mode, err := readpref.ModeFromString(opts.ReadPreference)
		if err != nil {
			return fmt.Errorf("store: read preference %q: %w", opts.ReadPreference, err)
		}
		rp, err := readpref.New(mode)
		if err != nil {
			return fmt.Errorf("store: read preference %q: %w", opts.ReadPreference, err)
		}
		co.SetReadPreference(rp)
	}
	return nil
}
