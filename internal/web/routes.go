package web

import (
	"log/slog"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// respondentRoutes are the routes anonymous respondents call.
var respondentRoutes = map[string]bool{
	"/s/:code": true, "/s/sw.js": true, "/static/*": true,
	"/api/v1/campaigns/:code/survey": true, "/api/v1/responses": true,
}

// routes is the one table of every route, grouped by who may call it.
func (s *Server) routes() {
	e := s.echo
	e.Pre(middleware.RemoveTrailingSlash())
	e.Use(middleware.RequestID())
	e.Use(middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		// Never the client's address, user agent, referer or query: the
		// route pattern, status and latency are enough to operate.
		LogMethod: true, LogRoutePath: true, LogStatus: true, LogLatency: true, LogRequestID: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			// A respondent's request is not logged unless it failed on our
			// side: its time would say when someone answered.
			if respondentRoutes[v.RoutePath] && v.Status < 500 {
				return nil
			}
			s.log.LogAttrs(c.Request().Context(), slog.LevelInfo, "request",
				slog.String("request_id", v.RequestID), slog.String("method", v.Method),
				slog.String("route", v.RoutePath), slog.Int("status", v.Status),
				slog.Duration("latency", v.Latency))
			return nil
		},
	}))
	e.Use(middleware.Recover())
	e.Use(middleware.BodyLimit(maxBodyBytes))

	// Operations.
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)

	// Public pages and assets.
	e.GET("/", s.home)
	e.GET("/static/*", s.assets.handle)

	// Respondents (public, anonymous).
	e.GET("/s/:code", s.respondentPage)
	e.GET("/s/sw.js", s.serviceWorker)
	e.GET("/api/v1/campaigns/:code/survey", s.campaignSurvey)
	e.POST("/api/v1/responses", s.submitResponse, middleware.BodyLimit(maxSubmissionBytes))

	// JSON API (public).
	e.GET("/api/v1/surveys", s.listSurveys)
	e.GET("/api/v1/surveys/:id/versions", s.surveyVersions)
}
