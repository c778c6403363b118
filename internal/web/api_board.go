package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/auth"
	"github.com/vfv/vfv/internal/board"
	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/results"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
)

// boardJSON is GET /api/v1/projects/{id}/board.
type boardJSON struct {
	Project string     `json:"project"`
	Cards   []cardJSON `json:"cards"`
}

// cardJSON is one card. Figures and the stories' texts are there only
// for users who may read the project's results; both come through the
// release rule (results.Service, filterStories), so a card shows what
// the results page shows and nothing more.
type cardJSON struct {
	ID      string   `json:"id"`
	Column  string   `json:"column"`
	Text    string   `json:"text"`
	Survey  string   `json:"survey,omitempty"`
	Items   []string `json:"items"`
	Stories []string `json:"stories"`
	Owner   string   `json:"owner"`
	Due     *string  `json:"due"`
	Status  string   `json:"status"`
	Publish bool     `json:"publish"`
	Created string   `json:"created"`
	Updated string   `json:"updated"`
	// Version is 1 when the card is created and one more with each
	// change; a PATCH may name it (or send it as If-Match) to be refused
	// with 409 when someone else changed the card meanwhile.
	Version int `json:"version"`
	// Figures are the linked items' current shares by group.
	Figures []itemFigures `json:"figures,omitempty"`
	// StoryTexts are the linked stories still released and not hidden.
	StoryTexts []cardStory `json:"story_texts,omitempty"`
}

// itemFigures is one linked item's Bradley–Terry share and 95 % interval
// for everyone and each target group; a group that may not be shown is
// suppressed with null numbers.
type itemFigures struct {
	ID     string        `json:"id"`
	Label  string        `json:"label"`
	Groups []groupFigure `json:"groups"`
}

type groupFigure struct {
	ID         string `json:"id"`
	Label      string `json:"label"`
	Suppressed bool   `json:"suppressed"`
	// Reason is the results' reason for a suppressed group (as
	// results.Result.Reason: "few", "difference" or "judges").
	Reason string   `json:"reason,omitempty"`
	Share  *float64 `json:"share"`
	CILow  *float64 `json:"ci_low"`
	CIHigh *float64 `json:"ci_high"`
}

type cardStory struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	Lang string `json:"lang,omitempty"`
}

// cardBody is the body of POST and PATCH: every field optional (a PATCH
// changes the fields it names), unknown fields refused.
type cardBody struct {
	Column  *string   `json:"column"`
	Text    *string   `json:"text"`
	Survey  *string   `json:"survey"`
	Items   *[]string `json:"items"`
	Stories *[]string `json:"stories"`
	Owner   *string   `json:"owner"`
	Due     *string   `json:"due"`
	Status  *string   `json:"status"`
	Publish *bool     `json:"publish"`
	// Version is the version a PATCH was made from (see cardJSON);
	// ignored by POST.
	Version *int `json:"version"`
}

func (b cardBody) apply(sp *board.Spec) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&sp.Column, b.Column)
	set(&sp.Text, b.Text)
	set(&sp.Survey, b.Survey)
	set(&sp.Owner, b.Owner)
	set(&sp.Due, b.Due)
	set(&sp.Status, b.Status)
	if b.Items != nil {
		sp.Items = *b.Items
	}
	if b.Stories != nil {
		sp.Stories = *b.Stories
	}
	if b.Publish != nil {
		sp.Publish = *b.Publish
	}
}

// boardProject is the project of /…/projects/{id}/board for a user with
// perm there: 404 for a project that does not exist or is not theirs,
// 403 for one they may not do this in.
func (s *Server) boardProject(c echo.Context, id string, perm auth.Perm) (store.Project, error) {
	p, _ := principal(c)
	if !p.Member(id) || id == "" {
		return store.Project{}, fmt.Errorf("project %s: %w", id, store.ErrNotFound)
	}
	pr, err := s.store.Project(c.Request().Context(), id)
	if err != nil {
		return pr, err
	}
	if !p.Can(id, perm) {
		return pr, errForbidden
	}
	return pr, nil
}

// boardCard is the card {id} for a user with perm in its project; a card
// of another project is the same 404 as one that does not exist.
func (s *Server) boardCard(c echo.Context, perm auth.Perm) (store.BoardCard, error) {
	card, err := s.store.BoardCard(c.Request().Context(), c.Param("id"))
	if err != nil {
		return card, err
	}
	if p, _ := principal(c); !p.Member(card.Project) {
		return store.BoardCard{}, fmt.Errorf("board card: %w", store.ErrNotFound)
	}
	_, err = s.boardProject(c, card.Project, perm)
	return card, err
}

// projectScopes are a project's campaigns grouped by survey, each a
// results scope.
func (s *Server) projectScopes(ctx context.Context, project string) ([]resultsScope, error) {
	camps, err := s.store.Campaigns(ctx)
	if err != nil {
		return nil, err
	}
	var out []resultsScope
	for _, camp := range camps {
		if camp.ProjectID != project {
			continue
		}
		sv, ok := s.collect.Survey(camp.SurveyID)
		if !ok {
			continue
		}
		i := slices.IndexFunc(out, func(sc resultsScope) bool { return sc.Survey.ID == sv.ID })
		if i < 0 {
			out = append(out, resultsScope{Survey: sv})
			i = len(out) - 1
		}
		out[i].Campaigns = append(out[i].Campaigns, camp)
	}
	return out, nil
}

// projectStories are a project's released, shown stories by id.
func (s *Server) projectStories(ctx context.Context, scopes []resultsScope, lang string) (map[string]storyJSON, error) {
	out := map[string]storyJSON{}
	for _, sc := range scopes {
		list, err := s.filterStories(ctx, sc, storyFilter{Lang: lang})
		if err != nil {
			return nil, err
		}
		for _, st := range list {
			out[st.ID] = st
		}
	}
	return out, nil
}

// boardRefs is what a card of the project may link to.
func (s *Server) boardRefs(ctx context.Context, scopes []resultsScope, stories map[string]storyJSON) board.Refs {
	refs := board.Refs{Surveys: map[string][]string{}, Story: func(id string) bool { _, ok := stories[id]; return ok }}
	for _, sc := range scopes {
		for _, it := range sc.Survey.Items {
			refs.Surveys[sc.Survey.ID] = append(refs.Surveys[sc.Survey.ID], it.ID)
		}
	}
	return refs
}

// boardErr turns a card's refusal into an invalid-request error.
func boardErr(err error) error {
	var be *board.InvalidError
	if !errors.As(err, &be) {
		return err
	}
	inv := &collect.InvalidError{}
	for _, p := range be.Problems {
		inv.Problems = append(inv.Problems, response.Problem{Field: p.Field, Message: p.Message})
	}
	return inv
}

// boardCards gathers a project's cards as JSON with, for a user who may
// read results, the figures of the linked items and the linked stories.
func (s *Server) boardCards(c echo.Context, project string) ([]cardJSON, error) {
	out, _, _, err := s.boardCardsWith(c, project)
	return out, err
}

// boardCardsWith is boardCards with the project's results scopes and
// released stories it read (nil for a user who may not read results).
func (s *Server) boardCardsWith(c echo.Context, project string) ([]cardJSON, []resultsScope, map[string]storyJSON, error) {
	ctx := c.Request().Context()
	cards, err := s.store.BoardCards(ctx, project)
	if err != nil {
		return nil, nil, nil, err
	}
	p, _ := principal(c)
	withResults := p.Can(project, auth.ViewResults)
	var scopes []resultsScope
	var stories map[string]storyJSON
	if withResults {
		if scopes, err = s.projectScopes(ctx, project); err != nil {
			return nil, nil, nil, err
		}
		if stories, err = s.projectStories(ctx, scopes, s.lang(c)); err != nil {
			return nil, nil, nil, err
		}
	}
	computed := map[string]results.Result{}
	out := make([]cardJSON, 0, len(cards))
	for _, card := range cards {
		j := cardJSONOf(card)
		if withResults {
			if j.Figures, err = s.itemFigures(c, scopes, card, computed); err != nil {
				return nil, nil, nil, err
			}
			for _, id := range card.Stories {
				if st, ok := stories[id]; ok {
					j.StoryTexts = append(j.StoryTexts, cardStory{ID: id, Text: st.Text, Lang: st.Lang})
				}
			}
		}
		out = append(out, j)
	}
	return out, scopes, stories, nil
}

func cardJSONOf(card store.BoardCard) cardJSON {
	j := cardJSON{ID: card.ID, Column: card.Column, Text: card.Text, Survey: card.Survey, Items: card.Items, Stories: card.Stories,
		Owner: card.Owner, Status: card.Status, Publish: card.Publish,
		Created: card.Created.Format(time.RFC3339), Updated: card.Updated.Format(time.RFC3339), Version: card.Version}
	if card.Due != "" {
		j.Due = &card.Due
	}
	return j
}

// itemFigures computes (once per survey and request) the results of the
// project's campaigns of the card's survey and picks the linked items.
func (s *Server) itemFigures(c echo.Context, scopes []resultsScope, card store.BoardCard, computed map[string]results.Result) ([]itemFigures, error) {
	if len(card.Items) == 0 {
		return nil, nil
	}
	i := slices.IndexFunc(scopes, func(sc resultsScope) bool { return sc.Survey.ID == card.Survey })
	if i < 0 {
		return nil, nil
	}
	r, ok := computed[card.Survey]
	if !ok {
		var err error
		r, err = s.results.Compute(c.Request().Context(), results.Query{Survey: scopes[i].Survey, Campaigns: scopes[i].codes(), Method: results.MethodBT, Lang: s.lang(c)})
		if err != nil {
			return nil, err
		}
		computed[card.Survey] = r
	}
	return figuresOf(r, scopes[i].Survey, card.Items, s.i18n.T(s.lang(c), "results.everyone")), nil
}

// figuresOf picks items out of a result: everyone first, then each
// target group; suppressed groups keep their place with null numbers.
func figuresOf(r results.Result, sv *survey.Survey, items []string, everyone string) []itemFigures {
	var out []itemFigures
	for _, id := range items {
		f := itemFigures{ID: id, Groups: []groupFigure{}}
		add := func(gid, label string, suppressed bool, reason string, its []results.Item) {
			g := groupFigure{ID: gid, Label: label, Suppressed: suppressed, Reason: reason}
			for _, it := range its {
				if it.ID == id {
					f.Label = it.Label
					if !suppressed {
						g.Share, g.CILow, g.CIHigh = it.Share, it.CILow, it.CIHigh
					}
				}
			}
			f.Groups = append(f.Groups, g)
		}
		add("all", everyone, r.Suppressed, r.Reason, r.Items)
		for _, g := range r.Groups {
			add(g.ID, g.Label, g.Suppressed, g.Reason, g.Items)
		}
		if f.Label == "" {
			if it, ok := sv.Item(id); ok {
				f.Label = it.Label.In(survey.DefaultLanguage)
			}
		}
		out = append(out, f)
	}
	return out
}

// getBoard is GET /api/v1/projects/{id}/board.
func (s *Server) getBoard(c echo.Context) error {
	pr, err := s.boardProject(c, c.Param("id"), auth.ViewBoard)
	if err != nil {
		return err
	}
	cards, err := s.boardCards(c, pr.ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, boardJSON{Project: pr.ID, Cards: cards})
}

// createCard is POST /api/v1/projects/{id}/board/cards.
func (s *Server) createCard(c echo.Context) error {
	pr, err := s.boardProject(c, c.Param("id"), auth.EditBoard)
	if err != nil {
		return err
	}
	var body cardBody
	if err := decodeStrict(c.Request().Body, &body); err != nil {
		return err
	}
	var sp board.Spec
	body.apply(&sp)
	card, err := s.saveCard(c, pr.ID, nil, sp)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, cardJSONOf(card))
}

// saveCard creates a card of project (old nil) or stores sp on old, with
// the project's links checked.
func (s *Server) saveCard(c echo.Context, project string, old *store.BoardCard, sp board.Spec) (store.BoardCard, error) {
	ctx := c.Request().Context()
	scopes, err := s.projectScopes(ctx, project)
	if err != nil {
		return store.BoardCard{}, err
	}
	var stories map[string]storyJSON
	if len(sp.Stories) > 0 {
		if stories, err = s.projectStories(ctx, scopes, s.lang(c)); err != nil {
			return store.BoardCard{}, err
		}
	}
	refs := s.boardRefs(ctx, scopes, stories)
	p, _ := principal(c)
	if old == nil {
		card, err := s.board.Create(ctx, p.Email, project, sp, refs)
		return card, boardErr(err)
	}
	card, err := s.board.Edit(ctx, p.Email, *old, sp, refs)
	return card, boardErr(err)
}

// patchCard is PATCH /api/v1/board/cards/{id}.
func (s *Server) patchCard(c echo.Context) error {
	card, err := s.boardCard(c, auth.EditBoard)
	if err != nil {
		return err
	}
	var body cardBody
	if err := decodeStrict(c.Request().Body, &body); err != nil {
		return err
	}
	if card.Version, err = wantVersion(c.Request().Header.Get("If-Match"), body.Version, card.Version); err != nil {
		return err
	}
	sp := board.SpecOf(card)
	body.apply(&sp)
	card, err = s.saveCard(c, card.Project, &card, sp)
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", strconv.Quote(strconv.Itoa(card.Version)))
	return c.JSON(http.StatusOK, cardJSONOf(card))
}

// wantVersion is the version a change of a card was made from: the
// If-Match header ("3", 3 or W/"3") or the body's version, which must
// agree when both are sent; the version just read when neither is, so
// that a change made between the read and the write is still caught.
func wantVersion(ifMatch string, body *int, read int) (int, error) {
	want := read
	if body != nil {
		want = *body
	}
	if h := strings.TrimSpace(ifMatch); h != "" {
		n, err := strconv.Atoi(strings.Trim(strings.TrimPrefix(h, "W/"), `"`))
		if err != nil || n < 1 {
			return 0, invalid("If-Match", "If-Match must be the card's version, such as \"3\", not "+h)
		}
		if body != nil && *body != n {
			return 0, invalid("version", fmt.Sprintf("version %d and If-Match %d disagree; send one", *body, n))
		}
		want = n
	}
	if want < 1 {
		return 0, invalid("version", fmt.Sprintf("version must be the card's version (1 or more), not %d", want))
	}
	return want, nil
}

// deleteCard is DELETE /api/v1/board/cards/{id}.
func (s *Server) deleteCard(c echo.Context) error {
	card, err := s.boardCard(c, auth.EditBoard)
	if err != nil {
		return err
	}
	p, _ := principal(c)
	if err := s.board.Delete(c.Request().Context(), p.Email, card); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
