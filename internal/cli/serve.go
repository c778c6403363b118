package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"time"

	"github.com/vfv/vfv/internal/calendar"
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
// cancelled, with /metrics on a listener of its own unless it is off. The
// store is closed last, after in-flight requests finished. ready, when
// given, is called with both listeners' addresses (metricsAddr empty when
// metrics are off) once they accept connections.
func runServe(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer, ready func(addr, metricsAddr string)) error {
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
	// From here on, stop ends the background work and both listeners, on
	// cancel of ctx or when serve returns early with an error.
	ctx, stop := context.WithCancel(ctx)
	background := make(chan struct{}, 2)
	go func() { col.RunRetention(ctx, 24*time.Hour); background <- struct{}{} }()
	go func() { col.RunRepair(ctx, time.Minute); background <- struct{}{} }()
	defer func() { stop(); <-background; <-background }()
	srv, err := web.New(web.Deps{Store: st, Collect: col, Surveys: surveys, Logger: log, Version: version, BaseURL: cfg.BaseURL, Context: ctx,
		SubmitBurst: cfg.SubmitBurst, SubmitPerMinute: cfg.SubmitPerMinute, TrustProxy: cfg.TrustProxy,
		Metrics: metrics.New(func() float64 {
			n, _ := st.PendingCount(context.Background())
			return float64(n)
		})})
	if err != nil {
		return err
	}
	ln, mln, err := listen(cfg)
	if err != nil {
		return err
	}
	log.Info("serving", slog.String("url", "http://"+displayAddr(ln.Addr())), slog.Int("surveys", len(surveys)))
	metricsAddr := ""
	if mln != nil {
		metricsAddr = mln.Addr().String()
		log.Info("serving metrics", slog.String("url", "http://"+displayAddr(mln.Addr())+"/metrics"))
	} else {
		log.Info("metrics off (VFV_METRICS_ADDR=off)")
	}
	if ready != nil {
		ready(ln.Addr().String(), metricsAddr)
	}
	return serveBoth(ctx, stop, srv, ln, mln, cfg.ShutdownTimeout)
}

// listen opens the public listener and, unless metrics are off, the
// metrics listener; a busy address is an error that says which setting
// to change.
func listen(cfg config.Config) (ln, mln net.Listener, err error) {
	ln, err = net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, nil, fmt.Errorf("listen on %s: %w (set VFV_ADDR or --addr to a free address)", cfg.Addr, err)
	}
	addr, on := cfg.MetricsListen()
	if !on {
		return ln, nil, nil
	}
	mln, err = net.Listen("tcp", addr)
	if err != nil {
		ln.Close()
		return nil, nil, fmt.Errorf("listen for metrics on %s: %w (set VFV_METRICS_ADDR or --metrics-addr to a free address, or to off)", addr, err)
	}
	return ln, mln, nil
}

// serveBoth serves the public listener and the metrics listener (nil: none)
// until ctx is cancelled or either fails; a failure of one stops the other
// gracefully, and every failure is returned.
func serveBoth(ctx context.Context, stop context.CancelFunc, srv *web.Server, ln, mln net.Listener, grace time.Duration) error {
	if mln == nil {
		return srv.Serve(ctx, ln, grace)
	}
	merr := make(chan error, 1)
	go func() {
		err := srv.ServeMetrics(ctx, mln, grace)
		if err != nil {
			stop()
		}
		merr <- err
	}()
	err := srv.Serve(ctx, ln, grace)
	stop()
	return errors.Join(err, <-merr)
}

// saveVersions stores each loaded survey version the first time it is seen,
// so that responses stay interpretable after the YAML changes.
func saveVersions(ctx context.Context, st *store.Store, surveys []*survey.Survey, log *slog.Logger) error {
	today := calendar.Date(time.Now())
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
