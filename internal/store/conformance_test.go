package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/vfv/vfv/internal/store"
)

// TestConformance runs every query the store package makes against the
// configured server (embedded FerretDB by default, a real MongoDB when
// MONGODB_URI is set) and asserts the values that come back, so that a
// silently wrong result from the server fails the build.
func TestConformance(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()

	t.Run("indexes", func(t *testing.T) {
		for coll, want := range map[string][]string{
			"survey_versions": {"_id_", "survey_id_first_used"},
			"responses":       {"_id_", "campaign_id"},
			"counters":        {"_id_", "campaign"},
			"pending":         {"_id_", "campaign"},
			"stories":         {"_id_", "campaign_id"},
		} {
			got, err := s.IndexNames(ctx, coll)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range want {
				if !slices.Contains(got, w) {
					t.Errorf("indexes of %s = %v, want %q among them", coll, got, w)
				}
			}
		}
	})

	t.Run("survey versions", func(t *testing.T) {
		v1 := store.SurveyVersion{Version: "aaa", SurveyID: "unga", Definition: []byte(`{"id":"unga","ä":"å"}`), FirstUsed: "2026-11-02"}
		v2 := store.SurveyVersion{Version: "bbb", SurveyID: "unga", Definition: []byte(`{"id":"unga","v":2}`), FirstUsed: "2026-11-01"}
		other := store.SurveyVersion{Version: "ccc", SurveyID: "personal", Definition: []byte(`{}`), FirstUsed: "2026-11-01"}
		for _, v := range []store.SurveyVersion{v1, v2, other} {
			created, err := s.SaveSurveyVersion(ctx, v)
			if err != nil || !created {
				t.Fatalf("SaveSurveyVersion(%s) = %v, %v; want true, nil", v.Version, created, err)
			}
		}
		changed := v1
		changed.Definition = []byte(`{"changed":true}`)
		created, err := s.SaveSurveyVersion(ctx, changed)
		if err != nil || created {
			t.Fatalf("second SaveSurveyVersion = %v, %v; want false, nil", created, err)
		}
		got, err := s.SurveyVersion(ctx, "aaa")
		if err != nil {
			t.Fatal(err)
		}
		if string(got.Definition) != string(v1.Definition) || got.SurveyID != "unga" || got.FirstUsed != "2026-11-02" {
			t.Errorf("SurveyVersion(aaa) = %+v, want the first stored %+v", got, v1)
		}
		if _, err := s.SurveyVersion(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("SurveyVersion(nope) error = %v, want ErrNotFound", err)
		}
		list, err := s.SurveyVersions(ctx, "unga")
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, v := range list {
			ids = append(ids, v.Version)
		}
		if want := []string{"bbb", "aaa"}; !slices.Equal(ids, want) {
			t.Errorf("SurveyVersions(unga) = %v, want %v (sorted by first use)", ids, want)
		}
	})
}
