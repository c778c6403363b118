package results

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/vfv/vfv/internal/ranking"
	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
)

// Analysis is what one pass over a scope's released responses computes:
// per shown set, respondent-level intervals for every method, the
// distribution of respondents' consistency and, for a target group, its
// comparison with the rest. Only sets shown under the release rule are
// in it, and only their released respondents counted.
type Analysis struct {
	// Version is the Selection.Version the pass read.
	Version string `json:"version"`
	// ComputedAt is when (RFC 3339, UTC); From and To the first and last
	// day of the batches read, Batches how many, Respondents everyone's.
	ComputedAt  string `json:"computed_at"`
	From        string `json:"from"`
	To          string `json:"to"`
	Batches     int    `json:"batches"`
	Respondents int    `json:"respondents"`
	// Sets are keyed like the counters (response.GroupAll, "g:"+id).
	Sets map[string]*SetAnalysis `json:"sets"`
	// Order is the first-position effect over everyone; nil when it
	// could not be estimated.
	Order *OrderEffect `json:"order,omitempty"`
}

// SetAnalysis is one shown set's part of an Analysis.
type SetAnalysis struct {
	Respondents int `json:"respondents"`
	// Intervals hold, per results method (bt, score, ahp), one interval
	// per survey item in the survey's order; a method without a
	// respondent-level interval is absent.
	Intervals map[string][]Bounds `json:"intervals"`
	// CIMethod names, per results method, how its intervals were computed.
	CIMethod map[string]string `json:"ci_method"`
	// Consistency is the distribution of the respondents' consistency;
	// nil when fewer than the minimum group size judged a triple.
	Consistency *Consistency `json:"consistency,omitempty"`
	// Rest is the set (a target group) against everyone else in the
	// batches it is shown in; nil for everyone, and when the rest is
	// empty or smaller than the minimum group size.
	Rest *Comparison `json:"rest,omitempty"`
}

// Bounds is an interval on the 0–100 scale of its method.
type Bounds struct {
	Low  float64 `json:"low"`
	High float64 `json:"high"`
}

// Consistency summarises per-respondent consistency: for each respondent,
// the share of circular triads among the triples of items they judged all
// three pairs of with a preference (0 = fully consistent, 0.25 = as if at
// random). Only summaries over at least the minimum group size are kept,
// and no count of respondents by level: no figure about a few people.
type Consistency struct {
	Method string `json:"method"`
	// Respondents is how many judged at least one full triple: kept to
	// check it is at least k, never shown (the group's size minus it
	// would count the few without a full triple).
	Respondents int `json:"respondents,omitempty"`
	// Mean and the quartiles (Q1, Median, Q3) of the respondents' shares
	// of circular triads (0–1); Random is the share expected of answers
	// given at random. A quartile is one person's value (or between two),
	// so the quartiles are shown only over at least 4k respondents
	// (ConsistencyQuartilesFrom), k on either side of each.
	Mean   float64  `json:"mean"`
	Q1     *float64 `json:"q1,omitempty"`
	Median *float64 `json:"median,omitempty"`
	Q3     *float64 `json:"q3,omitempty"`
	Random float64  `json:"random"`
}

// ConsistencyQuartilesFrom times the minimum group size is the number of
// respondents from which consistency quartiles are shown.
const ConsistencyQuartilesFrom = 4

// ConsistencyMethod names the per-respondent consistency measure.
const ConsistencyMethod = "circular-triads"

// Comparison is a set against the rest, per item, in share points (the
// Bradley–Terry share), with simultaneous intervals over all items; Clear
// marks items whose interval excludes 0.
type Comparison struct {
	Method string `json:"method"`
	// RespondentsA and RespondentsB count the group and the rest.
	RespondentsA int `json:"respondents_a"`
	RespondentsB int `json:"respondents_b"`
	// Items are in the survey's item order.
	Items []DiffBounds `json:"items"`
}

// DiffBounds is one item's difference A − B with its simultaneous
// interval and the smallest difference the data could have marked clear.
type DiffBounds struct {
	Diff       float64 `json:"diff"`
	Low        float64 `json:"low"`
	High       float64 `json:"high"`
	Clear      bool    `json:"clear"`
	Detectable float64 `json:"detectable"`
}

// restOf names, in the analysis's sample, the rest of a target group's
// set: everyone else in the batches that show the group's judgments.
func restOf(set string) string { return "rest|" + set }

// gather streams the selection's released responses into a sample: each
// respondent in the shown target-group sets they belong to (as released:
// StreamReleased), and in the rest of each shown target group whose batch
// shows it but who is not in it.
func (s *Service) gather(ctx context.Context, sv *survey.Survey, campaigns []string, sel Selection, groups []string, order *orderPipe) (*ranking.Sample, error) {
	items := make([]string, len(sv.Items))
	for i, it := range sv.Items {
		items[i] = it.ID
	}
	sample, err := ranking.NewSample(items, ranking.Scale{Steps: sv.Scale.Steps})
	if err != nil {
		return nil, err
	}
	selected := map[string]bool{}
	for _, b := range sel.Batches {
		selected[b.Campaign+"|"+b.From+"|"+b.To] = true
	}
	var js []ranking.Judgment
	var in []string
	n := 0
	err = s.StreamReleased(ctx, sv, campaigns, func(r store.Response, b *Batch, sets []string) error {
		if !selected[b.Campaign+"|"+b.From+"|"+b.To] || !b.Judged(response.GroupAll) {
			return nil // a batch whose judgments are too few to show
		}
		in = in[:0]
		for _, g := range groups {
			switch {
			case !b.Judged(g):
				// neither the group nor its rest: a batch that does not
				// show the group's judgments tells neither apart
			case slices.Contains(sets, g):
				in = append(in, g)
			default:
				in = append(in, restOf(g))
			}
		}
		js = js[:0]
		for _, j := range r.Judgments {
			_, okA := sv.Item(j.A)
			_, okB := sv.Item(j.B)
			if !okA || !okB || j.A == j.B || j.Value < -sv.Scale.Steps || j.Value > sv.Scale.Steps {
				continue // an item or scale step of another survey version
			}
			js = append(js, ranking.Judgment{A: j.A, B: j.B, Value: float64(j.Value), Skip: j.Skip})
		}
		n++
		if err := sample.Add(strconv.Itoa(n), in, js); err != nil {
			return err
		}
		if order != nil {
			order.add(n, js)
		}
		return ctx.Err()
	})
	return sample, err
}

// analyse computes the Analysis of a selection: one pass over the
// released responses, then every shown set.
func (s *Service) analyse(ctx context.Context, sv *survey.Survey, campaigns []string, sel Selection) (*Analysis, error) {
	an := &Analysis{Version: sel.Version, From: sel.From, To: sel.To, Batches: len(sel.Batches), Sets: map[string]*SetAnalysis{}}
	shown := Disclose(sv, sel.Sets)
	if !shown[response.GroupAll] {
		return an, nil
	}
	var groups []string
	for _, g := range sv.Groups {
		if k := response.GroupKey(g.ID); shown[k] {
			groups = append(groups, k)
		}
	}
	if 2*len(groups) > ranking.MaxGroups {
		return nil, fmt.Errorf("results: analyse: %d target groups, at most %d", len(groups), ranking.MaxGroups/2)
	}
	order := newOrderPipe(sv.Scale.Steps)
	sample, err := s.gather(ctx, sv, campaigns, sel, groups, order)
	if err != nil {
		order.abort()
		return nil, err
	}
	an.Respondents = sample.Respondents()
	if an.Respondents >= sv.MinGroupSize {
		an.Order = order.fit()
	} else {
		order.abort()
	}
	known := sample.Groups()
	for _, key := range append([]string{response.GroupAll}, groups...) {
		if key != response.GroupAll && !slices.Contains(known, key) {
			continue // no released respondent of the group in the selection
		}
		// A set whose judgments allow no fit (every pair skipped, say)
		// has no intervals; it does not keep the others from theirs.
		sa, err := s.stats.set(sample, key, sv.MinGroupSize)
		if err != nil || sa == nil {
			continue
		}
		if key != response.GroupAll && slices.Contains(known, restOf(key)) {
			if sa.Rest, err = s.stats.compare(sample, key, restOf(key), sv.MinGroupSize); err != nil {
				sa.Rest = nil
			}
		}
		an.Sets[key] = sa
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	return an, nil
}

// encode and decodeAnalysis keep an Analysis in the store.
func (an *Analysis) encode() ([]byte, error) { return json.Marshal(an) }

func decodeAnalysis(data []byte) (*Analysis, error) {
	var an Analysis
	if err := json.Unmarshal(data, &an); err != nil {
		return nil, fmt.Errorf("results: stored intervals: %w", err)
	}
	return &an, nil
}

// covers reports whether the analysis has numbers for set.
func (an *Analysis) has(set string) bool { return an != nil && an.Sets[set] != nil }

// consistency returns set's consistency distribution when at least k
// respondents judged a full triple.
func (an *Analysis) consistency(set string, k int) *Consistency {
	if !an.has(set) {
		return nil
	}
	c := an.Sets[set].Consistency
	if c == nil || c.Respondents < k {
		return nil
	}
	out := *c
	out.Respondents = 0
	if c.Respondents < ConsistencyQuartilesFrom*k {
		out.Q1, out.Median, out.Q3 = nil, nil, nil
	}
	return &out
}

// comparison returns the target group's comparison with the rest, in
// share points whatever the query's method.
func (an *Analysis) comparison(sv *survey.Survey, q Query, set, group string) *GroupComparison {
	if !an.has(set) || an.Sets[set].Rest == nil || len(an.Sets[set].Rest.Items) != len(sv.Items) {
		return nil
	}
	c := an.Sets[set].Rest
	out := &GroupComparison{A: group, B: "rest", Method: c.Method, RespondentsA: c.RespondentsA, RespondentsB: c.RespondentsB}
	for i, d := range c.Items {
		if out.Detectable == 0 || d.Detectable < out.Detectable {
			out.Detectable = round(d.Detectable)
		}
		out.Items = append(out.Items, ComparedItem{ID: sv.Items[i].ID, Label: sv.Items[i].Label.In(q.Lang),
			Difference: round(d.Diff), CILow: opt(d.Low), CIHigh: opt(d.High), Clear: d.Clear, Detectable: round(d.Detectable)})
	}
	return out
}
