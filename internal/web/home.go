package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// surveyCard is one survey on the home page.
type surveyCard struct {
	ID, Title, Intro string
	Items            int
	Languages        []string
	Version          string
}

type homePage struct {
	page
	Surveys []surveyCard
}

func (s *Server) home(c echo.Context) error {
	lang := s.lang(c)
	v := homePage{page: s.page(c, lang)}
	v.Title = v.T("app.name")
	for _, sv := range s.surveys {
		v.Surveys = append(v.Surveys, surveyCard{
			ID: sv.ID, Title: sv.Title.In(lang), Intro: sv.Intro.In(lang),
			Items: len(sv.Items), Languages: sv.Languages, Version: shortVersion(sv.Version),
		})
	}
	return s.render(c, http.StatusOK, "home.html", v)
}

// surveyInfo is one survey in GET /api/v1/surveys.
type surveyInfo struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Version   string   `json:"version"`
	Languages []string `json:"languages"`
	Items     int      `json:"items"`
}

func (s *Server) listSurveys(c echo.Context) error {
	lang := s.lang(c)
	out := make([]surveyInfo, 0, len(s.surveys))
	for _, sv := range s.surveys {
		out = append(out, surveyInfo{ID: sv.ID, Title: sv.Title.In(lang), Version: sv.Version, Languages: sv.Languages, Items: len(sv.Items)})
	}
	return c.JSON(http.StatusOK, out)
}

func shortVersion(v string) string {
	if len(v) > 12 {
		return v[:12]
	}
	return v
}

// versionInfo is one stored version in GET /api/v1/surveys/{id}/versions.
type versionInfo struct {
	Version   string `json:"version"`
	FirstUsed string `json:"first_used"`
	Current   bool   `json:"current"`
}

// surveyVersions lists the stored versions of a survey, so integrations can
// tell which definition a response was given under.
func (s *Server) surveyVersions(c echo.Context) error {
	id := c.Param("id")
	var current string
	for _, sv := range s.surveys {
		if sv.ID == id {
			current = sv.Version
		}
	}
	vs, err := s.store.SurveyVersions(c.Request().Context(), id)
	if err != nil {
		return err
	}
	if current == "" && len(vs) == 0 {
		return echo.ErrNotFound
	}
	out := make([]versionInfo, len(vs))
	for i, v := range vs {
		out[i] = versionInfo{Version: v.Version, FirstUsed: v.FirstUsed, Current: v.Version == current}
	}
	return c.JSON(http.StatusOK, out)
}
