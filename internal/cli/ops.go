package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/vfv/vfv/internal/archive"
	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/store"
)

// runRecount is `vfv recount CAMPAIGN`: rebuild a campaign's counters from
// its stored responses.
func runRecount(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "" || args[0][0] == '-' {
		fmt.Fprintln(stderr, "usage: vfv recount CAMPAIGN [store flags]")
		return fmt.Errorf("%w: give a campaign code", ErrUsage)
	}
	cfg, st, surveys, err := openForCommand(ctx, "recount", args[1:], env, stderr)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	n, err := collect.New(st, surveys, cfg.Logger(stderr)).Recount(ctx, args[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "campaign %s: counters rebuilt from %d responses\n", args[0], n)
	return nil
}

// runDBServer is `vfv db-server`: FerretDB alone, on SQLite or PostgreSQL,
// for several vfv processes sharing one store (and for tests).
func runDBServer(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o store.ServerOptions
	fs := dbServerFlags(&o, os.Getenv)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %w", ErrUsage, err)
	}
	o.Logger = slog.New(slog.NewTextHandler(stderr, nil))
	o.Ready = func(uri string) { fmt.Fprintf(stdout, "MONGODB_URI=%s\n", uri) }
	return store.RunServer(ctx, o)
}

// dbServerFlags declares db-server's flags into o, with defaults from getenv.
func dbServerFlags(o *store.ServerOptions, getenv func(string) string) *flag.FlagSet {
	fs := flag.NewFlagSet("vfv db-server", flag.ContinueOnError)
	fs.StringVar(&o.Listen, "listen", "127.0.0.1:27017", "TCP address (loopback unless behind a firewall: FerretDB here has no authentication)")
	fs.StringVar(&o.Unix, "unix", "", "Unix socket path (instead of or beside TCP)")
	fs.StringVar(&o.SQLiteDir, "sqlite-dir", "", "SQLite backend: folder for the data")
	fs.StringVar(&o.PostgreSQLURL, "postgresql-url", getenv("VFV_POSTGRESQL_URL"), "PostgreSQL backend: connection URL (env VFV_POSTGRESQL_URL)")
	return fs
}

// runDeleteCampaign is `vfv delete-campaign CODE`: delete a closed
// campaign and all its data.
func runDeleteCampaign(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "" || args[0][0] == '-' {
		fmt.Fprintln(stderr, "usage: vfv delete-campaign CODE [store flags]   (close it first: vfv campaign close CODE)")
		return fmt.Errorf("%w: give a campaign code", ErrUsage)
	}
	cfg, st, surveys, err := openForCommand(ctx, "delete-campaign", args[1:], env, stderr)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	n, err := collect.New(st, surveys, cfg.Logger(stderr)).DeleteCampaign(ctx, args[0], "cli")
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "campaign %s deleted with %d responses\n", args[0], n)
	return nil
}

// runRetention is `vfv retention`: apply the surveys' keep_days now (the
// server also does it daily).
func runRetention(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	cfg, st, surveys, err := openForCommand(ctx, "retention", args, env, stderr)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	n, err := collect.New(st, surveys, cfg.Logger(stderr)).ApplyRetention(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "retention: deleted the text of %d answers\n", n)
	return nil
}

// runExportAll is `vfv export-all [--project ID] [--out FILE]`.
func runExportAll(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	project, out := new(string), new(string)
	fs := exportFlags(project, out)
	fs.SetOutput(stderr)
	own, storeArgs := splitFlags(args, fs)
	if err := fs.Parse(own); err != nil {
		return fmt.Errorf("%w: %w", ErrUsage, err)
	}
	_, st, _, err := openForCommand(ctx, "export-all", storeArgs, env, stderr)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	w := stdout
	if *out != "" {
		f, err := os.OpenFile(*out, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return fmt.Errorf("export-all: %w (choose a new file name)", err)
		}
		defer f.Close()
		w = f
	}
	n, err := archive.Export(ctx, st, w, *project, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "exported %d campaigns, %d survey versions, %d responses, %d hidden stories\n", n.Campaigns, n.Versions, n.Responses, n.Hidden)
	return nil
}

// exportFlags declares export-all's own flags into project and out.
func exportFlags(project, out *string) *flag.FlagSet {
	fs := flag.NewFlagSet("vfv export-all", flag.ContinueOnError)
	fs.StringVar(project, "project", "", "the project to export (default: every campaign)")
	fs.StringVar(out, "out", "", "archive file to write (default: standard output)")
	return fs
}

// runImport is `vfv import FILE`: read an archive made by vfv export-all
// and rebuild the counters of its campaigns.
func runImport(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintln(stderr, "usage: vfv import FILE [store flags]")
		return fmt.Errorf("%w: give the archive file", ErrUsage)
	}
	f, err := os.Open(args[0])
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	cfg, st, surveys, err := openForCommand(ctx, "import", args[1:], env, stderr)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	col := collect.New(st, surveys, cfg.Logger(stderr))
	n, err := archive.Import(ctx, st, f, func(ctx context.Context, c string) error {
		_, err := col.Recount(ctx, c)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "imported %d campaigns, %d survey versions, %d new responses, %d hidden stories\n", n.Campaigns, n.Versions, n.Responses, n.Hidden)
	return nil
}
