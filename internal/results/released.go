package results

import (
	"context"
	"sort"
	"strings"
	"sync"

	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/release"
	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
)

// Batch is one sealed release batch of a campaign with what it adds to
// every set shown in it: for everyone and each target group the counters
// (respondents and pair histograms), for each background answer its
// respondents. Sets withheld in the batch have no counters here at all.
type Batch struct {
	Campaign string
	From, To string
	N        int64
	Sets     map[string]map[string]int64
	Withheld map[string]string
}

// Released is what of a campaign may be shown: its sealed batches, and
// how many respondents are not (yet) in one.
type Released struct {
	Campaign string
	Batches  []Batch
	// Pending counts the respondents stored but not released: today's,
	// and those of a batch still waiting for more answers.
	Pending int64
	// Version names the batches, so that caches change with a new batch.
	Version string
}

// releaseCache keeps each campaign's batches per survey version, day and
// number of respondents before today (a new past response, as from an
// import, recomputes them).
type releaseCache struct {
	mu sync.Mutex
	m  map[string]*Released
}

// Released returns the campaign's release batches, computed from its
// responses and cached; the rule is internal/release.
func (s *Service) Released(ctx context.Context, sv *survey.Survey, code string) (*Released, error) {
	today := s.today()
	all, err := s.counters.Counters(ctx, collect.CounterID(code, response.GroupAll))
	if err != nil {
		return nil, err
	}
	var past int64
	for f, n := range all {
		if d, ok := strings.CutPrefix(f, "d|"); ok && d < today {
			past += n
		}
	}
	key := strings.Join([]string{code, sv.Version, today, itoa(past)}, "|")
	s.released.mu.Lock()
	r, ok := s.released.m[key]
	s.released.mu.Unlock()
	if !ok {
		if r, err = s.computeReleased(ctx, sv, code, today); err != nil {
			return nil, err
		}
		s.released.mu.Lock()
		if s.released.m == nil || len(s.released.m) > maxCached {
			s.released.m = map[string]*Released{}
		}
		s.released.m[key] = r
		s.released.mu.Unlock()
	}
	out := *r
	out.Pending = all[response.FieldRespondents] - released(r)
	if out.Pending < 0 {
		out.Pending = 0
	}
	return &out, nil
}

func released(r *Released) int64 {
	var n int64
	for _, b := range r.Batches {
		n += b.N
	}
	return n
}

// memberSets lists the sets a respondent belongs to besides everyone:
// their target groups and background answers.
func memberSets(sv *survey.Survey, bg map[string]string) []string {
	var sets []string
	for _, g := range response.Groups(sv, bg) {
		sets = append(sets, response.GroupKey(g))
	}
	for _, q := range sv.Background {
		if a, ok := bg[q.ID]; ok && a != "" {
			sets = append(sets, response.BackgroundField(q.ID, a))
		}
	}
	return sets
}

// computeReleased reads the campaign's responses once: each one's day and
// sets for the rule, and each day's counters per set, which batches (whole
// days) then sum.
func (s *Service) computeReleased(ctx context.Context, sv *survey.Survey, code, today string) (*Released, error) {
	if s.responses == nil {
		return &Released{Campaign: code}, nil
	}
	var members []release.Member
	days := map[string]map[string]map[string]int64{}
	err := s.responses.StreamResponses(ctx, code, func(r store.Response) error {
		if r.Date >= today {
			return nil
		}
		sets := memberSets(sv, r.Background)
		members = append(members, release.Member{Date: r.Date, Sets: sets})
		day := days[r.Date]
		if day == nil {
			day = map[string]map[string]int64{}
			days[r.Date] = day
		}
		add := func(set string, fields map[string]int64) {
			c := day[set]
			if c == nil {
				c = map[string]int64{}
				day[set] = c
			}
			for f, v := range fields {
				c[f] += v
			}
		}
		a := response.Answer{Date: r.Date, Background: r.Background}
		for _, j := range r.Judgments {
			a.Judgments = append(a.Judgments, response.Weighed{A: j.A, B: j.B, Value: j.Value, Skip: j.Skip})
		}
		for _, inc := range response.Increments(sv, a) {
			add(inc.Group, pairFields(inc.Fields))
		}
		for _, set := range sets {
			if !release.IsGroup(set) {
				add(set, map[string]int64{response.FieldRespondents: 1})
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	bs, _ := release.Seal(members, release.Options{K: sv.MinGroupSize, Today: today, Wait: release.DefaultWait})
	out := &Released{Campaign: code}
	var version []string
	for _, b := range bs {
		rb := Batch{Campaign: code, From: b.From, To: b.To, N: int64(len(b.Members)), Sets: map[string]map[string]int64{}, Withheld: b.Withheld}
		for d, sets := range days {
			if d < b.From || d > b.To {
				continue
			}
			for set, fields := range sets {
				if !b.Shown[set] {
					continue
				}
				sum := rb.Sets[set]
				if sum == nil {
					sum = map[string]int64{}
					rb.Sets[set] = sum
				}
				for f, v := range fields {
					sum[f] += v
				}
			}
		}
		out.Batches = append(out.Batches, rb)
		version = append(version, b.Key())
	}
	out.Version = code + ":" + strings.Join(version, ",")
	return out, nil
}

// pairFields keeps the respondents and pair-histogram fields.
func pairFields(fields map[string]int64) map[string]int64 {
	out := make(map[string]int64, len(fields))
	for f, v := range fields {
		if f == response.FieldRespondents || strings.HasPrefix(f, "p|") {
			out[f] = v
		}
	}
	return out
}

// Selection is the released data of a scope and period: the sums per set
// over the selected batches, with what a reader needs to know about them.
type Selection struct {
	// Sets are summed counters per set key (response.GroupAll, target
	// groups, background answers), only from batches the set is shown in.
	Sets map[string]map[string]int64
	// Withheld gives, for a set left out of at least one selected batch
	// that has members of it, the reason (release.ReasonDifference wins
	// over release.ReasonFew).
	Withheld map[string]string
	// Version names the campaigns and batches selected (cache keys).
	Version string
	// From and To are the first and last day of the selected batches;
	// Through the last released day of the scope, Pending the respondents
	// of the scope not released yet.
	From, To, Through string
	Pending           int64
	Batches           []Batch
}

// Select sums the released batches of the campaigns that lie wholly
// within [from, to] (either may be empty). Every figure shown to staff is
// computed from a Selection: this is the one place the release rule
// reaches every output (docs/privacy.md).
func (s *Service) Select(ctx context.Context, sv *survey.Survey, campaigns []string, from, to string) (Selection, error) {
	sel := Selection{Sets: map[string]map[string]int64{response.GroupAll: {}}, Withheld: map[string]string{}}
	var version []string
	for _, code := range campaigns {
		r, err := s.Released(ctx, sv, code)
		if err != nil {
			return Selection{}, err
		}
		version = append(version, r.Version)
		sel.Pending += r.Pending
		for _, b := range r.Batches {
			if b.To > sel.Through {
				sel.Through = b.To
			}
			if (from != "" && b.From < from) || (to != "" && b.To > to) {
				continue
			}
			sel.Batches = append(sel.Batches, b)
			if sel.From == "" || b.From < sel.From {
				sel.From = b.From
			}
			if b.To > sel.To {
				sel.To = b.To
			}
			for set, fields := range b.Sets {
				sum := sel.Sets[set]
				if sum == nil {
					sum = map[string]int64{}
					sel.Sets[set] = sum
				}
				for f, v := range fields {
					sum[f] += v
				}
			}
			for set, why := range b.Withheld {
				if sel.Withheld[set] != release.ReasonDifference {
					sel.Withheld[set] = why
				}
			}
		}
	}
	sort.Strings(version)
	sel.Version = sv.Version + "|" + strings.Join(version, ";") + "|" + from + "|" + to
	return sel, nil
}

// StreamReleased calls fn with every released response of the campaigns
// (one in a sealed batch), with the sets shown for it in its batch: a job
// that reads responses counts a respondent in a group only where shown
// reports the group, exactly as the released counters do.
func (s *Service) StreamReleased(ctx context.Context, sv *survey.Survey, campaigns []string, fn func(r store.Response, shown func(set string) bool) error) error {
	if s.responses == nil {
		return nil
	}
	for _, code := range campaigns {
		rel, err := s.Released(ctx, sv, code)
		if err != nil {
			return err
		}
		err = s.responses.StreamResponses(ctx, code, func(r store.Response) error {
			for _, b := range rel.Batches {
				if r.Date >= b.From && r.Date <= b.To {
					return fn(r, func(set string) bool { return b.Sets[set] != nil })
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
