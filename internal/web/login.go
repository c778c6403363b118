package web

import (
	"errors"
	"net/http"
	"net/url"
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

// staffHome is where a login goes when next is missing or unsafe.
const staffHome = "/staff"

// safeNext keeps a post-login redirect on this site: next must be a path
// that starts with a single "/", with neither scheme nor host, no
// backslash and no control character, both as sent and after
// percent-decoding (browsers drop tabs and newlines from URLs and some
// treat "\" as "/", so "/\t/evil.example" would leave the site); as sent
// it has no space either. Anything else gives staffHome.
func safeNext(next string) string {
	dec, err := url.PathUnescape(next)
	if err != nil || strings.Contains(next, " ") {
		return staffHome
	}
	for _, p := range []string{next, dec} {
		if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsFunc(p, unsafeInURL) {
			return staffHome
		}
		u, err := url.Parse(p)
		if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
			return staffHome
		}
	}
	return next
}

// unsafeInURL reports the runes refused in a redirect target: backslash
// and control characters (C0, DEL, C1).
func unsafeInURL(r rune) bool {
	return r == '\\' || r < ' ' || (r >= 0x7f && r <= 0x9f)
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
	if s.logins.Allow(c.RealIP(), "login") {
		u, err = s.checkLogin(c.Request().Context(), c.RealIP(), email, password)
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
		setRetryAfter(c, err)
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
