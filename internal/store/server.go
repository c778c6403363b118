package store

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// ServerOptions configure a stand-alone FerretDB server (vfv db-server):
// several vfv processes, or tests, sharing one store, on SQLite or on
// PostgreSQL.
type ServerOptions struct {
	// Listen is a TCP address such as 127.0.0.1:27017. Empty: no TCP.
	Listen string
	// Unix is a Unix socket path. Empty: no socket.
	Unix string
	// SQLiteDir holds the SQLite files (the sqlite backend).
	SQLiteDir string
	// PostgreSQLURL selects the postgresql backend.
	PostgreSQLURL string
	Logger        *slog.Logger
	// Ready is called with the MongoDB URI once the server listens.
	Ready func(uri string)
}

// RunServer runs FerretDB until ctx ends.
func RunServer(ctx context.Context, o ServerOptions) error {
	if o.Listen == "" && o.Unix == "" {
		return fmt.Errorf("store: give a TCP address (--listen) or a socket (--unix)")
	}
	cfg := &ferretdb.Config{Listener: ferretdb.ListenerConfig{TCP: o.Listen, Unix: o.Unix}, Logger: slog.New(minLevel{h: o.Logger.Handler(), min: slog.LevelWarn})}
	switch {
	case o.PostgreSQLURL != "":
		cfg.Handler, cfg.PostgreSQLURL = "postgresql", o.PostgreSQLURL
	case o.SQLiteDir != "":
		abs, err := filepath.Abs(o.SQLiteDir)
		if err != nil {
			return fmt.Errorf("store: %w", err)
		}
		if err := os.MkdirAll(abs, 0o700); err != nil {
			return fmt.Errorf("store: %w", err)
		}
		cfg.Handler, cfg.SQLiteURL = "sqlite", (&url.URL{Scheme: "file", Path: abs + "/"}).String()
	default:
		return fmt.Errorf("store: give --sqlite-dir or --postgresql-url")
	}
	f, err := ferretdb.New(cfg)
	if err != nil {
		return fmt.Errorf("store: start FerretDB: %w", err)
	}
	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()
	if o.Ready != nil {
		o.Ready(f.MongoDBURI())
	}
	return <-done
}
