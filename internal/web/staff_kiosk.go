package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/auth"
)

// startKioskPage is POST /staff/campaigns/{code}/kiosk, "Starta på den här
// surfplattan": it ends the staff session on this device (server-side,
// so no page cached in the browser can act for it) and sends the browser
// to the campaign's survey in kiosk mode. Every staff page is no-store
// (staffHeaders), so Back from the survey loads a staff page afresh and
// meets the login; leaving the kiosk needs the staff login. staff.js
// posts the form itself and replaces the page in the history
// (location.replace), so that the campaign page is not even an entry
// behind the survey.
func (s *Server) startKioskPage(c echo.Context) error {
	camp, err := s.staffCampaign(c, auth.ViewCampaigns)
	if err != nil {
		return err
	}
	if se, ok := sessionOf(c); ok {
		if err := s.store.DeleteSession(c.Request().Context(), se.ID); err != nil {
			return err
		}
	}
	s.clearSessionCookie(c)
	return c.Redirect(http.StatusSeeOther, kioskURL(camp.Code))
}

// kioskURL is where a tablet started as a kiosk goes: the survey with
// kiosk=1, which runs it as a kiosk whatever the campaign says.
func kioskURL(code string) string { return "/s/" + code + "?kiosk=1" }
