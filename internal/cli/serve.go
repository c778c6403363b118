package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"time"

	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/config"
	"github.com/vfv/vfv/internal/metrics"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
	"github.com/vfv/vfv/internal/web"
)

// ErrInvalidSurveys is returned when the server refuses to start because a
// survey definition is invalid.
var ErrInvalidSurveys = errors.New("invalid survey definitions")

// runServe loads the surveys, opens the store and serves HTTP until ctx is
// cancelled. The store is closed last, after in-flight requests finished.
func runServe(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer, ready func(addr string)) error {
	cfg, rest, err := config.Load("serve", args, env, stderr)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrUsage, err)
	}
	if len(rest) > 0 {
		return fmt.Errorf("%w: serve takes no arguments, got %q", ErrUsage, rest)
	}
	log := cfg.Logger(stderr)
	surveys, err := survey.LoadDir(cfg.SurveysDir)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return fmt.Errorf("%w in %s: fix the errors above (check with: vfv validate %s/*.yaml)", ErrInvalidSurveys, cfg.SurveysDir, cfg.SurveysDir)
	}
	st, err := store.Open(ctx, store.Options{URI: cfg.MongoURI, Database: cfg.Database, DataDir: cfg.DataDir, WriteConcern: cfg.WriteConcern, Journal: cfg.Journal == "true", ReadPreference: cfg.ReadPreference, Role: store.RoleServe, Logger: log})
	if err != nil {
		return err
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if err := st.Close(cctx); err != nil {
			log.Error("close store", slog.String("error", err.Error()))
		}
	}()
	log.Info("store", slog.String("using", st.Kind), slog.String("database", cfg.Database))
	if err := saveVersions(ctx, st, surveys, log); err != nil {
		return err
	}
	col := collect.New(st, surveys, log)
	if err := col.RepairPending(ctx); err != nil {
		return err
	}
	background := make(chan struct{}, 2)
	go func() { col.RunRetention(ctx, 24*time.Hour); background <- struct{}{} }()
	go func() { col.RunRepair(ctx, time.Minute); background <- struct{}{} }()
	defer func() { <-background; <-background }()
	srv, err := web.New(web.Deps{Store: st, Collect: col, Surveys: surveys, Logger: log, Version: version, BaseURL: cfg.BaseURL, Context: ctx,
		SubmitBurst: cfg.SubmitBurst, SubmitPerMinute: cfg.SubmitPerMinute, TrustProxy: cfg.TrustProxy,
		Metrics: metrics.New(func() float64 {
			n, _ := st.PendingCount(context.Background())
			return float64(n)
		})})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (set VFV_ADDR or --addr to a free address)", cfg.Addr, err)
	}
	log.Info("serving", slog.String("url", "http://"+displayAddr(ln.Addr())), slog.Int("surveys", len(surveys)))
	if ready != nil {
		ready(ln.Addr().String())
	}
	return srv.Serve(ctx, ln, cfg.ShutdownTimeout)
}

// saveVersions stores each loaded survey version the first time it is seen,
// so that responses stay interpretable after the YAML changes.
func saveVersions(ctx context.Context, st *store.Store, surveys []*survey.Survey, log *slog.Logger) error {
	today := time.Now().UTC().Format(time.DateOnly)
	for _, s := range surveys {
		def, err := s.CanonicalJSON()
		if err != nil {
			return fmt.Errorf("encode survey %s: %w", s.ID, err)
		}
		created, err := st.SaveSurveyVersion(ctx, store.SurveyVersion{Version: s.Version, SurveyID: s.ID, Definition: def, FirstUsed: today})
		if err != nil {
			return err
		}
		if created {
			log.Info("stored new survey version", slog.String("survey", s.ID), slog.String("version", s.Version))
		}
	}
	return nil
}

func displayAddr(a net.Addr) string {
	if ta, ok := a.(*net.TCPAddr); ok && ta.IP.IsUnspecified() {
		return fmt.Sprintf("localhost:%d", ta.Port)
	}
	return a.String()
}
