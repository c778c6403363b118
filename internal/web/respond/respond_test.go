package respond

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/store"
)

// recordingLimiter answers allow and records the scopes charged.
type recordingLimiter struct {
	allow  bool
	scopes []string
}

func (l *recordingLimiter) Allow(_, scope string) bool {
	l.scopes = append(l.scopes, scope)
	return l.allow
}

// TestLimitCampaignMadeUpCodes: codes that cannot name a campaign are not
// looked up and are all charged to one bucket per client (scope ""), so
// guessing is throttled without a bucket per guess.
func TestLimitCampaignMadeUpCodes(t *testing.T) {
	h := New(Deps{Collect: collect.New(nil, nil, nil)})
	for _, tt := range []struct {
		name  string
		allow bool
		want  error
	}{
		{"room left", true, store.ErrNotFound},
		{"bucket empty", false, ErrThrottled},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := &recordingLimiter{allow: tt.allow}
			for _, code := range []string{"??", "<script>", "ABCDEFGHJKMNPRTWXY"} {
				c := echo.New().NewContext(httptest.NewRequest(http.MethodGet, "/s/x", nil), httptest.NewRecorder())
				if _, _, err := h.limitCampaign(c, l, code); !errors.Is(err, tt.want) {
					t.Errorf("limitCampaign(%q) = %v, want %v", code, err, tt.want)
				}
			}
			if want := []string{"", "", ""}; !slices.Equal(l.scopes, want) {
				t.Errorf("charged scopes %q, want %q", l.scopes, want)
			}
		})
	}
}

func TestLines(t *testing.T) {
	for in, want := range map[string][]string{
		"":                          nil,
		"En rad":                    {"En rad"},
		"  Första \n\n  Andra\n \n": {"Första", "Andra"},
	} {
		if got := Lines(in); !slices.Equal(got, want) {
			t.Errorf("Lines(%q) = %q, want %q", in, got, want)
		}
	}
}
