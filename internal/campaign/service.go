package campaign

import (
	"context"
	"strings"
	"time"

	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
)

// The audit actions of a campaign's changes by staff.
const (
	ActionCreate = "campaign.create"
	ActionUpdate = "campaign.update"
	ActionOpen   = "campaign.open"
	ActionClose  = "campaign.close"
	ActionMove   = "campaign.move"
)

// Service creates, edits, opens, closes and moves campaigns for staff and
// writes the audit entry of each, so that the JSON API and the staff pages
// change a campaign by one path. Who may do it is the caller's check.
type Service struct {
	store   *store.Store
	surveys []*survey.Survey
	now     func() time.Time
}

// NewService returns a Service over st for the loaded surveys; now is the
// clock of creation dates and audit entries (time.Now when nil).
func NewService(st *store.Store, surveys []*survey.Survey, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: st, surveys: surveys, now: now}
}

// Create checks and stores a new campaign (Create) and audits it as
// actor's.
func (s *Service) Create(ctx context.Context, actor string, spec Spec) (store.Campaign, error) {
	c, err := Create(ctx, s.store, s.surveys, spec, s.now())
	if err != nil {
		return c, err
	}
	return c, s.audit(ctx, actor, ActionCreate, c, c.Name+" — "+c.Site)
}

// SpecOf returns the editable fields of c as a Spec to change and pass to
// Edit.
func SpecOf(c store.Campaign) Spec {
	return Spec{SurveyID: c.SurveyID, Project: c.ProjectID, Name: c.Name, Site: c.Site, Kiosk: c.Kiosk,
		IdleSeconds: c.IdleSeconds, Lang: c.Lang, Opens: c.Opens, Closes: c.Closes, Closed: !c.Open, ResultsNote: c.ResultsNote}
}

// Edit checks spec (Spec.Check) against c's survey, stores its editable
// fields (all but survey and project) on c and audits the change as
// actor's. A refused spec is an *InvalidError.
func (s *Service) Edit(ctx context.Context, actor string, c store.Campaign, spec Spec) (store.Campaign, error) {
	if ps := spec.Check(s.survey(c.SurveyID)); len(ps) > 0 {
		return c, &InvalidError{Problems: ps}
	}
	c.Name, c.Site, c.Kiosk, c.IdleSeconds, c.Lang, c.Opens, c.Closes = spec.Name, spec.Site, spec.Kiosk, spec.IdleSeconds, spec.Lang, spec.Opens, spec.Closes
	c.Open = !spec.Closed
	c.ResultsNote = strings.TrimSpace(spec.ResultsNote)
	if err := s.store.UpdateCampaign(ctx, c); err != nil {
		return c, err
	}
	return c, s.audit(ctx, actor, ActionUpdate, c, "")
}

// SetOpen switches c on (open) or off and audits it as actor's.
func (s *Service) SetOpen(ctx context.Context, actor string, c store.Campaign, open bool) (store.Campaign, error) {
	if err := s.store.SetCampaignOpen(ctx, c.Code, open); err != nil {
		return c, err
	}
	c.Open = open
	action := ActionClose
	if open {
		action = ActionOpen
	}
	return c, s.audit(ctx, actor, action, c, "")
}

// Move puts the campaign code into project (Move) and audits it as
// actor's.
func (s *Service) Move(ctx context.Context, actor, code, project string) (store.Campaign, error) {
	c, err := Move(ctx, s.store, code, project)
	if err != nil {
		return c, err
	}
	return c, s.audit(ctx, actor, ActionMove, c, "")
}

func (s *Service) survey(id string) *survey.Survey {
	for _, sv := range s.surveys {
		if sv.ID == id {
			return sv
		}
	}
	return nil
}

func (s *Service) audit(ctx context.Context, actor, action string, c store.Campaign, detail string) error {
	return s.store.Audit(ctx, store.AuditEntry{At: s.now(), Actor: actor, Action: action, Target: c.Code, Project: c.ProjectID, Detail: detail})
}
