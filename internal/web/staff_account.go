package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/auth"
	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/store"
)

// passwordView is the form to change one's password.
type passwordView struct {
	staffView
	Errors    passwordErrors
	HasErrors bool
	MinLength int
}

type passwordErrors struct{ Current, New, Repeat string }

// passwordPage is GET /staff/password.
func (s *Server) passwordPage(c echo.Context) error {
	v := passwordView{staffView: s.staffView(c, "staff.password.title"), MinLength: auth.MinPasswordLength}
	if c.QueryParam("done") != "" {
		v.Notice = v.T("staff.password.done")
	}
	return s.render(c, http.StatusOK, "staff_password.html", v)
}

// changePasswordPage is POST /staff/password: current, new and repeat.
// Every other session of the user ends (see setPassword).
func (s *Server) changePasswordPage(c echo.Context) error {
	v := passwordView{staffView: s.staffView(c, "staff.password.title"), MinLength: auth.MinPasswordLength}
	current, next := c.FormValue("current"), c.FormValue("new")
	short := strings.ReplaceAll(v.T("staff.password.err_short"), "{n}", fmt.Sprint(auth.MinPasswordLength))
	switch {
	case utf8.RuneCountInString(next) < auth.MinPasswordLength:
		v.Errors.New = short
	case next != c.FormValue("repeat"):
		v.Errors.Repeat = v.T("staff.password.err_repeat")
	}
	if v.Errors == (passwordErrors{}) {
		err := s.setPassword(c, current, next)
		var inv *collect.InvalidError
		switch {
		case errors.As(err, &inv) && inv.Problems[0].Field == "current":
			v.Errors.Current = v.T("staff.password.err_current")
		case errors.As(err, &inv):
			v.Errors.New = short
		case err != nil:
			return err
		default:
			return c.Redirect(http.StatusSeeOther, "/staff/password?done=1")
		}
	}
	v.HasErrors = true
	return s.render(c, http.StatusBadRequest, "staff_password.html", v)
}

// tokensView lists the user's API tokens; NewSecret is shown once, right
// after a token is made.
type tokensView struct {
	staffView
	Tokens             []tokenJSON
	NewSecret, NewName string
}

// tokensPage is GET /staff/tokens.
func (s *Server) tokensPage(c echo.Context) error {
	v, err := s.tokensView(c)
	if err != nil {
		return err
	}
	if c.QueryParam("revoked") != "" {
		v.Notice = v.T("staff.tokens.revoked")
	}
	return s.render(c, http.StatusOK, "staff_tokens.html", v)
}

func (s *Server) tokensView(c echo.Context) (tokensView, error) {
	p, _ := principal(c)
	v := tokensView{staffView: s.staffView(c, "staff.tokens.title")}
	ts, err := s.store.TokensOf(c.Request().Context(), p.Email)
	if err != nil {
		return v, err
	}
	for _, t := range ts {
		v.Tokens = append(v.Tokens, s.tokenView(t))
	}
	slices.SortFunc(v.Tokens, func(a, b tokenJSON) int { return strings.Compare(b.Created+a.ID, a.Created+b.ID) })
	return v, nil
}

// createTokenPage is POST /staff/tokens: a new token, its secret shown on
// the page this once and never stored. Only a session may call it.
func (s *Server) createTokenPage(c echo.Context) error {
	secret, tok, err := s.newToken(c, c.FormValue("name"))
	if err != nil {
		return err
	}
	v, err := s.tokensView(c)
	if err != nil {
		return err
	}
	v.NewSecret, v.NewName = secret, tok.Name
	return s.render(c, http.StatusOK, "staff_tokens.html", v)
}

// revokeTokenPage is POST /staff/tokens/{id}/revoke (the 16-character id
// prefix of one of the user's own tokens).
func (s *Server) revokeTokenPage(c echo.Context) error {
	p, _ := principal(c)
	ts, err := s.store.TokensOf(c.Request().Context(), p.Email)
	if err != nil {
		return err
	}
	id := c.Param("id")
	i := slices.IndexFunc(ts, func(t store.Token) bool { return len(id) == 16 && strings.HasPrefix(t.ID, id) })
	if i < 0 {
		return fmt.Errorf("token: %w", store.ErrNotFound)
	}
	if err := s.store.RevokeToken(c.Request().Context(), ts[i].ID, p.Email); err != nil {
		return err
	}
	if err := s.audit(c, "token.revoke", id, "", ts[i].Name); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/tokens?revoked=1")
}
