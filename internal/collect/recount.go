package collect

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/vfv/vfv/internal/store"
)

// Recount rebuilds a campaign's counters from its stored responses,
// streaming them. Submissions to the campaign wait while it runs.
func (s *Service) Recount(ctx context.Context, campaign string) (responses int, err error) {
	camp, err := s.store.Campaign(ctx, campaign)
	if err != nil {
		return 0, err
	}
	mu := s.lock(campaign)
	mu.Lock()
	defer mu.Unlock()
	sums := map[string]map[string]int64{}
	var stories []store.Story
	err = s.store.StreamResponses(ctx, campaign, func(r store.Response) error {
		cur, ok := s.surveys[camp.SurveyID]
		if !ok {
			return fmt.Errorf("collect: recount %s: %w", campaign, ErrSurveyUnavailable)
		}
		sv, err := s.versionFor(ctx, cur, r.Version)
		if err != nil {
			return fmt.Errorf("collect: recount %s, response version %s: %w", campaign, r.Version, err)
		}
		for _, inc := range s.increments(sv, r) {
			m := sums[inc.ID]
			if m == nil {
				m = map[string]int64{}
				sums[inc.ID] = m
			}
			for k, v := range inc.Fields {
				m[k] += v
			}
		}
		if st := storyOf(sv, r); st != nil {
			stories = append(stories, *st)
		}
		responses++
		return nil
	})
	if err != nil {
		return 0, err
	}
	incs := make([]store.CounterInc, 0, len(sums))
	for id, f := range sums {
		incs = append(incs, store.CounterInc{ID: id, Fields: f})
	}
	if err := s.store.ReplaceCounters(ctx, campaign, incs); err != nil {
		return 0, err
	}
	if err := s.store.PutStories(ctx, stories); err != nil {
		return 0, err
	}
	return responses, s.store.ClearPending(ctx, campaign)
}

// RepairPending recounts every campaign with a write that was interrupted
// (a crash or a store failure between storing a response and its
// counters). Run at start-up, before requests are served.
func (s *Service) RepairPending(ctx context.Context) error {
	campaigns, err := s.store.PendingCampaigns(ctx)
	if err != nil {
		return err
	}
	for _, c := range campaigns {
		n, err := s.Recount(ctx, c)
		if err != nil {
			return fmt.Errorf("collect: repair counters of %s: %w", c, err)
		}
		s.log.Info("recounted campaign after an interrupted write", slog.String("campaign", c), slog.Int("responses", n))
	}
	return nil
}

// RunRepair checks for interrupted writes every interval until ctx ends: a
// pending marker still there one interval after it was first seen belongs
// to no write in progress (a write finishes in seconds), so its campaign is
// recounted. This repairs, without a restart, the writes whose counters
// failed while the store was unavailable.
func (s *Service) RunRepair(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	seen := map[string]bool{}
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		markers, err := s.store.PendingMarkers(ctx)
		if err != nil {
			continue // the store is down; try at the next tick
		}
		stale := map[string]bool{}
		now := map[string]bool{}
		for id, c := range markers {
			now[id] = true
			if seen[id] {
				stale[c] = true
			}
		}
		seen = now
		for c := range stale {
			n, err := s.Recount(ctx, c)
			if err != nil {
				s.log.Error("repair counters", slog.String("campaign", c), slog.String("error", err.Error()))
				continue
			}
			s.log.Info("recounted campaign after an interrupted write", slog.String("campaign", c), slog.Int("responses", n))
		}
	}
}
