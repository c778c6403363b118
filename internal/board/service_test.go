package board_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/vfv/vfv/internal/board"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/store/storetest"
)

// TestBoardServiceVersion: a new card is version 1 and each edit makes
// one more; an edit made from a version that is no longer the card's is
// refused as *store.StaleError naming both versions and stores nothing.
func TestBoardServiceVersion(t *testing.T) {
	st := storetest.Open(t)
	ctx := context.Background()
	svc := board.NewService(st, func() time.Time { return time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC) })
	c, err := svc.Create(ctx, "anna@a.se", "grums", board.Spec{Column: board.Skapa, Text: "Öppet hus"}, board.Refs{})
	if err != nil || c.Version != 1 {
		t.Fatalf("Create = version %d, %v; want 1", c.Version, err)
	}
	edit := func(from store.BoardCard, text string) (store.BoardCard, error) {
		sp := board.SpecOf(from)
		sp.Text = text
		return svc.Edit(ctx, "anna@a.se", from, sp, board.Refs{})
	}
	tests := []struct {
		name      string
		from      int
		text      string
		stale     bool
		versionTo int
	}{
		{"from the current version", 1, "Annas text", false, 2},
		{"from the old version", 1, "Bertils text", true, 2},
		{"from the new version", 2, "Bertils text", false, 3},
		{"from a version not yet made", 9, "Cecilias text", true, 3},
	}
	for _, tt := range tests {
		from := c
		from.Version = tt.from
		got, err := edit(from, tt.text)
		var se *store.StaleError
		if tt.stale != errors.As(err, &se) || (!tt.stale && err != nil) {
			t.Errorf("%s: Edit = %v, want stale %v", tt.name, err, tt.stale)
			continue
		}
		if tt.stale && (se.Have != tt.versionTo || se.Want != tt.from || !errors.Is(err, store.ErrStale)) {
			t.Errorf("%s: %+v, want have %d want %d", tt.name, se, tt.versionTo, tt.from)
		}
		if !tt.stale && got.Version != tt.versionTo {
			t.Errorf("%s: returned version %d, want %d", tt.name, got.Version, tt.versionTo)
		}
		now, _ := st.BoardCard(ctx, c.ID)
		if now.Version != tt.versionTo || (tt.stale && now.Text == tt.text) {
			t.Errorf("%s: stored %+v, want version %d", tt.name, now, tt.versionTo)
		}
	}
}
