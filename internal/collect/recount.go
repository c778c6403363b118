package collect

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"time"

	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/store"
)

// Recount rebuilds a campaign's counters from its stored responses,
// streaming them. Counters are sharded by writer (see store.ShardID):
// each response is counted in the shards of the writer that stored it, a
// story's expiry in those of the writer that expired it. Recount replaces
// the shards of every writer that no process writes any more (stopped,
// crashed, retired, the legacy writer of older counters and imports) and
// this process's own; the shards of a writer live in another process are
// its own to keep, and exact by construction. Submissions to the campaign
// in this process wait while it runs.
func (s *Service) Recount(ctx context.Context, campaign string) (responses int, err error) {
	camp, err := s.store.Campaign(ctx, campaign)
	if err != nil {
		return 0, err
	}
	mu := s.lock(campaign)
	mu.Lock()
	defer mu.Unlock()
	// Responses acknowledged before the lock may still wait for their
	// counting round, which would add them to this writer's shards again
	// after they are replaced below.
	if err := s.store.Settle(ctx); err != nil {
		return 0, err
	}
	sums := map[string]map[string]map[string]int64{} // writer -> counter id -> field -> sum
	add := func(writer string, inc store.CounterInc) {
		byID := sums[writer]
		if byID == nil {
			byID = map[string]map[string]int64{}
			sums[writer] = byID
		}
		m := byID[inc.ID]
		if m == nil {
			m = map[string]int64{}
			byID[inc.ID] = m
		}
		for k, v := range inc.Fields {
			m[k] += v
		}
	}
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
			add(r.Writer, inc)
		}
		if r.StoryExpiredBy != "" {
			add(r.StoryExpiredBy, store.CounterInc{ID: CounterID(campaign, response.GroupAll), Fields: map[string]int64{response.FieldStories: -1}})
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
	if err := s.replaceShards(ctx, campaign, sums); err != nil {
		return 0, err
	}
	if err := s.store.PutStories(ctx, stories); err != nil {
		return 0, err
	}
	return responses, s.store.ClearPending(ctx, campaign)
}

// replaceShards writes the recounted shards of every writer of the
// campaign that may be rebuilt (see Recount).
func (s *Service) replaceShards(ctx context.Context, campaign string, sums map[string]map[string]map[string]int64) error {
	registered, err := s.store.CampaignWriters(ctx, campaign)
	if err != nil {
		return err
	}
	writers := map[string]bool{"": true}
	for _, w := range registered {
		writers[w] = true
	}
	for w := range sums {
		writers[w] = true
	}
	own := s.store.Writer()
	names := make([]string, 0, len(writers))
	for w := range writers {
		names = append(names, w)
	}
	sort.Strings(names)
	for _, w := range names {
		if w != own {
			live, err := s.store.WriterLive(ctx, w)
			if err != nil {
				return err
			}
			if live {
				continue
			}
		}
		incs := make([]store.CounterInc, 0, len(sums[w]))
		for id, f := range sums[w] {
			incs = append(incs, store.CounterInc{ID: id, Fields: f})
		}
		if err := s.store.ReplaceWriterCounters(ctx, campaign, w, incs); err != nil {
			return err
		}
	}
	return nil
}

// RepairPending repairs every interrupted write: it recounts the
// campaigns with a pending marker (an import, or a write of a version
// before sharded counters) and rebuilds the counters of every writer that
// failed or stopped without finishing (RepairWriters). Run at start-up,
// before requests are served.
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
	_, err = s.RepairWriters(ctx)
	return err
}

// RepairWriters rebuilds, from their responses, the counter shards of
// every writer that may have stored a response without counting it: this
// process's retired writers (a write failed) and other processes' writers
// whose heartbeat ran out (store.WritersToRebuild). Each is marked done
// afterwards. It returns how many writers it rebuilt.
func (s *Service) RepairWriters(ctx context.Context) (int, error) {
	writers, err := s.store.WritersToRebuild(ctx)
	if err != nil {
		return 0, err
	}
	for _, w := range writers {
		campaigns, err := s.store.WriterCampaigns(ctx, w)
		if err != nil {
			return 0, err
		}
		for _, c := range campaigns {
			n, err := s.Recount(ctx, c)
			if err != nil {
				return 0, fmt.Errorf("collect: rebuild counters of writer %s in %s: %w", w, c, err)
			}
			s.log.Info("rebuilt the counters of a writer that stopped or failed", slog.String("writer", w), slog.String("campaign", c), slog.Int("responses", n))
		}
		if err := s.store.MarkWriterDone(ctx, w); err != nil {
			return 0, err
		}
	}
	return len(writers), nil
}

// RunRepair repairs interrupted writes every interval until ctx ends:
// writers that failed or whose process died (RepairWriters), and pending
// markers still there one interval after they were first seen (they
// belong to no import in progress, which finishes in seconds). This
// repairs, without a restart, the writes whose counters failed while the
// store was unavailable, and a crashed replica's in another replica.
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
		if _, err := s.RepairWriters(ctx); err != nil {
			s.log.Error("repair counters", slog.String("error", err.Error()))
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
