package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/store"
)

// loginPage is the view of the login form.
type loginPage struct {
	page
	Next  string
	Email string
	Error string
}

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/staff"
	}
	return next
}

func (s *Server) showLogin(c echo.Context) error {
	lang := s.lang(c)
	v := loginPage{page: s.page(c, lang), Next: safeNext(c.QueryParam("next"))}
	v.Title = v.T("login.title")
	return s.render(c, http.StatusOK, "login.html", v)
}

// login is POST /login: a form with email, password and next.
func (s *Server) login(c echo.Context) error {
	email, password := strings.TrimSpace(c.FormValue("email")), c.FormValue("password")
	var u store.User
	err := errThrottled
	if s.logins.allow(c.RealIP(), "login") {
		u, err = s.checkLogin(c.Request().Context(), email, password)
	}
	if err == nil {
		if old, ok := c.Cookie(sessionCookie); ok == nil && old.Value != "" {
			s.clearSessionCookie(c)
		}
		if err := s.startSession(c, u.Email); err != nil {
			return err
		}
		if err := s.auditAs(c, u.Email, "user.login"); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, safeNext(c.FormValue("next")))
	}
	lang := s.lang(c)
	v := loginPage{page: s.page(c, lang), Next: safeNext(c.FormValue("next")), Email: email}
	v.Title = v.T("login.title")
	status := http.StatusUnauthorized
	switch {
	case errors.Is(err, errThrottled):
		status, v.Error = http.StatusTooManyRequests, v.T("login.throttled")
	case errors.Is(err, errUnauthorized):
		v.Error = v.T("login.wrong")
	default:
		return err
	}
	return s.render(c, status, "login.html", v)
}

// logout is POST /logout.
func (s *Server) logout(c echo.Context) error {
	if se, ok := sessionOf(c); ok {
		if err := s.store.DeleteSession(c.Request().Context(), se.ID); err != nil {
			return err
		}
	}
	s.clearSessionCookie(c)
	return c.Redirect(http.StatusSeeOther, "/login")
}

func (s *Server) auditAs(c echo.Context, email, action string) error {
	c.Set("auditActor", email)
	p, _ := principal(c)
	if p.Email == "" {
		p.Email = email
		c.Set("principal", p)
		defer c.Set("principal", nil)
	}
	return s.audit(c, action, email, "", "")
}
