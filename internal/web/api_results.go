package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/auth"
	"github.com/vfv/vfv/internal/results"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
)

// resultsScope is what a results request covers: one survey and the
// campaigns pooled.
type resultsScope struct {
	Survey    *survey.Survey
	Campaigns []store.Campaign
}

// campaignScope is the scope of /api/v1/campaigns/{code}/...: one campaign
// the caller may read results of.
func (s *Server) campaignScope(c echo.Context) (resultsScope, error) {
	camp, err := s.staffCampaign(c, auth.ViewResults)
	if err != nil {
		return resultsScope{}, err
	}
	sv, ok := s.collect.Survey(camp.SurveyID)
	if !ok {
		return resultsScope{}, fmt.Errorf("survey %s: %w", camp.SurveyID, store.ErrNotFound)
	}
	return resultsScope{Survey: sv, Campaigns: []store.Campaign{camp}}, nil
}

// surveyScope is the scope of /api/v1/surveys/{id}/...: the campaigns of
// the survey the caller may read results of, or those named in
// ?campaigns=A,B (each must be readable).
func (s *Server) surveyScope(c echo.Context) (resultsScope, error) {
	p, _ := principal(c)
	sv, ok := s.collect.Survey(c.Param("id"))
	if !ok {
		return resultsScope{}, fmt.Errorf("survey %s: %w", c.Param("id"), store.ErrNotFound)
	}
	all, err := s.store.Campaigns(c.Request().Context())
	if err != nil {
		return resultsScope{}, err
	}
	var want []string
	if q := c.QueryParam("campaigns"); q != "" {
		want = strings.Split(strings.ToUpper(q), ",")
	}
	scope := resultsScope{Survey: sv}
	for _, camp := range all {
		if camp.SurveyID != sv.ID || !p.Can(camp.ProjectID, auth.ViewResults) {
			continue
		}
		if want != nil && !slices.Contains(want, camp.Code) {
			continue
		}
		scope.Campaigns = append(scope.Campaigns, camp)
	}
	if len(want) > len(scope.Campaigns) {
		return resultsScope{}, invalid("campaigns", "a campaign named is unknown, of another survey, or not yours")
	}
	if len(scope.Campaigns) == 0 && !p.Admin && len(p.Projects()) == 0 {
		return resultsScope{}, fmt.Errorf("survey %s: %w", sv.ID, store.ErrNotFound)
	}
	return scope, nil
}

// codes lists the scope's campaign codes.
func (sc resultsScope) codes() []string {
	codes := make([]string, len(sc.Campaigns))
	for i, camp := range sc.Campaigns {
		codes[i] = camp.Code
	}
	return codes
}

// projects are the projects of the scope's campaigns, each once.
func (sc resultsScope) projects() []string {
	var out []string
	for _, camp := range sc.Campaigns {
		if !slices.Contains(out, camp.ProjectID) {
			out = append(out, camp.ProjectID)
		}
	}
	return out
}

// resultsFor computes the results of a scope for the request's query.
func (s *Server) resultsFor(c echo.Context, scope resultsScope) (results.Result, error) {
	r, err := s.results.Compute(c.Request().Context(), results.Query{
		Survey: scope.Survey, Campaigns: scope.codes(), From: c.QueryParam("from"), To: c.QueryParam("to"), Period: c.QueryParam("period"), Method: c.QueryParam("method"), Group: c.QueryParam("group"), Lang: s.lang(c),
	})
	var qe *results.QueryError
	if errors.As(err, &qe) {
		return r, invalid(qe.Field, qe.Msg)
	}
	return r, err
}

// campaignResults is GET /api/v1/campaigns/{code}/results.
func (s *Server) campaignResults(c echo.Context) error {
	scope, err := s.campaignScope(c)
	if err != nil {
		return err
	}
	return s.writeResults(c, scope)
}

// surveyResults is GET /api/v1/surveys/{id}/results.
func (s *Server) surveyResults(c echo.Context) error {
	scope, err := s.surveyScope(c)
	if err != nil {
		return err
	}
	return s.writeResults(c, scope)
}

func (s *Server) writeResults(c echo.Context, scope resultsScope) error {
	r, err := s.resultsFor(c, scope)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}

// periodsJSON lists a campaign's release batches.
type periodsJSON struct {
	Batches         []batchJSON `json:"batches"`
	Pending         int64       `json:"pending"`
	ReleasedThrough string      `json:"released_through"`
}

type batchJSON struct {
	From        string `json:"from"`
	To          string `json:"to"`
	Respondents int64  `json:"respondents"`
}

// campaignPeriods is GET /api/v1/campaigns/{code}/periods: the release
// batches, whose days from/to select.
func (s *Server) campaignPeriods(c echo.Context) error {
	scope, err := s.campaignScope(c)
	if err != nil {
		return err
	}
	rel, err := s.results.Released(c.Request().Context(), scope.Survey, scope.Campaigns[0].Code)
	if err != nil {
		return err
	}
	out := periodsJSON{Batches: []batchJSON{}, Pending: rel.Pending}
	for _, b := range rel.Batches {
		out.Batches = append(out.Batches, batchJSON{From: b.From, To: b.To, Respondents: b.N})
		out.ReleasedThrough = b.To
	}
	return c.JSON(http.StatusOK, out)
}
