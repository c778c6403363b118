package store_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/store/storetest"
)

// openPair opens two stores on one database, as two replicas do: the
// second shares the embedded store of the first, or the same database on
// MONGODB_URI.
func openPair(t *testing.T) (a, b *store.Store) {
	t.Helper()
	ctx := context.Background()
	opts := storetest.Options(t)
	a, err := store.Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	opts.Role = "replica"
	b, err = store.Open(ctx, opts)
	if err != nil {
		_ = a.Close(ctx)
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = b.Close(ctx)
		if opts.URI != "" {
			_ = a.DropDatabase(ctx)
		}
		_ = a.Close(ctx)
	})
	return a, b
}

// TestConformanceShards: two writers on one database each count in their
// own shards, and Counters sums exactly the registered shards and the
// legacy document, read by their known ids: neither an unregistered shard
// nor a document whose id merely starts with the counter's id counts.
func TestConformanceShards(t *testing.T) {
	a, b := openPair(t)
	ctx := context.Background()
	const each = 30
	var wg sync.WaitGroup
	errs := make(chan error, 2*each)
	for wi, s := range []*store.Store{a, b} {
		for i := range each {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := store.Response{ID: fmt.Sprintf("00000000-0000-4000-8000-%06d%06d", wi, i), Campaign: "SH", SurveyID: "s", Version: "v", Date: "2026-11-26", Hash: "h"}
				_, err := s.SaveResponse(ctx, r, []store.CounterInc{
					{ID: "SH|all", Fields: map[string]int64{"n": 1, "d|2026-11-26": 1}},
					{ID: "SH|day:2026-11-26", Fields: map[string]int64{"n": 1, "sig|": 1}},
				}, nil)
				errs <- err
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("SaveResponse: %v", err)
		}
	}
	// Another process's counts follow within a counting round; here both
	// "processes" are in this one, so wait for both.
	for _, s := range []*store.Store{a, b} {
		if err := s.Settle(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// The legacy shard counts; decoys must not.
	decoys := []struct {
		campaign, writer string
		incs             []store.CounterInc
	}{
		{"SH", "", []store.CounterInc{{ID: "SH|all", Fields: map[string]int64{"n": 7}}, {ID: "SH|allx", Fields: map[string]int64{"n": 500}}}},
		{"SH", "unregistered", []store.CounterInc{{ID: "SH|all", Fields: map[string]int64{"n": 1000}}}},
		{"SHX", "", []store.CounterInc{{ID: "SHX|all", Fields: map[string]int64{"n": 300}}}},
	}
	for _, d := range decoys {
		if err := a.ReplaceWriterCounters(ctx, d.campaign, d.writer, d.incs); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{a.Writer(), b.Writer()}
	slices.Sort(want)
	if ws, err := a.CampaignWriters(ctx, "SH"); err != nil || !slices.Equal(ws, want) {
		t.Errorf("CampaignWriters(SH) = %v, %v; want %v", ws, err, want)
	}
	for _, s := range []*store.Store{a, b} {
		if c, err := s.Counters(ctx, "SH|all"); err != nil || c["n"] != 2*each+7 || c["d|2026-11-26"] != 2*each {
			t.Errorf("Counters(SH|all) = %v, %v; want n %d (two writers and the legacy shard), d %d", c, err, 2*each+7, 2*each)
		}
		if c, err := s.Counters(ctx, "SH|day:2026-11-26"); err != nil || c["n"] != 2*each || c["sig|"] != 2*each {
			t.Errorf("Counters(SH|day) = %v, %v; want n and sig| %d", c, err, 2*each)
		}
	}
	if live, err := b.WriterLive(ctx, a.Writer()); err != nil || !live {
		t.Errorf("WriterLive(the other running writer) = %v, %v; want true", live, err)
	}
	// A clean stop marks the writer done; its shards still count.
	bw := b.Writer()
	if err := b.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if ws, err := a.WritersToRebuild(ctx); err != nil || slices.Contains(ws, bw) {
		t.Errorf("WritersToRebuild after a clean stop = %v, %v; want without %s", ws, err, bw)
	}
	if c, _ := a.Counters(ctx, "SH|all"); c["n"] != 2*each+7 {
		t.Errorf("Counters(SH|all) after a writer stopped = %d, want %d", c["n"], 2*each+7)
	}
}

// TestConformanceInsertManyDuplicates: responses submitted twice at once
// land in one group commit's unordered InsertMany; each id is stored once,
// answered Created once and Duplicate (or Conflict, for other content)
// otherwise, and counted once.
func TestConformanceInsertManyDuplicates(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	const ids = 20
	type result struct {
		out store.Outcome
		err error
	}
	results := make(chan result, 3*ids)
	var wg sync.WaitGroup
	for i := range ids {
		for k := range 3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := store.Response{ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), Campaign: "DUP", SurveyID: "s", Version: "v", Date: "2026-11-26", Hash: "h"}
				if k == 2 {
					r.Hash = "other"
				}
				out, err := s.SaveResponse(ctx, r, []store.CounterInc{{ID: "DUP|all", Fields: map[string]int64{"n": 1}}}, nil)
				results <- result{out, err}
			}()
		}
	}
	wg.Wait()
	close(results)
	got := map[store.Outcome]int{}
	for r := range results {
		if r.err != nil {
			t.Fatalf("SaveResponse: %v", r.err)
		}
		got[r.out]++
	}
	if got[store.Created] != ids || got[store.Duplicate]+got[store.Conflict] != 2*ids {
		t.Errorf("outcomes = %v; want %d Created and %d Duplicate or Conflict", got, ids, 2*ids)
	}
	if n, err := s.ResponseCount(ctx); err != nil || n != ids {
		t.Errorf("ResponseCount = %d, %v; want %d", n, err, ids)
	}
	if c, _ := s.Counters(ctx, "DUP|all"); c["n"] != ids {
		t.Errorf("DUP|all n = %d, want %d", c["n"], ids)
	}
}
