package web

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/auth"
	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/store"
)

// membersView is a project's members, for the project's admins.
type membersView struct {
	staffView
	Project   store.Project
	Action    string
	Members   []memberRow
	Roles     []choice
	Form      memberJSON
	Errors    memberErrors
	HasErrors bool
}

// memberRow is one member with the roles to change to.
type memberRow struct {
	Email, Name, Role string
	Roles             []choice
}

type memberErrors struct{ Email, Role, Password, Other string }

// membersPage is GET /staff/projects/{id}/members.
func (s *Server) membersPage(c echo.Context) error {
	pr, err := s.staffProject(c, auth.ManageProject)
	if err != nil {
		return err
	}
	v, err := s.membersView(c, pr, memberJSON{Role: string(auth.RoleAgent)})
	if err != nil {
		return err
	}
	if c.QueryParam("saved") != "" {
		v.Notice = v.T("staff.members.saved")
	}
	return s.render(c, http.StatusOK, "staff_members.html", v)
}

func (s *Server) membersView(c echo.Context, pr store.Project, form memberJSON) (membersView, error) {
	v := membersView{staffView: s.staffView(c, "staff.members.title"), Project: pr, Form: form,
		Action: "/staff/projects/" + pr.ID + "/members"}
	v.Title = v.T("staff.members.title") + ": " + pr.Name + " – " + v.T("app.name")
	roles := func(selected string) []choice {
		var out []choice
		for _, r := range auth.Roles {
			out = append(out, choice{Value: string(r), Label: v.T("staff.role." + string(r)), Selected: string(r) == selected})
		}
		return out
	}
	v.Roles = roles(form.Role)
	users, err := s.store.Users(c.Request().Context())
	if err != nil {
		return v, err
	}
	for _, u := range users {
		if r, ok := u.Roles[pr.ID]; ok {
			v.Members = append(v.Members, memberRow{Email: u.Email, Name: u.Name, Role: v.T("staff.role." + r), Roles: roles(r)})
		}
	}
	return v, nil
}

// setMemberPage is POST /staff/projects/{id}/members: add a member (with
// a password, used only if the account is new), change a role, or remove
// (role ""). See putMember for what it does not reveal.
func (s *Server) setMemberPage(c echo.Context) error {
	pr, err := s.staffProject(c, auth.ManageProject)
	if err != nil {
		return err
	}
	r := formReader{c}
	body := memberJSON{Email: r.Text("email"), Name: r.Text("name"), Role: r.Raw("role"), Password: r.Raw("password")}
	err = s.putMember(c, pr, body)
	var inv *collect.InvalidError
	if !errors.As(err, &inv) {
		if err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/staff/projects/"+pr.ID+"/members?saved=1")
	}
	body.Password = ""
	v, err := s.membersView(c, pr, body)
	if err != nil {
		return err
	}
	v.HasErrors = true
	switch p := inv.Problems[0]; {
	case p.Field == "email" && body.Role == "":
		v.Errors.Email = v.T("staff.members.err_not_member")
	case p.Field == "email":
		v.Errors.Email = v.T("staff.members.err_email")
	case p.Field == "role":
		v.Errors.Role = v.T("staff.members.err_role")
	case p.Field == "password":
		v.Errors.Password = v.T("staff.members.err_password")
	default:
		v.Errors.Other = p.Message
	}
	return s.render(c, http.StatusBadRequest, "staff_members.html", v)
}
