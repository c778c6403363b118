package web

import (
	"strings"

	"github.com/labstack/echo/v4"
)

// formReader reads the fields of a posted staff form the one way every
// form does: text trimmed, a checkbox ticked when it is sent at all, other
// fields (passwords, choices) exactly as sent.
type formReader struct{ c echo.Context }

// Text is a text field without surrounding spaces.
func (r formReader) Text(name string) string { return strings.TrimSpace(r.c.FormValue(name)) }

// Raw is a field exactly as sent: a password's spaces are its own.
func (r formReader) Raw(name string) string { return r.c.FormValue(name) }

// Checked is whether a checkbox was ticked.
func (r formReader) Checked(name string) bool { return r.c.FormValue(name) != "" }

// formProblems is what a staff form's check returns: its problems worded
// for the page, beside their fields.
type formProblems interface{ has() bool }

// bindForm parses the posted staff form into its typed struct by read and
// validates it by check, the form's one check; ok is false when check
// found problems, which the handler shows on the form again.
func bindForm[F any, E formProblems](c echo.Context, read func(formReader) F, check func(F) E) (f F, errs E, ok bool) {
	f = read(formReader{c})
	errs = check(f)
	return f, errs, !errs.has()
}
