package web

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/campaign"
)

// moveCampaignPage is POST /staff/campaigns/{code}/project, for
// installation admins: a campaign made without a project (by `vfv campaign
// create` without --project) goes into the chosen project, whose trust
// agents and project group then see it. It is audited as campaign.move;
// a refused move shows the overview again saying why.
func (s *Server) moveCampaignPage(c echo.Context) error {
	code := campaign.NormalizeCode(c.Param("code"))
	p, _ := principal(c)
	camp, err := s.campaigns.Move(c.Request().Context(), p.Email, code, c.FormValue("project"))
	var inv *campaign.InvalidError
	if errors.As(err, &inv) {
		v, verr := s.dashboardView(c)
		if verr != nil {
			return verr
		}
		v.MoveError = v.T("staff.move.err_project")
		if inv.Problems[0].Field == "campaign" {
			v.MoveError = v.T("staff.move.err_moved")
		}
		return s.render(c, http.StatusBadRequest, "staff_dashboard.html", v)
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff?moved="+camp.Code)
}
