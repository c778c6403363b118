// Package results computes what a project group reads: relative-value
// scores per target group from the campaigns' counters, with the
// small-group rule applied (docs/privacy.md), cached per data version.
package results

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vfv/vfv/internal/ranking"
	"github.com/vfv/vfv/internal/release"
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
	// the release batches that lie wholly within those days; Period
	// (YYYY, YYYY-Qn or YYYY-MM) is the same for a fixed period. Answers
	// are released in whole batches, so a period selects whole batches.
	From, To string
	Period   string
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
	// Period is the first and last day of the released batches included.
	Period *Period `json:"period"`
	// ReleasedThrough is the last day released in the scope; Pending the
	// answers stored but not released yet (today's, and a batch waiting
	// for more answers).
	ReleasedThrough string `json:"released_through"`
	Pending         int64  `json:"pending"`
	// Reason says why the main result is suppressed ("few" or
	// "difference"); empty when shown.
	Reason string `json:"reason,omitempty"`
	// Partial is set when the group is shown in some of the selected
	// batches only (Selection.Partial).
	Partial bool `json:"partial,omitempty"`
	// CIMethod names how the intervals shown were computed (CIMethodNone
	// when none is shown); CIStatus is one of the CIStatus constants.
	// CIComputedAt (RFC 3339) and CICovers say when the intervals shown
	// were computed and from which released batches.
	CIMethod     string    `json:"ci_method"`
	CIStatus     string    `json:"ci_status"`
	CIComputedAt string    `json:"ci_computed_at,omitempty"`
	CICovers     *Coverage `json:"ci_covers,omitempty"`
	// Consistency is the main result's respondents' consistency.
	Consistency *Consistency `json:"consistency,omitempty"`
	// OrderEffect is the first-position effect over everyone released
	// (from the same computation as the intervals).
	OrderEffect *OrderEffect `json:"order_effect,omitempty"`
}

// Coverage is the released data an Analysis read: the first and last
// day of its batches, how many batches and respondents.
type Coverage struct {
	From        string `json:"from"`
	To          string `json:"to"`
	Batches     int    `json:"batches"`
	Respondents int    `json:"respondents"`
}

// Period is a span of days.
type Period struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// GroupResult is one target group's result.
type GroupResult struct {
	ID          string `json:"id"`
	Label       string `json:"label"`
	Respondents *int64 `json:"respondents"`
	Suppressed  bool   `json:"suppressed"`
	Items       []Item `json:"items"`
	Regularised bool   `json:"regularised,omitempty"`
	// Reason and Partial are as in Result.
	Reason  string `json:"reason,omitempty"`
	Partial bool   `json:"partial,omitempty"`
	// Consistency is the group's respondents' consistency; Comparison the
	// group against the rest (everyone else in the batches it is shown in).
	Consistency *Consistency     `json:"consistency,omitempty"`
	Comparison  *GroupComparison `json:"comparison,omitempty"`
}

// GroupComparison is a target group against the rest, in the shape of
// `vfv rank --compare`: differences A − B in share points (Bradley–Terry,
// whatever the method shown), with simultaneous intervals over all items
// (ranking.CompareGroups); Clear only where one excludes 0.
type GroupComparison struct {
	A      string `json:"a"`
	B      string `json:"b"`
	Method string `json:"method"`
	// RespondentsA and RespondentsB count the group and the rest.
	RespondentsA int `json:"respondents_a"`
	RespondentsB int `json:"respondents_b"`
	// Detectable is the smallest of the items' Detectable: no smaller
	// difference could have been marked clear.
	Detectable float64        `json:"detectable"`
	Items      []ComparedItem `json:"items"`
}

// ComparedItem is one item of a GroupComparison.
type ComparedItem struct {
	ID         string   `json:"id"`
	Label      string   `json:"label"`
	Difference float64  `json:"difference"`
	CILow      *float64 `json:"ci_low"`
	CIHigh     *float64 `json:"ci_high"`
	Clear      bool     `json:"clear"`
	// Detectable is the smallest difference (share points, either sign)
	// this comparison marks clear for the item with 80 % probability.
	Detectable float64 `json:"detectable"`
}

// Item is one item's value; every number is nil when suppressed, and the
// interval is nil while none has been computed from the released
// respondents (Result.CIStatus). Share is
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
	today     func() string
	surveyOf  func(ctx context.Context, current *survey.Survey, r store.Response) (*survey.Survey, error)
	released  releaseCache
	cache     *Cache[Result]
	stats     statistician
	an        *analyses
}

// maxCached bounds the cache; the oldest entries are dropped first.
const maxCached = 512

// New returns a Service reading counters from cr.
func New(cr CounterReader) *Service {
	return &Service{counters: cr, cache: NewCache[Result](maxCached), an: newAnalyses(), today: func() string { return release.Today(time.Now()) },
		surveyOf: func(_ context.Context, current *survey.Survey, _ store.Response) (*survey.Survey, error) {
			return current, nil
		}}
}

// WithVersions tells the service under which survey version a stored
// response was answered (collect.Service.SurveyOf); without it, the
// current one.
func (s *Service) WithVersions(surveyOf func(ctx context.Context, current *survey.Survey, r store.Response) (*survey.Survey, error)) *Service {
	s.surveyOf = surveyOf
	return s
}

// WithToday sets the clock of the release rule: answers of today are
// never released (collect.Service.ReleaseToday, release.Today: the date
// an hour ago, so that a day's answers are all counted before its week
// is released).
func (s *Service) WithToday(today func() string) *Service {
	s.today = today
	return s
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
	from, to, err := q.span()
	if err != nil {
		return Result{}, err
	}
	sel, err := s.Select(ctx, q.Survey, q.Campaigns, from, to)
	if err != nil {
		return Result{}, err
	}
	an, status, err := s.intervalsFor(ctx, q.Survey, q.Campaigns, sel, from, to)
	if err != nil {
		return Result{}, err
	}
	var anID string
	if an != nil {
		anID = an.Version + "@" + an.ComputedAt
	}
	key := CacheKey(sel.Version, q.Method, q.Group, q.Lang, status, anID)
	if r, ok := s.cache.Get(key); ok {
		return r, nil
	}
	r, err := compute(q, sel, an, status)
	if err != nil {
		return Result{}, err
	}
	s.cache.Put(key, r)
	return r, nil
}

// Shown applies the small-group rule to the released answers of the
// campaigns: which groups (keyed as in the counters) may be shown.
func (s *Service) Shown(ctx context.Context, sv *survey.Survey, campaigns []string) (map[string]bool, error) {
	sel, err := s.Select(ctx, sv, campaigns, "", "")
	if err != nil {
		return nil, err
	}
	return Disclose(sv, sel.Sets), nil
}

// compute fits every group, applies the small-group rule and adds the
// respondent-level statistics of an (nil: none yet).
func compute(q Query, sel Selection, an *Analysis, status string) (Result, error) {
	sv := q.Survey
	sets := sel.Sets
	shown := Disclose(sv, sets)
	main := response.GroupAll
	if q.Group != "" {
		main = response.GroupKey(q.Group)
	}
	r := Result{Method: q.Method, Group: q.Group, MinGroupSize: sv.MinGroupSize, Groups: []GroupResult{},
		ReleasedThrough: sel.Through, Pending: sel.Pending}
	if sel.From != "" {
		r.Period = &Period{From: sel.From, To: sel.To}
	}
	items, reg, err := fit(sv, q, sets[main], shown[main])
	if err != nil {
		return Result{}, err
	}
	r.Items, r.Suppressed, r.Regularised = items, !shown[main], reg
	r.Reason, r.Partial = reason(sv, sel, main, shown[main])
	if r.Reason == ReasonJudges {
		n := sets[main][response.FieldRespondents]
		r.Respondents = &n
	}
	if shown[main] {
		n := sets[main][response.FieldRespondents]
		r.Respondents = &n
		r.Consistency = an.consistency(main, sv.MinGroupSize)
		if main != response.GroupAll {
			// Consistency is shown for everyone only: each respondent's
			// consistency can be read from the judgments export, but which
			// group a row belongs to is what that export withholds, and a
			// group's consistency beside everyone's would tell it
			// (docs/privacy.md, "Consistency").
			r.Consistency = nil
		}
	}
	var used []string
	used = addIntervals(r.Items, an, main, q.Method, shown[main], used)
	for _, g := range sv.Groups {
		k := response.GroupKey(g.ID)
		items, reg, err := fit(sv, q, sets[k], shown[k])
		if err != nil {
			return Result{}, err
		}
		gr := GroupResult{ID: g.ID, Label: g.Label.In(q.Lang), Suppressed: !shown[k], Items: items, Regularised: reg}
		gr.Reason, gr.Partial = reason(sv, sel, k, shown[k])
		if gr.Reason == ReasonJudges {
			n := sets[k][response.FieldRespondents]
			gr.Respondents = &n
		}
		if shown[k] {
			n := sets[k][response.FieldRespondents]
			gr.Respondents = &n
			gr.Comparison = an.comparison(sv, q, k, g.ID)
		}
		used = addIntervals(gr.Items, an, k, q.Method, shown[k], used)
		r.Groups = append(r.Groups, gr)
	}
	r.setCI(an, status, used)
	if an != nil && shown[response.GroupAll] && an.Order != nil {
		oe := *an.Order
		r.OrderEffect = &oe
	}
	return r, nil
}

// addIntervals sets the items' intervals from the analysis of set and
// notes the method they were computed with.
func addIntervals(items []Item, an *Analysis, set, method string, shown bool, used []string) []string {
	if !shown || !an.has(set) {
		return used
	}
	sa := an.Sets[set]
	bounds := sa.Intervals[method]
	if len(bounds) != len(items) {
		return used
	}
	for i := range items {
		items[i].CILow, items[i].CIHigh = opt(bounds[i].Low), opt(bounds[i].High)
	}
	if m := sa.CIMethod[method]; !slices.Contains(used, m) {
		used = append(used, m)
	}
	return used
}

// setCI says which intervals the result shows: how they were computed,
// when, and which batches they cover.
func (r *Result) setCI(an *Analysis, status string, used []string) {
	slices.Sort(used)
	r.CIMethod, r.CIStatus = strings.Join(used, ","), status
	if len(used) == 0 {
		r.CIMethod = CIMethodNone
		if status != CIStatusComputing {
			r.CIStatus = CIStatusNone
		}
	}
	if an != nil && len(used) > 0 {
		r.CIComputedAt = an.ComputedAt
		r.CICovers = &Coverage{From: an.From, To: an.To, Batches: an.Batches, Respondents: an.Respondents}
	}
}

// fit computes one group's items from its counters, without intervals
// (respondent-level ones come from an Analysis); a suppressed group gets
// its items with every number nil.
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
	vals := make([]float64, len(items))
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
				vals[i] = b.Share
			}
		} else {
			sc := ranking.ScoreFromBT(bt)
			for i, s := range sc.Items {
				vals[i] = s.Score
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
			vals[i] = 100 * a.PriorityEigen
		}
	}
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return vals[order[a]] > vals[order[b]] })
	for rank, i := range order {
		items[i].Share = ptr(round(vals[i]))
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

// reason says why a set is not shown, or whether it is shown with some
// of its answers left out. A set whose members may be shown but whose
// judges are too few is ReasonJudges: its member count stays shown.
func reason(sv *survey.Survey, sel Selection, set string, shown bool) (string, bool) {
	why := sel.Withheld[set]
	if shown {
		return "", sel.PartialJudgments(set)
	}
	if sel.Sets[set][response.FieldRespondents] >= int64(sv.MinGroupSize) && !Judged(sv, sel.Sets[set]) {
		return ReasonJudges, false
	}
	if why == "" {
		why = release.ReasonFew
	}
	return why, false
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
