package web

import (
	"bytes"
	crand "crypto/rand"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/export"
	"github.com/vfv/vfv/internal/kanon"
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

// judgmentsTable: one row per judgment in long format. The campaign, the
// period (the month of the answer), the background answers and the
// language are made k-anonymous with k the survey's min_group_size
// (internal/kanon): coarser or "*" where fewer than k respondents share
// them. Respondents come in a random order, each one's judgments together
// and shuffled, numbered 1…n in that order, so neither the order nor the
// number says when anyone answered. Only exportable responses are in it.
func (s *Server) judgmentsTable(c echo.Context, scope resultsScope) (export.Table, error) {
	sv := scope.Survey
	t := export.Table{Name: "judgments", Header: []string{"respondent", "campaign", "period"}}
	for _, q := range sv.Background {
		t.Header = append(t.Header, "bg_"+q.ID)
	}
	t.Header = append(t.Header, "lang", "item_first", "item_second", "value", "skip")
	recs, hs, err := s.judgmentRecords(c, scope)
	if err != nil {
		return t, err
	}
	// The same responses are always generalised the same way (records in
	// a fixed order, a fixed seed): were a download's choices random, two
	// downloads linked by the judgments would show whom kanon had to hide
	// and whom it only pooled with them.
	res, err := kanon.Anonymize(recs, kanon.Options{K: exportK(sv), Hierarchies: hs, Seed: 1})
	if err != nil {
		return t, fmt.Errorf("web: judgments export: %w", err)
	}
	var seed [32]byte
	if _, err := crand.Read(seed[:]); err != nil {
		return t, fmt.Errorf("web: judgments export: seed: %w", err)
	}
	rng := rand.New(rand.NewChaCha8(seed))
	rng.Shuffle(len(res.Records), func(i, j int) { res.Records[i], res.Records[j] = res.Records[j], res.Records[i] })
	for n, rec := range res.Records {
		js := slices.Clone(rec.Payload)
		rng.Shuffle(len(js), func(i, j int) { js[i], js[j] = js[j], js[i] })
		for _, j := range js {
			row := make([]any, 0, len(t.Header))
			row = append(row, n+1)
			for _, v := range rec.QI {
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

// exportK is the k the judgments export is k-anonymous for: the survey's
// min_group_size, never below the floor a survey may set.
func exportK(sv *survey.Survey) int { return max(sv.MinGroupSize, survey.MinMinGroupSize) }

// judgmentRecords reads the exportable responses of the scope as kanon
// records, one per respondent, with their quasi-identifiers in the order
// of the export's columns (campaign, period, background answers, lang)
// and the hierarchies to generalise them by. The records are ordered by
// a hash of the response id: fixed, and unrelated to when anyone
// answered whatever ids the clients chose.
func (s *Server) judgmentRecords(c echo.Context, scope resultsScope) ([]kanon.Record[[]store.Judgment], []kanon.Hierarchy, error) {
	sv := scope.Survey
	hs := []kanon.Hierarchy{{Name: "campaign"}, {Name: "period", Steps: []func(string) string{kanon.Month}, Min: 1}}
	for _, q := range sv.Background {
		hs = append(hs, kanon.Hierarchy{Name: "bg_" + q.ID})
	}
	hs = append(hs, kanon.Hierarchy{Name: "lang"})
	var recs []kanon.Record[[]store.Judgment]
	var order [][32]byte
	// Only released answers (internal/release): a file downloaded before
	// and after one person answers differs by a whole batch or not at all.
	err := s.results.StreamReleased(c.Request().Context(), sv, scope.codes(), func(r store.Response, _ func(string) bool) error {
		qi := make([]string, 0, len(hs))
		qi = append(qi, r.Campaign, r.Date)
		for _, q := range sv.Background {
			qi = append(qi, r.Background[q.ID])
		}
		recs = append(recs, kanon.Record[[]store.Judgment]{QI: append(qi, r.Lang), Payload: r.Judgments})
		order = append(order, sha256.Sum256([]byte(r.ID)))
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	idx := make([]int, len(recs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(i, j int) int { return bytes.Compare(order[i][:], order[j][:]) })
	sorted := make([]kanon.Record[[]store.Judgment], len(recs))
	for n, i := range idx {
		sorted[n] = recs[i]
	}
	return sorted, hs, nil
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
