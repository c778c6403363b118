package web

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/auth"
	"github.com/vfv/vfv/internal/campaign"
	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/store"
)

// staffView is what every staff page shares: the page, the signed-in
// user, the session's CSRF token (every form carries it as the hidden
// field "csrf"; staff.js reads it from <meta name="csrf-token">) and the
// navigation, which shows only what the user may do.
type staffView struct {
	page
	Email string
	CSRF  string
	Nav   []navLink
	// Notice is a short confirmation shown at the top ("Sparat.").
	Notice string
}

// navLink is one entry of the staff navigation.
type navLink struct {
	Href, Label string
	Current     bool
}

// staffView builds the shared part of a staff page titled by titleKey.
func (s *Server) staffView(c echo.Context, titleKey string) staffView {
	p, _ := principal(c)
	se, _ := sessionOf(c)
	v := staffView{page: s.page(c, s.lang(c)), Email: p.Email, CSRF: se.CSRF}
	v.Title = v.T(titleKey) + " – " + v.T("app.name")
	links := []struct {
		href, key string
		show      bool
	}{
		{"/staff", "staff.nav.home", true},
		{"/staff/campaigns/new", "staff.nav.new_campaign", canSomewhere(p, auth.ManageCampaigns)},
		{"/staff/audit", "staff.nav.audit", canSomewhere(p, auth.ManageProject)},
		{"/staff/tokens", "staff.nav.tokens", true},
		{"/staff/password", "staff.nav.password", true},
	}
	for _, l := range links {
		if l.show {
			v.Nav = append(v.Nav, navLink{Href: l.href, Label: v.T(l.key), Current: c.Request().URL.Path == l.href})
		}
	}
	return v
}

// canSomewhere reports whether the principal has perm in some project.
func canSomewhere(p auth.Principal, perm auth.Perm) bool {
	if p.Admin {
		return true
	}
	for id := range p.Roles {
		if p.Can(id, perm) {
			return true
		}
	}
	return false
}

// projectsWith returns the projects in which the principal has perm.
func projectsWith(p auth.Principal, perm auth.Perm, all []store.Project) []store.Project {
	var out []store.Project
	for _, pr := range all {
		if p.Can(pr.ID, perm) {
			out = append(out, pr)
		}
	}
	return out
}

// dashboardView is GET /staff.
type dashboardView struct {
	staffView
	Projects  []dashProject
	CanCreate bool
	// MoveError says why a campaign could not be moved into a project.
	MoveError string
}

// dashProject is one of the user's projects with its campaigns.
type dashProject struct {
	ID, Name, Role string
	// Manage: the user may manage the project's members and read its log.
	Manage bool
	// Results: the user may read the project's results (and so its
	// "Ni sa – vi gör" page).
	Results bool
	// Orphans: the campaigns made without a project, which installation
	// admins see and may move into one.
	Orphans   bool
	Campaigns []campaignRow
}

// campaignRow is one campaign in a list.
type campaignRow struct {
	Code, Name, Site, Status, StatusKey string
	Total                               int64
	// MoveTo lists the projects a campaign without one may move into.
	MoveTo []choice
}

// dashboard is GET /staff: the user's projects and their campaigns.
func (s *Server) dashboard(c echo.Context) error {
	v, err := s.dashboardView(c)
	if err != nil {
		return err
	}
	if c.QueryParam("moved") != "" {
		v.Notice = v.T("staff.move.done")
	}
	return s.render(c, http.StatusOK, "staff_dashboard.html", v)
}

// dashboardView gathers the user's projects and their campaigns; for an
// installation admin also the campaigns made without a project, each with
// the projects it may move into.
func (s *Server) dashboardView(c echo.Context) (dashboardView, error) {
	ctx := c.Request().Context()
	p, _ := principal(c)
	v := dashboardView{staffView: s.staffView(c, "staff.dashboard.title"), CanCreate: canSomewhere(p, auth.ManageCampaigns)}
	all, err := s.store.Projects(ctx)
	if err != nil {
		return v, err
	}
	projects := slices.Clone(all)
	camps, err := s.store.Campaigns(ctx)
	if err != nil {
		return v, err
	}
	byProject := map[string][]store.Campaign{}
	for _, camp := range camps {
		byProject[camp.ProjectID] = append(byProject[camp.ProjectID], camp)
	}
	if p.Admin && len(byProject[""]) > 0 { // campaigns made before projects existed
		projects = append(projects, store.Project{ID: "", Name: v.T("staff.dashboard.no_project")})
	}
	for _, pr := range projects {
		if !p.Member(pr.ID) && pr.ID != "" {
			continue
		}
		dp := dashProject{ID: pr.ID, Name: pr.Name, Manage: pr.ID != "" && p.Can(pr.ID, auth.ManageProject), Orphans: pr.ID == "", Results: pr.ID != "" && p.Can(pr.ID, auth.ViewResults)}
		if r, ok := p.Roles[pr.ID]; ok {
			dp.Role = v.T("staff.role." + string(r))
		} else if p.Admin {
			dp.Role = v.T("staff.role.installation_admin")
		}
		for _, camp := range byProject[pr.ID] {
			row, err := s.campaignRow(ctx, v.page, camp)
			if err != nil {
				return v, err
			}
			if dp.Orphans {
				for _, to := range all {
					if allows(to, camp.SurveyID) {
						row.MoveTo = append(row.MoveTo, choice{Value: to.ID, Label: to.Name})
					}
				}
			}
			dp.Campaigns = append(dp.Campaigns, row)
		}
		v.Projects = append(v.Projects, dp)
	}
	return v, nil
}

func (s *Server) campaignRow(ctx context.Context, pg page, camp store.Campaign) (campaignRow, error) {
	total, err := s.totalCount(ctx, camp.Code)
	if err != nil {
		return campaignRow{}, err
	}
	key := string(campaign.StatusOn(camp, s.collect.Today()))
	return campaignRow{Code: camp.Code, Name: camp.Name, Site: camp.Site, StatusKey: key,
		Status: strings.NewReplacer("{opens}", camp.Opens, "{closes}", camp.Closes).Replace(pg.T("staff.status." + key)), Total: total}, nil
}

// totalCount is the number of responses a campaign has taken.
func (s *Server) totalCount(ctx context.Context, code string) (int64, error) {
	all, err := s.store.Counters(ctx, collect.CounterID(code, response.GroupAll))
	if err != nil {
		return 0, err
	}
	return all[response.FieldRespondents], nil
}
