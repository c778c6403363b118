package board

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/vfv/vfv/internal/store"
)

// The audit actions of a board's changes.
const (
	ActionCreate = "board.create"
	ActionUpdate = "board.update"
	ActionMove   = "board.move"
	ActionDelete = "board.delete"
)

// Service creates, changes and removes cards and audits each change, so
// that the JSON API and the board page change a card by one path.
type Service struct {
	store *store.Store
	now   func() time.Time
}

// NewService returns a Service over st; now is the clock of the cards'
// times and the audit entries (time.Now when nil).
func NewService(st *store.Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: st, now: now}
}

// SpecOf returns a card's editable content, to change and pass to Edit.
func SpecOf(c store.BoardCard) Spec {
	return Spec{Column: c.Column, Text: c.Text, Survey: c.Survey, Items: c.Items, Stories: c.Stories,
		Owner: c.Owner, Due: c.Due, Status: c.Status, Publish: c.Publish}
}

// Create checks sp and stores it as a new card of project, audited as
// actor's. A refused spec is an *InvalidError and nothing is stored.
func (s *Service) Create(ctx context.Context, actor, project string, sp Spec, refs Refs) (store.BoardCard, error) {
	if ps := Check(&sp, refs); len(ps) > 0 {
		return store.BoardCard{}, &InvalidError{Problems: ps}
	}
	now := s.now()
	c := apply(store.BoardCard{ID: uuid.NewString(), Project: project, Created: now, Version: 1}, sp, now)
	if err := s.store.CreateBoardCard(ctx, c); err != nil {
		return store.BoardCard{}, err
	}
	return c, s.audit(ctx, actor, ActionCreate, c, c.Column)
}

// Edit checks sp and stores it on card c, audited as actor's: a change of
// column alone is a move ("skapa → bryta"), anything else an update.
// c.Version is the version the change was made from: when the card has
// changed since, nothing is stored and the error is a *store.StaleError
// (errors.Is store.ErrStale). The card returned has the new version.
func (s *Service) Edit(ctx context.Context, actor string, c store.BoardCard, sp Spec, refs Refs) (store.BoardCard, error) {
	if ps := Check(&sp, refs); len(ps) > 0 {
		return c, &InvalidError{Problems: ps}
	}
	before := SpecOf(c)
	c = apply(c, sp, s.now())
	if err := s.store.UpdateBoardCard(ctx, c); err != nil {
		return c, err
	}
	c.Version++
	if before.Column != sp.Column {
		moved := before
		moved.Column = sp.Column
		if same(moved, sp) {
			return c, s.audit(ctx, actor, ActionMove, c, before.Column+" → "+sp.Column)
		}
	}
	return c, s.audit(ctx, actor, ActionUpdate, c, c.Column)
}

// Delete removes card c, audited as actor's.
func (s *Service) Delete(ctx context.Context, actor string, c store.BoardCard) error {
	if err := s.store.DeleteBoardCard(ctx, c.ID); err != nil {
		return err
	}
	return s.audit(ctx, actor, ActionDelete, c, c.Column)
}

func apply(c store.BoardCard, sp Spec, now time.Time) store.BoardCard {
	c.Column, c.Text, c.Survey, c.Items, c.Stories = sp.Column, sp.Text, sp.Survey, sp.Items, sp.Stories
	c.Owner, c.Due, c.Status, c.Publish, c.Updated = sp.Owner, sp.Due, sp.Status, sp.Publish, now
	if len(c.Items) == 0 {
		c.Survey = ""
	}
	return c
}

func same(a, b Spec) bool {
	eq := slices.Equal[[]string]
	return a.Column == b.Column && a.Text == b.Text && a.Survey == b.Survey && eq(a.Items, b.Items) && eq(a.Stories, b.Stories) &&
		a.Owner == b.Owner && a.Due == b.Due && a.Status == b.Status && a.Publish == b.Publish
}

// audit records the change with the card's id as target (never its text,
// which may name people); the detail says which column.
func (s *Service) audit(ctx context.Context, actor, action string, c store.BoardCard, detail string) error {
	return s.store.Audit(ctx, store.AuditEntry{At: s.now(), Actor: actor, Action: action, Target: "card " + c.ID, Project: c.Project, Detail: detail})
}
