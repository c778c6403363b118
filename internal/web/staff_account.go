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

// has reports whether there is a problem.
func (e passwordErrors) has() bool { return e != passwordErrors{} }

// passwordForm is what the password form posts.
type passwordForm struct{ Current, New, Repeat string }

// readPasswordForm reads the posted password form (bindForm).
func readPasswordForm(r formReader) passwordForm {
	return passwordForm{Current: r.Raw("current"), New: r.Raw("new"), Repeat: r.Raw("repeat")}
}

// checkPasswordForm finds what is wrong with the new password before the
// current one is checked (setPassword).
func checkPasswordForm(pg page, f passwordForm) passwordErrors {
	var e passwordErrors
	switch {
	case utf8.RuneCountInString(f.New) < auth.MinPasswordLength:
		e.New = shortPassword(pg)
	case f.New != f.Repeat:
		e.Repeat = pg.T("staff.password.err_repeat")
	}
	return e
}

// shortPassword words a password that is too short.
func shortPassword(pg page) string {
	return strings.ReplaceAll(pg.T("staff.password.err_short"), "{n}", fmt.Sprint(auth.MinPasswordLength))
}

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
	f, errs, ok := bindForm(c, readPasswordForm, func(f passwordForm) passwordErrors { return checkPasswordForm(v.page, f) })
	v.Errors = errs
	if ok {
		err := s.setPassword(c, f.Current, f.New)
		var inv *collect.InvalidError
		switch {
		case errors.As(err, &inv) && inv.Problems[0].Field == "current":
			v.Errors.Current = v.T("staff.password.err_current")
		case errors.As(err, &inv):
			v.Errors.New = shortPassword(v.page)
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
