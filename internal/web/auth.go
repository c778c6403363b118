package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/auth"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/web/respond"
)

// Staff session settings.
const (
	sessionCookie = "vfv_session"
	// sessionIdle ends a session after this long without a request.
	sessionIdle = 2 * time.Hour
	// sessionMax ends a session this long after login, whatever happens.
	sessionMax = 12 * time.Hour
	// touchEvery limits how often activity is written to the store.
	touchEvery = time.Minute
	// defaultTokenDays is how long an API token works unless configured
	// (VFV_TOKEN_DAYS).
	defaultTokenDays = 90
	// loginFailureBurst wrong passwords for one account from one client
	// are tried at once; then one every loginFailureEvery.
	loginFailureBurst = 10
	loginFailureEvery = 5 * time.Minute
)

// Errors mapped to statuses in errors.go.
var (
	errUnauthorized = errors.New("not logged in")
	errForbidden    = errors.New("not allowed")
	errThrottled    = respond.ErrThrottled
	errCSRF         = errors.New("missing or wrong CSRF token")
	// errSessionRequired: only a logged-in person may do this, not a token.
	errSessionRequired = errors.New("needs a logged-in session, not a token")
	errTokenExpired    = errors.New("the API token has expired")
)

// principal returns the authenticated staff member of a request.
func principal(c echo.Context) (auth.Principal, bool) {
	p, ok := c.Get("principal").(auth.Principal)
	return p, ok
}

// sessionOf returns the request's session, if it came with one.
func sessionOf(c echo.Context) (store.Session, bool) {
	se, ok := c.Get("session").(store.Session)
	return se, ok
}

// identify is middleware for staff routes: it authenticates a Bearer token
// or a session cookie, if present, and loads the principal. It never
// refuses; the wrappers below do.
func (s *Server) identify(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		if h := c.Request().Header.Get("Authorization"); h != "" {
			secret, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				return errUnauthorized
			}
			tok, err := s.store.Token(ctx, auth.SecretID(strings.TrimSpace(secret)))
			if errors.Is(err, store.ErrNotFound) || (err == nil && tok.Revoked) {
				return errUnauthorized
			}
			if err != nil {
				return err
			}
			if !s.now().Before(s.tokenExpiry(tok)) {
				return errTokenExpired
			}
			if err := s.loadPrincipal(c, tok.Email); err != nil {
				return err
			}
			c.Set("token", true)
			return next(c)
		}
		ck, err := c.Cookie(sessionCookie)
		if err != nil || ck.Value == "" {
			return next(c)
		}
		se, err := s.store.Session(ctx, auth.SecretID(ck.Value))
		if errors.Is(err, store.ErrNotFound) {
			s.clearSessionCookie(c)
			return next(c)
		}
		if err != nil {
			return err
		}
		now := s.now()
		if now.Sub(se.LastSeen) > sessionIdle || now.Sub(se.Created) > sessionMax {
			_ = s.store.DeleteSession(ctx, se.ID)
			s.clearSessionCookie(c)
			return next(c)
		}
		if now.Sub(se.LastSeen) > touchEvery {
			if err := s.store.TouchSession(ctx, se.ID, now); err != nil {
				return err
			}
		}
		if err := s.loadPrincipal(c, se.Email); err != nil {
			if errors.Is(err, store.ErrNotFound) { // the account was removed
				return next(c)
			}
			return err
		}
		c.Set("session", se)
		return next(c)
	}
}

func (s *Server) loadPrincipal(c echo.Context, email string) error {
	u, err := s.store.User(c.Request().Context(), email)
	if err != nil {
		return err
	}
	p := auth.Principal{Email: u.Email, Admin: u.Admin, Roles: map[string]auth.Role{}}
	for proj, r := range u.Roles {
		p.Roles[proj] = auth.Role(r)
	}
	c.Set("principal", p)
	c.Set("user", u)
	return nil
}

// needLogin wraps a staff page: without a login, the login page.
func (s *Server) needLogin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if _, ok := principal(c); !ok {
			return c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(c.Request().URL.RequestURI()))
		}
		return next(c)
	}
}

// needAuth wraps a staff API route: without credentials, 401.
func (s *Server) needAuth(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if _, ok := principal(c); !ok {
			c.Response().Header().Set("WWW-Authenticate", `Bearer realm="vfv"`)
			return errUnauthorized
		}
		return next(c)
	}
}

// needSession wraps a route that only a logged-in person may call, never a
// token: making a token (a token that made tokens would outlive its own
// revocation).
func (s *Server) needSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if _, ok := sessionOf(c); !ok {
			return errSessionRequired
		}
		return next(c)
	}
}

// tokenExpiry is when tok stops working: its expiry, or for a token made
// before tokens had one, tokenDays after the day it was made (an
// unreadable date: already).
func (s *Server) tokenExpiry(tok store.Token) time.Time {
	if !tok.Expires.IsZero() {
		return tok.Expires
	}
	made, err := time.ParseInLocation(time.DateOnly, tok.Created, swedish)
	if err != nil {
		return time.Time{}
	}
	return made.AddDate(0, 0, s.tokenDays)
}

// needAdmin wraps a route for installation admins only.
func (s *Server) needAdmin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if p, _ := principal(c); !p.Admin {
			return errForbidden
		}
		return next(c)
	}
}

// csrf protects state-changing requests authenticated by the session
// cookie: they must carry the session's token in the form field "csrf" or
// the X-CSRF-Token header. Bearer-token requests carry no cookie and need
// none.
func (s *Server) csrf(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		switch c.Request().Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(c)
		}
		// The login form has no session yet (or an old one when someone
		// logs in again): instead of a token, it must come from this site.
		// "null" is an opaque origin (a sandboxed frame, a data: URL),
		// never this site's form.
		if c.Path() == "/login" {
			if o := c.Request().Header.Get("Origin"); o != "" && !sameOrigin(o, c.Request().Host) {
				return errCSRF
			}
			return next(c)
		}
		se, ok := sessionOf(c)
		if !ok {
			return next(c) // token or anonymous: the auth wrappers decide
		}
		got := c.Request().Header.Get("X-CSRF-Token")
		if got == "" {
			got = c.FormValue("csrf")
		}
		if got == "" || got != se.CSRF {
			return errCSRF
		}
		return next(c)
	}
}

// startSession logs email in: a fresh session id (never one the client
// brought, against session fixation) in a secure, HttpOnly, SameSite
// session cookie. It has no Max-Age, so the browser forgets it when it
// closes (a shared tablet); the server ends the session itself after
// sessionIdle or sessionMax.
func (s *Server) startSession(c echo.Context, email string) error {
	secret, err := auth.NewSecret()
	if err != nil {
		return err
	}
	csrfTok, err := auth.NewSecret()
	if err != nil {
		return err
	}
	now := s.now()
	if err := s.store.CreateSession(c.Request().Context(), store.Session{ID: auth.SecretID(secret), Email: email, CSRF: csrfTok, Created: now, LastSeen: now}); err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: secret, Path: "/", HttpOnly: true, Secure: s.isTLS(c),
		SameSite: http.SameSiteLaxMode})
	return nil
}

func (s *Server) clearSessionCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: s.isTLS(c), SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// throttledError is errThrottled with how long to wait (Retry-After).
type throttledError struct{ wait time.Duration }

func (e throttledError) Error() string { return fmt.Sprintf("too many attempts: wait %s", e.wait) }

func (e throttledError) Unwrap() error { return errThrottled }

// checkLogin verifies a password for a client (its address, only ever
// used through the limiter's HMAC). Wrong passwords are counted per
// account and client: after loginFailureBurst of them that client waits
// loginFailureEvery before each next try at that account (a
// throttledError), even with the right password, while the account's
// owner, elsewhere, is not held up. Nothing locks an account: a lock-out
// would let anyone who knows an e-mail address keep its owner out.
func (s *Server) checkLogin(ctx context.Context, client, email, password string) (store.User, error) {
	key := "login|" + strings.ToLower(strings.TrimSpace(email))
	if wait := s.failures.wait(client, key); wait > 0 {
		return store.User{}, throttledError{wait: wait}
	}
	u, err := s.store.User(ctx, email)
	ok := false
	switch {
	case err == nil:
		ok, err = auth.CheckPassword(u.PasswordHash, password)
		if err != nil {
			return store.User{}, err
		}
	case errors.Is(err, store.ErrNotFound):
		_, _ = auth.CheckPassword(dummyHash, password) // same time as a real check
	default:
		return store.User{}, err
	}
	if ok {
		s.failures.forget(client, key)
		return u, nil
	}
	s.failures.spend(client, key)
	return store.User{}, errUnauthorized
}

// dummyHash is checked when a login name does not exist, so the answer
// takes as long as for a real account.
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$8zpr0Jf6EzBmcB7Te1ACYVvC7Q2LBIMy0pXBomu7xDI"

// sameOrigin reports whether an Origin header names host (host names are
// case-insensitive; "null", an opaque origin, names none).
func sameOrigin(origin, host string) bool {
	u, err := url.Parse(origin)
	return err == nil && u.Host != "" && strings.EqualFold(u.Host, host)
}
