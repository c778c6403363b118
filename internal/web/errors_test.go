package web

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/vfv/vfv/internal/results"
)

// TestClassifyAccessErrors: the errors of the staff access rules map to
// their statuses and stable codes (the one place, classify), also when
// wrapped.
func TestClassifyAccessErrors(t *testing.T) {
	tests := []struct {
		err    error
		status int
		code   string
	}{
		{errUnauthorized, http.StatusUnauthorized, "unauthorized"},
		{errTokenExpired, http.StatusUnauthorized, "token_expired"},
		{errSessionRequired, http.StatusForbidden, "session_required"},
		{errCSRF, http.StatusForbidden, "csrf"},
		{throttledError{wait: 3 * time.Minute}, http.StatusTooManyRequests, "throttled"},
		{fmt.Errorf("start: %w", results.ErrTooManyJobs), http.StatusTooManyRequests, "too_many_jobs"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			if status, code, _ := classify(tt.err); status != tt.status || code != tt.code {
				t.Errorf("classify(%v) = %d %s, want %d %s", tt.err, status, code, tt.status, tt.code)
			}
		})
	}
}
