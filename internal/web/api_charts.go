package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/chart"
	"github.com/vfv/vfv/internal/ranking"
	"github.com/vfv/vfv/internal/release"
	"github.com/vfv/vfv/internal/results"
)

// maxCachedCharts bounds the rendered charts kept.
const maxCachedCharts = 256

// campaignChart is GET /api/v1/campaigns/{code}/chart.png and .svg.
func (s *Server) campaignChart(f chart.Format) echo.HandlerFunc {
	return func(c echo.Context) error {
		scope, err := s.campaignScope(c)
		if err != nil {
			return err
		}
		return s.writeChart(c, scope, f)
	}
}

// surveyChart is GET /api/v1/surveys/{id}/chart.png and .svg.
func (s *Server) surveyChart(f chart.Format) echo.HandlerFunc {
	return func(c echo.Context) error {
		scope, err := s.surveyScope(c)
		if err != nil {
			return err
		}
		return s.writeChart(c, scope, f)
	}
}

// writeChart renders ?kind=shares (default: the main result), groups (one
// panel per target group, one scale), difference (?job= a finished compare
// job) or timeline (responses per day and site), with ?method= and ?group=.
func (s *Server) writeChart(c echo.Context, scope resultsScope, f chart.Format) error {
	ctx := c.Request().Context()
	sel, err := s.results.Select(ctx, scope.Survey, scope.codes(), "", "")
	if err != nil {
		return err
	}
	// The key holds the resolved campaigns and their batches (in
	// sel.Version) besides the request: two scopes never share a chart.
	// and, for charts with intervals, which intervals they draw.
	var ci string
	if kind := c.QueryParam("kind"); kind == "" || kind == "shares" || kind == "groups" || kind == "difference" && c.QueryParam("job") == "" {
		r, err := s.resultsFor(c, scope)
		if err != nil {
			return err
		}
		ci = r.CIStatus + "@" + r.CIComputedAt
	}
	key := results.CacheKey(f.String(), c.Request().URL.Path, c.QueryParams().Encode(), s.lang(c), sel.Version, ci)
	b, ok := s.charts.Get(key)
	if !ok {
		b, err = s.renderChart(c, scope, f)
		if err != nil {
			return err
		}
		s.charts.Put(key, b)
	}
	return c.Blob(http.StatusOK, f.ContentType(), b)
}

func (s *Server) renderChart(c echo.Context, scope resultsScope, f chart.Format) ([]byte, error) {
	lang := s.lang(c)
	// Shares are points of 100, not per cent of anyone: no "%" after them.
	opt := chart.Options{Lang: lang, SuppressedText: s.i18n.T(lang, "results.too_few")}
	for name, dst := range map[string]*int{"width": &opt.Width, "height": &opt.Height} {
		if v := c.QueryParam(name); v != "" {
			if _, err := fmt.Sscanf(v, "%d", dst); err != nil || *dst < 200 || *dst > 2400 {
				return nil, invalid(name, name+" must be a whole number of pixels from 200 to 2400")
			}
		}
	}
	kind := c.QueryParam("kind")
	switch kind {
	case "", "shares", "groups":
		r, err := s.resultsFor(c, scope)
		if err != nil {
			return nil, err
		}
		opt.Title = scope.Survey.Title.In(lang)
		opt.Note = ciNote(func(k string) string { return s.i18n.T(lang, k) }, r)
		if kind == "groups" {
			var panels []chart.Panel
			for _, g := range r.Groups {
				panels = append(panels, chart.Panel{Title: g.Label, Bars: bars(g.Items), Suppressed: g.Suppressed, Why: s.whyHidden(lang, g.Reason)})
			}
			return renderOr400(chart.Groups(panels, opt, f))
		}
		b := bars(r.Items)
		if why := s.whyHidden(lang, r.Reason); why != "" {
			opt.SuppressedText = why
		}
		if r.Suppressed {
			for i := range b {
				b[i].Suppressed = true
			}
		}
		return renderOr400(chart.Shares(b, opt, f))
	case "difference":
		if c.QueryParam("job") == "" {
			return s.restChart(c, scope, opt, f)
		}
		return s.differenceChart(c, opt, f)
	case "timeline":
		return s.timelineChart(c.Request().Context(), scope, opt, f)
	}
	return nil, invalid("kind", "kind must be shares, groups, difference or timeline")
}

// whyHidden words a suppressed group's reason when it is not simply too
// few answers (internal/release).
func (s *Server) whyHidden(lang, reason string) string {
	switch reason {
	case release.ReasonDifference:
		return s.i18n.T(lang, "results.hidden_difference")
	case results.ReasonJudges:
		return s.i18n.T(lang, "results.too_few_judges")
	}
	return ""
}

// renderOr400 turns a chart's "no data" into a clear 400.
func renderOr400(b []byte, err error) ([]byte, error) {
	if errors.Is(err, chart.ErrNoData) {
		return nil, invalid("", "there is nothing to draw yet")
	}
	return b, err
}

// bars turns result items into chart bars; an item without numbers (a
// suppressed group) is a suppressed bar.
func bars(items []results.Item) []chart.Bar {
	out := make([]chart.Bar, len(items))
	for i, it := range items {
		out[i] = chart.Bar{Label: it.Label, Suppressed: it.Share == nil}
		if it.Share != nil {
			out[i].Value = *it.Share
		}
		if it.CILow != nil && it.CIHigh != nil {
			out[i].Low, out[i].High = *it.CILow, *it.CIHigh
		}
	}
	return out
}

// groupLabel names a target group (or everyone) in the request's language.
func (s *Server) groupLabel(c echo.Context, id string) string {
	lang := s.lang(c)
	if id == "" || id == "all" {
		return s.i18n.T(lang, "results.everyone")
	}
	if id == ranking.Rest {
		return s.i18n.T(lang, "results.compare.rest")
	}
	for _, sv := range s.surveys {
		if g, ok := sv.Group(id); ok {
			return g.Label.In(lang)
		}
	}
	return id
}

// restChart draws ?group= against the rest, from the results'
// comparison (simultaneous intervals, clear ones marked).
func (s *Server) restChart(c echo.Context, scope resultsScope, opt chart.Options, f chart.Format) ([]byte, error) {
	r, err := s.resultsFor(c, scope)
	if err != nil {
		return nil, err
	}
	var cmp *results.GroupComparison
	for _, g := range r.Groups {
		if g.ID == r.Group && !g.Suppressed {
			cmp = g.Comparison
		}
	}
	if cmp == nil {
		return nil, invalid("group", "group must name a shown target group with a comparison with the rest (or give job=)")
	}
	var bs []chart.Bar
	for _, it := range cmp.Items {
		b := chart.Bar{Label: it.Label, Value: it.Difference, Marked: it.Clear}
		if it.CILow != nil && it.CIHigh != nil {
			b.Low, b.High = *it.CILow, *it.CIHigh
		}
		bs = append(bs, b)
	}
	t := func(k string) string { return s.i18n.T(opt.Lang, k) }
	opt.GroupA, opt.GroupB = s.groupLabel(c, cmp.A), t("results.diff.rest")
	opt.MarkedText, opt.UnmarkedText = t("results.chart.marked"), t("results.chart.unmarked")
	opt.Note = ciNote(t, r)
	opt.ValueSuffix = ""
	return renderOr400(chart.Difference(bs, opt, f))
}

// differenceChart draws a finished compare job of the caller (?job=ID).
func (s *Server) differenceChart(c echo.Context, opt chart.Options, f chart.Format) ([]byte, error) {
	job, err := s.jobOf(c, c.QueryParam("job"))
	if err != nil {
		return nil, invalid("job", "job must name a finished compare job of yours (POST .../jobs with kind compare)")
	}
	cmp, ok := job.Result.(results.CompareResult)
	if job.State != "done" || !ok {
		return nil, invalid("job", "the job is not a finished comparison")
	}
	var bs []chart.Bar
	for _, it := range cmp.Items {
		b := chart.Bar{Label: it.Label, Value: it.Diff, Marked: it.ExcludesZero}
		if it.CILow != nil && it.CIHigh != nil {
			b.Low, b.High = *it.CILow, *it.CIHigh
		}
		bs = append(bs, b)
	}
	opt.GroupA, opt.GroupB = s.groupLabel(c, cmp.A), s.groupLabel(c, cmp.B)
	if cmp.B == ranking.Rest {
		opt.GroupB = s.i18n.T(opt.Lang, "results.diff.rest")
	}
	opt.MarkedText, opt.UnmarkedText = s.i18n.T(opt.Lang, "results.chart.marked"), s.i18n.T(opt.Lang, "results.chart.unmarked")
	opt.ValueSuffix = "" // differences of points of 100, not percentage points
	return renderOr400(chart.Difference(bs, opt, f))
}

// timelineChart draws the released answers per batch (at its last day),
// one line per site: a batch holds at least the minimum group size, so no
// point describes fewer respondents.
func (s *Server) timelineChart(ctx context.Context, scope resultsScope, opt chart.Options, f chart.Format) ([]byte, error) {
	var points []chart.DayCount
	var series []string
	for _, camp := range scope.Campaigns {
		rel, err := s.results.Released(ctx, scope.Survey, camp.Code)
		if err != nil {
			return nil, err
		}
		site := camp.Site
		if !contains(series, site) {
			series = append(series, site)
		}
		for _, b := range rel.Batches {
			t, err := time.Parse(time.DateOnly, b.To)
			if err != nil {
				continue
			}
			points = append(points, chart.DayCount{Day: t, Series: site, Count: int(b.N)})
		}
	}
	sort.Slice(points, func(i, j int) bool { return points[i].Day.Before(points[j].Day) })
	opt.ValueSuffix = ""
	return renderOr400(chart.Timeline(points, series, opt, f))
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
