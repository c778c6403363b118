package web

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/account"
	"github.com/vfv/vfv/internal/auth"
	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/store"
)

// meJSON is GET /api/v1/me.
type meJSON struct {
	Email string            `json:"email"`
	Name  string            `json:"name"`
	Admin bool              `json:"admin"`
	Roles map[string]string `json:"roles"`
}

func (s *Server) getMe(c echo.Context) error {
	u, _ := c.Get("user").(store.User)
	return c.JSON(http.StatusOK, meJSON{Email: u.Email, Name: u.Name, Admin: u.Admin, Roles: u.Roles})
}

// passwordJSON is the body of POST /api/v1/me/password.
type passwordJSON struct {
	Current string `json:"current"`
	New     string `json:"new"`
}

// changePassword is POST /api/v1/me/password. Every session of the user
// ends and every token is revoked; a browser caller gets a fresh session.
func (s *Server) changePassword(c echo.Context) error {
	var body passwordJSON
	if err := decodeStrict(c.Request().Body, &body); err != nil {
		return err
	}
	if err := s.setPassword(c, body.Current, body.New); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// setPassword checks the current password and stores a new hash (shared
// by the API and the UI).
func (s *Server) setPassword(c echo.Context, current, next string) error {
	ctx := c.Request().Context()
	p, _ := principal(c)
	if _, err := s.checkLogin(ctx, c.RealIP(), p.Email, current); err != nil {
		if errors.Is(err, errUnauthorized) {
			return invalid("current", "the current password is wrong")
		}
		return err
	}
	hash, err := auth.HashPassword(next)
	if errors.Is(err, auth.ErrWeakPassword) {
		return invalid("new", err.Error())
	}
	if err != nil {
		return err
	}
	u, err := s.store.User(ctx, p.Email)
	if err != nil {
		return err
	}
	u.PasswordHash = hash
	if err := s.store.UpdateUser(ctx, u); err != nil {
		return err
	}
	// Whoever knew the old password may have logged in or made tokens.
	if err := s.store.DeleteSessionsOf(ctx, u.Email); err != nil {
		return err
	}
	if err := s.store.RevokeTokensOf(ctx, u.Email); err != nil {
		return err
	}
	if _, ok := sessionOf(c); ok {
		if err := s.startSession(c, u.Email); err != nil {
			return err
		}
	}
	return s.audit(c, "user.password", u.Email, "", "")
}

// projectJSON is a project in the staff API.
type projectJSON struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Surveys []string `json:"surveys"`
	Role    string   `json:"role,omitempty"`
}

// listProjects is GET /api/v1/projects: the caller's projects (all for an
// installation admin).
func (s *Server) listProjects(c echo.Context) error {
	p, _ := principal(c)
	all, err := s.store.Projects(c.Request().Context())
	if err != nil {
		return err
	}
	out := []projectJSON{}
	for _, pr := range all {
		if p.Member(pr.ID) {
			out = append(out, projectJSON{ID: pr.ID, Name: pr.Name, Surveys: pr.Surveys, Role: string(p.Roles[pr.ID])})
		}
	}
	return c.JSON(http.StatusOK, out)
}

var projectIDRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,62}$`)

// createProject is POST /api/v1/projects (installation admins).
func (s *Server) createProject(c echo.Context) error {
	var body projectJSON
	if err := decodeStrict(c.Request().Body, &body); err != nil {
		return err
	}
	pr, err := s.newProject(c, body)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, projectJSON{ID: pr.ID, Name: pr.Name, Surveys: pr.Surveys})
}

func (s *Server) newProject(c echo.Context, body projectJSON) (store.Project, error) {
	inv := &collect.InvalidError{}
	add := func(field, msg string) {
		inv.Problems = append(inv.Problems, response.Problem{Field: field, Message: msg})
	}
	if !projectIDRe.MatchString(body.ID) {
		add("id", "id must be 2–63 lower-case letters, digits and dashes, e.g. tillitsbyran-grums")
	}
	if strings.TrimSpace(body.Name) == "" {
		add("name", "name is empty; give the project a name, e.g. \"Tillitsbyrån Grums\"")
	}
	for i, id := range body.Surveys {
		if _, ok := s.collect.Survey(id); !ok {
			add(fmt.Sprintf("surveys[%d]", i), fmt.Sprintf("survey %q does not exist", id))
		}
	}
	if len(inv.Problems) > 0 {
		return store.Project{}, inv
	}
	pr := store.Project{ID: body.ID, Name: strings.TrimSpace(body.Name), Surveys: body.Surveys, Created: s.now().In(swedish).Format(time.DateOnly)}
	if pr.Surveys == nil {
		pr.Surveys = []string{}
	}
	if err := s.store.CreateProject(c.Request().Context(), pr); err != nil {
		if errors.Is(err, store.ErrExists) {
			return pr, invalid("id", fmt.Sprintf("project %q already exists", pr.ID))
		}
		return pr, err
	}
	return pr, s.audit(c, "project.create", pr.ID, pr.ID, pr.Name)
}

// memberJSON is a user's role in a project.
type memberJSON struct {
	Email    string `json:"email"`
	Name     string `json:"name,omitempty"`
	Role     string `json:"role"`
	Password string `json:"password,omitempty"` // only to create a new account
}

// projectMembers is GET /api/v1/projects/{id}/members (project admins).
func (s *Server) projectMembers(c echo.Context) error {
	pr, err := s.staffProject(c, auth.ManageProject)
	if err != nil {
		return err
	}
	users, err := s.store.Users(c.Request().Context())
	if err != nil {
		return err
	}
	out := []memberJSON{}
	for _, u := range users {
		if r, ok := u.Roles[pr.ID]; ok {
			out = append(out, memberJSON{Email: u.Email, Name: u.Name, Role: r})
		}
	}
	return c.JSON(http.StatusOK, out)
}

// setMember is PUT /api/v1/projects/{id}/members: give a user a role in
// the project, or change it; role "" removes a member. See putMember.
func (s *Server) setMember(c echo.Context) error {
	pr, err := s.staffProject(c, auth.ManageProject)
	if err != nil {
		return err
	}
	var body memberJSON
	if err := decodeStrict(c.Request().Body, &body); err != nil {
		return err
	}
	if err := s.putMember(c, pr, body); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

var emailRe = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

// putMember changes the project's members (shared by the API and the
// page). A project admin knows the project's members, but must not learn
// whether an e-mail has an account elsewhere in the installation: adding
// someone who is not a member needs a password either way (checked and
// hashed either way, so the answer and its time are the same), which makes
// a new account and is ignored for an existing one (it keeps its own
// password, name and roles elsewhere); removing someone who is not a
// member is the same error whether or not an account exists; and the
// project's audit log records an addition the same way.
func (s *Server) putMember(c echo.Context, pr store.Project, body memberJSON) error {
	ctx := c.Request().Context()
	email := strings.ToLower(strings.TrimSpace(body.Email))
	if !emailRe.MatchString(email) {
		return invalid("email", "email must be an e-mail address")
	}
	if body.Role != "" && !auth.Role(body.Role).Valid() {
		return invalid("role", fmt.Sprintf("role must be one of %v, or empty to remove", auth.Roles))
	}
	u, err := s.store.User(ctx, email)
	exists := err == nil
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	_, member := u.Roles[pr.ID]
	switch {
	case body.Role == "" && !member:
		return invalid("email", "no member of the project has this e-mail address")
	case body.Role == "":
		delete(u.Roles, pr.ID)
	case member:
		u.Roles[pr.ID] = body.Role
	default:
		hash, err := auth.HashPassword(body.Password)
		if err != nil {
			return invalid("password", "adding a member needs a password for the account, in case it is new (an existing account keeps its own): "+err.Error())
		}
		if !exists {
			return s.createMember(c, pr, body, email, hash)
		}
		u.Roles[pr.ID] = body.Role
	}
	if err := s.store.UpdateUser(ctx, u); err != nil {
		return err
	}
	return s.audit(c, "user.role", email, pr.ID, body.Role)
}

// createMember makes a new account with a role in pr. The project's audit
// log gets the same entry as when an existing account is added; the
// creation itself is in the installation's log only.
func (s *Server) createMember(c echo.Context, pr store.Project, body memberJSON, email, hash string) error {
	u := store.User{Email: email, Name: strings.TrimSpace(body.Name), PasswordHash: hash, Roles: map[string]string{pr.ID: body.Role},
		Created: s.now().In(swedish).Format(time.DateOnly)}
	if err := s.store.CreateUser(c.Request().Context(), u); err != nil {
		return err
	}
	if err := s.audit(c, "user.create", email, "", ""); err != nil {
		return err
	}
	return s.audit(c, "user.role", email, pr.ID, body.Role)
}

// staffProject loads the project of the route for a staff request: 404
// for a project the caller is not in, 403 without perm.
func (s *Server) staffProject(c echo.Context, perm auth.Perm) (store.Project, error) {
	p, _ := principal(c)
	id := c.Param("id")
	if !p.Member(id) {
		return store.Project{}, fmt.Errorf("project %s: %w", id, store.ErrNotFound)
	}
	if !p.Can(id, perm) {
		return store.Project{}, errForbidden
	}
	return s.store.Project(c.Request().Context(), id)
}

// tokenJSON is an API token; Token (the secret) appears only once, when
// it is created.
type tokenJSON struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Created string `json:"created"`
	// Expires is the day it stops working (Swedish time).
	Expires string `json:"expires"`
	Revoked bool   `json:"revoked"`
	Token   string `json:"token,omitempty"`
}

// tokenView is a token as listed (never its secret).
func (s *Server) tokenView(t store.Token) tokenJSON {
	return tokenJSON{ID: t.ID[:16], Name: t.Name, Created: t.Created, Expires: s.tokenExpiry(t).In(swedish).Format(time.DateOnly), Revoked: t.Revoked}
}

// newToken makes a token for the caller, good for tokenDays, and audits
// it (shared by the API and the tokens page, both session only).
func (s *Server) newToken(c echo.Context, name string) (string, tokenJSON, error) {
	p, _ := principal(c)
	secret, tok, err := account.NewToken(c.Request().Context(), s.store, p.Email, name, s.now().In(swedish), s.tokenDays)
	if err != nil {
		return "", tokenJSON{}, err
	}
	return secret, s.tokenView(tok), s.audit(c, "token.create", tok.ID[:16], "", tok.Name)
}

func (s *Server) listTokens(c echo.Context) error {
	p, _ := principal(c)
	ts, err := s.store.TokensOf(c.Request().Context(), p.Email)
	if err != nil {
		return err
	}
	out := []tokenJSON{}
	for _, t := range ts {
		out = append(out, s.tokenView(t))
	}
	slices.SortFunc(out, func(a, b tokenJSON) int { return strings.Compare(b.Created+a.ID, a.Created+b.ID) })
	return c.JSON(http.StatusOK, out)
}

// createToken is POST /api/v1/tokens {"name": "..."}: a token acting with
// the caller's roles as they are at each request, until it expires. The
// secret is shown once. Only a session may call it (needSession).
func (s *Server) createToken(c echo.Context) error {
	var body tokenJSON
	if err := decodeStrict(c.Request().Body, &body); err != nil {
		return err
	}
	secret, tok, err := s.newToken(c, body.Name)
	if err != nil {
		return err
	}
	tok.Token = secret
	return c.JSON(http.StatusCreated, tok)
}

// revokeToken is DELETE /api/v1/tokens/{id} (the 16-character id prefix).
func (s *Server) revokeToken(c echo.Context) error {
	p, _ := principal(c)
	ts, err := s.store.TokensOf(c.Request().Context(), p.Email)
	if err != nil {
		return err
	}
	for _, t := range ts {
		if len(c.Param("id")) == 16 && strings.HasPrefix(t.ID, c.Param("id")) {
			if err := s.store.RevokeToken(c.Request().Context(), t.ID, p.Email); err != nil {
				return err
			}
			if err := s.audit(c, "token.revoke", t.ID[:16], "", t.Name); err != nil {
				return err
			}
			return c.NoContent(http.StatusNoContent)
		}
	}
	return fmt.Errorf("token: %w", store.ErrNotFound)
}

// auditJSON is one audit log entry.
type auditJSON struct {
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"`
	Action  string    `json:"action"`
	Target  string    `json:"target"`
	Project string    `json:"project,omitempty"`
	Detail  string    `json:"detail,omitempty"`
}

// auditLog is GET /api/v1/audit?project=ID: a project's log for its
// admins, the whole log for installation admins.
func (s *Server) auditLog(c echo.Context) error {
	p, _ := principal(c)
	project := c.QueryParam("project")
	if project == "" && !p.Admin {
		return invalid("project", "project is required")
	}
	if project != "" && !p.Member(project) {
		return fmt.Errorf("project %s: %w", project, store.ErrNotFound)
	}
	if project != "" && !p.Can(project, auth.ManageProject) {
		return errForbidden
	}
	entries, err := s.store.AuditLog(c.Request().Context(), project, 500)
	if err != nil {
		return err
	}
	out := make([]auditJSON, len(entries))
	for i, e := range entries {
		out[i] = auditJSON(e)
	}
	return c.JSON(http.StatusOK, out)
}
