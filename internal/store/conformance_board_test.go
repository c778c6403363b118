package store_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/vfv/vfv/internal/store"
)

// TestConformanceBoard proves the workshop board's queries on the
// configured server: a project's cards come back in creation order and
// no other project's, an update changes exactly the editable fields, and
// a deleted or unknown card is ErrNotFound.
func TestConformanceBoard(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	cards := []store.BoardCard{
		{ID: "c2", Project: "grums", Column: "bryta", Text: "Sluta skicka runt", Created: t0.Add(2 * time.Minute), Updated: t0.Add(2 * time.Minute)},
		{ID: "c1", Project: "grums", Column: "skapa", Text: "En väg in", Survey: "unga", Items: []string{"a", "b"}, Stories: []string{"s1"},
			Owner: "Anna", Due: "2027-02-01", Status: "ny", Publish: true, Created: t0, Updated: t0},
		{ID: "c3", Project: "kil", Column: "behalla", Text: "Kvällsöppet", Created: t0.Add(time.Minute), Updated: t0.Add(time.Minute)},
		{ID: "c0", Project: "grums", Column: "skapa", Text: "Samma tid", Created: t0.Add(2 * time.Minute), Updated: t0.Add(2 * time.Minute)},
	}
	for _, c := range cards {
		if err := s.CreateBoardCard(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CreateBoardCard(ctx, cards[0]); !errors.Is(err, store.ErrExists) {
		t.Errorf("second create of c2 = %v, want ErrExists", err)
	}
	ids := func(project string) []string {
		t.Helper()
		list, err := s.BoardCards(ctx, project)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range list {
			out = append(out, c.ID)
		}
		return out
	}
	if got, want := ids("grums"), []string{"c1", "c0", "c2"}; !slices.Equal(got, want) {
		t.Errorf("BoardCards(grums) = %v, want %v", got, want)
	}
	if got := ids("none"); len(got) != 0 {
		t.Errorf("BoardCards(none) = %v, want none", got)
	}
	got, err := s.BoardCard(ctx, "c1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 1 {
		t.Errorf("a new card's version = %d, want 1", got.Version)
	}
	if got.Project != "grums" || got.Survey != "unga" || !slices.Equal(got.Items, []string{"a", "b"}) || !slices.Equal(got.Stories, []string{"s1"}) ||
		got.Owner != "Anna" || got.Due != "2027-02-01" || !got.Publish || !got.Created.Equal(t0) {
		t.Errorf("BoardCard(c1) = %+v", got)
	}
	got.Column, got.Text, got.Items, got.Publish, got.Status, got.Updated = "behalla", "Behåll vägen", nil, false, "klar", t0.Add(time.Hour)
	got.Project = "kil" // not editable
	if err := s.UpdateBoardCard(ctx, got); err != nil {
		t.Fatal(err)
	}
	again, err := s.BoardCard(ctx, "c1")
	if err != nil {
		t.Fatal(err)
	}
	if again.Column != "behalla" || again.Text != "Behåll vägen" || len(again.Items) != 0 || again.Publish || again.Status != "klar" ||
		again.Project != "grums" || !again.Updated.Equal(t0.Add(time.Hour)) || !again.Created.Equal(t0) || !slices.Equal(again.Stories, []string{"s1"}) {
		t.Errorf("after update: %+v", again)
	}
	if again.Version != 2 {
		t.Errorf("version after one update = %d, want 2", again.Version)
	}
	stale := got // made from version 1, which is gone
	stale.Text = "Gammal ändring"
	if err := s.UpdateBoardCard(ctx, stale); !errors.Is(err, store.ErrStale) {
		t.Errorf("update from version 1 of a card at 2 = %v, want ErrStale", err)
	}
	if now, _ := s.BoardCard(ctx, "c1"); now.Text != "Behåll vägen" || now.Version != 2 {
		t.Errorf("a stale update changed the card: %+v", now)
	}
	// Two editors from the same version at once: exactly one wins, the
	// other is ErrStale, and the card holds the winner's text.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, text := range []string{"Först", "Sist"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := again
			c.Text = text
			errs[i] = s.UpdateBoardCard(ctx, c)
		}()
	}
	wg.Wait()
	won := slices.IndexFunc(errs, func(err error) bool { return err == nil })
	if won < 0 || !errors.Is(errs[1-won], store.ErrStale) {
		t.Fatalf("two updates from version 2 = %v, want one nil and one ErrStale", errs)
	}
	if now, _ := s.BoardCard(ctx, "c1"); now.Version != 3 || now.Text != []string{"Först", "Sist"}[won] {
		t.Errorf("after the race: %+v, want version 3 and the winner's text", now)
	}
	if err := s.UpdateBoardCard(ctx, store.BoardCard{ID: "nope"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("update of unknown card = %v, want ErrNotFound", err)
	}
	if err := s.DeleteBoardCard(ctx, "c2"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteBoardCard(ctx, "c2"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second delete = %v, want ErrNotFound", err)
	}
	if _, err := s.BoardCard(ctx, "c2"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted card = %v, want ErrNotFound", err)
	}
	if got, want := ids("grums"), []string{"c1", "c0"}; !slices.Equal(got, want) {
		t.Errorf("after delete BoardCards(grums) = %v, want %v", got, want)
	}
	names, err := s.IndexNames(ctx, "board_cards")
	if err != nil || !slices.Contains(names, "project_created") {
		t.Errorf("indexes of board_cards = %v, %v; want project_created", names, err)
	}
}
