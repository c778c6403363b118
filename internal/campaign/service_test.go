package campaign

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
)

// TestServiceAudits changes one campaign by every method of Service on the
// embedded store and checks what is stored and the audit entry of each.
func TestServiceAudits(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{DataDir: t.TempDir(), Database: "vfv"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close(context.Background()) })
	if err := st.CreateProject(ctx, store.Project{ID: "grums", Name: "Grums", Surveys: []string{}}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 9, 1, 22, 30, 0, 0, time.UTC) // 2 September in Sweden
	sv := &survey.Survey{ID: "unga-vuxna", Languages: []string{"sv", "en"}}
	svc := NewService(st, []*survey.Survey{sv}, func() time.Time { return now })
	const actor = "ta@example.org"

	c, err := svc.Create(ctx, actor, Spec{SurveyID: sv.ID, Name: " Hösten ", Site: "Gården", Closed: true})
	if err != nil {
		t.Fatal(err)
	}
	if c.Open || c.Name != "Hösten" || c.Created != "2026-09-02" || c.Lang != survey.DefaultLanguage {
		t.Errorf("created %+v, want closed, name Hösten, created 2026-09-02, lang sv", c)
	}
	spec := SpecOf(c)
	spec.Name, spec.Lang, spec.Closed = "Vintern", "en", false
	if c, err = svc.Edit(ctx, actor, c, spec); err != nil {
		t.Fatal(err)
	}
	spec.Lang = "ar"
	var inv *InvalidError
	if _, err := svc.Edit(ctx, actor, c, spec); !errors.As(err, &inv) || inv.Problems[0].Kind != ProblemLanguage {
		t.Errorf("edit to a language not offered: %v, want a language problem", err)
	}
	if c, err = svc.SetOpen(ctx, actor, c, false); err != nil {
		t.Fatal(err)
	}
	if c, err = svc.SetOpen(ctx, actor, c, true); err != nil {
		t.Fatal(err)
	}
	if c, err = svc.Move(ctx, actor, c.Code, "grums"); err != nil {
		t.Fatal(err)
	}
	got, err := st.Campaign(ctx, c.Code)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Open || got.Name != "Vintern" || got.Lang != "en" || got.ProjectID != "grums" {
		t.Errorf("stored %+v, want open, Vintern, en, in grums", got)
	}
	log, err := st.AuditLog(ctx, "", 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{ActionCreate, ActionUpdate, ActionClose, ActionOpen, ActionMove}
	if len(log) != len(want) {
		t.Fatalf("audit log has %d entries %+v, want %d", len(log), log, len(want))
	}
	for _, e := range log {
		if e.Actor != actor || e.Target != c.Code || !e.At.Equal(now) {
			t.Errorf("audit entry %+v, want actor %s, target %s at %v", e, actor, c.Code, now)
		}
	}
	seen := map[string]string{}
	for _, e := range log {
		seen[e.Action] = e.Detail
	}
	for _, a := range want {
		if _, ok := seen[a]; !ok {
			t.Errorf("no audit entry %s in %+v", a, log)
		}
	}
	if d := seen[ActionCreate]; d != "Hösten — Gården" {
		t.Errorf("campaign.create detail %q, want %q", d, "Hösten — Gården")
	}
}
