package results

import (
	"context"
	"math"
	"slices"
	"strings"

	"github.com/vfv/vfv/internal/ranking"
	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/survey"
)

// ChangeLevel is the simultaneous confidence level of a change's
// intervals.
const ChangeLevel = 0.95

// ChangeQuery asks for the change between two waves of one survey: the
// campaigns of the first (Before) and of the second (After), for example
// the same sites a project year apart.
type ChangeQuery struct {
	Survey        *survey.Survey
	Before, After []string
	// Method is bt (the only one with an interval from the counters).
	Method string
	// Group is the main result's target group ("" for everyone).
	Group string
	Lang  string
}

// Change is the change in Bradley–Terry share, in percentage points, from
// the Before wave to the After wave, for the main group and each target
// group. Each wave is read through the release rule exactly as its own
// results page reads it (Select, Disclose); a group that may not be shown
// in either wave is suppressed, with every number null.
type Change struct {
	Method      string        `json:"method"`
	Group       string        `json:"group,omitempty"`
	Level       float64       `json:"level"`
	Suppressed  bool          `json:"suppressed"`
	Respondents *WaveCounts   `json:"respondents"`
	Items       []ChangeItem  `json:"items"`
	Groups      []ChangeGroup `json:"groups"`
	// LeftOut are the items not compared: not answered in both waves (a
	// survey version that added or removed them).
	LeftOut []LeftOutItem `json:"left_out"`
	// Before and After are the released days of each wave.
	Before *Period `json:"before_period"`
	After  *Period `json:"after_period"`
}

// WaveCounts are a shown group's respondents in each wave.
type WaveCounts struct {
	Before int64 `json:"before"`
	After  int64 `json:"after"`
}

// ChangeItem is one item's share in each wave and the change, with its
// simultaneous interval and whether the change is clear (the interval
// leaves out zero).
type ChangeItem struct {
	ID     string   `json:"id"`
	Label  string   `json:"label"`
	Before *float64 `json:"before"`
	After  *float64 `json:"after"`
	Change *float64 `json:"change"`
	CILow  *float64 `json:"ci_low"`
	CIHigh *float64 `json:"ci_high"`
	Clear  *bool    `json:"clear"`
}

// ChangeGroup is one target group's change.
type ChangeGroup struct {
	ID          string       `json:"id"`
	Label       string       `json:"label"`
	Suppressed  bool         `json:"suppressed"`
	Respondents *WaveCounts  `json:"respondents"`
	Items       []ChangeItem `json:"items"`
}

// LeftOutItem is an item the waves do not share.
type LeftOutItem struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// Change computes the change between the waves of q.
func (s *Service) Change(ctx context.Context, q ChangeQuery) (Change, error) {
	sv := q.Survey
	if q.Method == "" {
		q.Method = MethodBT
	}
	if q.Method != MethodBT {
		return Change{}, badQuery("method", "method %q has no interval to compare waves with; use bt", q.Method)
	}
	if q.Group != "" {
		if _, ok := sv.Group(q.Group); !ok {
			return Change{}, badQuery("group", "survey %s has no target group %q", sv.ID, q.Group)
		}
	}
	switch {
	case len(q.Before) == 0:
		return Change{}, badQuery("before", "before names no campaign; give campaign codes separated by commas")
	case len(q.After) == 0:
		return Change{}, badQuery("after", "after names no campaign; give campaign codes separated by commas")
	}
	for _, code := range q.Before {
		if slices.Contains(q.After, code) {
			return Change{}, badQuery("after", "campaign %s is in both waves; each campaign belongs to one wave", code)
		}
	}
	before, err := s.Select(ctx, sv, q.Before, "", "")
	if err != nil {
		return Change{}, err
	}
	after, err := s.Select(ctx, sv, q.After, "", "")
	if err != nil {
		return Change{}, err
	}
	return changeOf(q, before, after)
}

// changeOf fits each wave's shown groups on the items both waves share.
func changeOf(q ChangeQuery, before, after Selection) (Change, error) {
	sv := q.Survey
	shared := *sv
	shared.Items = nil
	out := Change{Method: q.Method, Group: q.Group, Level: ChangeLevel, Groups: []ChangeGroup{}, LeftOut: []LeftOutItem{}}
	for _, it := range sv.Items {
		if answered(before.Sets[response.GroupAll], it.ID) && answered(after.Sets[response.GroupAll], it.ID) {
			shared.Items = append(shared.Items, it)
		} else {
			out.LeftOut = append(out.LeftOut, LeftOutItem{ID: it.ID, Label: it.Label.In(q.Lang)})
		}
	}
	if before.From != "" {
		out.Before = &Period{From: before.From, To: before.To}
	}
	if after.From != "" {
		out.After = &Period{From: after.From, To: after.To}
	}
	shownB, shownA := Disclose(sv, before.Sets), Disclose(sv, after.Sets)
	one := func(key string) ([]ChangeItem, *WaveCounts, bool, error) {
		show := shownB[key] && shownA[key]
		items, err := changeItems(&shared, q.Lang, before.Sets[key], after.Sets[key], show)
		if err != nil || !show {
			return items, nil, !show, err
		}
		return items, &WaveCounts{Before: before.Sets[key][response.FieldRespondents], After: after.Sets[key][response.FieldRespondents]}, false, nil
	}
	main := response.GroupAll
	if q.Group != "" {
		main = response.GroupKey(q.Group)
	}
	var err error
	if out.Items, out.Respondents, out.Suppressed, err = one(main); err != nil {
		return Change{}, err
	}
	for _, g := range sv.Groups {
		cg := ChangeGroup{ID: g.ID, Label: g.Label.In(q.Lang)}
		if cg.Items, cg.Respondents, cg.Suppressed, err = one(response.GroupKey(g.ID)); err != nil {
			return Change{}, err
		}
		out.Groups = append(out.Groups, cg)
	}
	return out, nil
}

// answered reports whether an everyone counter set holds a judgment of
// the item.
func answered(counters map[string]int64, item string) bool {
	for f, n := range counters {
		rest, ok := strings.CutPrefix(f, "p|")
		if !ok || n == 0 {
			continue
		}
		parts := strings.Split(rest, "|")
		if len(parts) == 3 && (parts[0] == item || parts[1] == item) {
			return true
		}
	}
	return false
}

// changeItems fits both waves of one group separately (Bradley–Terry on
// the shared items) and compares the shares. The waves are different
// respondents, so the variance of the change is the sum of the waves'
// (delta method on each fit's covariance); the intervals are Bonferroni
// intervals over the items, so that "clear" holds for all items at once
// at ChangeLevel.
func changeItems(sv *survey.Survey, lang string, before, after map[string]int64, show bool) ([]ChangeItem, error) {
	items := make([]ChangeItem, len(sv.Items))
	for i, it := range sv.Items {
		items[i] = ChangeItem{ID: it.ID, Label: it.Label.In(lang)}
	}
	if !show || len(items) < 2 {
		return items, nil
	}
	sb, vb, err := shareFit(sv, before)
	if err != nil {
		return nil, err
	}
	sa, va, err := shareFit(sv, after)
	if err != nil {
		return nil, err
	}
	z := SimultaneousZ(ChangeLevel, len(items))
	for i := range items {
		d := sa[i] - sb[i]
		half := z * math.Sqrt(va[i]+vb[i])
		// A change of shares lies within ±100 points whatever the
		// normal approximation says.
		lo, hi := max(d-half, -100), min(d+half, 100)
		clear := lo > 0 || hi < 0
		items[i].Before, items[i].After, items[i].Change = ptr(round(sb[i])), ptr(round(sa[i])), ptr(round(d))
		items[i].CILow, items[i].CIHigh, items[i].Clear = ptr(round(lo)), ptr(round(hi)), &clear
	}
	return items, nil
}

// SimultaneousZ is the normal quantile that makes m two-sided intervals
// hold together at level (Bonferroni).
func SimultaneousZ(level float64, m int) float64 {
	alpha := (1 - level) / float64(max(m, 1))
	return math.Sqrt2 * math.Erfinv(1-alpha)
}

// shareFit fits Bradley–Terry to one group's counters and returns every
// item's share (percent) and the variance of the share (delta method:
// ∂s_i/∂b_k = s_i(δ_ik − s_k), in percent²).
func shareFit(sv *survey.Survey, counters map[string]int64) (shares, vars []float64, err error) {
	h, err := Histogram(sv, counters)
	if err != nil {
		return nil, nil, err
	}
	c, err := h.Counts(ranking.Scale{Steps: sv.Scale.Steps})
	if err != nil {
		return nil, nil, err
	}
	bt, err := ranking.FitBT(c, ranking.BTOptions{})
	if err != nil {
		return nil, nil, err
	}
	shares, vars = ShareVariances(bt)
	return shares, vars, nil
}

// ShareVariances returns a fit's shares (percent) and their variances
// (percent²) by the delta method on the log-strengths' covariance.
func ShareVariances(bt ranking.BTResult) (shares, vars []float64) {
	n := len(bt.Items)
	s := make([]float64, n)
	for i, it := range bt.Items {
		s[i] = it.Share / 100
	}
	shares, vars = make([]float64, n), make([]float64, n)
	g := make([]float64, n)
	for i := range n {
		for k := range n {
			g[k] = -s[i] * s[k]
		}
		g[i] += s[i]
		v := 0.0
		for a := range n {
			for b := range n {
				v += g[a] * bt.Cov[a][b] * g[b]
			}
		}
		shares[i], vars[i] = 100*s[i], 1e4*max(v, 0)
	}
	return shares, vars
}
