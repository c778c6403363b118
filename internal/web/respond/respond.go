// Package respond is the anonymous respondent side of vfv: the survey page
// at /s/{code} and its service worker, the survey as JSON for tablets, the
// submission of answers, and the preview of a survey that stores nothing.
// It is the privacy-critical surface, readable on its own: it knows no
// staff session, logs nothing about a respondent, and holds only what it
// needs (package web wires it into the one route table).
package respond

import (
	"errors"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/i18n"
	"github.com/vfv/vfv/internal/metrics"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
	"github.com/vfv/vfv/internal/web/jsonbody"
)

// ErrThrottled refuses a request over its client's rate limit. Staff
// logins share it (package web), so that the central error handler maps
// every throttled request to 429 alike.
var ErrThrottled = errors.New("too many attempts")

// ErrConflict: a response id was reused with different content.
var ErrConflict = errors.New("response id already used with other content")

// Limiter charges one request of client (an address) in scope (a
// campaign code) and reports whether its bucket had room.
type Limiter interface {
	Allow(client, scope string) bool
}

// Assets are the embedded static files, served at content-hashed URLs.
type Assets interface {
	URL(name string) (string, error)
	Data(name string) []byte
}

// Deps is what the respondent side is built from.
type Deps struct {
	Collect *collect.Service
	I18n    *i18n.Catalog
	Assets  Assets
	// Render renders a parsed template into the response.
	Render func(c echo.Context, status int, name string, view any) error
	// Reads limits page and survey loads, Submits submissions, per client
	// and campaign.
	Reads, Submits Limiter
	Metrics        *metrics.Metrics
	Version        string
}

// Handler answers the respondent routes.
type Handler struct {
	collect        *collect.Service
	i18n           *i18n.Catalog
	assets         Assets
	render         func(c echo.Context, status int, name string, view any) error
	reads, submits Limiter
	metrics        *metrics.Metrics
	version        string
}

// New returns the respondent side's handler.
func New(d Deps) *Handler {
	return &Handler{collect: d.Collect, i18n: d.I18n, assets: d.Assets, render: d.Render,
		reads: d.Reads, submits: d.Submits, metrics: d.Metrics, version: d.Version}
}

// page is what the respondent page's template needs of every page.
type page struct {
	Lang    string
	Dir     string
	Title   string
	Version string
	cat     *i18n.Catalog
}

// T translates an interface text key into the page's language.
func (p page) T(key string) string { return p.cat.T(p.Lang, key) }

func (h *Handler) page(lang string) page {
	return page{Lang: lang, Dir: survey.Dir(lang), Version: h.version, cat: h.i18n}
}

// limitCampaign loads the open campaign that code names, as
// collect.Campaign does (any spelling a person types), and charges the
// request to the client's bucket in l: the campaign's own bucket, keyed by
// its code as stored, so that every spelling of one code shares it; or,
// for a code that names no campaign, one bucket per client that every
// made-up code shares, so guessing codes is throttled too and leaves no
// bucket per guess. ErrThrottled when that bucket is empty; a store
// failure is returned without charging anything.
func (h *Handler) limitCampaign(c echo.Context, l Limiter, code string) (store.Campaign, *survey.Survey, error) {
	camp, sv, err := h.collect.Campaign(c.Request().Context(), code)
	if err != nil && camp.Code == "" && !errors.Is(err, store.ErrNotFound) {
		return camp, sv, err
	}
	if !l.Allow(c.RealIP(), camp.Code) { // "" for a code that names no campaign
		return store.Campaign{}, nil, ErrThrottled
	}
	return camp, sv, err
}

// invalid refuses a request with one problem.
func invalid(field, msg string) error { return jsonbody.Invalid(field, msg) }
