package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/survey"
)

// methodView is GET /staff/method: "Så räknar vi", the plain-language
// account of how results are computed (adapted from docs/ranking.md).
type methodView struct {
	staffView
	// MinGroupSize is the smallest group shown unless a survey sets
	// another.
	MinGroupSize string
}

// methodPage is GET /staff/method.
func (s *Server) methodPage(c echo.Context) error {
	v := methodView{staffView: s.staffView(c, "method.title"), MinGroupSize: strconv.Itoa(survey.DefaultMinGroupSize)}
	return s.render(c, http.StatusOK, "staff_method.html", v)
}
