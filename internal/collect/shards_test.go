package collect_test

import (
	"context"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/google/uuid"

	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/store"
)

// TestLegacyCountersStillCount: responses and counters from before
// sharding (no writer: the legacy shard, as an import writes them) are
// counted beside the writer's shards without any migration, and a
// recount rebuilds both to the same sums.
func TestLegacyCountersStillCount(t *testing.T) {
	svc, st, sv := setup(t)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(11, 12))
	var old []store.Response
	for range 4 {
		r := store.Response{ID: uuid.NewString(), Campaign: "CAMP777", SurveyID: sv.ID, Version: sv.Version, Date: "2026-11-20", Lang: "sv", Hash: "old",
			Background: map[string]string{}, Judgments: []store.Judgment{{A: sv.Items[0].ID, B: sv.Items[1].ID, Value: 1}}}
		old = append(old, r)
	}
	if _, err := st.ImportResponses(ctx, old); err != nil {
		t.Fatal(err)
	}
	if err := svc.RepairPending(ctx); err != nil { // what the first start of a new version does
		t.Fatal(err)
	}
	for range 6 {
		if _, err := svc.Submit(ctx, randomSubmission(rng, sv)); err != nil {
			t.Fatal(err)
		}
	}
	before := counters(t, st, sv)
	if n := before[response.GroupAll]["n"]; n != 10 {
		t.Fatalf("n = %d, want 10 (4 legacy + 6 new)", n)
	}
	if day := before[response.GroupAll][response.DayField("2026-11-20")]; day != 4 {
		t.Errorf("legacy day field = %d, want 4", day)
	}
	if _, err := svc.Recount(ctx, "CAMP777"); err != nil {
		t.Fatal(err)
	}
	if after := counters(t, st, sv); !reflect.DeepEqual(before, after) {
		t.Errorf("counters differ from the recount:\nbefore %v\nrecount %v", before, after)
	}
}
