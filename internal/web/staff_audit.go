package web

import (
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/auth"
	"github.com/vfv/vfv/internal/store"
)

// auditLimit is the number of newest entries the log page shows.
const auditLimit = 500

// auditView is the audit log: a project's for its admins, every
// project's for installation admins.
type auditView struct {
	staffView
	Project  string
	Projects []choice
	// All is true when the user may see the whole log.
	All     bool
	Entries []auditRow
}

type auditRow struct {
	At, Actor, Action, Target, Project, Detail string
}

// auditPage is GET /staff/audit?project=ID.
func (s *Server) auditPage(c echo.Context) error {
	ctx := c.Request().Context()
	p, _ := principal(c)
	all, err := s.store.Projects(ctx)
	if err != nil {
		return err
	}
	mine := projectsWith(p, auth.ManageProject, all)
	project := c.QueryParam("project")
	switch {
	case project == "" && !p.Admin && len(mine) == 0:
		return errForbidden
	case project == "" && !p.Admin:
		project = mine[0].ID
	case project != "" && !p.Member(project):
		return fmt.Errorf("project %s: %w", project, store.ErrNotFound)
	case project != "" && !p.Can(project, auth.ManageProject):
		return errForbidden
	}
	v := auditView{staffView: s.staffView(c, "staff.audit.title"), Project: project, All: p.Admin}
	for _, pr := range mine {
		v.Projects = append(v.Projects, choice{Value: pr.ID, Label: pr.Name, Selected: pr.ID == project})
	}
	entries, err := s.store.AuditLog(ctx, project, auditLimit)
	if err != nil {
		return err
	}
	for _, e := range entries {
		v.Entries = append(v.Entries, auditRow{At: e.At.In(swedish).Format(time.DateTime), Actor: e.Actor,
			Action: e.Action, Target: e.Target, Project: e.Project, Detail: e.Detail})
	}
	return s.render(c, http.StatusOK, "staff_audit.html", v)
}

// audit records a staff action by the request's principal.
func (s *Server) audit(c echo.Context, action, target, project, detail string) error {
	p, _ := principal(c)
	return s.store.Audit(c.Request().Context(), store.AuditEntry{At: s.now(), Actor: p.Email, Action: action, Target: target, Project: project, Detail: detail})
}
