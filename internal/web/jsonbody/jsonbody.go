// Package jsonbody reads the JSON bodies of requests, the respondents'
// submissions and the staff API's alike: one object and nothing after it,
// every refusal an *collect.InvalidError naming the field and what is
// wrong, a body over the limit a 413.
package jsonbody

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/response"
)

// Decode reads one JSON value into v; a malformed body becomes an
// *collect.InvalidError naming where it went wrong. Unknown fields are
// ignored, so older servers accept newer tablets' submissions.
func Decode(r io.Reader, v any) error { return decode(r, v, false) }

// DecodeStrict is Decode refusing unknown fields: a staff client that
// misspells a field is told so instead of having it silently ignored.
func DecodeStrict(r io.Reader, v any) error { return decode(r, v, true) }

func decode(r io.Reader, v any, strict bool) error {
	dec := json.NewDecoder(r)
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return decodeError(err)
	}
	if dec.More() {
		return Invalid("", "the body must hold one JSON object and nothing after it")
	}
	if t := bytes.TrimSpace(raw); len(t) == 0 || t[0] != '{' {
		return Invalid("", fmt.Sprintf("the body must be a JSON object, not %s", jsonKindOf(t)))
	}
	obj := json.NewDecoder(bytes.NewReader(raw))
	if strict {
		obj.DisallowUnknownFields()
	}
	if err := obj.Decode(v); err != nil {
		return decodeError(err)
	}
	return nil
}

// jsonKindOf names the kind of a JSON value by its first byte.
func jsonKindOf(t []byte) string {
	switch {
	case len(t) == 0:
		return "nothing"
	case t[0] == '[':
		return "an array"
	case t[0] == '"':
		return "a string"
	case t[0] == 'n':
		return "null"
	case t[0] == 't' || t[0] == 'f':
		return "true or false"
	}
	return "a number"
}

// decodeError turns a JSON decoding error into a clear problem.
func decodeError(err error) error {
	var (
		syn  *json.SyntaxError
		typ  *json.UnmarshalTypeError
		tooL *http.MaxBytesError
	)
	switch {
	case errors.As(err, &tooL):
		return echo.ErrStatusRequestEntityTooLarge
	case errors.Is(err, io.EOF):
		return Invalid("", "the body is empty; send the response as a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return Invalid("", "the JSON body ends too early; send a complete JSON object")
	case errors.As(err, &syn):
		return Invalid("", fmt.Sprintf("the body is not valid JSON (at byte %d: %s)", syn.Offset, syn.Error()))
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return Invalid("", fmt.Sprintf("the body must be a JSON object, not %s", typ.Value))
		}
		return Invalid(field, fmt.Sprintf("%s must be %s, not %s", field, jsonKind(typ.Type.String()), typ.Value))
	}
	if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return Invalid(strings.Trim(field, `"`), "unknown field "+field+"; check its spelling in docs/openapi.yaml")
	}
	return Invalid("", "the body could not be read as JSON: "+err.Error())
}

// Invalid is the refusal of a request: one problem, on field ("" for
// the whole body), with a message a client can show.
func Invalid(field, msg string) error {
	return &collect.InvalidError{Problems: []response.Problem{{Field: field, Message: msg}}}
}

// jsonKind names a Go type the way a JSON client thinks of it.
func jsonKind(goType string) string {
	switch {
	case goType == "int" || goType == "*int":
		return "an integer"
	case goType == "string":
		return "a string"
	case goType == "bool":
		return "true or false"
	case strings.HasPrefix(goType, "[]"):
		return "an array"
	case strings.HasPrefix(goType, "map["), strings.Contains(goType, "."):
		return "an object"
	}
	return goType
}
