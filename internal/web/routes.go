package web

import (
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/vfv/vfv/internal/chart"
	"github.com/vfv/vfv/internal/web/respond"
)

// respondentRoutes are the routes anonymous respondents call.
var respondentRoutes = map[string]bool{
	"/s/:code": true, "/s/sw.js": true, "/static/*": true,
	"/api/v1/campaigns/:code/survey": true, "/api/v1/responses": true, "/media/:survey/:name": true,
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
			s.metrics.ObserveRequest(v.RoutePath, v.Method, v.Status, v.Latency)
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
	e.Use(s.securityHeaders)
	// Pages, styles, scripts and JSON compressed for tablets on weak mobile
	// networks. Not the answers to writes: they are a few bytes, and the
	// compressor's set-up per request cost a submission 6 % of the
	// server's CPU (perf, BENCHMARKS.md) even when it then sent them plain.
	e.Use(middleware.GzipWithConfig(middleware.GzipConfig{MinLength: 1024, Skipper: func(c echo.Context) bool {
		m := c.Request().Method
		return m != http.MethodGet && m != http.MethodHead
	}}))
	e.Use(middleware.BodyLimit(maxBodyBytes))

	// Operations.
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	// Not /metrics: it is served on a listener of its own (ServeMetrics).

	// Public pages and assets.
	e.GET("/", s.home)
	e.GET("/static/*", s.assets.handle)
	// A survey as respondents see it; nothing is stored.
	e.GET("/preview/:survey", s.respond.Preview)

	// Respondents (public, anonymous).
	e.GET("/s/:code", s.respond.Page)
	e.GET("/s/sw.js", s.respond.ServiceWorker)
	e.GET("/media/:survey/:name", s.respond.Media)
	e.GET("/api/v1/campaigns/:code/survey", s.respond.Survey)
	e.POST("/api/v1/responses", s.respond.Submit, s.respondentWrite, middleware.BodyLimit(respond.MaxSubmissionBytes))

	// Staff pages (session). Nothing staff see is cached (staffHeaders).
	staff := e.Group("", staffHeaders, s.identify, s.csrf)
	staff.GET("/login", s.showLogin)
	staff.POST("/login", s.login)
	staff.POST("/logout", s.logout)
	staff.GET("/staff", s.dashboard, s.needLogin)
	staff.GET("/staff/campaigns/new", s.newCampaignPage, s.needLogin)
	staff.POST("/staff/campaigns", s.createCampaignPage, s.needLogin)
	staff.GET("/staff/campaigns/:code", s.campaignPage, s.needLogin)
	staff.POST("/staff/campaigns/:code", s.updateCampaignPage, s.needLogin)
	staff.GET("/staff/campaigns/:code/edit", s.editCampaignPage, s.needLogin)
	staff.POST("/staff/campaigns/:code/open", s.openCampaignPage(true), s.needLogin)
	staff.POST("/staff/campaigns/:code/close", s.openCampaignPage(false), s.needLogin)
	staff.GET("/staff/campaigns/:code/poster", s.posterPage, s.needLogin)
	staff.POST("/staff/campaigns/:code/kiosk", s.startKioskPage, s.needLogin)
	staff.POST("/staff/campaigns/:code/project", s.moveCampaignPage, s.needLogin, s.needAdmin)
	staff.GET("/staff/results", s.resultsIndex, s.needLogin)
	staff.GET("/staff/campaigns/:code/results", s.campaignResultsPage, s.needLogin)
	staff.POST("/staff/campaigns/:code/results/compare", s.compareResultsPage(s.campaignScope), s.needLogin)
	staff.GET("/staff/surveys/:id/results", s.surveyResultsPage, s.needLogin)
	staff.POST("/staff/surveys/:id/results/compare", s.compareResultsPage(s.surveyScope), s.needLogin)
	staff.POST("/staff/stories/:id/hide", s.storyHiddenPage(true), s.needLogin)
	staff.POST("/staff/stories/:id/show", s.storyHiddenPage(false), s.needLogin)
	staff.GET("/staff/method", s.methodPage, s.needLogin)
	staff.GET("/staff/password", s.passwordPage, s.needLogin)
	staff.POST("/staff/password", s.changePasswordPage, s.needLogin)
	staff.GET("/staff/tokens", s.tokensPage, s.needLogin)
	staff.POST("/staff/tokens", s.createTokenPage, s.needLogin, s.needSession)
	staff.POST("/staff/tokens/:id/revoke", s.revokeTokenPage, s.needLogin)
	staff.GET("/staff/projects/:id/members", s.membersPage, s.needLogin)
	staff.POST("/staff/projects/:id/members", s.setMemberPage, s.needLogin)
	staff.GET("/staff/audit", s.auditPage, s.needLogin)
	staff.GET("/staff/surveys/:id/change", s.changePage, s.needLogin)
	staff.GET("/staff/projects/:id/board", s.boardPage, s.needLogin)
	staff.GET("/staff/board/new", s.newCardPage, s.needLogin)
	staff.POST("/staff/board/cards", s.createCardPage, s.needLogin)
	staff.POST("/staff/board/cards/:id", s.updateCardPage, s.needLogin)
	staff.POST("/staff/board/cards/:id/delete", s.deleteCardPage, s.needLogin)
	staff.GET("/staff/projects/:id/saidwedo", s.saidWeDoPage, s.needLogin)
	staff.GET("/staff/projects/:id/saidwedo/poster", s.saidWeDoPoster, s.needLogin)

	// Staff JSON API (session or Bearer token).
	// needAuth is on each route line, so an unknown path is still a 404.
	api := e.Group("/api/v1", staffHeaders, s.identify, s.csrf)
	api.GET("/me", s.getMe, s.needAuth)
	api.POST("/me/password", s.changePassword, s.needAuth)
	api.GET("/projects", s.listProjects, s.needAuth)
	api.POST("/projects", s.createProject, s.needAuth, s.needAdmin)
	api.GET("/projects/:id/members", s.projectMembers, s.needAuth)
	api.PUT("/projects/:id/members", s.setMember, s.needAuth)
	api.GET("/campaigns", s.listCampaigns, s.needAuth)
	api.POST("/campaigns", s.createCampaign, s.needAuth)
	api.GET("/campaigns/:code", s.getCampaign, s.needAuth)
	api.GET("/campaigns/:code/qr.png", s.campaignQR("png"), s.needAuth)
	api.GET("/campaigns/:code/qr.svg", s.campaignQR("svg"), s.needAuth)
	api.PATCH("/campaigns/:code", s.updateCampaign, s.needAuth)
	api.POST("/campaigns/:code/open", s.setCampaignOpen(true), s.needAuth)
	api.POST("/campaigns/:code/close", s.setCampaignOpen(false), s.needAuth)
	api.GET("/tokens", s.listTokens, s.needAuth)
	api.POST("/tokens", s.createToken, s.needAuth, s.needSession)
	api.DELETE("/tokens/:id", s.revokeToken, s.needAuth)
	api.GET("/audit", s.auditLog, s.needAuth)
	api.GET("/campaigns/:code/results", s.campaignResults, s.needAuth)
	api.GET("/surveys/:id/results", s.surveyResults, s.needAuth)
	api.GET("/campaigns/:code/stories", s.campaignStories, s.needAuth)
	api.GET("/campaigns/:code/periods", s.campaignPeriods, s.needAuth)
	api.POST("/stories/:id/hide", s.setStoryHidden(true), s.needAuth)
	api.POST("/stories/:id/show", s.setStoryHidden(false), s.needAuth)
	api.GET("/campaigns/:code/export", s.campaignExport, s.needAuth)
	api.GET("/surveys/:id/export", s.surveyExport, s.needAuth)
	api.POST("/campaigns/:code/jobs", s.startCampaignJob, s.needAuth)
	api.POST("/surveys/:id/jobs", s.startSurveyJob, s.needAuth)
	api.GET("/jobs/:id", s.getJob, s.needAuth)
	api.GET("/campaigns/:code/chart.png", s.campaignChart(chart.PNG), s.needAuth)
	api.GET("/campaigns/:code/chart.svg", s.campaignChart(chart.SVG), s.needAuth)
	api.GET("/surveys/:id/chart.png", s.surveyChart(chart.PNG), s.needAuth)
	api.GET("/surveys/:id/chart.svg", s.surveyChart(chart.SVG), s.needAuth)
	api.GET("/surveys/:id/change", s.surveyChange, s.needAuth)
	api.GET("/surveys/:id/change.svg", s.changeChart, s.needAuth)
	api.GET("/projects/:id/board", s.getBoard, s.needAuth)
	api.POST("/projects/:id/board/cards", s.createCard, s.needAuth)
	api.PATCH("/board/cards/:id", s.patchCard, s.needAuth)
	api.DELETE("/board/cards/:id", s.deleteCard, s.needAuth)
	api.GET("/projects/:id/saidwedo", s.saidWeDoJSON, s.needAuth)

	// JSON API (public).
	e.GET("/api/v1/surveys", s.listSurveys)
	e.GET("/api/v1/surveys/:id/versions", s.surveyVersions)
}
