package archive_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vfv/vfv/internal/archive"
	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/store/storetest"
	"github.com/vfv/vfv/internal/survey"
)

func open(t *testing.T) *store.Store { return storetest.Open(t) }

func responses(t *testing.T, st *store.Store, code string) []store.Response {
	t.Helper()
	var out []store.Response
	// Writer ids are this installation's bookkeeping: an import is counted
	// by the importing one.
	if err := st.StreamResponses(context.Background(), code, func(r store.Response) error { r.Writer = ""; out = append(out, r); return nil }); err != nil {
		t.Fatal(err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// TestRoundTrip: a project exported from one installation and imported
// into an empty one has the same campaigns, responses, counters and hidden
// stories; another project's data stays behind; importing twice adds
// nothing.
func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	surveys, err := survey.LoadDir("../../surveys")
	if err != nil {
		t.Fatal(err)
	}
	var sv *survey.Survey
	for _, s := range surveys {
		if s.ID == "unga-vuxna" {
			sv = s
		}
	}
	src := open(t)
	def, _ := sv.CanonicalJSON()
	if _, err := src.SaveSurveyVersion(ctx, store.SurveyVersion{Version: sv.Version, SurveyID: sv.ID, Definition: def, FirstUsed: "2026-11-01"}); err != nil {
		t.Fatal(err)
	}
	_ = src.CreateProject(ctx, store.Project{ID: "grums", Name: "Grums", Surveys: []string{}})
	for _, c := range []store.Campaign{{Code: "AAAA777", ProjectID: "grums"}, {Code: "BBBB777", ProjectID: "grums"}, {Code: "OTHER77", ProjectID: "kil"}} {
		c.SurveyID, c.Open, c.Lang, c.Name, c.Site, c.Created = sv.ID, true, "sv", "N", "S", "2026-11-01"
		if err := src.CreateCampaign(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	col := collect.New(src, surveys, nil)
	rng := rand.New(rand.NewPCG(4, 5))
	for i := 0; i < 60; i++ {
		code := []string{"AAAA777", "BBBB777", "OTHER77"}[i%3]
		sub := response.Submission{ID: uuid.NewString(), Campaign: code, Lang: "sv", Background: map[string]string{"kon": "man", "alder": "16-19"}, Story: "berättelse"}
		for _, p := range rng.Perm(10)[:5] {
			v := rng.IntN(5) - 2
			sub.Judgments = append(sub.Judgments, response.Judgment{A: sv.Items[p].ID, B: sv.Items[(p+1)%10].ID, Value: &v})
		}
		if _, err := col.Submit(ctx, sub); err != nil {
			t.Fatal(err)
		}
	}
	stories, _ := src.Stories(ctx, "AAAA777")
	if _, err := src.SetStoryHidden(ctx, stories[0].ID, true); err != nil {
		t.Fatal(err)
	}

	var buf bytes.Buffer
	n, err := archive.Export(ctx, src, &buf, "grums", time.Now())
	if err != nil || n.Campaigns != 2 || n.Responses != 40 || n.Hidden != 1 || n.Versions != 1 {
		t.Fatalf("Export = %+v, %v", n, err)
	}
	dst := open(t)
	dcol := collect.New(dst, surveys, nil)
	recount := func(ctx context.Context, c string) error { _, err := dcol.Recount(ctx, c); return err }
	archiveBytes := buf.Bytes()
	m, err := archive.Import(ctx, dst, bytes.NewReader(archiveBytes), recount)
	if err != nil || m.Responses != 40 || m.Campaigns != 2 || m.Hidden != 1 {
		t.Fatalf("Import = %+v, %v", m, err)
	}
	for _, code := range []string{"AAAA777", "BBBB777"} {
		a, b := responses(t, src, code), responses(t, dst, code)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: responses differ after the round trip", code)
		}
		ca, _ := src.Counters(ctx, collect.CounterID(code, response.GroupAll))
		cb, _ := dst.Counters(ctx, collect.CounterID(code, response.GroupAll))
		if !reflect.DeepEqual(ca, cb) {
			t.Errorf("%s: counters differ:\n%v\n%v", code, ca, cb)
		}
		c1, _ := src.Campaign(ctx, code)
		c2, _ := dst.Campaign(ctx, code)
		if c1 != c2 {
			t.Errorf("campaign %s: %+v != %+v", code, c1, c2)
		}
	}
	if st, _ := dst.Story(ctx, stories[0].ID); !st.Hidden {
		t.Error("the hidden story is not hidden after the import")
	}
	if _, err := dst.Campaign(ctx, "OTHER77"); err == nil {
		t.Error("another project's campaign was exported")
	}
	if p, err := dst.Project(ctx, "grums"); err != nil || p.Name != "Grums" {
		t.Errorf("project = %+v, %v", p, err)
	}
	// Again: nothing new.
	m, err = archive.Import(ctx, dst, bytes.NewReader(archiveBytes), recount)
	if err != nil || m.Responses != 0 {
		t.Errorf("second import = %+v, %v; want 0 new responses", m, err)
	}
	if _, err := archive.Import(ctx, dst, bytes.NewReader([]byte("not gzip")), recount); err == nil {
		t.Error("a non-archive was imported")
	}
}
