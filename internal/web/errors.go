package web

import (
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/results"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/web/respond"
)

// apiError is the JSON body of every API error: a stable machine-readable
// code, a message in the client's language and, for invalid input, every
// problem found.
type apiError struct {
	Error   string             `json:"error"`
	Message string             `json:"message"`
	Details []response.Problem `json:"details,omitempty"`
}

// errorPage is the view of the HTML error page.
type errorPage struct {
	page
	Status  int
	Message string
}

// classify maps an error to an HTTP status and a stable code. This is the
// only place errors become statuses.
func classify(err error) (status int, code, key string) {
	var (
		he  *echo.HTTPError
		inv *collect.InvalidError
	)
	switch {
	case errors.As(err, &inv):
		return http.StatusBadRequest, "invalid", "error.invalid"
	case errors.Is(err, collect.ErrClosed):
		return http.StatusGone, "closed", "error.closed"
	case errors.Is(err, collect.ErrSurveyUnavailable):
		return http.StatusNotFound, "survey_unavailable", "error.survey_unavailable"
	case errors.Is(err, store.ErrStale):
		return http.StatusConflict, "stale", "error.stale"
	case errors.Is(err, respond.ErrConflict):
		return http.StatusConflict, "conflict", "error.conflict"
	case errors.Is(err, errTokenExpired):
		return http.StatusUnauthorized, "token_expired", "error.token_expired"
	case errors.Is(err, errUnauthorized):
		return http.StatusUnauthorized, "unauthorized", "error.unauthorized"
	case errors.Is(err, errForbidden):
		return http.StatusForbidden, "forbidden", "error.forbidden"
	case errors.Is(err, errSessionRequired):
		return http.StatusForbidden, "session_required", "error.session_required"
	case errors.Is(err, errCSRF):
		return http.StatusForbidden, "csrf", "error.csrf"
	case errors.Is(err, errForeignOrigin):
		return http.StatusForbidden, "foreign_origin", "error.foreign_origin"
	case errors.Is(err, errNotJSON):
		return http.StatusUnsupportedMediaType, "unsupported_media_type", "error.content_type"
	case errors.Is(err, results.ErrTooManyJobs):
		return http.StatusTooManyRequests, "too_many_jobs", "error.too_many_jobs"
	case errors.Is(err, errThrottled):
		return http.StatusTooManyRequests, "throttled", "error.throttled"
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound, "not_found", "error.not_found"
	case errors.Is(err, store.ErrUnavailable):
		return http.StatusServiceUnavailable, "store_unavailable", "error.unavailable"
	case errors.As(err, &he):
		switch he.Code {
		case http.StatusNotFound:
			return he.Code, "not_found", "error.not_found"
		case http.StatusMethodNotAllowed:
			return he.Code, "method_not_allowed", "error.method"
		case http.StatusRequestEntityTooLarge:
			return he.Code, "too_large", "error.too_large"
		case http.StatusServiceUnavailable:
			return he.Code, "unavailable", "error.unavailable"
		}
		if he.Code >= 400 && he.Code < 500 {
			return he.Code, "bad_request", "error.bad_request"
		}
	}
	return http.StatusInternalServerError, "internal", "error.internal"
}

// handleError is Echo's HTTPErrorHandler: it logs server-side failures once
// with the request id and answers JSON on /api/ and a page elsewhere.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	// A results query names its wrong field: the same 400 as a bad body.
	var qe *results.QueryError
	if errors.As(err, &qe) {
		err = invalid(qe.Field, qe.Msg)
	}
	status, code, key := classify(err)
	lang := s.lang(c)
	if status >= 500 {
		s.log.LogAttrs(c.Request().Context(), slog.LevelError, "request failed",
			slog.String("request_id", c.Response().Header().Get(echo.HeaderXRequestID)),
			slog.String("route", c.Path()), slog.Int("status", status), slog.String("error", err.Error()))
	}
	if errors.Is(err, store.ErrUnavailable) {
		s.metrics.StoreErrors.Inc()
	}
	if status == http.StatusTooManyRequests {
		setRetryAfter(c, err)
	}
	if status == http.StatusServiceUnavailable {
		c.Response().Header().Set("Retry-After", "5")
	}
	var rerr error
	if isAPI(c) {
		body := apiError{Error: code, Message: s.i18n.T(lang, key)}
		var inv *collect.InvalidError
		if errors.As(err, &inv) {
			body.Details = inv.Problems
		}
		var stale *store.StaleError
		if errors.As(err, &stale) {
			body.Details = []response.Problem{{Field: "version", Message: fmt.Sprintf(
				"the card is at version %d, not %d: someone else changed it; read it again and make your change on that", stale.Have, stale.Want)}}
		}
		var he *echo.HTTPError
		if errors.As(err, &he) && he.Code == http.StatusBadRequest {
			body.Details = []response.Problem{{Message: fmt.Sprint(he.Message)}}
		}
		rerr = c.JSON(status, body)
	} else {
		v := errorPage{page: s.page(c, lang), Status: status, Message: s.i18n.T(lang, key)}
		v.Title = v.T("error.title") + " – " + v.T("app.name")
		rerr = s.render(c, status, "error.html", v)
	}
	if rerr != nil && !c.Response().Committed {
		// The error page itself failed: say it plainly rather than send nothing.
		rerr = c.String(status, s.i18n.T(lang, key))
	}
	if rerr != nil {
		s.log.Error("write error response", slog.String("error", rerr.Error()))
	}
}

// setRetryAfter tells a throttled client when to come back: the wait of a
// throttledError, rounded up to whole seconds, else a minute.
func setRetryAfter(c echo.Context, err error) {
	secs := 60
	var te throttledError
	if errors.As(err, &te) {
		secs = int(math.Ceil(te.wait.Seconds()))
	}
	c.Response().Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
}
