package respond

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/survey"
)

// mediaURL is where a survey's picture or recording is served ("" for
// none). The name holds the content hash, so the URL never goes stale.
func mediaURL(sv *survey.Survey, m *survey.Media) string {
	if m == nil {
		return ""
	}
	return "/media/" + sv.ID + "/" + m.Name()
}

// Media is GET /media/{survey}/{name}: a pictogram or recording of a
// loaded survey, checked when the survey was loaded (type by content, size,
// an SVG without scripts or outside references). The name holds the
// content's hash, so browsers keep it for a year.
func (h *Handler) Media(c echo.Context) error {
	sv, ok := h.collect.Survey(c.Param("survey"))
	if !ok {
		return echo.ErrNotFound
	}
	m, ok := sv.MediaByName(c.Param("name"))
	if !ok || m.Data == nil {
		return echo.ErrNotFound
	}
	hd := c.Response().Header()
	hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	// An SVG opened on its own runs nothing and loads nothing.
	hd.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
	return c.Blob(http.StatusOK, m.Type, m.Data)
}
