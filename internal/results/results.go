// Package results computes what a project group reads: relative-value
// scores per target group from the campaigns' counters, with the
// small-group rule applied (docs/privacy.md), cached per data version.
package results

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/ranking"
	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
)

// Methods.
const (
	MethodBT    = "bt"
	MethodAHP   = "ahp"
	MethodScore = "score"
)

// ErrBadQuery is matched by errors in a query (unknown method or group).
var ErrBadQuery = errors.New("bad results query")

// QueryError names the query field that is wrong; it matches ErrBadQuery.
type QueryError struct{ Field, Msg string }

func (e *QueryError) Error() string { return ErrBadQuery.Error() + ": " + e.Msg }

// Is makes errors.Is(err, ErrBadQuery) hold.
func (e *QueryError) Is(target error) bool { return target == ErrBadQuery }

func badQuery(field, format string, args ...any) error {
	return &QueryError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// CounterReader reads counter documents; *store.Store implements it.
type CounterReader interface {
	Counters(ctx context.Context, id string) (map[string]int64, error)
}

// Query says which results to compute.
type Query struct {
	Survey *survey.Survey
	// Campaigns are the campaign codes whose answers are pooled.
	Campaigns []string
	// Method is bt (default), ahp or score.
	Method string
	// Group selects one target group as the main result; empty means
	// everyone.
	Group string
	// Lang is the language of item and group labels.
	Lang string
	// From and To (YYYY-MM-DD, inclusive, either may be empty) keep only
	// the answers given on those days. The counters hold no days per pair,
	// so a date range reads the campaigns' responses (slower; cached).
	From, To string
}

// Result is one results answer: the main result and one per target group.
type Result struct {
	Method       string        `json:"method"`
	Group        string        `json:"group,omitempty"`
	Respondents  *int64        `json:"respondents"`
	Suppressed   bool          `json:"suppressed"`
	MinGroupSize int           `json:"min_group_size"`
	Items        []Item        `json:"items"`
	Groups       []GroupResult `json:"groups"`
	// Regularised is set when the Bradley–Terry MLE did not exist (an
	// item never won or never lost) and the documented minimal
	// regularisation was used.
	Regularised bool `json:"regularised,omitempty"`
}

// GroupResult is one target group's result.
type GroupResult struct {
	ID          string `json:"id"`
	Label       string `json:"label"`
	Respondents *int64 `json:"respondents"`
	Suppressed  bool   `json:"suppressed"`
	Items       []Item `json:"items"`
	Regularised bool   `json:"regularised,omitempty"`
}

// Item is one item's value; every number is nil when suppressed, and the
// interval is nil for AHP (which has none from the counters; a bootstrap
// job gives one). Share is
// the method's value on a 0–100 scale: the Bradley–Terry relative-value
// share, the AHP priority × 100, or the win-probability score.
type Item struct {
	ID     string   `json:"id"`
	Label  string   `json:"label"`
	Share  *float64 `json:"share"`
	CILow  *float64 `json:"ci_low"`
	CIHigh *float64 `json:"ci_high"`
	Rank   *int     `json:"rank"`
}

// Service computes results from counters and caches them per data version
// (the respondent counts of the campaigns pooled), so a repeated view costs
// two reads per campaign and no fitting.
type Service struct {
	counters CounterReader
	// responses is read for date ranges (nil: date ranges refused).
	responses ResponseStreamer
	mu        sync.Mutex
	cache     map[string]Result
	order     []string
}

// maxCached bounds the cache; the oldest entries are dropped first.
const maxCached = 512

// New returns a Service reading counters from cr.
func New(cr CounterReader) *Service {
	return &Service{counters: cr, cache: map[string]Result{}}
}

// WithResponses lets the service answer date ranges by reading responses.
func (s *Service) WithResponses(rs ResponseStreamer) *Service {
	s.responses = rs
	return s
}

// Compute returns the results for q.
func (s *Service) Compute(ctx context.Context, q Query) (Result, error) {
	if q.Method == "" {
		q.Method = MethodBT
	}
	if q.Method != MethodBT && q.Method != MethodAHP && q.Method != MethodScore {
		return Result{}, badQuery("method", "method %q is unknown; use bt, ahp or score", q.Method)
	}
	if q.Group != "" {
		if _, ok := q.Survey.Group(q.Group); !ok {
			return Result{}, badQuery("group", "survey %s has no target group %q", q.Survey.ID, q.Group)
		}
	}
	for field, d := range map[string]string{"from": q.From, "to": q.To} {
		if _, err := time.Parse(time.DateOnly, d); d != "" && err != nil {
			return Result{}, badQuery(field, "%q is not a date; write YYYY-MM-DD", d)
		}
	}
	sets, version, err := s.Read(ctx, q.Survey, q.Campaigns)
	if err != nil {
		return Result{}, err
	}
	key := strings.Join([]string{q.Survey.Version, strings.Join(q.Campaigns, ","), q.Method, q.Group, q.Lang, version, q.From, q.To}, "|")
	s.mu.Lock()
	r, ok := s.cache[key]
	s.mu.Unlock()
	if ok {
		return r, nil
	}
	if q.From != "" || q.To != "" {
		if sets, err = s.readRange(ctx, q); err != nil {
			return Result{}, err
		}
	}
	r, err = compute(q, sets)
	if err != nil {
		return Result{}, err
	}
	s.mu.Lock()
	if _, dup := s.cache[key]; !dup {
		s.cache[key] = r
		s.order = append(s.order, key)
		if len(s.order) > maxCached {
			delete(s.cache, s.order[0])
			s.order = s.order[1:]
		}
	}
	s.mu.Unlock()
	return r, nil
}

// Read sums the counters of the campaigns for everyone and each group
// (respondents and pair histograms), keyed as in the counters. The data
// version is the respondent count of each campaign's "all" counters: any
// new response changes it.
func (s *Service) Read(ctx context.Context, sv *survey.Survey, campaigns []string) (map[string]map[string]int64, string, error) {
	keys := []string{response.GroupAll}
	for _, g := range sv.Groups {
		keys = append(keys, response.GroupKey(g.ID))
	}
	sets := map[string]map[string]int64{}
	var version []string
	for _, code := range campaigns {
		for _, k := range keys {
			c, err := s.counters.Counters(ctx, collect.CounterID(code, k))
			if err != nil {
				return nil, "", err
			}
			if k == response.GroupAll {
				version = append(version, strconv.FormatInt(c[response.FieldRespondents], 10))
			}
			sum := sets[k]
			if sum == nil {
				sum = map[string]int64{}
				sets[k] = sum
			}
			for f, v := range c {
				if f == response.FieldRespondents || strings.HasPrefix(f, "p|") {
					sum[f] += v
				}
			}
		}
	}
	return sets, strings.Join(version, ","), nil
}

// Shown applies the small-group rule to the campaigns' counters: which
// groups (keyed as in the counters) may be shown.
func (s *Service) Shown(ctx context.Context, sv *survey.Survey, campaigns []string) (map[string]bool, error) {
	sets, _, err := s.Read(ctx, sv, campaigns)
	if err != nil {
		return nil, err
	}
	return Disclose(sv, sets), nil
}

// readRange sums, from the responses, what the counters would hold for
// the answers given between q.From and q.To.
func (s *Service) readRange(ctx context.Context, q Query) (map[string]map[string]int64, error) {
	if s.responses == nil {
		return nil, badQuery("from", "date ranges are not available here")
	}
	sets := map[string]map[string]int64{response.GroupAll: {}}
	for _, g := range q.Survey.Groups {
		sets[response.GroupKey(g.ID)] = map[string]int64{}
	}
	for _, code := range q.Campaigns {
		err := s.responses.StreamResponses(ctx, code, func(r store.Response) error {
			if (q.From != "" && r.Date < q.From) || (q.To != "" && r.Date > q.To) {
				return nil
			}
			a := response.Answer{Date: r.Date, Background: r.Background}
			for _, j := range r.Judgments {
				a.Judgments = append(a.Judgments, response.Weighed{A: j.A, B: j.B, Value: j.Value, Skip: j.Skip})
			}
			for _, inc := range response.Increments(q.Survey, a) {
				for f, v := range inc.Fields {
					if f == response.FieldRespondents || strings.HasPrefix(f, "p|") {
						sets[inc.Group][f] += v
					}
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return sets, nil
}

// compute fits every group and applies the small-group rule.
func compute(q Query, sets map[string]map[string]int64) (Result, error) {
	sv := q.Survey
	shown := Disclose(sv, sets)
	main := response.GroupAll
	if q.Group != "" {
		main = response.GroupKey(q.Group)
	}
	r := Result{Method: q.Method, Group: q.Group, MinGroupSize: sv.MinGroupSize, Groups: []GroupResult{}}
	items, reg, err := fit(sv, q, sets[main], shown[main])
	if err != nil {
		return Result{}, err
	}
	r.Items, r.Suppressed, r.Regularised = items, !shown[main], reg
	if shown[main] {
		n := sets[main][response.FieldRespondents]
		r.Respondents = &n
	}
	for _, g := range sv.Groups {
		k := response.GroupKey(g.ID)
		items, reg, err := fit(sv, q, sets[k], shown[k])
		if err != nil {
			return Result{}, err
		}
		gr := GroupResult{ID: g.ID, Label: g.Label.In(q.Lang), Suppressed: !shown[k], Items: items, Regularised: reg}
		if shown[k] {
			n := sets[k][response.FieldRespondents]
			gr.Respondents = &n
		}
		r.Groups = append(r.Groups, gr)
	}
	return r, nil
}

// fit computes one group's items; a suppressed group gets its items with
// every number nil.
func fit(sv *survey.Survey, q Query, counters map[string]int64, show bool) ([]Item, bool, error) {
	items := make([]Item, len(sv.Items))
	for i, it := range sv.Items {
		items[i] = Item{ID: it.ID, Label: it.Label.In(q.Lang)}
	}
	if !show {
		return items, false, nil
	}
	h, err := Histogram(sv, counters)
	if err != nil {
		return nil, false, err
	}
	scale := ranking.Scale{Steps: sv.Scale.Steps}
	vals := make([][3]float64, len(items)) // share, low, high
	regularised := false
	switch q.Method {
	case MethodBT, MethodScore:
		c, err := h.Counts(scale)
		if err != nil {
			return nil, false, err
		}
		bt, err := ranking.FitBT(c, ranking.BTOptions{})
		if err != nil {
			return nil, false, fmt.Errorf("results: fit: %w", err)
		}
		regularised = bt.Regularised
		if q.Method == MethodBT {
			for i, b := range bt.Items {
				vals[i] = [3]float64{b.Share, b.CILow, b.CIHigh}
			}
		} else {
			sc := ranking.ScoreFromBT(bt)
			for i, s := range sc.Items {
				vals[i] = [3]float64{s.Score, s.CILow, s.CIHigh}
			}
		}
	case MethodAHP:
		m, err := h.Matrix(scale)
		if err != nil {
			return nil, false, err
		}
		res, err := ranking.AHP(m, ranking.AHPOptions{})
		if err != nil {
			return nil, false, fmt.Errorf("results: ahp: %w", err)
		}
		for i, a := range res.Items {
			vals[i] = [3]float64{100 * a.PriorityEigen, -1, -1}
		}
	}
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return vals[order[a]][0] > vals[order[b]][0] })
	for rank, i := range order {
		v := vals[i]
		items[i].Share = ptr(round(v[0]))
		if v[1] >= 0 {
			items[i].CILow, items[i].CIHigh = ptr(round(v[1])), ptr(round(v[2]))
		}
		items[i].Rank = ptr(rank + 1)
	}
	return items, regularised, nil
}

// Histogram builds the ranking histogram of one group's counters.
func Histogram(sv *survey.Survey, counters map[string]int64) (*ranking.Histogram, error) {
	ids := make([]string, len(sv.Items))
	for i, it := range sv.Items {
		ids[i] = it.ID
	}
	h, err := ranking.NewHistogram(ids, sv.Scale.Steps)
	if err != nil {
		return nil, err
	}
	for f, n := range counters {
		rest, ok := strings.CutPrefix(f, "p|")
		if !ok || n == 0 {
			continue
		}
		parts := strings.Split(rest, "|")
		if len(parts) != 3 {
			continue
		}
		if _, ok := sv.Item(parts[0]); !ok {
			continue // an item removed in a later survey version
		}
		if _, ok := sv.Item(parts[1]); !ok {
			continue
		}
		skip := parts[2] == "s"
		v := 0
		if !skip {
			if v, err = strconv.Atoi(parts[2]); err != nil || v < -sv.Scale.Steps || v > sv.Scale.Steps {
				continue // a value of another scale version
			}
		}
		if err := h.Add(parts[0], parts[1], v, skip, float64(n)); err != nil {
			return nil, err
		}
	}
	return h, nil
}

func ptr[T any](v T) *T { return &v }

func round(x float64) float64 {
	return float64(int64(x*100+0.5*sign(x))) / 100
}

func sign(x float64) float64 {
	if x < 0 {
		return -1
	}
	return 1
}
