package collect

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/vfv/vfv/internal/response"
)

// UpgradeCounters recounts every campaign whose counters were kept by an
// older vfv and lack what this one counts: a day whose judges are not
// counted (response.CountsJudges). Results read such days from their
// responses meanwhile, which is right but slower; serve runs this in the
// background at start, so that no one has to remember `vfv recount`
// after an upgrade. It returns the campaigns it recounted.
func (s *Service) UpgradeCounters(ctx context.Context) ([]string, error) {
	camps, err := s.store.Campaigns(ctx)
	if err != nil {
		return nil, err
	}
	var done []string
	for _, c := range camps {
		old, err := s.countedByOlder(ctx, c.Code)
		if err != nil {
			return done, err
		}
		if !old {
			continue
		}
		n, err := s.Recount(ctx, c.Code)
		if err != nil {
			return done, fmt.Errorf("collect: upgrade counters of %s: %w", c.Code, err)
		}
		s.log.Info("recounted a campaign counted by an older vfv", slog.String("campaign", c.Code), slog.Int("responses", n))
		done = append(done, c.Code)
	}
	return done, nil
}

// countedByOlder reports whether one of a campaign's days was counted by
// a vfv that did not count judges.
func (s *Service) countedByOlder(ctx context.Context, campaign string) (bool, error) {
	all, err := s.store.Counters(ctx, CounterID(campaign, response.GroupAll))
	if err != nil {
		return false, err
	}
	for f, n := range all {
		date, ok := response.DayOfField(f)
		if !ok || n == 0 {
			continue
		}
		day, err := s.store.Counters(ctx, CounterID(campaign, response.DayGroup(date)))
		if err != nil {
			return false, err
		}
		if !response.CountsJudges(day) {
			return true, nil
		}
	}
	return false, nil
}
