package results

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
)

// fakeStore holds counters and responses in memory, as the store would
// after the answers were counted.
type fakeStore struct {
	counters  map[string]map[string]int64
	responses []store.Response
}

func (f *fakeStore) Counters(_ context.Context, id string) (map[string]int64, error) {
	c := map[string]int64{}
	for k, v := range f.counters[id] {
		c[k] = v
	}
	return c, nil
}

func (f *fakeStore) StreamResponses(_ context.Context, campaign string, fn func(store.Response) error) error {
	for _, r := range f.responses {
		if r.Campaign == campaign {
			if err := fn(r); err != nil {
				return err
			}
		}
	}
	return nil
}

func (f *fakeStore) add(sv *survey.Survey, r store.Response) {
	a := response.Answer{Date: r.Date, Background: r.Background}
	for _, j := range r.Judgments {
		a.Judgments = append(a.Judgments, response.Weighed{A: j.A, B: j.B, Value: j.Value, Skip: j.Skip})
	}
	for _, inc := range response.Increments(sv, a) {
		id := collect.CounterID(r.Campaign, inc.Group)
		if f.counters[id] == nil {
			f.counters[id] = map[string]int64{}
		}
		for k, v := range inc.Fields {
			f.counters[id][k] += v
		}
	}
	f.responses = append(f.responses, r)
}

func testSurvey(t *testing.T) *survey.Survey {
	t.Helper()
	svs, err := survey.LoadDir("../../surveys")
	if err != nil {
		t.Fatal(err)
	}
	for _, sv := range svs {
		if sv.ID == "unga-vuxna" {
			return sv
		}
	}
	t.Fatal("no unga-vuxna")
	return nil
}

// TestReleasedFromCountersEqualsResponses: the batches built from the day
// counters equal those built from the responses (the fallback for
// counters from before day counters existed), and a day counter that
// disagrees with the campaign's count of the day sends the service to the
// responses.
func TestReleasedFromCountersEqualsResponses(t *testing.T) {
	sv := testSurvey(t)
	rng := rand.New(rand.NewPCG(5, 6))
	f := &fakeStore{counters: map[string]map[string]int64{}}
	start := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	for i := range 300 {
		bg := map[string]string{}
		for _, q := range sv.Background {
			if rng.IntN(8) > 0 {
				bg[q.ID] = q.Answers[rng.IntN(len(q.Answers))].ID
			}
		}
		r := store.Response{ID: fmt.Sprint(i), Campaign: "C", Date: start.AddDate(0, 0, rng.IntN(40)).Format(time.DateOnly), Background: bg}
		for p := range 5 {
			r.Judgments = append(r.Judgments, store.Judgment{A: sv.Items[p].ID, B: sv.Items[p+1].ID, Value: rng.IntN(5) - 2})
		}
		f.add(sv, r)
	}
	today := func() string { return "2026-11-15" }
	fromCounters, err := New(f).WithResponses(f).WithToday(today).Released(context.Background(), sv, "C")
	if err != nil {
		t.Fatal(err)
	}
	noStream := &fakeStore{counters: f.counters}
	if r, _ := New(noStream).WithResponses(noStream).WithToday(today).Released(context.Background(), sv, "C"); !reflect.DeepEqual(r.Batches, fromCounters.Batches) {
		t.Fatal("the day counters were not used: without responses the batches differ")
	}
	if len(fromCounters.Batches) < 5 {
		t.Fatalf("only %d batches", len(fromCounters.Batches))
	}
	// Remove the day counters: the responses give the same batches.
	stripped := &fakeStore{counters: map[string]map[string]int64{}, responses: f.responses}
	for id, c := range f.counters {
		if id != collect.CounterID("C", response.DayGroup(f.responses[0].Date)) {
			stripped.counters[id] = c
		}
	}
	fromResponses, err := New(stripped).WithResponses(stripped).WithToday(today).Released(context.Background(), sv, "C")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromResponses.Batches, fromCounters.Batches) || fromResponses.Version != fromCounters.Version {
		t.Errorf("batches from responses differ from those from the day counters")
	}
}

// TestReleasedJudges: a batch counts a set's judges apart from its
// members (release.Judgments). The group of 5 where 4 skipped every pair
// keeps its members but no judgment figure, in its counters, in the
// selection, and for Judged; the same comes from counters written before
// judges were counted (read from the responses instead).
func TestReleasedJudges(t *testing.T) {
	sv := testSurvey(t)
	group := response.GroupKey("varken-jobb-eller-studier")
	idle := map[string]string{"alder": "20-24", "kon": "kvinna", "gor-nu": "inget", "bor": "tatort"}
	studying := map[string]string{"alder": "20-24", "kon": "kvinna", "gor-nu": "studerar", "bor": "tatort"}
	f := &fakeStore{counters: map[string]map[string]int64{}}
	for i := range 15 {
		bg, skip := studying, false
		if i >= 10 {
			bg, skip = idle, i < 14 // 5 idle, of whom 4 skipped every pair
		}
		r := store.Response{ID: fmt.Sprint(i), Campaign: "C", Date: "2026-11-03", Background: bg}
		for p := range 3 {
			r.Judgments = append(r.Judgments, store.Judgment{A: sv.Items[p].ID, B: sv.Items[p+1].ID, Value: i%5 - 2, Skip: skip})
		}
		f.add(sv, r)
	}
	today := func() string { return "2026-11-15" }
	// counted is f's responses counted by a version that counted no judges
	// for the first `before` of them.
	counted := func(before int) *fakeStore {
		out := &fakeStore{counters: map[string]map[string]int64{}}
		for i, r := range f.responses {
			out.add(sv, r)
			if i >= before {
				continue
			}
			// Undo what this response added to the judges' fields.
			a := response.Answer{Date: r.Date, Background: r.Background}
			for _, j := range r.Judgments {
				a.Judgments = append(a.Judgments, response.Weighed{A: j.A, B: j.B, Value: j.Value, Skip: j.Skip})
			}
			for _, inc := range response.Increments(sv, a) {
				c := out.counters[collect.CounterID(r.Campaign, inc.Group)]
				for k, v := range inc.Fields {
					if k == response.FieldJudges || k == response.FieldJudgesCounted || strings.HasPrefix(k, "jsig|") || strings.HasSuffix(k, "|"+response.FieldJudges) {
						c[k] -= v
					}
				}
			}
		}
		return out
	}
	for _, tc := range []struct {
		name string
		fs   *fakeStore
	}{{"counters with judges", f}, {"counters from before judges", counted(15)}, {"a day counted partly before judges", counted(12)}} {
		t.Run(tc.name, func(t *testing.T) {
			svc := New(tc.fs).WithResponses(tc.fs).WithToday(today)
			sel, err := svc.Select(context.Background(), sv, []string{"C"}, "", "")
			if err != nil {
				t.Fatal(err)
			}
			if len(sel.Batches) != 1 {
				t.Fatalf("%d batches, want 1", len(sel.Batches))
			}
			b := sel.Batches[0]
			if !b.Judged(response.GroupAll) || b.Judged(group) {
				t.Errorf("Judged(all) = %v, Judged(group) = %v; want true, false", b.Judged(response.GroupAll), b.Judged(group))
			}
			g := sel.Sets[group]
			if g[response.FieldRespondents] != 5 {
				t.Errorf("the group's members = %d, want 5 (kept)", g[response.FieldRespondents])
			}
			for k, v := range g {
				if k != response.FieldRespondents {
					t.Errorf("the group's counters hold %s = %d: a judgment figure of its one judge", k, v)
				}
			}
			if got := sel.Sets[response.GroupAll][response.FieldJudges]; got != 11 {
				t.Errorf("everyone's judges = %d, want 11", got)
			}
			if Judged(sv, g) || !Judged(sv, sel.Sets[response.GroupAll]) || !sel.PartialJudgments(group) || sel.Partial(group) {
				t.Errorf("Judged(group) = %v, Judged(all) = %v, PartialJudgments = %v, Partial = %v; want false, true, true, false",
					Judged(sv, g), Judged(sv, sel.Sets[response.GroupAll]), sel.PartialJudgments(group), sel.Partial(group))
			}
		})
	}
}
