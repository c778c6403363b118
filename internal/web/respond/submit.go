package respond

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/web/jsonbody"
)

// MaxSubmissionBytes is the body limit of a submission: one of 100
// judgments and a 10,000-character story is far below it.
const MaxSubmissionBytes = "256K"

// submitResult is the body of 200 and 201 answers to POST /api/v1/responses.
type submitResult struct {
	ID     string `json:"id"`
	Status string `json:"status"` // "created" or "duplicate"
}

// Submit is POST /api/v1/responses: 201 when stored, 200 for a
// replay of the same id and content, 409 for the same id with other
// content; every other status comes from the central error handler.
func (h *Handler) Submit(c echo.Context) error {
	var sub response.Submission
	if err := jsonbody.Decode(c.Request().Body, &sub); err != nil {
		return err
	}
	_, _, err := h.limitCampaign(c, h.submits, sub.Campaign)
	if errors.Is(err, ErrThrottled) {
		h.metrics.Responses.WithLabelValues("throttled").Inc()
		return err
	}
	if err != nil { // unknown or closed: Submit would only look it up again
		h.countSubmission(0, err)
		return err
	}
	outcome, err := h.collect.Submit(c.Request().Context(), sub)
	h.countSubmission(outcome, err)
	if err != nil {
		return err
	}
	switch outcome {
	case store.Created:
		return c.JSON(http.StatusCreated, submitResult{ID: sub.ID, Status: "created"})
	case store.Duplicate:
		return c.JSON(http.StatusOK, submitResult{ID: sub.ID, Status: "duplicate"})
	default:
		return ErrConflict
	}
}

// countSubmission records a submission's outcome in the metrics.
func (h *Handler) countSubmission(outcome store.Outcome, err error) {
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
	h.metrics.Responses.WithLabelValues(label).Inc()
}
