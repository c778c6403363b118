package web

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
	"github.com/vfv/vfv/internal/store"
)

// Body limits. A submission of 100 judgments and a 10,000-character story
// is far below maxSubmissionBytes.
const (
	maxBodyBytes       = "1M"
	maxSubmissionBytes = "256K"
)

// errConflict: a response id was reused with different content.
var errConflict = errors.New("response id already used with other content")

// submitResult is the body of 200 and 201 answers to POST /api/v1/responses.
type submitResult struct {
	ID     string `json:"id"`
	Status string `json:"status"` // "created" or "duplicate"
}

// submitResponse is POST /api/v1/responses: 201 when stored, 200 for a
// replay of the same id and content, 409 for the same id with other
// content; every other status comes from the central error handler.
func (s *Server) submitResponse(c echo.Context) error {
	var sub response.Submission
	if err := decodeJSON(c.Request().Body, &sub); err != nil {
		return err
	}
	_, _, err := s.limitCampaign(c, s.submits, sub.Campaign)
	if errors.Is(err, errThrottled) {
		s.metrics.Responses.WithLabelValues("throttled").Inc()
		return err
	}
	if err != nil { // unknown or closed: Submit would only look it up again
		s.countSubmission(0, err)
		return err
	}
	outcome, err := s.collect.Submit(c.Request().Context(), sub)
	s.countSubmission(outcome, err)
	if err != nil {
		return err
	}
	switch outcome {
	case store.Created:
		return c.JSON(http.StatusCreated, submitResult{ID: sub.ID, Status: "created"})
	case store.Duplicate:
		return c.JSON(http.StatusOK, submitResult{ID: sub.ID, Status: "duplicate"})
	default:
		return errConflict
	}
}

// decodeJSON reads one JSON value into v; a malformed body becomes an
// *collect.InvalidError naming where it went wrong. Unknown fields are
// ignored, so older servers accept newer tablets' submissions.
func decodeJSON(r io.Reader, v any) error { return decode(r, v, false) }

// decodeStrict is decodeJSON refusing unknown fields: a staff client that
// misspells a field is told so instead of having it silently ignored.
func decodeStrict(r io.Reader, v any) error { return decode(r, v, true) }

func decode(r io.Reader, v any, strict bool) error {
	dec := json.NewDecoder(r)
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return decodeError(err)
	}
	if dec.More() {
		return invalid("", "the body must hold one JSON object and nothing after it")
	}
	if t := bytes.TrimSpace(raw); len(t) == 0 || t[0] != '{' {
		return invalid("", fmt.Sprintf("the body must be a JSON object, not %s", jsonKindOf(t)))
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
		return invalid("", "the body is empty; send the response as a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return invalid("", "the JSON body ends too early; send a complete JSON object")
	case errors.As(err, &syn):
		return invalid("", fmt.Sprintf("the body is not valid JSON (at byte %d: %s)", syn.Offset, syn.Error()))
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return invalid("", fmt.Sprintf("the body must be a JSON object, not %s", typ.Value))
		}
		return invalid(field, fmt.Sprintf("%s must be %s, not %s", field, jsonKind(typ.Type.String()), typ.Value))
	}
	if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return invalid(strings.Trim(field, `"`), "unknown field "+field+"; check its spelling in docs/openapi.yaml")
	}
	return invalid("", "the body could not be read as JSON: "+err.Error())
}

func invalid(field, msg string) error {
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

// countSubmission records a submission's outcome in the metrics.
func (s *Server) countSubmission(outcome store.Outcome, err error) {
	var inv *collect.InvalidError
	label := ""
	switch {
	case err == nil && outcome == store.Created:
		label = "created"
	case err == nil && outcome == store.Duplicate:
		label = "duplicate"
	case err == nil:
		label = "conflict"
	case errors.As(err, &inv):
		label = "invalid"
	case errors.Is(err, collect.ErrClosed):
		label = "closed"
	case errors.Is(err, store.ErrUnavailable):
		label = "unavailable"
	default:
		return
	}
	s.metrics.Responses.WithLabelValues(label).Inc()
}
