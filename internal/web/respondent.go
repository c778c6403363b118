package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// respondentPage renders the survey for one campaign at /s/:code.
// (Front end in progress.)
func (s *Server) respondentPage(c echo.Context) error {
	return c.String(http.StatusNotImplemented, "not yet")
}

// serviceWorker serves the script that keeps survey pages working offline.
func (s *Server) serviceWorker(c echo.Context) error {
	return c.String(http.StatusNotImplemented, "not yet")
}
