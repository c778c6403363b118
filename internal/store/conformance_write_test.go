package store_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/vfv/vfv/internal/store"
)

// TestConformanceCampaigns exercises every campaign query.
func TestConformanceCampaigns(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	a := store.Campaign{Code: "AAA2345", SurveyID: "unga", Name: "Höst", Site: "Grums fritidsgård", Open: true, Kiosk: true, IdleSeconds: 90, Lang: "sv", Created: "2026-11-01",
		ResultsNote: "Resultaten visas på fritidsgården i mars."}
	b := store.Campaign{Code: "BBB2345", SurveyID: "unga", Name: "Vinter", Site: "Skolan", Open: true, Lang: "en", Created: "2026-11-20"}
	for _, c := range []store.Campaign{a, b} {
		if err := s.CreateCampaign(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CreateCampaign(ctx, a); !errors.Is(err, store.ErrExists) {
		t.Errorf("creating a campaign with a taken code: %v, want ErrExists", err)
	}
	got, err := s.Campaign(ctx, "AAA2345")
	if err != nil || !reflect.DeepEqual(got, a) {
		t.Errorf("Campaign(AAA2345) = %+v, %v; want %+v", got, err, a)
	}
	if _, err := s.Campaign(ctx, "ZZZ2345"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Campaign(unknown) error %v, want ErrNotFound", err)
	}
	if err := s.SetCampaignOpen(ctx, "AAA2345", false); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Campaign(ctx, "AAA2345"); got.Open || got.Name != "Höst" || !got.Kiosk {
		t.Errorf("after closing: %+v, want open=false and the other fields unchanged", got)
	}
	if err := s.SetCampaignOpen(ctx, "ZZZ2345", false); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("closing an unknown campaign: %v, want ErrNotFound", err)
	}
	// UpdateCampaign sets the results note, and clears it.
	for _, note := range []string{"Resultaten visas i april.", ""} {
		c, _ := s.Campaign(ctx, "AAA2345")
		c.ResultsNote = note
		if err := s.UpdateCampaign(ctx, c); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Campaign(ctx, "AAA2345"); !reflect.DeepEqual(got, c) {
			t.Errorf("after UpdateCampaign with note %q: %+v, want %+v", note, got, c)
		}
	}
	list, err := s.Campaigns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, c := range list {
		codes = append(codes, c.Code)
	}
	if want := []string{"BBB2345", "AAA2345"}; !slices.Equal(codes, want) {
		t.Errorf("Campaigns() = %v, want %v (newest first)", codes, want)
	}
	// A campaign without a project moves into one, once: never on to another.
	if err := s.MoveCampaign(ctx, "BBB2345", "grums"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Campaign(ctx, "BBB2345"); got.ProjectID != "grums" || got.Name != "Vinter" {
		t.Errorf("after the move: %+v, want project grums and the other fields unchanged", got)
	}
	if err := s.MoveCampaign(ctx, "BBB2345", "kil"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("moving a campaign out of its project: %v, want ErrNotFound", err)
	}
	if got, _ := s.Campaign(ctx, "BBB2345"); got.ProjectID != "grums" {
		t.Errorf("a second move changed the project to %q, want grums", got.ProjectID)
	}
	if err := s.MoveCampaign(ctx, "ZZZ2345", "grums"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("moving an unknown campaign: %v, want ErrNotFound", err)
	}
}

// TestConformanceResponses exercises the response write protocol, the
// counters ($inc with upsert) and the streaming read.
func TestConformanceResponses(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	r1 := store.Response{ID: "00000000-0000-4000-8000-000000000001", Campaign: "C1", SurveyID: "unga", Version: "v1",
		Date: "2026-11-26", Lang: "ar", Background: map[string]string{"kon": "kvinna", "alder": "16-19"},
		Judgments: []store.Judgment{{A: "jobb", B: "ma-bra", Value: -2}, {A: "boende", B: "jobb", Skip: true}, {A: "x", B: "y", Value: 0}},
		Story:     "Det här är min berättelse – åäö ☺", Hash: "h1"}
	inc := func(id string, f map[string]int64) store.CounterInc { return store.CounterInc{ID: id, Fields: f} }
	out, err := s.SaveResponse(ctx, r1, []store.CounterInc{
		inc("C1|all", map[string]int64{"n": 1, "p|jobb|ma-bra|-2": 1, "d|2026-11-26": 1}),
		inc("C1|g:kvinnor", map[string]int64{"n": 1}),
	}, &store.Story{ID: store.StoryID(r1.ID), Response: r1.ID, Campaign: "C1", Text: r1.Story, Groups: []string{"kvinnor"}, Top: "ma-bra", Lang: "ar"})
	if err != nil || out != store.Created {
		t.Fatalf("SaveResponse = %v, %v; want Created", out, err)
	}
	got, err := s.Response(ctx, r1.ID)
	wantR1 := r1
	wantR1.Writer = s.Writer() // the store names the writer that counts it
	if err != nil || !reflect.DeepEqual(got, wantR1) || got.Writer == "" {
		t.Errorf("Response() = %+v, %v\nwant %+v", got, err, wantR1)
	}
	if _, err := s.Response(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Response(unknown) error %v, want ErrNotFound", err)
	}
	// Replay and conflict leave the counters alone.
	if out, err := s.SaveResponse(ctx, r1, []store.CounterInc{inc("C1|all", map[string]int64{"n": 1})}, nil); out != store.Duplicate || err != nil {
		t.Errorf("replay = %v, %v; want Duplicate", out, err)
	}
	other := r1
	other.Hash = "h2"
	if out, err := s.SaveResponse(ctx, other, []store.CounterInc{inc("C1|all", map[string]int64{"n": 1})}, nil); out != store.Conflict || err != nil {
		t.Errorf("reused id = %v, %v; want Conflict", out, err)
	}
	// A second response increments the existing document.
	r2 := store.Response{ID: "00000000-0000-4000-8000-000000000002", Campaign: "C1", SurveyID: "unga", Version: "v1", Date: "2026-11-27", Hash: "h3",
		Judgments: []store.Judgment{{A: "jobb", B: "ma-bra", Value: 1}}}
	if out, err := s.SaveResponse(ctx, r2, []store.CounterInc{inc("C1|all", map[string]int64{"n": 1, "p|jobb|ma-bra|-2": 2, "d|2026-11-27": 1})}, nil); out != store.Created || err != nil {
		t.Fatalf("second SaveResponse = %v, %v", out, err)
	}
	r3 := r2
	r3.ID, r3.Campaign = "00000000-0000-4000-8000-000000000003", "C2"
	if _, err := s.SaveResponse(ctx, r3, nil, nil); err != nil {
		t.Fatal(err)
	}
	c, err := s.Counters(ctx, "C1|all")
	want := map[string]int64{"n": 2, "p|jobb|ma-bra|-2": 3, "d|2026-11-26": 1, "d|2026-11-27": 1}
	delete(c, "_id")
	delete(c, "campaign")
	if err != nil || !reflect.DeepEqual(c, want) {
		t.Errorf("Counters(C1|all) = %v, %v; want %v", c, err, want)
	}
	if c, _ := s.Counters(ctx, "C1|g:kvinnor"); c["n"] != 1 {
		t.Errorf("Counters(C1|g:kvinnor) n = %d, want 1", c["n"])
	}
	if c, err := s.Counters(ctx, "C9|all"); err != nil || len(c) != 0 {
		t.Errorf("Counters(never incremented) = %v, %v; want empty, nil", c, err)
	}
	var ids []string
	err = s.StreamResponses(ctx, "C1", func(r store.Response) error { ids = append(ids, r.ID); return nil })
	if want := []string{r1.ID, r2.ID}; err != nil || !slices.Equal(ids, want) {
		t.Errorf("StreamResponses(C1) = %v, %v; want %v (only C1, in id order)", ids, err, want)
	}
	stop := errors.New("stop")
	if err := s.StreamResponses(ctx, "C1", func(store.Response) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("StreamResponses passes on the callback's error: got %v", err)
	}
	if p, err := s.PendingCampaigns(ctx); err != nil || len(p) != 0 {
		t.Errorf("PendingCampaigns after complete writes = %v, %v; want none", p, err)
	}
	// Stories: listed per campaign, hidden and shown again, refreshed by a
	// recount without losing the hidden flag.
	stories, err := s.Stories(ctx, "C1")
	wantStory := store.Story{ID: store.StoryID(r1.ID), Response: r1.ID, Campaign: "C1", Text: r1.Story, Groups: []string{"kvinnor"}, Top: "ma-bra", Lang: "ar"}
	if wantStory.ID == r1.ID || len(wantStory.ID) != 24 {
		t.Errorf("StoryID(%s) = %q: want a 24-character hash, not the response id", r1.ID, wantStory.ID)
	}
	if err != nil || len(stories) != 1 || !reflect.DeepEqual(stories[0], wantStory) {
		t.Errorf("Stories(C1) = %+v, %v; want [%+v]", stories, err, wantStory)
	}
	if st, err := s.Story(ctx, wantStory.ID); err != nil || !reflect.DeepEqual(st, wantStory) {
		t.Errorf("Story(id) = %+v, %v", st, err)
	}
	if _, err := s.Story(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Story(unknown) error %v, want ErrNotFound", err)
	}
	if st, err := s.SetStoryHidden(ctx, wantStory.ID, true); err != nil || !st.Hidden {
		t.Errorf("SetStoryHidden = %+v, %v", st, err)
	}
	if err := s.PutStories(ctx, []store.Story{wantStory}); err != nil {
		t.Fatal(err)
	}
	if stories, _ := s.Stories(ctx, "C1"); len(stories) != 1 || !stories[0].Hidden {
		t.Errorf("a refreshed story lost its hidden flag: %+v", stories)
	}
	if _, err := s.SetStoryHidden(ctx, "nope", true); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("hiding an unknown story: %v, want ErrNotFound", err)
	}
	if stories, _ := s.Stories(ctx, "C2"); len(stories) != 0 {
		t.Errorf("Stories(C2) = %v, want none", stories)
	}

	// A rebuild replaces one writer's shards of the campaign and only
	// those: the writer's other shards are emptied, the legacy shards and
	// other campaigns' are kept.
	if err := s.ReplaceWriterCounters(ctx, "C1", "", []store.CounterInc{inc("C1|all", map[string]int64{"n": 5})}); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.Counters(ctx, "C1|all"); c["n"] != 7 || c["p|jobb|ma-bra|-2"] != 3 {
		t.Errorf("after adding a legacy shard: %v, want n=7 (2 + 5) and the pairs kept", c)
	}
	if err := s.ReplaceWriterCounters(ctx, "C1", s.Writer(), []store.CounterInc{inc("C1|all", map[string]int64{"n": 2})}); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.Counters(ctx, "C1|all"); c["n"] != 7 || c["p|jobb|ma-bra|-2"] != 0 {
		t.Errorf("after ReplaceWriterCounters: %v, want only n=7", c)
	}
	if c, _ := s.Counters(ctx, "C1|g:kvinnor"); len(c) != 0 && c["n"] != 0 {
		t.Errorf("a group counter of the rebuilt writer survived: %v", c)
	}
	if c, _ := s.Counters(ctx, "C2|all"); c["n"] != 0 {
		// r3 was saved with no increments; C2 has none.
		t.Errorf("C2|all = %v, want nothing", c)
	}
}

// TestConformanceFailedWrite: a write whose counters fail retires the
// writer, which leaves its response stored (and acknowledged: counting
// follows the acknowledgement) and the writer listed for a rebuild until
// it is marked done; the process goes on under a new writer.
func TestConformanceFailedWrite(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	first := s.Writer()
	// The counter field name is invalid for MongoDB and FerretDB alike
	// ($-prefixed), so the counters fail after the response is stored.
	r := store.Response{ID: "00000000-0000-4000-8000-0000000000aa", Campaign: "C7", SurveyID: "unga", Version: "v1", Date: "2026-11-26", Hash: "h"}
	if out, err := s.SaveResponse(ctx, r, []store.CounterInc{{ID: "C7|all", Fields: map[string]int64{"$bad": 1}}}, nil); out != store.Created || err != nil {
		t.Fatalf("SaveResponse = %v, %v; want Created: the response is stored before it is counted", out, err)
	}
	if err := s.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	if s.Writer() == first {
		t.Errorf("the writer %s was not retired after a failed write", first)
	}
	var retired []string
	retired = append(retired, first)
	for i := range 3 {
		w := s.Writer()
		r2 := r
		r2.ID, r2.Campaign = fmt.Sprintf("00000000-0000-4000-8000-0000000000b%d", i), "C3"
		if _, err := s.SaveResponse(ctx, r2, []store.CounterInc{{ID: "C3|all", Fields: map[string]int64{"$bad": 1}}}, nil); err != nil {
			t.Fatal(err)
		}
		if err := s.Settle(ctx); err != nil {
			t.Fatal(err)
		}
		if s.Writer() == w {
			t.Fatalf("writer %s not retired after its counters failed", w)
		}
		retired = append(retired, w)
	}
	slices.Sort(retired)
	if ws, err := s.WritersToRebuild(ctx); err != nil || !slices.Equal(ws, retired) {
		t.Errorf("WritersToRebuild = %v, %v; want %v", ws, err, retired)
	}
	if c, err := s.WriterCampaigns(ctx, first); err != nil || !slices.Equal(c, []string{"C7"}) {
		t.Errorf("WriterCampaigns(first) = %v, %v; want [C7]", c, err)
	}
	if n, err := s.PendingCount(ctx); err != nil || n != 4 {
		t.Errorf("PendingCount = %d, %v; want 4", n, err)
	}
	if got, err := s.Response(ctx, r.ID); err != nil || got.Writer != first {
		t.Errorf("Response(stored by a failed write) = %+v, %v; want it stored, naming writer %s", got, err, first)
	}
	// The stored response is there; its replay is a duplicate.
	if out, err := s.SaveResponse(ctx, r, nil, nil); out != store.Duplicate || err != nil {
		t.Errorf("replay after an interrupted write = %v, %v; want Duplicate", out, err)
	}
	if live, err := s.WriterLive(ctx, first); err != nil || live {
		t.Errorf("WriterLive(retired) = %v, %v; want false", live, err)
	}
	if live, err := s.WriterLive(ctx, s.Writer()); err != nil || !live {
		t.Errorf("WriterLive(current) = %v, %v; want true", live, err)
	}
	if err := s.MarkWriterDone(ctx, first); err != nil {
		t.Fatal(err)
	}
	if ws, _ := s.WritersToRebuild(ctx); slices.Contains(ws, first) || len(ws) != 3 {
		t.Errorf("WritersToRebuild after MarkWriterDone = %v, want the 3 others", ws)
	}
	if n, _ := s.PendingCount(ctx); n != 3 {
		t.Errorf("PendingCount after MarkWriterDone = %d, want 3", n)
	}
	colls, err := s.Collections(ctx)
	if err != nil || !slices.Contains(colls, "responses") || !slices.Contains(colls, "writers") {
		t.Errorf("Collections() = %v, %v", colls, err)
	}
	docs, err := s.RawDocuments(ctx, "responses")
	if err != nil || len(docs) != 4 {
		t.Errorf("RawDocuments(responses) = %d documents, %v; want 4", len(docs), err)
	}
}

// TestConformanceImport: a bulk import skips ids already stored and marks
// the campaigns for a recount.
func TestConformanceImport(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	mk := func(i int, campaign string) store.Response {
		return store.Response{ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), Campaign: campaign, SurveyID: "unga", Version: "v", Date: "2026-11-26", Hash: "h",
			Background: map[string]string{"kon": "man"}, Judgments: []store.Judgment{{A: "a", B: "b", Value: i%5 - 2}}}
	}
	if _, err := s.SaveResponse(ctx, mk(1, "IMP"), nil, nil); err != nil {
		t.Fatal(err)
	}
	var rs []store.Response
	for i := 1; i <= 2500; i++ {
		rs = append(rs, mk(i, "IMP"))
	}
	n, err := s.ImportResponses(ctx, rs)
	if err != nil || n != 2499 {
		t.Fatalf("ImportResponses = %d, %v; want 2499 new (one was stored before)", n, err)
	}
	count := 0
	err = s.StreamResponses(ctx, "IMP", func(r store.Response) error {
		count++
		if len(r.Judgments) != 1 || r.Background["kon"] != "man" {
			return fmt.Errorf("imported response %s read back as %+v", r.ID, r)
		}
		return nil
	})
	if err != nil || count != 2500 {
		t.Errorf("streamed %d imported responses (%v), want 2500", count, err)
	}
	if p, _ := s.PendingCampaigns(ctx); !slices.Equal(p, []string{"IMP"}) {
		t.Errorf("PendingCampaigns after import = %v, want [IMP]", p)
	}
}

// TestConformanceRetention: expiring old stories and deleting a
// campaign's data touch that campaign only.
func TestConformanceRetention(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	save := func(id, campaign, date string) {
		t.Helper()
		r := store.Response{ID: id, Campaign: campaign, SurveyID: "unga", Version: "v", Date: date, Hash: "h", Story: "text " + id}
		_, err := s.SaveResponse(ctx, r, []store.CounterInc{{ID: campaign + "|all", Fields: map[string]int64{"n": 1, "stories": 1}}},
			&store.Story{ID: store.StoryID(id), Response: id, Campaign: campaign, Text: r.Story, Date: date})
		if err != nil {
			t.Fatal(err)
		}
	}
	save("r1", "OLD", "2024-01-01")
	save("r2", "OLD", "2026-11-01")
	save("r3", "KEEP", "2024-01-01")
	n, err := s.ExpireStories(ctx, "OLD", "2025-01-01")
	if err != nil || n != 1 {
		t.Fatalf("ExpireStories = %d, %v; want 1", n, err)
	}
	if r, _ := s.Response(ctx, "r1"); r.Story != "" {
		t.Errorf("expired response still has its story: %q", r.Story)
	}
	if r, _ := s.Response(ctx, "r2"); r.Story != "text r2" {
		t.Errorf("a recent story was removed: %q", r.Story)
	}
	if st, _ := s.Stories(ctx, "OLD"); len(st) != 1 || st[0].Response != "r2" || st[0].ID != store.StoryID("r2") || st[0].Date != "2026-11-01" {
		t.Errorf("stories after expiry = %+v, want only r2", st)
	}
	if c, _ := s.Counters(ctx, "OLD|all"); c["stories"] != 1 || c["n"] != 2 {
		t.Errorf("counters after expiry = %v, want stories 1, n 2", c)
	}
	if err := s.CreateCampaign(ctx, store.Campaign{Code: "OLD", SurveyID: "unga"}); err != nil {
		t.Fatal(err)
	}
	if n, err := s.DeleteCampaignData(ctx, "OLD"); err != nil || n != 2 {
		t.Fatalf("DeleteCampaignData = %d, %v; want 2 responses", n, err)
	}
	if _, err := s.Campaign(ctx, "OLD"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the campaign survived its deletion: %v", err)
	}
	if c, _ := s.Counters(ctx, "OLD|all"); len(c) != 0 {
		t.Errorf("counters survived: %v", c)
	}
	if st, _ := s.Stories(ctx, "KEEP"); len(st) != 1 {
		t.Errorf("another campaign's stories were touched: %v", st)
	}
	if _, err := s.Response(ctx, "r3"); err != nil {
		t.Errorf("another campaign's response was deleted: %v", err)
	}
}

// TestConformanceConcurrentUpserts: many writers incrementing counter
// documents that do not exist yet all succeed, and every increment counts
// (FerretDB answers a lost upsert race with a duplicate key error).
func TestConformanceConcurrentUpserts(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	const writers = 24
	errs := make(chan error, writers)
	for w := range writers {
		go func() {
			r := store.Response{ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", w), Campaign: "RACE", SurveyID: "s", Version: "v", Date: "2026-11-26", Hash: "h"}
			_, err := s.SaveResponse(ctx, r, []store.CounterInc{
				{ID: "RACE|all", Fields: map[string]int64{"n": 1}},
				{ID: "RACE|g:x", Fields: map[string]int64{"n": 1}},
			}, nil)
			errs <- err
		}()
	}
	for range writers {
		if err := <-errs; err != nil {
			t.Errorf("concurrent SaveResponse: %v", err)
		}
	}
	for _, id := range []string{"RACE|all", "RACE|g:x"} {
		if c, _ := s.Counters(ctx, id); c["n"] != writers {
			t.Errorf("%s n = %d, want %d", id, c["n"], writers)
		}
	}
	if n, _ := s.PendingCount(ctx); n != 0 {
		t.Errorf("%d pending markers left", n)
	}
}

// TestConformanceIntervals: a scope's computation is stored, replaced by a
// newer one (never duplicated), read back by _id byte for byte, and
// deleted with any campaign it read (an array-contains filter, which
// must not touch scopes of other campaigns).
func TestConformanceIntervals(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if _, err := s.Intervals(ctx, "none"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Intervals(none) error = %v, want ErrNotFound", err)
	}
	first := store.Intervals{Scope: "v1|A;B||", Campaigns: []string{"A", "B"}, Version: "v1|A:1;B:1", ComputedAt: "2026-11-30T10:00:00Z", Data: []byte(`{"x":1,"ä":"å"}`)}
	newer := first
	newer.Version, newer.ComputedAt, newer.Data = "v1|A:1,2;B:1", "2026-12-01T10:00:00Z", []byte(`{"x":2}`)
	other := store.Intervals{Scope: "v1|C||", Campaigns: []string{"C"}, Version: "v1|C:1", ComputedAt: "2026-12-01T09:00:00Z", Data: []byte(`{}`)}
	for _, iv := range []store.Intervals{first, newer, other} {
		if err := s.PutIntervals(ctx, iv); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Intervals(ctx, first.Scope)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != newer.Version || got.ComputedAt != newer.ComputedAt || string(got.Data) != string(newer.Data) || !slices.Equal(got.Campaigns, []string{"A", "B"}) {
		t.Errorf("Intervals after replace = %+v, want %+v", got, newer)
	}
	if err := s.PutIntervals(ctx, store.Intervals{Scope: "x"}); err == nil {
		t.Error("PutIntervals without a version succeeded")
	}
	if err := s.CreateCampaign(ctx, store.Campaign{Code: "B", SurveyID: "unga"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeleteCampaignData(ctx, "B"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Intervals(ctx, first.Scope); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("intervals of a deleted campaign survived: %v", err)
	}
	if got, err := s.Intervals(ctx, other.Scope); err != nil || got.Version != other.Version {
		t.Errorf("another campaign's intervals = %+v, %v; want kept", got, err)
	}
}
