package web

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/auth"
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
	job, err := s.startJobFor(c, scope, results.JobSpec{Kind: body.Kind, Method: body.Method,
		Group: body.Group, A: body.A, B: body.B, Resamples: body.Resamples, Seed: body.Seed})
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
	job, err := s.jobOf(c, c.Param("id"))
	if errors.Is(err, results.ErrJobNotFound) {
		return echo.ErrNotFound
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, job)
}

// startJobFor starts a job of the caller over scope (the API and the
// results page): the job keeps the scope's projects, for jobOf. Beyond
// results.MaxActiveJobsPerOwner jobs queued or running it is
// results.ErrTooManyJobs (429).
func (s *Server) startJobFor(c echo.Context, scope resultsScope, spec results.JobSpec) (results.Job, error) {
	p, _ := principal(c)
	spec.Survey, spec.Campaigns, spec.Projects = scope.Survey, scope.codes(), scope.projects()
	spec.Lang, spec.Owner = s.lang(c), p.Email
	return s.jobs.Start(spec)
}

// jobOf returns a job of the caller while they may still read results in
// every project of its scope; otherwise, as for someone else's job,
// results.ErrJobNotFound. The one check before a job's result is shown.
func (s *Server) jobOf(c echo.Context, id string) (results.Job, error) {
	p, _ := principal(c)
	job, err := s.jobs.Get(id, p.Email)
	if err != nil {
		return results.Job{}, err
	}
	for _, proj := range job.Projects {
		if !p.Can(proj, auth.ViewResults) {
			return results.Job{}, results.ErrJobNotFound
		}
	}
	return job, nil
}
