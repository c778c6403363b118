package respond

import (
	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
)

// Preview is GET /preview/{survey}: the respondent flow of a loaded
// survey exactly as respondents get it, in every language of the survey,
// with a banner on every screen saying that nothing is stored. The page
// belongs to no campaign; its script finishes locally with the thank-you
// and never sends the answers, and collect.Service.Submit refuses a
// submission tagged as a preview should one arrive anyway. An unknown
// survey is the 404 page.
func (h *Handler) Preview(c echo.Context) error {
	sv, ok := h.collect.Survey(c.Param("survey"))
	if !ok {
		return echo.ErrNotFound
	}
	return h.renderRespondent(c, store.Campaign{SurveyID: sv.ID, Lang: survey.DefaultLanguage}, sv, true)
}
