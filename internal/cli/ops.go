package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

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
	fs := flag.NewFlagSet("vfv db-server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o store.ServerOptions
	fs.StringVar(&o.Listen, "listen", "127.0.0.1:27017", "TCP address (loopback unless behind a firewall: FerretDB here has no authentication)")
	fs.StringVar(&o.Unix, "unix", "", "Unix socket path (instead of or beside TCP)")
	fs.StringVar(&o.SQLiteDir, "sqlite-dir", "", "SQLite backend: folder for the data")
	fs.StringVar(&o.PostgreSQLURL, "postgresql-url", os.Getenv("VFV_POSTGRESQL_URL"), "PostgreSQL backend: connection URL (env VFV_POSTGRESQL_URL)")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %w", ErrUsage, err)
	}
	o.Logger = slog.New(slog.NewTextHandler(stderr, nil))
	o.Ready = func(uri string) { fmt.Fprintf(stdout, "MONGODB_URI=%s\n", uri) }
	return store.RunServer(ctx, o)
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
