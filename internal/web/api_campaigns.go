package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/auth"
	"github.com/vfv/vfv/internal/campaign"
	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/results"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
)

// campaignJSON is a campaign in the staff API.
type campaignJSON struct {
	Code        string      `json:"code"`
	Survey      string      `json:"survey"`
	Project     string      `json:"project"`
	Name        string      `json:"name"`
	Site        string      `json:"site"`
	Open        bool        `json:"open"`
	Kiosk       bool        `json:"kiosk"`
	IdleSeconds int         `json:"idle_seconds"`
	Lang        string      `json:"lang"`
	Created     string      `json:"created"`
	Opens       string      `json:"opens,omitempty"`
	Closes      string      `json:"closes,omitempty"`
	ResultsNote string      `json:"results_note,omitempty"`
	URL         string      `json:"url"`
	Counts      *countsJSON `json:"counts,omitempty"`
}

// countsJSON is a campaign's live response count. Per-answer counts under
// the survey's minimum group size are null (see docs/privacy.md).
type countsJSON struct {
	Total        int64         `json:"total"`
	Today        int64         `json:"today"`
	MinGroupSize int           `json:"min_group_size"`
	Background   []bgCountJSON `json:"background"`
	// Released counts the answers in released batches, which the
	// background counts describe; ReleasedThrough is their last day.
	Released        int64  `json:"released"`
	ReleasedThrough string `json:"released_through"`
}

type bgCountJSON struct {
	Question string            `json:"question"`
	Label    string            `json:"label"`
	Answers  []answerCountJSON `json:"answers"`
}

type answerCountJSON struct {
	Answer     string `json:"answer"`
	Label      string `json:"label"`
	Count      *int64 `json:"count"`
	Suppressed bool   `json:"suppressed"`
	// Reason says why a count is suppressed ("few" or "difference");
	// Partial that some released batch does not count it (none of it
	// there, or withheld: results.Selection.Partial).
	Reason  string `json:"reason,omitempty"`
	Partial bool   `json:"partial,omitempty"`
}

// campaignSpecJSON is the body of POST and PATCH /api/v1/campaigns.
type campaignSpecJSON struct {
	Survey      *string `json:"survey"`
	Project     *string `json:"project"`
	Name        *string `json:"name"`
	Site        *string `json:"site"`
	Kiosk       *bool   `json:"kiosk"`
	IdleSeconds *int    `json:"idle_seconds"`
	Lang        *string `json:"lang"`
	Opens       *string `json:"opens"`
	Closes      *string `json:"closes"`
	Open        *bool   `json:"open"`
	ResultsNote *string `json:"results_note"`
}

// publicBase is where respondents reach this server.
func (s *Server) publicBase(c echo.Context) string {
	if s.baseURL != "" {
		return s.baseURL
	}
	scheme := "http"
	if s.isTLS(c) {
		scheme = "https"
	}
	return scheme + "://" + c.Request().Host
}

// staffCampaign loads a campaign for a staff request: 404 when the user
// may not know it exists (another project's, even by guessing its code),
// 403 when they may see it but not do perm.
func (s *Server) staffCampaign(c echo.Context, perm auth.Perm) (store.Campaign, error) {
	p, _ := principal(c)
	camp, err := s.store.Campaign(c.Request().Context(), campaign.NormalizeCode(c.Param("code")))
	if err != nil {
		return camp, err
	}
	if !p.Member(camp.ProjectID) {
		return store.Campaign{}, fmt.Errorf("campaign %s: %w", camp.Code, store.ErrNotFound)
	}
	if !p.Can(camp.ProjectID, perm) {
		return store.Campaign{}, errForbidden
	}
	return camp, nil
}

func (s *Server) campaignJSON(c echo.Context, camp store.Campaign, withCounts bool) (campaignJSON, error) {
	j := campaignJSON{Code: camp.Code, Survey: camp.SurveyID, Project: camp.ProjectID, Name: camp.Name, Site: camp.Site,
		Open: camp.Open, Kiosk: camp.Kiosk, IdleSeconds: camp.IdleSeconds, Lang: camp.Lang, Created: camp.Created,
		Opens: camp.Opens, Closes: camp.Closes, ResultsNote: camp.ResultsNote, URL: campaign.URL(s.publicBase(c), camp.Code)}
	if withCounts {
		cts, err := s.liveCounts(c.Request().Context(), camp, s.lang(c))
		if err != nil {
			return j, err
		}
		j.Counts = &cts
	}
	return j, nil
}

// liveCounts reads a campaign's counts: the total and today's as they
// are (they describe everyone, one more with each answer), per background
// answer only from the released batches (internal/release), so that these
// change only when a batch of at least the minimum group size is released
// and never single out one new answer.
func (s *Server) liveCounts(ctx context.Context, camp store.Campaign, lang string) (countsJSON, error) {
	all, err := s.store.Counters(ctx, collect.CounterID(camp.Code, response.GroupAll))
	if err != nil {
		return countsJSON{}, err
	}
	out := countsJSON{Total: all[response.FieldRespondents], Today: all[response.DayField(s.collect.Today())], Background: []bgCountJSON{}}
	sv, ok := s.collect.Survey(camp.SurveyID)
	if !ok {
		return out, nil
	}
	out.MinGroupSize = sv.MinGroupSize
	sel, err := s.results.Select(ctx, sv, []string{camp.Code}, "", "")
	if err != nil {
		return countsJSON{}, err
	}
	out.Released, out.ReleasedThrough = sel.Sets[response.GroupAll][response.FieldRespondents], sel.Through
	for _, q := range sv.Background {
		out.Background = append(out.Background, questionCounts(q, sel, lang))
	}
	return out, nil
}

// questionCounts gives one question's released answer counts: a count
// withheld in every batch that has it is suppressed, with the reason.
func questionCounts(q survey.Question, sel results.Selection, lang string) bgCountJSON {
	b := bgCountJSON{Question: q.ID, Label: q.Label.In(lang)}
	for _, a := range q.Answers {
		key := response.BackgroundField(q.ID, a.ID)
		n := sel.Sets[key][response.FieldRespondents]
		why := sel.Withheld[key]
		ac := answerCountJSON{Answer: a.ID, Label: a.Label.In(lang)}
		switch {
		case n > 0:
			ac.Count, ac.Partial = &n, sel.Partial(key)
		case why != "":
			ac.Suppressed, ac.Reason = true, why
		default:
			ac.Count = &n
		}
		b.Answers = append(b.Answers, ac)
	}
	return b
}

// listCampaigns is GET /api/v1/campaigns: the campaigns of the caller's
// projects (every campaign for an installation admin), newest first.
func (s *Server) listCampaigns(c echo.Context) error {
	p, _ := principal(c)
	all, err := s.store.Campaigns(c.Request().Context())
	if err != nil {
		return err
	}
	out := []campaignJSON{}
	for _, camp := range all {
		if !p.Can(camp.ProjectID, auth.ViewCampaigns) {
			continue
		}
		if pr := c.QueryParam("project"); pr != "" && camp.ProjectID != pr {
			continue
		}
		j, err := s.campaignJSON(c, camp, c.QueryParam("counts") != "false")
		if err != nil {
			return err
		}
		out = append(out, j)
	}
	return c.JSON(http.StatusOK, out)
}

// getCampaign is GET /api/v1/campaigns/{code}: one campaign with counts.
func (s *Server) getCampaign(c echo.Context) error {
	camp, err := s.staffCampaign(c, auth.ViewCampaigns)
	if err != nil {
		return err
	}
	j, err := s.campaignJSON(c, camp, true)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, j)
}

// createCampaign is POST /api/v1/campaigns.
func (s *Server) createCampaign(c echo.Context) error {
	var body campaignSpecJSON
	if err := decodeStrict(c.Request().Body, &body); err != nil {
		return err
	}
	spec := campaign.Spec{}
	body.apply(&spec)
	if body.Survey != nil {
		spec.SurveyID = *body.Survey
	}
	if body.Project != nil {
		spec.Project = *body.Project
	}
	camp, err := s.createCampaignFor(c, spec)
	if err != nil {
		return err
	}
	j, err := s.campaignJSON(c, camp, false)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, j)
}

// createCampaignFor checks the caller may launch campaigns in the project
// and creates the campaign by campaign.Service (shared by the API and the
// UI).
func (s *Server) createCampaignFor(c echo.Context, spec campaign.Spec) (store.Campaign, error) {
	p, _ := principal(c)
	if spec.Project == "" && !p.Admin {
		return store.Campaign{}, invalid("project", "project is required; use one of: "+strings.Join(p.Projects(), ", "))
	}
	if !p.Member(spec.Project) {
		return store.Campaign{}, invalid("project", fmt.Sprintf("project %q does not exist or is not yours", spec.Project))
	}
	if !p.Can(spec.Project, auth.ManageCampaigns) {
		return store.Campaign{}, errForbidden
	}
	camp, err := s.campaigns.Create(c.Request().Context(), p.Email, spec)
	return camp, campaignErr(err)
}

// apply copies the editable fields that are present onto spec (open as
// spec.Closed).
func (b campaignSpecJSON) apply(spec *campaign.Spec) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	set(&spec.Name, b.Name)
	set(&spec.Site, b.Site)
	set(&spec.Lang, b.Lang)
	set(&spec.Opens, b.Opens)
	set(&spec.Closes, b.Closes)
	set(&spec.ResultsNote, b.ResultsNote)
	if b.Kiosk != nil {
		spec.Kiosk = *b.Kiosk
	}
	if b.IdleSeconds != nil {
		spec.IdleSeconds = *b.IdleSeconds
	}
	if b.Open != nil {
		spec.Closed = !*b.Open
	}
}

// updateCampaign is PATCH /api/v1/campaigns/{code}: change the fields
// sent (name, site, kiosk, idle_seconds, lang, opens, closes, open).
func (s *Server) updateCampaign(c echo.Context) error {
	camp, err := s.staffCampaign(c, auth.ManageCampaigns)
	if err != nil {
		return err
	}
	var body campaignSpecJSON
	if err := decodeStrict(c.Request().Body, &body); err != nil {
		return err
	}
	if body.Survey != nil || body.Project != nil {
		return invalid("", "survey and project of a campaign cannot change; create a new campaign")
	}
	camp, err = s.editCampaign(c, camp, body)
	if err != nil {
		return err
	}
	j, err := s.campaignJSON(c, camp, false)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, j)
}

// editCampaign changes the fields present in body by campaign.Service
// (shared by the API and the UI).
func (s *Server) editCampaign(c echo.Context, camp store.Campaign, body campaignSpecJSON) (store.Campaign, error) {
	spec := campaign.SpecOf(camp)
	body.apply(&spec)
	p, _ := principal(c)
	camp, err := s.campaigns.Edit(c.Request().Context(), p.Email, camp, spec)
	return camp, campaignErr(err)
}

// openOrClose opens or closes the route's campaign for a caller who may
// manage it, by campaign.Service (shared by the API and the UI).
func (s *Server) openOrClose(c echo.Context, open bool) (store.Campaign, error) {
	camp, err := s.staffCampaign(c, auth.ManageCampaigns)
	if err != nil {
		return camp, err
	}
	p, _ := principal(c)
	return s.campaigns.SetOpen(c.Request().Context(), p.Email, camp, open)
}

// setCampaignOpen is POST /api/v1/campaigns/{code}/open and /close.
func (s *Server) setCampaignOpen(open bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := s.openOrClose(c, open)
		if err != nil {
			return err
		}
		j, err := s.campaignJSON(c, camp, false)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, j)
	}
}

// campaignErr turns a campaign's refusal (campaign.InvalidError) into an
// invalid-request error and passes other errors on.
func campaignErr(err error) error {
	var ce *campaign.InvalidError
	if errors.As(err, &ce) {
		return campaignProblems(ce.Problems)
	}
	return err
}

// campaignProblems turns a campaign's problems into an invalid-request
// error listing each with its field.
func campaignProblems(ps []campaign.Problem) error {
	inv := &collect.InvalidError{}
	for _, p := range ps {
		inv.Problems = append(inv.Problems, response.Problem{Field: p.Field, Message: p.Message})
	}
	return inv
}
