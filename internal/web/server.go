// Package web is vfv's HTTP server: routes, handlers, templates and the
// mapping of errors to HTTP statuses.
package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/auth"
	"github.com/vfv/vfv/internal/board"
	"github.com/vfv/vfv/internal/calendar"
	"github.com/vfv/vfv/internal/campaign"
	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/i18n"
	"github.com/vfv/vfv/internal/metrics"
	"github.com/vfv/vfv/internal/results"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
	"github.com/vfv/vfv/internal/web/respond"
	"github.com/vfv/vfv/static"
)

//go:embed templates/*.html
var templateFS embed.FS

// Deps is what the server needs from the rest of vfv.
type Deps struct {
	Store   *store.Store
	Collect *collect.Service
	Surveys []*survey.Survey
	Logger  *slog.Logger
	// Version is the build version shown in /healthz.
	Version string
	// BaseURL is the public address for respondent links; empty derives
	// it from each request.
	BaseURL string
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Context ends background work (bootstrap jobs, intervals) at shutdown.
	Context context.Context
	// SyncIntervals is the number of a scope's responses up to which
	// respondent-level intervals are computed while a request waits
	// (0: results.DefaultSyncLimit); larger scopes are computed in the
	// background.
	SyncIntervals int64
	// Metrics receives request and submission metrics (new when nil).
	Metrics *metrics.Metrics
	// SubmitBurst and SubmitPerMinute limit submissions per client and
	// campaign (0 burst: no limit); loads of a campaign's page or survey
	// have the same limits in buckets of their own.
	SubmitBurst, SubmitPerMinute int
	// TrustedProxies are the reverse proxies whose X-Forwarded-For and
	// X-Forwarded-Proto are believed (none when empty).
	TrustedProxies []netip.Prefix
	// TokenDays is how many days a new API token works (0: 90).
	TokenDays int
	// Timeouts of the HTTP server (zero: defaults).
	Timeouts Timeouts
}

// Timeouts bound how long a client may take, so slow or stalled clients
// cannot hold connections that others need.
type Timeouts struct {
	ReadHeader, Read, Write, Idle time.Duration
}

func (t Timeouts) withDefaults() Timeouts {
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	def(&t.ReadHeader, 10*time.Second)
	def(&t.Read, 30*time.Second)
	def(&t.Write, 60*time.Second)
	def(&t.Idle, 120*time.Second)
	return t
}

// Server is vfv's HTTP server.
type Server struct {
	echo    *echo.Echo
	store   *store.Store
	collect *collect.Service
	// respond answers the anonymous respondents.
	respond *respond.Handler
	// campaigns changes campaigns and audits each change.
	campaigns *campaign.Service
	results   *results.Service
	jobs      *results.Jobs
	metrics   *metrics.Metrics
	charts    *results.Cache[[]byte]
	submits   *limiter
	reads     *limiter
	logins    *limiter
	// failures slows down wrong passwords per account and client.
	failures *limiter
	proxies  []netip.Prefix
	// tokenDays is how long a new token works (and an old token without
	// an expiry, from its creation).
	tokenDays int
	timeout   Timeouts
	surveys   []*survey.Survey
	log       *slog.Logger
	i18n      *i18n.Catalog
	assets    *assets
	tmpl      *template.Template
	version   string
	baseURL   string
	now       func() time.Time

	// board changes workshop-board cards and audits each change.
	board *board.Service
}

// New builds the server; templates and assets are parsed here so that a
// broken one stops start-up.
func New(d Deps) (*Server, error) {
	cat, err := i18n.Load(static.FS, "i18n")
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	a, err := newAssets(static.FS)
	if err != nil {
		return nil, err
	}
	s := &Server{store: d.Store, collect: d.Collect, results: results.New(d.Store).WithResponses(d.Store).WithToday(d.Collect.ReleaseToday).WithVersions(d.Collect.SurveyOf), surveys: d.Surveys, log: d.Logger, i18n: cat, assets: a, version: d.Version, baseURL: d.BaseURL, now: d.Now}
	if s.now == nil {
		s.now = time.Now
	}
	s.campaigns = campaign.NewService(d.Store, d.Surveys, s.now)
	s.board = board.NewService(d.Store, s.now)
	s.charts = results.NewCache[[]byte](maxCachedCharts)
	jobCtx := d.Context
	if jobCtx == nil {
		jobCtx = context.Background()
	}
	s.results.WithIntervals(jobCtx, d.Store, d.SyncIntervals)
	s.jobs = results.NewJobs(jobCtx, s.results)
	s.metrics = d.Metrics
	if s.metrics == nil {
		s.metrics = metrics.New(nil)
	}
	s.jobs.SetGauge(s.metrics.PendingJobs)
	s.submits = newLimiter(d.SubmitBurst, d.SubmitPerMinute, s.now)
	s.reads = newLimiter(d.SubmitBurst, d.SubmitPerMinute, s.now)
	s.logins = newLimiter(20, 10, s.now)
	s.failures = newSlowLimiter(loginFailureBurst, loginFailureEvery, s.now)
	s.proxies = d.TrustedProxies
	s.tokenDays = d.TokenDays
	if s.tokenDays <= 0 {
		s.tokenDays = defaultTokenDays
	}
	s.timeout = d.Timeouts.withDefaults()
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.tmpl, err = template.New("").Funcs(template.FuncMap{"asset": a.URL}).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: parse templates: %w", err)
	}
	s.respond = respond.New(respond.Deps{Collect: s.collect, I18n: cat, Assets: a, Render: s.render,
		Reads: s.reads, Submits: s.submits, Metrics: s.metrics, Version: s.version})
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError
	e.IPExtractor = clientAddress(d.TrustedProxies)
	s.echo = e
	s.routes()
	return s, nil
}

// Handler returns the server as an http.Handler (for tests).
func (s *Server) Handler() http.Handler { return s.echo }

// Serve answers requests on ln until ctx is cancelled, then lets in-flight
// requests finish within grace before returning.
func (s *Server) Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	return s.serve(ctx, "serve", s.echo, ln, grace)
}

// MetricsHandler serves GET /metrics and nothing else. The public listener
// does not serve metrics: vfv_responses_total would tell anyone who polls
// it when each answer arrived, so they go on a listener of their own that
// only the monitoring network reaches.
func (s *Server) MetricsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", s.metrics.Handler())
	return mux
}

// ServeMetrics answers GET /metrics on ln until ctx is cancelled, with the
// same timeouts and graceful shutdown as Serve.
func (s *Server) ServeMetrics(ctx context.Context, ln net.Listener, grace time.Duration) error {
	return s.serve(ctx, "serve metrics", s.MetricsHandler(), ln, grace)
}

// serve runs h on ln until ctx is cancelled or serving fails; what names
// the listener in errors.
func (s *Server) serve(ctx context.Context, what string, h http.Handler, ln net.Listener, grace time.Duration) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: s.timeout.ReadHeader,
		ReadTimeout:       s.timeout.Read,
		WriteTimeout:      s.timeout.Write,
		IdleTimeout:       s.timeout.Idle,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("web: %s: %w", what, err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down; letting in-flight requests finish", slog.String("listener", what), slog.Duration("grace", grace))
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("web: %s: shutdown: %w", what, err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("web: %s: %w", what, err)
	}
	return nil
}

// page is what every page template gets.
type page struct {
	Lang    string
	Dir     string
	Title   string
	Version string
	// ResultsNav: the staff navigation links to the results (the user may
	// read results in some project); ResultsHere: that page is shown.
	ResultsNav, ResultsHere bool
	cat                     *i18n.Catalog
}

// T translates an interface text key into the page's language.
func (p page) T(key string) string { return p.cat.T(p.Lang, key) }

func (s *Server) page(c echo.Context, lang string) page {
	p, _ := principal(c)
	return page{Lang: lang, Dir: survey.Dir(lang), cat: s.i18n, Version: s.version,
		ResultsNav: canSomewhere(p, auth.ViewResults), ResultsHere: c.Request().URL.Path == resultsIndexPath}
}

// lang picks the interface language: ?lang=, then Accept-Language, then Swedish.
func (s *Server) lang(c echo.Context) string {
	if l := c.QueryParam("lang"); l != "" && s.i18n.Has(l) {
		return l
	}
	for _, part := range strings.Split(c.Request().Header.Get("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		base, _, _ := strings.Cut(strings.ToLower(tag), "-")
		if s.i18n.Has(base) {
			return base
		}
	}
	return i18n.Default
}

// render executes a template into a buffer first, so that a failing
// template never sends half a page.
func (s *Server) render(c echo.Context, status int, name string, view any) error {
	var buf bytes.Buffer
	if err := s.tmpl.ExecuteTemplate(&buf, name, view); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	return c.HTMLBlob(status, buf.Bytes())
}

func isAPI(c echo.Context) bool {
	return strings.HasPrefix(c.Request().URL.Path, "/api/")
}

// swedish is the time zone of dates shown and stored (package calendar).
var swedish = calendar.Zone()

// Route is one registered route: method and path pattern (":param").
type Route struct{ Method, Path string }

// Routes lists the registered routes, for the check of docs/openapi.yaml.
func (s *Server) Routes() []Route {
	var out []Route
	for _, r := range s.echo.Routes() {
		out = append(out, Route{Method: r.Method, Path: r.Path})
	}
	return out
}
