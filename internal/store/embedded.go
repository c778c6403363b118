package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// Embedded data-directory files. The socket lives inside the data directory
// so that only users who can read the data can reach the database.
const (
	lockFile   = "vfv.lock"
	socketFile = "ferretdb.sock"
	sqliteDir  = "sqlite"
	// maxSocketPath is the longest Unix socket path Linux accepts (108 bytes
	// including the terminating NUL).
	maxSocketPath = 107
)

// ErrDataDirBusy is returned when another vfv serve owns the data directory.
var ErrDataDirBusy = errors.New("data directory is in use by another vfv serve")

// embedded is an in-process FerretDB (SQLite backend) serving one data
// directory, or a connection to the one another vfv process on the same
// machine already runs there.
type embedded struct {
	uri    string
	lock   *os.File   // nil when sharing another process's server
	cancel func()     // stops the server; nil when sharing
	done   chan error // closed when the server has stopped
	owner  bool
	dir    string // the data directory, when this process runs the server
	role   string
	log    *slog.Logger
}

// startEmbedded makes the data directory's database reachable and returns its
// URI. Exactly one process serves a data directory at a time: it holds an
// exclusive lock on vfv.lock and listens on the Unix socket ferretdb.sock.
// Any other vfv process on the same directory (for example `vfv campaign
// create` while `vfv serve` runs) connects to that socket instead of opening
// the SQLite files itself, because FerretDB caches metadata in memory and two
// servers on one directory would not see each other's collections.
//
// With exclusive set (vfv serve), a directory already served by another
// process is an error (ErrDataDirBusy) after waiting up to wait for a
// short-lived command to finish.
func startEmbedded(ctx context.Context, dir, role string, exclusive bool, wait time.Duration, log *slog.Logger) (*embedded, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("store: data directory %q: %w", dir, err)
	}
	if err := os.MkdirAll(filepath.Join(abs, sqliteDir), 0o700); err != nil {
		return nil, fmt.Errorf("store: create data directory %q: %w (set VFV_DATA_DIR to a writable folder)", abs, err)
	}
	sock := filepath.Join(abs, socketFile)
	if len(sock) > maxSocketPath {
		return nil, fmt.Errorf("store: data directory path %q is too long for the embedded store's socket (at most %d characters in all); choose a shorter VFV_DATA_DIR", abs, maxSocketPath-len(socketFile)-1)
	}
	lf, err := os.OpenFile(filepath.Join(abs, lockFile), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("store: open lock file: %w", err)
	}
	deadline := time.Now().Add(wait)
	for {
		err := syscall.Flock(int(lf.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			e, err := serveEmbedded(ctx, abs, sock, role, lf, log)
			if err != nil {
				lf.Close()
			}
			return e, err
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			lf.Close()
			return nil, fmt.Errorf("store: lock data directory: %w", err)
		}
		owner := readOwner(lf)
		if !exclusive {
			lf.Close()
			return &embedded{uri: socketURI(sock)}, nil
		}
		if time.Now().After(deadline) || strings.HasPrefix(owner, RoleServe+" ") {
			lf.Close()
			return nil, fmt.Errorf("store: %w (%s, %s); stop it or set VFV_DATA_DIR to another folder", ErrDataDirBusy, abs, owner)
		}
		select {
		case <-ctx.Done():
			lf.Close()
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// serveEmbedded starts FerretDB on the locked data directory.
func serveEmbedded(ctx context.Context, abs, sock, role string, lf *os.File, log *slog.Logger) (*embedded, error) {
	// We hold the lock, so a socket file left here is stale (a crashed run).
	if err := os.Remove(sock); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("store: remove stale socket: %w", err)
	}
	owner := fmt.Sprintf("%s pid %d", role, os.Getpid())
	if err := lf.Truncate(0); err == nil {
		_, _ = lf.WriteAt([]byte(owner+"\n"), 0)
	}
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{Unix: sock},
		Handler:   "sqlite",
		SQLiteURL: (&url.URL{Scheme: "file", Path: filepath.Join(abs, sqliteDir) + "/"}).String(),
		Logger:    slog.New(minLevel{h: log.Handler(), min: slog.LevelWarn}),
	})
	if err != nil {
		return nil, fmt.Errorf("store: start embedded FerretDB: %w", err)
	}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan error, 1)
	go func() { done <- f.Run(runCtx); close(done) }()
	return &embedded{uri: socketURI(sock), lock: lf, cancel: cancel, done: done, owner: true, dir: abs, role: role, log: log}, nil
}

// restart stops the server and starts it again on the same, still
// locked, directory: FerretDB's SQLite connections keep the schema they
// read when they opened, so an index added beside FerretDB (indexIDs) is
// used only by connections opened after it.
func (e *embedded) restart(ctx context.Context) error {
	e.cancel()
	<-e.done
	n, err := serveEmbedded(ctx, e.dir, filepath.Join(e.dir, socketFile), e.role, e.lock, e.log)
	if err != nil {
		return err
	}
	e.cancel, e.done = n.cancel, n.done
	return nil
}

// close stops the server (if this process runs it) and releases the lock.
func (e *embedded) close() {
	if e == nil || !e.owner {
		return
	}
	e.cancel()
	<-e.done
	_ = e.lock.Truncate(0)
	_ = e.lock.Close() // releases the flock
}

func socketURI(sock string) string {
	return "mongodb://" + url.PathEscape(sock) + "/"
}

func readOwner(lf *os.File) string {
	b := make([]byte, 128)
	n, _ := lf.ReadAt(b, 0)
	if s := strings.TrimSpace(string(b[:n])); s != "" {
		return s
	}
	return "another vfv process"
}
