package web

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/results"
)

// jobJSON is the body of POST .../jobs.
type jobJSON struct {
	Kind      string `json:"kind"`
	Method    string `json:"method"`
	Group     string `json:"group"`
	A         string `json:"a"`
	B         string `json:"b"`
	Resamples int    `json:"resamples"`
	Seed      uint64 `json:"seed"`
}

// startCampaignJob is POST /api/v1/campaigns/{code}/jobs: start a
// bootstrap (percentile intervals) or a comparison of two groups. 202 with
// the job; poll GET /api/v1/jobs/{id} for progress and the result.
func (s *Server) startCampaignJob(c echo.Context) error {
	scope, err := s.campaignScope(c)
	if err != nil {
		return err
	}
	return s.startJob(c, scope)
}

// startSurveyJob is POST /api/v1/surveys/{id}/jobs.
func (s *Server) startSurveyJob(c echo.Context) error {
	scope, err := s.surveyScope(c)
	if err != nil {
		return err
	}
	return s.startJob(c, scope)
}

func (s *Server) startJob(c echo.Context, scope resultsScope) error {
	var body jobJSON
	if err := decodeStrict(c.Request().Body, &body); err != nil {
		return err
	}
	if body.Seed == 0 {
		body.Seed = 1
	}
	p, _ := principal(c)
	job, err := s.jobs.Start(results.JobSpec{Kind: body.Kind, Survey: scope.Survey, Campaigns: scope.codes(), Method: body.Method,
		Group: body.Group, A: body.A, B: body.B, Resamples: body.Resamples, Seed: body.Seed, Lang: s.lang(c), Owner: p.Email})
	var qe *results.QueryError
	if errors.As(err, &qe) {
		return invalid(qe.Field, qe.Msg)
	}
	if err != nil {
		return err
	}
	c.Response().Header().Set("Location", "/api/v1/jobs/"+job.ID)
	return c.JSON(http.StatusAccepted, job)
}

// getJob is GET /api/v1/jobs/{id}: state, progress (done of total
// resamples) and, when done, the result.
func (s *Server) getJob(c echo.Context) error {
	p, _ := principal(c)
	job, err := s.jobs.Get(c.Param("id"), p.Email)
	if errors.Is(err, results.ErrJobNotFound) {
		return echo.ErrNotFound
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, job)
}
