package web

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/export"
	"github.com/vfv/vfv/internal/results"
	"github.com/vfv/vfv/internal/store"
)

// tooFew is written in place of the numbers of a suppressed group.
const tooFew = "för få svar"

// campaignExport is GET /api/v1/campaigns/{code}/export.
func (s *Server) campaignExport(c echo.Context) error {
	scope, err := s.campaignScope(c)
	if err != nil {
		return err
	}
	return s.writeExport(c, scope, scope.Campaigns[0].Code)
}

// surveyExport is GET /api/v1/surveys/{id}/export.
func (s *Server) surveyExport(c echo.Context) error {
	scope, err := s.surveyScope(c)
	if err != nil {
		return err
	}
	return s.writeExport(c, scope, scope.Survey.ID)
}

// writeExport answers ?format=csv|csv-excel|xlsx|json&what=scores|judgments|stories.
func (s *Server) writeExport(c echo.Context, scope resultsScope, name string) error {
	format, what := c.QueryParam("format"), c.QueryParam("what")
	if format == "" {
		format = export.CSV
	}
	if what == "" {
		what = "scores"
	}
	mime, ext, err := export.ContentType(format)
	if err != nil {
		return invalid("format", err.Error())
	}
	var t export.Table
	switch what {
	case "scores":
		t, err = s.scoresTable(c, scope)
	case "judgments":
		t, err = s.judgmentsTable(c, scope)
	case "stories":
		t, err = s.storiesTable(c, scope)
	default:
		return invalid("what", "what must be scores, judgments or stories")
	}
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := export.Write(&buf, format, t); err != nil {
		return err
	}
	if err := s.audit(c, "export."+what, name, projectOf(scope), format); err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="vfv-%s-%s.%s"`, name, what, ext))
	c.Response().Header().Set("Cache-Control", "private, no-store")
	return c.Blob(http.StatusOK, mime, buf.Bytes())
}

func projectOf(scope resultsScope) string {
	if len(scope.Campaigns) == 1 {
		return scope.Campaigns[0].ProjectID
	}
	return ""
}

// scoresTable: one row per group, method and item; a suppressed group's
// rows carry no numbers and the note "för få svar".
func (s *Server) scoresTable(c echo.Context, scope resultsScope) (export.Table, error) {
	t := export.Table{Name: "scores", Header: []string{"group", "group_label", "method", "respondents", "item", "item_label", "share", "ci_low", "ci_high", "rank", "note"}}
	lang := s.lang(c)
	for _, method := range []string{results.MethodBT, results.MethodScore, results.MethodAHP} {
		r, err := s.results.Compute(c.Request().Context(), results.Query{Survey: scope.Survey, Campaigns: scope.codes(), Method: method, Lang: lang,
			From: c.QueryParam("from"), To: c.QueryParam("to"), Period: c.QueryParam("period")})
		if err != nil {
			return t, err
		}
		groups := append([]results.GroupResult{{ID: "all", Label: "Alla", Respondents: r.Respondents, Suppressed: r.Suppressed, Items: r.Items}}, r.Groups...)
		for _, g := range groups {
			for _, it := range g.Items {
				row := []any{g.ID, g.Label, method, num(g.Respondents), it.ID, it.Label, num(it.Share), num(it.CILow), num(it.CIHigh), num(it.Rank), nil}
				if g.Suppressed {
					row[10] = tooFew
				}
				t.Rows = append(t.Rows, row)
			}
		}
	}
	return t, nil
}

// num turns an optional number into a cell (nil stays empty).
func num[T int | int64 | float64](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// judgmentsTable: one row per judgment in long format, with an anonymous
// respondent number (the order of the random response ids, so it says
// nothing of when anyone answered), the background answers, the items as
// shown and the value.
func (s *Server) judgmentsTable(c echo.Context, scope resultsScope) (export.Table, error) {
	t := export.Table{Name: "judgments", Header: []string{"respondent", "campaign"}}
	sv := scope.Survey
	for _, q := range sv.Background {
		t.Header = append(t.Header, "bg_"+q.ID)
	}
	t.Header = append(t.Header, "lang", "item_first", "item_second", "value", "skip")
	n := 0
	for _, camp := range scope.Campaigns {
		err := s.store.StreamResponses(c.Request().Context(), camp.Code, func(r store.Response) error {
			n++
			for _, j := range r.Judgments {
				row := []any{n, camp.Code}
				for _, q := range sv.Background {
					row = append(row, r.Background[q.ID])
				}
				var value any = j.Value
				if j.Skip {
					value = nil
				}
				row = append(row, r.Lang, j.A, j.B, value, j.Skip)
				t.Rows = append(t.Rows, row)
			}
			return nil
		})
		if err != nil {
			return t, err
		}
	}
	return t, nil
}

// storiesTable: the stories shown in results (hidden ones left out), with
// the respondent's shown groups and top item.
func (s *Server) storiesTable(c echo.Context, scope resultsScope) (export.Table, error) {
	t := export.Table{Name: "stories", Header: []string{"text", "groups", "top_item", "top_item_label", "lang"}}
	list, err := s.scopeStories(c, scope, false)
	if err != nil {
		return t, err
	}
	for _, st := range list {
		labels := make([]string, 0, len(st.Groups))
		for _, g := range st.Groups {
			if gr, ok := scope.Survey.Group(g); ok {
				labels = append(labels, gr.Label.In(s.lang(c)))
			}
		}
		slices.Sort(labels)
		t.Rows = append(t.Rows, []any{st.Text, strings.Join(labels, ", "), st.Top, st.TopLabel, st.Lang})
	}
	return t, nil
}
