package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"regexp"
	"strings"
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
// store is closed last, after in-flight requests finished. On a store
// without staff accounts it logs the command that creates the first admin,
// starting with prog (how vfv was called). ready, when given, is called
// with both listeners' addresses (metricsAddr empty when metrics are off)
// once they accept connections.
func runServe(ctx context.Context, prog string, args []string, env func(string) string, stdout, stderr io.Writer, ready func(addr, metricsAddr string)) error {
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
	st, err := store.Open(ctx, store.Options{URI: cfg.MongoURI, Database: cfg.Database, DataDir: cfg.DataDir, WriteConcern: cfg.WriteConcern, Journal: cfg.Journal == "true", ReadPreference: cfg.ReadPreference, WriterLease: cfg.WriterLease, Role: store.RoleServe, Logger: log})
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
	background := make(chan struct{}, 3)
	go func() { col.RunRetention(ctx, 24*time.Hour); background <- struct{}{} }()
	go func() { col.RunRepair(ctx, min(time.Minute, cfg.WriterLease/2)); background <- struct{}{} }()
	go func() {
		// Counters of an older vfv are right to read meanwhile, only slower.
		if _, err := col.UpgradeCounters(ctx); err != nil && ctx.Err() == nil {
			log.Error("upgrade counters", slog.String("error", err.Error()))
		}
		background <- struct{}{}
	}()
	defer func() { stop(); <-background; <-background; <-background }()
	proxies, err := cfg.Proxies() // checked by config.Load
	if err != nil {
		return fmt.Errorf("%w: %w", ErrUsage, err)
	}
	srv, err := web.New(web.Deps{Store: st, Collect: col, Surveys: surveys, Logger: log, Version: version, BaseURL: cfg.BaseURL, Context: ctx,
		SubmitBurst: cfg.SubmitBurst, SubmitPerMinute: cfg.SubmitPerMinute, TrustedProxies: proxies, TokenDays: cfg.TokenDays,
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
	firstAdminHint(ctx, st, cfg, prog, "http://"+displayAddr(ln.Addr()), log)
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

// firstAdminHint logs, when the store has no staff account yet, the one
// command that creates the first installation admin, and where to log in
// then (under VFV_BASE_URL when set, else at addr). It is only a hint: a
// failure to look is logged, and serving goes on.
func firstAdminHint(ctx context.Context, st *store.Store, cfg config.Config, prog, addr string, log *slog.Logger) {
	users, err := st.Users(ctx)
	if err != nil {
		log.Warn("could not check for staff accounts", slog.String("error", err.Error()))
		return
	}
	if len(users) > 0 {
		return
	}
	if cfg.BaseURL != "" {
		addr = strings.TrimRight(cfg.BaseURL, "/")
	}
	msg := "no staff account yet: create the first admin with this command (it asks for a password), then log in"
	if cfg.MongoURI != "" {
		msg += "; run it with the same MONGODB_URI"
	}
	log.Warn(msg, slog.String("command", firstAdminCommand(prog, cfg)), slog.String("login", addr+"/login"))
}

// firstAdminCommand is `vfv user add --admin EMAIL` as prog, with the
// settings of cfg that differ from the defaults, so that it reaches the
// same store and surveys when run from the same folder.
func firstAdminCommand(prog string, cfg config.Config) string {
	def, _, _ := config.Load("serve", nil, func(string) string { return "" }, io.Discard)
	parts := []string{prog, "user", "add", "--admin", "EMAIL"}
	add := func(flag, v, dflt string) {
		if v != dflt {
			parts = append(parts, "--"+flag, shellQuote(v))
		}
	}
	if cfg.MongoURI == "" {
		add("data-dir", cfg.DataDir, def.DataDir)
	}
	add("db", cfg.Database, def.Database)
	add("surveys", cfg.SurveysDir, def.SurveysDir)
	return strings.Join(parts, " ")
}

// plainWord matches what a POSIX shell takes as one word without quotes.
var plainWord = regexp.MustCompile(`^[A-Za-z0-9_./:@%+=,-]+$`)

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if plainWord.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// commandName is how to call vfv again as it was called (argv0): as typed
// ("vfv", "./bin/vfv"), or `go run ./cmd/vfv` from a go run build.
func commandName(argv0 string) string {
	switch {
	case argv0 == "":
		return "vfv"
	case strings.Contains(argv0, "go-build"):
		return "go run ./cmd/vfv"
	}
	return argv0
}
