package results

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/vfv/vfv/internal/ranking"
	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/store"
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

// Change is the change in Bradley–Terry share, in points of 100, from the
// Before wave to the After wave, for the main group and each target
// group. Each wave is read through the release rule exactly as its own
// results page reads it (Select, Disclose, StreamReleased); a group that
// may not be shown in either wave is suppressed, with every number null.
// Both waves are fitted separately; the waves are different respondents,
// so the variance of a change is the sum of the waves' respondent-level
// (cluster-robust) variances, and the intervals hold for all items at
// once (max-|t|, ranking.CompareGroups).
type Change struct {
	Method string `json:"method"`
	Group  string `json:"group,omitempty"`
	// Level is the simultaneous confidence level of the intervals;
	// Interval names how they are computed (ranking.CompareMethod).
	Level       float64       `json:"level"`
	Interval    string        `json:"interval"`
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
// simultaneous respondent-level interval and whether the change is clear
// (the interval leaves out zero).
type ChangeItem struct {
	ID     string   `json:"id"`
	Label  string   `json:"label"`
	Before *float64 `json:"before"`
	After  *float64 `json:"after"`
	Change *float64 `json:"change"`
	CILow  *float64 `json:"ci_low"`
	CIHigh *float64 `json:"ci_high"`
	Clear  *bool    `json:"clear"`
	// Detectable is the smallest change (either sign) the comparison
	// marks clear with 80 % probability.
	Detectable *float64 `json:"detectable"`
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

// Change computes the change between the waves of q: it reads each
// wave's released counters (Select) for the release rule and the shared
// items, and its released responses (StreamReleased) for respondent-level
// intervals.
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
	out, shared := changePlan(q, before, after)
	shownB, shownA := Disclose(sv, before.Sets), Disclose(sv, after.Sets)
	var sample *ranking.Sample
	if len(shared.Items) >= 2 && shownB[response.GroupAll] && shownA[response.GroupAll] {
		if sample, err = s.waveSample(ctx, &shared, q); err != nil {
			return Change{}, err
		}
	}
	one := func(key string) ([]ChangeItem, *WaveCounts, bool, error) {
		items := changeLabels(&shared, q.Lang)
		if !shownB[key] || !shownA[key] || sample == nil {
			return items, nil, true, nil
		}
		gc, err := sample.CompareGroups(waveAfter+key, waveBefore+key, ranking.CompareOptions{Level: ChangeLevel, Seed: changeSeed})
		if err != nil {
			return nil, nil, false, fmt.Errorf("results: change of %s: %w", key, err)
		}
		for i, d := range gc.Items {
			clear := d.Clear
			items[i].Before, items[i].After, items[i].Change = ptr(round(d.ShareB)), ptr(round(d.ShareA)), ptr(round(d.Difference))
			// A change of shares lies within ±100 points whatever the
			// normal approximation says.
			items[i].CILow, items[i].CIHigh, items[i].Clear = ptr(round(max(d.CILow, -100))), ptr(round(min(d.CIHigh, 100))), &clear
			items[i].Detectable = ptr(round(d.Detectable))
		}
		return items, &WaveCounts{Before: before.Sets[key][response.FieldRespondents], After: after.Sets[key][response.FieldRespondents]}, false, nil
	}
	main := response.GroupAll
	if q.Group != "" {
		main = response.GroupKey(q.Group)
	}
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

// The wave prefixes of a sample's groups, and the seed of the
// simultaneous critical value (so that a change reads the same twice).
const (
	waveBefore = "before|"
	waveAfter  = "after|"
	changeSeed = 20260901
)

// changePlan is the change's frame: the items both waves answered (the
// rest left out) and the waves' periods.
func changePlan(q ChangeQuery, before, after Selection) (Change, survey.Survey) {
	sv := q.Survey
	shared := *sv
	shared.Items = nil
	out := Change{Method: q.Method, Group: q.Group, Level: ChangeLevel, Interval: ranking.CompareMethod, Groups: []ChangeGroup{}, LeftOut: []LeftOutItem{}}
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
	return out, shared
}

// changeLabels are the shared items without numbers.
func changeLabels(sv *survey.Survey, lang string) []ChangeItem {
	items := make([]ChangeItem, len(sv.Items))
	for i, it := range sv.Items {
		items[i] = ChangeItem{ID: it.ID, Label: it.Label.In(lang)}
	}
	return items
}

// waveSample reads both waves' released respondents into one sample: each
// respondent in "before|SET" or "after|SET" for every set the release rule
// counts them in (StreamReleased), with their judgments of the shared
// items. The waves are different respondents, so CompareGroups treats
// them as independent groups.
func (s *Service) waveSample(ctx context.Context, shared *survey.Survey, q ChangeQuery) (*ranking.Sample, error) {
	ids := make([]string, len(shared.Items))
	for i, it := range shared.Items {
		ids[i] = it.ID
	}
	steps := shared.Scale.Steps
	sample, err := ranking.NewSample(ids, ranking.Scale{Steps: steps})
	if err != nil {
		return nil, fmt.Errorf("results: change: %w", err)
	}
	for _, w := range []struct {
		prefix string
		codes  []string
	}{{waveBefore, q.Before}, {waveAfter, q.After}} {
		err := s.StreamReleased(ctx, q.Survey, w.codes, func(r store.Response, b *Batch, sets []string) error {
			if !b.Judged(response.GroupAll) {
				return nil // judgments of too few to show (release.Judgments)
			}
			groups := make([]string, 0, len(sets))
			for _, set := range sets {
				if b.Judged(set) {
					groups = append(groups, w.prefix+set)
				}
			}
			var js []ranking.Judgment
			for _, j := range r.Judgments {
				_, okA := shared.Item(j.A)
				_, okB := shared.Item(j.B)
				if !okA || !okB || j.A == j.B || j.Value < -steps || j.Value > steps {
					continue // an item or scale of another survey version
				}
				js = append(js, ranking.Judgment{A: j.A, B: j.B, Value: float64(j.Value), Skip: j.Skip})
			}
			return sample.Add(w.prefix+r.ID, groups, js)
		})
		if err != nil {
			return nil, fmt.Errorf("results: change: %w", err)
		}
	}
	return sample, nil
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
