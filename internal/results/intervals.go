package results

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
)

// Interval states, as results report them in ci_status.
const (
	// CIStatusCurrent: the intervals cover exactly the released batches
	// shown.
	CIStatusCurrent = "current"
	// CIStatusStale: newer batches were released and the intervals are
	// being computed again; the ones shown cover the batches in ci_covers,
	// computed at ci_computed_at.
	CIStatusStale = "stale"
	// CIStatusComputing: no intervals exist yet for this selection; they
	// are being computed and none is shown.
	CIStatusComputing = "computing"
	// CIStatusNone: nothing shown has an interval (a suppressed result).
	CIStatusNone = "none"
)

// CIMethodNone is ci_method when no interval is shown.
const CIMethodNone = "none"

// DefaultSyncLimit is the number of stored responses of a scope's
// campaigns up to which respondent-level intervals are computed while
// the request waits; above it they are computed in the background. The
// computation took 26 s for 100,000 respondents on the benchmark machine
// (BENCHMARKS.md), so 2,000 keep a first view near half a second.
const DefaultSyncLimit = 2000

// IntervalStore keeps computed analyses; *store.Store implements it.
type IntervalStore interface {
	PutIntervals(ctx context.Context, iv store.Intervals) error
	Intervals(ctx context.Context, scope string) (store.Intervals, error)
}

// analyses computes, keeps and persists the Analysis of each scope. A
// scope's analysis is recomputed only when its released batches change
// (at most once a week per scope, as batches are weeks).
type analyses struct {
	st        IntervalStore
	ctx       context.Context
	syncLimit int64
	now       func() time.Time

	mu      sync.Mutex
	scopes  map[string]*sync.Mutex // one synchronous computation per scope at a time
	mem     map[string]*Analysis
	loaded  map[string]bool
	running map[string]string
	sem     chan struct{}
	wg      sync.WaitGroup
	// failed holds, per scope, the batches whose background computation
	// failed: not tried again until the batches change (or a restart).
	failed map[string]string
}

func newAnalyses() *analyses {
	return &analyses{ctx: context.Background(), syncLimit: DefaultSyncLimit, now: time.Now, mem: map[string]*Analysis{}, scopes: map[string]*sync.Mutex{},
		loaded: map[string]bool{}, running: map[string]string{}, failed: map[string]string{}, sem: make(chan struct{}, 1)}
}

// WithIntervals makes the service keep respondent-level intervals in st
// and compute large scopes in the background until ctx ends; syncLimit
// (0: DefaultSyncLimit) is the number of a scope's responses computed
// while a request waits.
func (s *Service) WithIntervals(ctx context.Context, st IntervalStore, syncLimit int64) *Service {
	s.an.st, s.an.ctx = st, ctx
	if syncLimit > 0 {
		s.an.syncLimit = syncLimit
	}
	return s
}

// WaitIntervals waits until no background computation runs (tests and
// benchmarks).
func (s *Service) WaitIntervals() { s.an.wg.Wait() }

// scopeKey names a scope independently of its batches: survey version,
// campaigns and period.
func scopeKey(sv *survey.Survey, campaigns []string, from, to string) string {
	cs := slices.Clone(campaigns)
	slices.Sort(cs)
	return CacheKey(sv.Version, strings.Join(cs, ","), from, to)
}

// intervalsFor returns the analysis to show with sel and its status: the
// current one, an older one while the current is computed in the
// background (stale), or none yet (computing).
func (s *Service) intervalsFor(ctx context.Context, sv *survey.Survey, campaigns []string, sel Selection, from, to string) (*Analysis, string, error) {
	a := s.an
	scope := scopeKey(sv, campaigns, from, to)
	a.mu.Lock()
	an, loaded := a.mem[scope], a.loaded[scope]
	a.mu.Unlock()
	if an == nil && !loaded && a.st != nil {
		iv, err := a.st.Intervals(ctx, scope)
		switch {
		case err == nil:
			if an, err = decodeAnalysis(iv.Data); err != nil {
				an = nil // unreadable (an older format): computed again
			}
		case !errors.Is(err, store.ErrNotFound):
			return nil, "", err
		}
		a.mu.Lock()
		a.loaded[scope] = true
		if an != nil && a.mem[scope] == nil {
			a.mem[scope] = an
		}
		an = a.mem[scope]
		a.mu.Unlock()
	}
	if an != nil && an.Version == sel.Version {
		return an, CIStatusCurrent, nil
	}
	size, err := s.streamSize(ctx, sv, campaigns)
	if err != nil {
		return nil, "", err
	}
	if size <= a.syncLimit {
		// Requests arriving together (a page and its charts) compute once.
		a.mu.Lock()
		lock := a.scopes[scope]
		if lock == nil {
			lock = &sync.Mutex{}
			a.scopes[scope] = lock
		}
		a.mu.Unlock()
		lock.Lock()
		defer lock.Unlock()
		a.mu.Lock()
		done := a.mem[scope]
		a.mu.Unlock()
		if done != nil && done.Version == sel.Version {
			return done, CIStatusCurrent, nil
		}
		fresh, err := s.analyse(ctx, sv, campaigns, sel)
		if err != nil {
			return nil, "", err
		}
		fresh.ComputedAt = a.now().UTC().Format(time.RFC3339)
		if err := s.keep(ctx, scope, campaigns, fresh); err != nil {
			return nil, "", err
		}
		return fresh, CIStatusCurrent, nil
	}
	s.startAnalysis(sv, campaigns, sel, scope)
	if an != nil {
		return an, CIStatusStale, nil
	}
	return nil, CIStatusComputing, nil
}

// streamSize is how many responses an analysis of the campaigns reads.
func (s *Service) streamSize(ctx context.Context, sv *survey.Survey, campaigns []string) (int64, error) {
	var n int64
	for _, code := range campaigns {
		rel, err := s.Released(ctx, sv, code)
		if err != nil {
			return 0, err
		}
		n += released(rel) + rel.Pending
	}
	return n, nil
}

// keep stores a finished analysis in memory and in the store.
func (s *Service) keep(ctx context.Context, scope string, campaigns []string, an *Analysis) error {
	a := s.an
	a.mu.Lock()
	if len(a.mem) > maxCached {
		a.mem, a.loaded, a.scopes = map[string]*Analysis{}, map[string]bool{}, map[string]*sync.Mutex{}
	}
	a.mem[scope], a.loaded[scope] = an, true
	a.mu.Unlock()
	if a.st == nil {
		return nil
	}
	data, err := an.encode()
	if err != nil {
		return err
	}
	return a.st.PutIntervals(ctx, store.Intervals{Scope: scope, Campaigns: slices.Clone(campaigns), Version: an.Version, ComputedAt: an.ComputedAt, Data: data})
}

// startAnalysis computes sel's analysis in the background unless it is
// being computed already; one runs at a time.
func (s *Service) startAnalysis(sv *survey.Survey, campaigns []string, sel Selection, scope string) {
	a := s.an
	a.mu.Lock()
	if a.running[scope] == sel.Version || a.failed[scope] == sel.Version {
		a.mu.Unlock()
		return
	}
	a.running[scope] = sel.Version
	a.wg.Add(1)
	a.mu.Unlock()
	go func() {
		defer a.wg.Done()
		defer func() {
			a.mu.Lock()
			if a.running[scope] == sel.Version {
				delete(a.running, scope)
			}
			a.mu.Unlock()
		}()
		select {
		case a.sem <- struct{}{}:
		case <-a.ctx.Done():
			return
		}
		defer func() { <-a.sem }()
		an, err := s.analyse(a.ctx, sv, campaigns, sel)
		if err == nil {
			an.ComputedAt = a.now().UTC().Format(time.RFC3339)
			err = s.keep(a.ctx, scope, campaigns, an)
		}
		a.mu.Lock()
		if err != nil {
			a.failed[scope] = sel.Version
		} else {
			delete(a.failed, scope)
		}
		a.mu.Unlock()
	}()
}
