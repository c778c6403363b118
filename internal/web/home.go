package web

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/survey"
	"github.com/vfv/vfv/internal/web/respond"
)

// surveyCard is one survey on the home page, with the way into its
// preview in each of its languages.
type surveyCard struct {
	// Lead is the first paragraph of the survey's intro: the preview
	// shows the rest.
	ID, Title, Lead string
	Items           int
	Version         string
	// Preview is the survey's preview in the page's language, or in
	// Swedish when the survey lacks it; Languages link to the others.
	Preview   string
	Languages []previewLink
}

// previewLink is a survey's preview in one language.
type previewLink struct {
	Code, Name, URL string
}

// homePage is GET /: the surveys of the installation, each with a way to
// try it, and the way in for staff.
type homePage struct {
	page
	Surveys []surveyCard
}

func (s *Server) home(c echo.Context) error {
	lang := s.lang(c)
	v := homePage{page: s.page(c, lang)}
	v.Title = v.T("app.name")
	for _, sv := range s.surveys {
		card := surveyCard{ID: sv.ID, Title: sv.Title.In(lang), Lead: firstLine(sv.Intro.In(lang)),
			Items: len(sv.Items), Version: shortVersion(sv.Version), Preview: previewURL(sv.ID, survey.DefaultLanguage)}
		if sv.HasLanguage(lang) {
			card.Preview = previewURL(sv.ID, lang)
		}
		for _, l := range sv.Languages {
			card.Languages = append(card.Languages, previewLink{Code: l, Name: s.i18n.Name(l), URL: previewURL(sv.ID, l)})
		}
		v.Surveys = append(v.Surveys, card)
	}
	return s.render(c, http.StatusOK, "home.html", v)
}

// firstLine is the first non-empty line of a text.
func firstLine(text string) string {
	if ls := respond.Lines(text); len(ls) > 0 {
		return ls[0]
	}
	return ""
}

// previewURL is the preview of a survey in a language (Swedish needs no
// parameter: it is where a survey starts).
func previewURL(id, lang string) string {
	u := "/preview/" + url.PathEscape(id)
	if lang != survey.DefaultLanguage {
		u += "?lang=" + url.QueryEscape(lang)
	}
	return u
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
