package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/auth"
	"github.com/vfv/vfv/internal/chart"
	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/results"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
)

// changeFor computes the change between the waves ?before=CODES and
// ?after=CODES of survey {id}: each code must be a campaign of the survey
// whose results the user may read (400 naming before or after if not).
func (s *Server) changeFor(c echo.Context) (*survey.Survey, results.Change, error) {
	p, _ := principal(c)
	sv, ok := s.collect.Survey(c.Param("id"))
	if !ok || (!p.Admin && !canSomewhere(p, auth.ViewResults)) {
		return nil, results.Change{}, fmt.Errorf("survey %s: %w", c.Param("id"), store.ErrNotFound)
	}
	all, err := s.store.Campaigns(c.Request().Context())
	if err != nil {
		return nil, results.Change{}, err
	}
	wave := func(field string) ([]string, error) {
		var codes []string
		for _, code := range strings.Split(strings.ToUpper(c.QueryParam(field)), ",") {
			if code = strings.TrimSpace(code); code == "" || slices.Contains(codes, code) {
				continue
			}
			i := slices.IndexFunc(all, func(x store.Campaign) bool { return x.Code == code })
			if i < 0 || all[i].SurveyID != sv.ID || !p.Can(all[i].ProjectID, auth.ViewResults) {
				return nil, invalid(field, fmt.Sprintf("campaign %s is unknown, of another survey, or not yours", code))
			}
			codes = append(codes, code)
		}
		return codes, nil
	}
	before, err := wave("before")
	if err != nil {
		return nil, results.Change{}, err
	}
	after, err := wave("after")
	if err != nil {
		return nil, results.Change{}, err
	}
	ch, err := s.results.Change(c.Request().Context(), results.ChangeQuery{Survey: sv, Before: before, After: after,
		Method: c.QueryParam("method"), Group: c.QueryParam("group"), Lang: s.lang(c)})
	return sv, ch, err
}

// surveyChange is GET /api/v1/surveys/{id}/change.
func (s *Server) surveyChange(c echo.Context) error {
	_, ch, err := s.changeFor(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ch)
}

// changeChart is GET /api/v1/surveys/{id}/change.svg: the main group's
// change per item with its interval (after minus before).
func (s *Server) changeChart(c echo.Context) error {
	_, ch, err := s.changeFor(c)
	if err != nil {
		return err
	}
	lang := s.lang(c)
	opt := chart.Options{Lang: lang, SuppressedText: s.i18n.T(lang, "results.too_few"), Width: wideChartWidth,
		GroupA: s.i18n.T(lang, "change.after"), GroupB: s.i18n.T(lang, "change.before"),
		MarkedText: s.i18n.T(lang, "change.clear"), UnmarkedText: s.i18n.T(lang, "change.unclear")}
	var bs []chart.Bar
	for _, it := range ch.Items {
		b := chart.Bar{Label: it.Label, Suppressed: it.Change == nil}
		if it.Change != nil {
			b.Value, b.Low, b.High, b.Marked = *it.Change, *it.CILow, *it.CIHigh, *it.Clear
		}
		bs = append(bs, b)
	}
	img, err := renderOr400(chart.Difference(bs, opt, chart.SVG))
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, chart.SVG.ContentType(), img)
}

// changeView is the staff page of the change between two waves.
type changeView struct {
	staffView
	Survey, Path string
	Campaigns    []changeChoice
	Groups       []choice
	// Ready: both waves chosen; then Chart, Main and Groups' tables.
	Ready        bool
	Error, Chart string
	Tables       []changeTable
	LeftOut      []string
	Intro        string
}

// changeChoice is one campaign offered for either wave.
type changeChoice struct {
	Code, Label   string
	Before, After bool
}

// changeTable is one group's change as a table.
type changeTable struct {
	ID, Caption, Why string
	Suppressed       bool
	Rows             []changeRow
}

type changeRow struct {
	Label, Before, After, Change, Interval string
	Clear                                  bool
}

// changePage is GET /staff/surveys/{id}/change?before=A,B&after=C.
func (s *Server) changePage(c echo.Context) error {
	p, _ := principal(c)
	if !canSomewhere(p, auth.ViewResults) {
		return errForbidden
	}
	// Checkboxes send before=A&before=B: one canonical address.
	q := c.QueryParams()
	if len(q["before"]) > 1 || len(q["after"]) > 1 {
		q.Set("before", strings.Join(q["before"], ","))
		q.Set("after", strings.Join(q["after"], ","))
		return c.Redirect(http.StatusSeeOther, c.Request().URL.Path+"?"+q.Encode())
	}
	sv, ok := s.collect.Survey(c.Param("id"))
	if !ok {
		return fmt.Errorf("survey %s: %w", c.Param("id"), store.ErrNotFound)
	}
	v := changeView{staffView: s.staffView(c, "change.title"), Survey: sv.Title.In(s.lang(c)), Path: c.Request().URL.Path}
	pg := v.page
	v.Title = pg.T("change.title") + ": " + v.Survey + " – " + pg.T("app.name")
	camps, err := s.readableCampaigns(c, sv.ID)
	if err != nil {
		return err
	}
	before, after := strings.Split(strings.ToUpper(q.Get("before")), ","), strings.Split(strings.ToUpper(q.Get("after")), ",")
	for _, camp := range camps {
		v.Campaigns = append(v.Campaigns, changeChoice{Code: camp.Code, Label: camp.Name + " – " + camp.Site,
			Before: slices.Contains(before, camp.Code), After: slices.Contains(after, camp.Code)})
	}
	v.Groups = append([]choice{{Value: "", Label: pg.T("results.everyone"), Selected: q.Get("group") == ""}}, groupChoicesOf(sv, pg.Lang, q.Get("group"))...)
	if q.Get("before") == "" || q.Get("after") == "" {
		return s.render(c, http.StatusOK, "staff_change.html", v)
	}
	_, ch, err := s.changeFor(c)
	if err != nil {
		if msg := problemText(err); msg != "" {
			v.Error = pg.T("change.bad") + " (" + msg + ")"
			return s.render(c, http.StatusBadRequest, "staff_change.html", v)
		}
		return err
	}
	v.Ready = true
	chartQ := url.Values{"before": {q.Get("before")}, "after": {q.Get("after")}, "lang": {pg.Lang}}
	if g := q.Get("group"); g != "" {
		chartQ.Set("group", g)
	}
	v.Chart = "/api/v1/surveys/" + sv.ID + "/change.svg?" + chartQ.Encode()
	main := pg.T("results.everyone")
	if ch.Group != "" {
		if g, ok := sv.Group(ch.Group); ok {
			main = g.Label.In(pg.Lang)
		}
	}
	v.Tables = append(v.Tables, changeTableOf(pg, "main", main, ch.Suppressed, ch.Respondents, ch.Items))
	for _, g := range ch.Groups {
		v.Tables = append(v.Tables, changeTableOf(pg, g.ID, g.Label, g.Suppressed, g.Respondents, g.Items))
	}
	for _, it := range ch.LeftOut {
		v.LeftOut = append(v.LeftOut, it.Label)
	}
	return s.render(c, http.StatusOK, "staff_change.html", v)
}

func groupChoicesOf(sv *survey.Survey, lang, selected string) []choice {
	var out []choice
	for _, g := range sv.Groups {
		out = append(out, choice{Value: g.ID, Label: g.Label.In(lang), Selected: g.ID == selected})
	}
	return out
}

func changeTableOf(pg page, id, label string, suppressed bool, n *results.WaveCounts, items []results.ChangeItem) changeTable {
	t := changeTable{ID: id, Caption: label, Suppressed: suppressed}
	if suppressed || n == nil {
		t.Suppressed, t.Why = true, pg.T("change.hidden")
		return t
	}
	t.Caption += " (" + strings.NewReplacer("{before}", strconv.FormatInt(n.Before, 10), "{after}", strconv.FormatInt(n.After, 10)).Replace(pg.T("change.n")) + ")"
	for _, it := range items {
		if it.Change == nil {
			continue
		}
		t.Rows = append(t.Rows, changeRow{Label: it.Label, Before: formatNum(pg.Lang, *it.Before, false), After: formatNum(pg.Lang, *it.After, false),
			Change: formatNum(pg.Lang, *it.Change, true), Interval: interval(pg, *it.CILow, *it.CIHigh, true), Clear: *it.Clear})
	}
	return t
}

// problemText is the first problem of a refused request, "" for other
// errors.
func problemText(err error) string {
	var (
		inv *collect.InvalidError
		qe  *results.QueryError
	)
	switch {
	case errors.As(err, &inv) && len(inv.Problems) > 0:
		return inv.Problems[0].Message
	case errors.As(err, &qe):
		return qe.Msg
	}
	return ""
}
