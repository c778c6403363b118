package web

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/export"
	"github.com/vfv/vfv/internal/release"
	"github.com/vfv/vfv/internal/report"
	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/results"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
)

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

// writeExport answers ?format=csv|csv-excel|xlsx|json|codebook&what=scores|judgments|stories.
// Every export has a codebook (report.Codebook): format=codebook is it
// alone as JSON, an XLSX carries it as a second sheet, and the Excel CSV
// heads its columns in Swedish from it. Each format has its own file name.
func (s *Server) writeExport(c echo.Context, scope resultsScope, name string) error {
	format, what := c.QueryParam("format"), c.QueryParam("what")
	if format == "" {
		format = export.CSV
	}
	if what == "" {
		what = "scores"
	}
	mime, ext, err := export.ContentType(format)
	if err != nil && format != formatCodebook {
		return invalid("format", err.Error()+" (or codebook)")
	}
	k := scope.Survey.MinGroupSize
	var t export.Table
	switch what {
	case "scores":
	case "judgments":
		k = exportK(scope.Survey)
	case "stories":
	default:
		return invalid("what", "what must be scores, judgments or stories")
	}
	if format == formatCodebook {
		cb := report.NewCodebook(scope.Survey, what, k, report.Header(scope.Survey, what))
		c.Response().Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="vfv-%s-%s-codebook.json"`, name, what))
		return c.JSON(http.StatusOK, cb)
	}
	switch what {
	case "scores":
		t, err = s.scoresTable(c, scope)
	case "judgments":
		t, err = s.judgmentsTable(c, scope)
	case "stories":
		t, err = s.storiesTable(c, scope)
	}
	if err != nil {
		return err
	}
	cb := report.NewCodebook(scope.Survey, what, k, t.Header)
	if format == export.CSVExcel {
		t = cb.SwedishHeader(t)
	}
	var buf bytes.Buffer
	if err := export.WriteBook(&buf, format, t, cb.Table()); err != nil {
		return err
	}
	if err := s.audit(c, "export."+what, name, projectOf(scope), format); err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, exportFileName(name, what, format, ext)))
	return c.Blob(http.StatusOK, mime, buf.Bytes())
}

// formatCodebook asks for an export's codebook as JSON.
const formatCodebook = "codebook"

// exportFileName is distinct per format: the two CSVs differ in name too.
func exportFileName(name, what, format, ext string) string {
	if format == export.CSVExcel {
		return fmt.Sprintf("vfv-%s-%s-excel.%s", name, what, ext)
	}
	return fmt.Sprintf("vfv-%s-%s.%s", name, what, ext)
}

func projectOf(scope resultsScope) string {
	if len(scope.Campaigns) == 1 {
		return scope.Campaigns[0].ProjectID
	}
	return ""
}

// scoresTable computes the scope's results by every method for
// report.Scores.
func (s *Server) scoresTable(c echo.Context, scope resultsScope) (export.Table, error) {
	var rs []results.Result
	for _, method := range []string{results.MethodBT, results.MethodScore, results.MethodAHP} {
		r, err := s.results.Compute(c.Request().Context(), results.Query{Survey: scope.Survey, Campaigns: scope.codes(), Method: method, Lang: s.lang(c),
			From: c.QueryParam("from"), To: c.QueryParam("to"), Period: c.QueryParam("period")})
		if err != nil {
			return export.Table{}, err
		}
		rs = append(rs, r)
	}
	return report.Scores(rs), nil
}

// judgmentsTable: one row per judgment in long format, for researchers
// (report.Judgments). Only released answers are in it, and what a row
// tells of its respondent beside the judgments — campaign, the days of
// its release batch, the background answers and the language — is what
// release.Columns allows for that batch: a column that would single
// someone out there, alone or with the others or with the batch's
// figures, is "*" for the whole batch. Every file and scope that holds a
// batch shows it the same way, so comparing two downloads, or a download
// with the results, reveals nobody. Rows come in a random order,
// respondents numbered 1..n afresh in each file.
func (s *Server) judgmentsTable(c echo.Context, scope resultsScope) (export.Table, error) {
	recs, err := s.judgmentRecords(c, scope)
	if err != nil {
		return export.Table{}, err
	}
	rng, err := report.NewShuffle()
	if err != nil {
		return export.Table{}, fmt.Errorf("web: judgments export: %w", err)
	}
	return report.Judgments(scope.Survey, recs, rng), nil
}

// exportK is the k the judgments export protects: the survey's
// min_group_size, never below the floor a survey may set.
func exportK(sv *survey.Survey) int { return max(sv.MinGroupSize, survey.MinMinGroupSize) }

// judgmentRecords reads the released responses of the scope and writes
// each batch's columns as release.Columns allows.
func (s *Server) judgmentRecords(c echo.Context, scope resultsScope) ([]report.Record, error) {
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
	var out []report.Record
	for _, b := range order {
		ms := batches[b]
		recs := make([]release.Record, len(ms))
		for i, m := range ms {
			vals := map[string]string{"lang": m.r.Lang}
			for _, q := range sv.Background {
				vals["bg_"+q.ID] = m.r.Background[q.ID]
			}
			recs[i] = release.Record{Sets: m.sets, Values: vals, Judged: judged(judgedBy(b, m.r.Judgments))}
		}
		keep := release.Columns(recs, b.Shown(), b.JudgedSets(), columns, exportK(sv))
		for i, m := range ms {
			values := []string{b.Campaign, b.From + "/" + b.To}
			for _, col := range columns {
				v := "*"
				if slices.Contains(keep, col) {
					v = recs[i].Values[col]
				}
				values = append(values, v)
			}
			out = append(out, report.Record{Values: values, Judgments: judgedBy(b, m.r.Judgments)})
		}
	}
	return out, nil
}

// judgedBy is what the export shows of a respondent's judgments in batch
// b: none in a batch where fewer than k judged at all (release.Judgments:
// its rows would be those few people's own), else all of them.
func judgedBy(b *results.Batch, js []store.Judgment) []store.Judgment {
	if !b.Judged(response.GroupAll) {
		return nil
	}
	return js
}

// judged reports whether js holds a judgment (a pair not answered "vet
// inte"): whether its row counts among the batch's judges.
func judged(js []store.Judgment) bool {
	for _, j := range js {
		if !j.Skip {
			return true
		}
	}
	return false
}

// storiesTable lists the stories shown in results (hidden ones left
// out) for report.Stories.
func (s *Server) storiesTable(c echo.Context, scope resultsScope) (export.Table, error) {
	list, err := s.scopeStories(c, scope, false)
	if err != nil {
		return export.Table{}, err
	}
	stories := make([]report.Story, len(list))
	for i, st := range list {
		stories[i] = report.Story{Text: st.Text, Groups: st.Groups, Top: st.Top, TopLabel: st.TopLabel, Lang: st.Lang}
	}
	return report.Stories(scope.Survey, s.lang(c), stories), nil
}
