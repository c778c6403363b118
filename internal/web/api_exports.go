package web

import (
	"bytes"
	crand "crypto/rand"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/export"
	"github.com/vfv/vfv/internal/release"
	"github.com/vfv/vfv/internal/results"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
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

// judgmentsTable: one row per judgment in long format, for researchers.
// Only released answers are in it, and what a row tells of its respondent
// beside the judgments — campaign, the days of its release batch, the
// background answers and the language — is what release.Columns allows
// for that batch: a column that would single someone out there, alone or
// with the others or with the batch's figures, is "*" for the whole
// batch. Every file and scope that holds a batch shows it the same way,
// so comparing two downloads, or a download with the results, reveals
// nobody. Rows come in a random order, respondents numbered 1..n afresh
// in each file.
func (s *Server) judgmentsTable(c echo.Context, scope resultsScope) (export.Table, error) {
	sv := scope.Survey
	t := export.Table{Name: "judgments", Header: []string{"respondent", "campaign", "period"}}
	for _, q := range sv.Background {
		t.Header = append(t.Header, "bg_"+q.ID)
	}
	t.Header = append(t.Header, "lang", "item_first", "item_second", "value", "skip")
	recs, err := s.judgmentRecords(c, scope)
	if err != nil {
		return t, err
	}
	var seed [32]byte
	if _, err := crand.Read(seed[:]); err != nil {
		return t, fmt.Errorf("web: judgments export: seed: %w", err)
	}
	rng := rand.New(rand.NewChaCha8(seed))
	rng.Shuffle(len(recs), func(i, j int) { recs[i], recs[j] = recs[j], recs[i] })
	for n, rec := range recs {
		js := slices.Clone(rec.judgments)
		rng.Shuffle(len(js), func(i, j int) { js[i], js[j] = js[j], js[i] })
		for _, j := range js {
			row := make([]any, 0, len(t.Header))
			row = append(row, n+1)
			for _, v := range rec.values {
				row = append(row, v)
			}
			var value any = j.Value
			if j.Skip {
				value = nil
			}
			t.Rows = append(t.Rows, append(row, j.A, j.B, value, j.Skip))
		}
	}
	return t, nil
}

// exportK is the k the judgments export protects: the survey's
// min_group_size, never below the floor a survey may set.
func exportK(sv *survey.Survey) int { return max(sv.MinGroupSize, survey.MinMinGroupSize) }

// exportRecord is one respondent of the judgments export: the values of
// the columns before the judgments, and the judgments.
type exportRecord struct {
	values    []string
	judgments []store.Judgment
}

// judgmentRecords reads the released responses of the scope and writes
// each batch's columns as release.Columns allows.
func (s *Server) judgmentRecords(c echo.Context, scope resultsScope) ([]exportRecord, error) {
	sv := scope.Survey
	columns := make([]string, 0, len(sv.Background)+1)
	for _, q := range sv.Background {
		columns = append(columns, "bg_"+q.ID)
	}
	columns = append(columns, "lang")
	type member struct {
		r    store.Response
		sets []string
	}
	batches := map[*results.Batch][]member{}
	var order []*results.Batch
	err := s.results.StreamReleased(c.Request().Context(), sv, scope.codes(), func(r store.Response, b *results.Batch, sets []string) error {
		if _, ok := batches[b]; !ok {
			order = append(order, b)
		}
		batches[b] = append(batches[b], member{r, sets})
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out []exportRecord
	for _, b := range order {
		ms := batches[b]
		recs := make([]release.Record, len(ms))
		for i, m := range ms {
			vals := map[string]string{"lang": m.r.Lang}
			for _, q := range sv.Background {
				vals["bg_"+q.ID] = m.r.Background[q.ID]
			}
			recs[i] = release.Record{Sets: m.sets, Values: vals}
		}
		keep := release.Columns(recs, b.Shown(), columns, exportK(sv))
		for i, m := range ms {
			values := []string{b.Campaign, b.From + "/" + b.To}
			for _, col := range columns {
				v := "*"
				if slices.Contains(keep, col) {
					v = recs[i].Values[col]
				}
				values = append(values, v)
			}
			out = append(out, exportRecord{values: values, judgments: m.r.Judgments})
		}
	}
	return out, nil
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
