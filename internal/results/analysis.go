package results

import (
	"context"
	"encoding/json"
	"fmt"
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

// Consistency summarises per-respondent consistency: the share of
// circular triads among the triples of items a respondent judged all
// three pairs of (0 = fully consistent).
type Consistency struct {
	Method string `json:"method"`
	// Respondents is how many judged at least one full triple.
	Respondents int `json:"respondents"`
	// Bins count respondents by their share of circular triads, in the
	// ranges of ConsistencyBins.
	Bins   []int   `json:"bins"`
	Median float64 `json:"median"`
	// Consistent is the share (0–100) with no circular triad.
	Consistent float64 `json:"consistent"`
}

// ConsistencyBins are the upper ends of the consistency bins: exactly 0,
// up to 10 %, up to 25 %, up to 50 % and above (shares of a respondent's
// triples that are circular).
var ConsistencyBins = []float64{0, 0.10, 0.25, 0.50, 1}

// Comparison is a set against the rest, per item, on the 0–100 scale of
// the method; Clear marks items whose simultaneous interval (over all
// items) excludes 0.
type Comparison struct {
	Method string `json:"method"`
	// RespondentsA and RespondentsB count the group and the rest.
	RespondentsA int `json:"respondents_a"`
	RespondentsB int `json:"respondents_b"`
	// Detectable is the smallest difference (share points) the data could
	// have marked as clear; 0 when unknown.
	Detectable float64 `json:"detectable"`
	// Items are per method, in the survey's item order.
	Items map[string][]DiffBounds `json:"items"`
}

// DiffBounds is one item's difference A − B with its simultaneous
// interval.
type DiffBounds struct {
	Diff  float64 `json:"diff"`
	Low   float64 `json:"low"`
	High  float64 `json:"high"`
	Clear bool    `json:"clear"`
}

// packed is one judgment in a respondent's record: items by index.
type packed struct {
	a, b uint8
	v    int8
	skip bool
}

// record is one released respondent as the pass keeps them: which
// selected batch, which shown sets, and the judgments.
type record struct {
	batch int32
	sets  uint64
	js    []packed
}

// gather streams the selection's released responses into compact
// records; keys are the set keys (bit i of record.sets is keys[i]).
func (s *Service) gather(ctx context.Context, sv *survey.Survey, campaigns []string, sel Selection, keys []string) ([]record, []*Batch, error) {
	bit := map[string]uint64{}
	for i, k := range keys {
		bit[k] = 1 << i
	}
	item := map[string]uint8{}
	for i, it := range sv.Items {
		item[it.ID] = uint8(i)
	}
	selected := map[string]int32{}
	for i, b := range sel.Batches {
		selected[b.Campaign+"|"+b.From+"|"+b.To] = int32(i)
	}
	batches := make([]*Batch, len(sel.Batches))
	for i := range sel.Batches {
		batches[i] = &sel.Batches[i]
	}
	var recs []record
	err := s.StreamReleased(ctx, sv, campaigns, func(r store.Response, b *Batch, in []string) error {
		bi, ok := selected[b.Campaign+"|"+b.From+"|"+b.To]
		if !ok {
			return nil
		}
		rec := record{batch: bi, js: make([]packed, 0, len(r.Judgments))}
		for _, set := range in {
			rec.sets |= bit[set]
		}
		for _, j := range r.Judgments {
			a, okA := item[j.A]
			b, okB := item[j.B]
			if !okA || !okB || j.Value < -sv.Scale.Steps || j.Value > sv.Scale.Steps {
				continue // an item or scale step of another survey version
			}
			rec.js = append(rec.js, packed{a: a, b: b, v: int8(j.Value), skip: j.Skip})
		}
		recs = append(recs, rec)
		return ctx.Err()
	})
	return recs, batches, err
}

// judgmentsOf turns the records that keep says yes to into judgments,
// numbering respondents by their record.
func judgmentsOf(sv *survey.Survey, recs []record, ids []string, keep func(record) bool) ([]ranking.Judgment, int) {
	var js []ranking.Judgment
	n := 0
	for i, r := range recs {
		if !keep(r) {
			continue
		}
		n++
		for _, p := range r.js {
			js = append(js, ranking.Judgment{Respondent: ids[i], A: sv.Items[p.a].ID, B: sv.Items[p.b].ID, Value: float64(p.v), Skip: p.skip})
		}
	}
	return js, n
}

// analyse computes the Analysis of a selection: one pass over the
// released responses, then every shown set.
func (s *Service) analyse(ctx context.Context, sv *survey.Survey, campaigns []string, sel Selection) (*Analysis, error) {
	shown := Disclose(sv, sel.Sets)
	keys := []string{response.GroupAll}
	for _, g := range sv.Groups {
		if k := response.GroupKey(g.ID); shown[k] {
			keys = append(keys, k)
		}
	}
	if !shown[response.GroupAll] {
		keys = nil
	}
	if len(keys) > 64 {
		return nil, fmt.Errorf("results: analyse: %d target groups, at most 63 supported", len(keys)-1)
	}
	recs, batches, err := s.gather(ctx, sv, campaigns, sel, keys)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(recs))
	for i := range ids {
		ids[i] = strconv.Itoa(i)
	}
	items := make([]string, len(sv.Items))
	for i, it := range sv.Items {
		items[i] = it.ID
	}
	opts := ranking.Options{Items: items, Scale: ranking.Scale{Steps: sv.Scale.Steps}}
	an := &Analysis{Version: sel.Version, From: sel.From, To: sel.To, Batches: len(sel.Batches), Sets: map[string]*SetAnalysis{}}
	for i, key := range keys {
		in := func(r record) bool { return r.sets&(1<<i) != 0 }
		js, n := judgmentsOf(sv, recs, ids, in)
		if key == response.GroupAll {
			an.Respondents = n
		}
		if n < sv.MinGroupSize {
			continue
		}
		sa, err := s.stats.set(js, n, opts, sv.MinGroupSize)
		if err != nil {
			return nil, fmt.Errorf("results: analyse %s: %w", key, err)
		}
		if key != response.GroupAll {
			// The rest: everyone else in the batches the group is shown in,
			// so that rest + group is a sum of whole shown batches.
			inBatch := func(r record) bool { return batches[r.batch].Sets[key] != nil }
			rest, nRest := judgmentsOf(sv, recs, ids, func(r record) bool { return inBatch(r) && !in(r) })
			if nRest >= sv.MinGroupSize {
				if sa.Rest, err = s.stats.compare(js, rest, opts); err != nil {
					return nil, fmt.Errorf("results: compare %s with the rest: %w", key, err)
				}
				sa.Rest.RespondentsA, sa.Rest.RespondentsB = n, nRest
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
	return c
}

// comparison returns the target group's comparison with the rest in the
// query's method (none for AHP, whose priorities have no comparison).
func (an *Analysis) comparison(sv *survey.Survey, q Query, set, group string) *GroupComparison {
	if !an.has(set) || an.Sets[set].Rest == nil {
		return nil
	}
	c := an.Sets[set].Rest
	diffs := c.Items[q.Method]
	if len(diffs) != len(sv.Items) {
		return nil
	}
	out := &GroupComparison{A: group, B: "rest", Method: c.Method, RespondentsA: c.RespondentsA, RespondentsB: c.RespondentsB,
		Detectable: round(c.Detectable)}
	for i, d := range diffs {
		out.Items = append(out.Items, ComparedItem{ID: sv.Items[i].ID, Label: sv.Items[i].Label.In(q.Lang),
			Difference: round(d.Diff), CILow: opt(d.Low), CIHigh: opt(d.High), Clear: d.Clear})
	}
	return out
}
