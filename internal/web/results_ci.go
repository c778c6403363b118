package web

import (
	"strings"
	"time"

	"github.com/vfv/vfv/internal/calendar"
	"github.com/vfv/vfv/internal/results"
)

// ciNote says in the page language which intervals a result shows: when
// and from which released answers they were computed, that newer answers
// are being counted in, or that none exists yet. Empty when the result
// has no interval to speak of (a suppressed result).
func ciNote(t func(key string) string, r results.Result) string {
	switch r.CIStatus {
	case results.CIStatusComputing:
		return t("results.ci.computing")
	case results.CIStatusCurrent, results.CIStatusStale:
		if r.CICovers == nil {
			return ""
		}
		return strings.NewReplacer("{date}", computedDay(r.CIComputedAt), "{from}", r.CICovers.From, "{to}", r.CICovers.To).
			Replace(t("results.ci." + r.CIStatus))
	}
	return ""
}

// computedDay is the day of an RFC 3339 time in Swedish time, or the text
// itself when it is not one.
func computedDay(at string) string {
	ts, err := time.Parse(time.RFC3339, at)
	if err != nil {
		return at
	}
	return ts.In(calendar.Zone()).Format("2006-01-02 15:04")
}
