package collect

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/vfv/vfv/internal/calendar"
	"github.com/vfv/vfv/internal/store"
)

// ErrOpen is returned when deleting the data of a campaign still open.
var ErrOpen = errors.New("campaign is still open; close it first")

// ApplyRetention deletes the text of answers older than their survey's
// story.keep_days, in every campaign, and records each deletion in the
// audit log. Surveys without keep_days keep their answers.
func (s *Service) ApplyRetention(ctx context.Context) (int, error) {
	camps, err := s.store.Campaigns(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	now := s.now().In(calendar.Zone()) // days are counted back on Swedish dates
	for _, c := range camps {
		sv, ok := s.surveys[c.SurveyID]
		if !ok || sv.Story == nil || sv.Story.KeepDays == 0 {
			continue
		}
		before := calendar.Date(now.AddDate(0, 0, -sv.Story.KeepDays))
		// Like a submission, an expiry counts in this process's writer's
		// shards: a recount of the campaign waits for it.
		mu := s.lock(c.Code)
		mu.RLock()
		n, err := s.store.ExpireStories(ctx, c.Code, before)
		mu.RUnlock()
		total += n
		if err != nil {
			return total, fmt.Errorf("collect: retention of %s: %w", c.Code, err)
		}
		if n > 0 {
			if err := s.store.Audit(ctx, store.AuditEntry{At: s.now(), Actor: "system", Action: "retention.stories", Target: c.Code, Project: c.ProjectID,
				Detail: fmt.Sprintf("deleted %d answers given before %s (keep_days %d)", n, before, sv.Story.KeepDays)}); err != nil {
				return total, err
			}
			s.log.Info("retention: deleted old answers to the open question", slog.String("campaign", c.Code), slog.Int("answers", n))
		}
	}
	return total, nil
}

// RunRetention applies retention now and then every day until ctx ends.
func (s *Service) RunRetention(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := s.ApplyRetention(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("retention", slog.String("error", err.Error()))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// DeleteCampaign deletes a closed campaign and all its data, and records
// it in the audit log (actor: who asked).
func (s *Service) DeleteCampaign(ctx context.Context, code, actor string) (int64, error) {
	c, err := s.store.Campaign(ctx, code)
	if err != nil {
		return 0, err
	}
	if c.Open {
		return 0, fmt.Errorf("collect: delete %s: %w", code, ErrOpen)
	}
	mu := s.lock(code)
	mu.Lock()
	defer mu.Unlock()
	n, err := s.store.DeleteCampaignData(ctx, code)
	if err != nil {
		return n, err
	}
	return n, s.store.Audit(ctx, store.AuditEntry{At: s.now(), Actor: actor, Action: "campaign.delete", Target: code, Project: c.ProjectID,
		Detail: fmt.Sprintf("deleted %d responses", n)})
}
