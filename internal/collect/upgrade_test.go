package collect_test

import (
	"context"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/store"
)

// TestUpgradeCounters: counters kept by a vfv that did not count judges
// (their day counters lack j, jsig| and jn) are recounted by
// UpgradeCounters, to exactly what this vfv keeps; counters already
// current are left alone.
func TestUpgradeCounters(t *testing.T) {
	svc, st, sv := setup(t)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(11, 12))
	for range 12 {
		if _, err := svc.Submit(ctx, randomSubmission(rng, sv)); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := svc.UpgradeCounters(ctx); err != nil || len(got) != 0 {
		t.Fatalf("UpgradeCounters on current counters = %v, %v; want nothing recounted", got, err)
	}
	want := counters(t, st, sv)
	day := collect.CounterID("CAMP777", response.DayGroup(svc.Today()))
	wantDay, err := st.Counters(ctx, day)
	if err != nil || wantDay[response.FieldRespondents] != 12 {
		t.Fatalf("day counters %v, %v; want 12 respondents", wantDay, err)
	}
	// What an older vfv left: the same counters without the judges.
	older := func(c map[string]int64) map[string]int64 {
		out := map[string]int64{}
		for f, v := range c {
			if f == response.FieldJudges || f == response.FieldJudgesCounted || len(f) > 4 && f[:4] == "jsig" {
				continue
			}
			out[f] = v
		}
		return out
	}
	var incs []store.CounterInc
	for g, c := range want {
		incs = append(incs, store.CounterInc{ID: collect.CounterID("CAMP777", g), Fields: older(c)})
	}
	incs = append(incs, store.CounterInc{ID: day, Fields: older(wantDay)})
	if err := st.ReplaceWriterCounters(ctx, "CAMP777", st.Writer(), incs); err != nil {
		t.Fatal(err)
	}
	if c, _ := st.Counters(ctx, day); response.CountsJudges(c) {
		t.Fatalf("the simulated older day counters %v count judges; the test needs them not to", c)
	}
	got, err := svc.UpgradeCounters(ctx)
	if err != nil || !slices.Equal(got, []string{"CAMP777"}) {
		t.Fatalf("UpgradeCounters = %v, %v; want [CAMP777]", got, err)
	}
	if after := counters(t, st, sv); !reflect.DeepEqual(after, want) {
		t.Errorf("counters after the upgrade:\n%v\nwant\n%v", after, want)
	}
	if c, _ := st.Counters(ctx, day); !reflect.DeepEqual(c, wantDay) {
		t.Errorf("day counters after the upgrade: %v, want %v", c, wantDay)
	}
	if got, err := svc.UpgradeCounters(ctx); err != nil || len(got) != 0 {
		t.Errorf("a second UpgradeCounters = %v, %v; want nothing recounted", got, err)
	}
}
