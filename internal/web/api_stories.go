package web

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/auth"
	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/results"
	"github.com/vfv/vfv/internal/store"
)

// storyJSON is one story as project groups read it: the respondent's
// target groups (only those shown under the small-group rule) and the
// item they weighted highest, for context. No id of the respondent.
type storyJSON struct {
	ID       string   `json:"id"`
	Text     string   `json:"text"`
	Groups   []string `json:"groups"`
	Top      string   `json:"top,omitempty"`
	TopLabel string   `json:"top_label,omitempty"`
	Lang     string   `json:"lang,omitempty"`
	Hidden   bool     `json:"hidden"`
}

// scopeStories lists the stories of a scope: hidden ones only when asked
// (?hidden=true), filtered by ?group= and a case-insensitive ?q= search.
func (s *Server) scopeStories(c echo.Context, scope resultsScope, withHidden bool) ([]storyJSON, error) {
	return s.filterStories(c.Request().Context(), scope, storyFilter{
		Group: c.QueryParam("group"), Q: c.QueryParam("q"), Hidden: withHidden, Lang: s.lang(c)})
}

// storyFilter says which stories filterStories lists: those of one target
// group ("" for all), containing Q (case-insensitive), hidden ones too when
// Hidden is set; labels are in Lang.
type storyFilter struct {
	Group, Q, Lang string
	Hidden         bool
}

// filterStories lists the released stories of a scope that pass f, in an
// order that says nothing about when they were written (by id, a hash).
// A story is listed once its batch is released and, with it, at least k
// stories (storiesReleased); it carries the labels of its target groups
// only where release.Labels allows them for its batch, so that neither a
// label, a combination of labels nor a missing one can tie a story to
// fewer than k respondents, in this scope or any other. The top item (one
// judgment of the writer, who wrote the story anyway) is kept.
func (s *Server) filterStories(ctx context.Context, scope resultsScope, f storyFilter) ([]storyJSON, error) {
	lang, withHidden := f.Lang, f.Hidden
	group, q := f.Group, strings.ToLower(strings.TrimSpace(f.Q))
	if _, ok := scope.Survey.Group(group); group != "" && !ok {
		return nil, invalid("group", fmt.Sprintf("survey %s has no target group %q", scope.Survey.ID, group))
	}
	out := []storyJSON{}
	for _, camp := range scope.Campaigns {
		rel, err := s.results.Released(ctx, scope.Survey, camp.Code)
		if err != nil {
			return nil, err
		}
		stories, err := s.store.Stories(ctx, camp.Code)
		if err != nil {
			return nil, err
		}
		open := storiesReleased(rel, stories, scope.Survey.MinGroupSize)
		for _, st := range stories {
			b := batchOf(rel, st.Date)
			if b == nil || !open[b] || (st.Hidden && !withHidden) || (q != "" && !strings.Contains(strings.ToLower(st.Text), q)) {
				continue
			}
			j := storyJSON{ID: st.ID, Text: st.Text, Groups: []string{}, Lang: st.Lang, Hidden: st.Hidden}
			labelled := b.Labels
			inGroup := group == ""
			for _, g := range st.Groups {
				if labelled && b.Sets[response.GroupKey(g)] != nil {
					j.Groups = append(j.Groups, g)
					inGroup = inGroup || g == group
				}
			}
			if !inGroup {
				continue
			}
			if it, ok := scope.Survey.Item(st.Top); ok {
				j.Top, j.TopLabel = st.Top, it.Label.In(lang)
			}
			out = append(out, j)
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].ID < out[b].ID })
	return out, nil
}

// batchOf is the released batch holding a day; nil when the day is not
// released.
func batchOf(rel *results.Released, day string) *results.Batch {
	for i, b := range rel.Batches {
		if day >= b.From && day <= b.To {
			return &rel.Batches[i]
		}
	}
	return nil
}

// storiesReleased tells which of a campaign's batches have their stories
// listed: batches are taken in order and their stories become readable
// together once at least k have gathered, so that no new story appears
// alone — a trust agent who saw one person write cannot tell theirs from
// the others that appear with it.
func storiesReleased(rel *results.Released, stories []store.Story, k int) map[*results.Batch]bool {
	count := map[*results.Batch]int{}
	for _, st := range stories {
		if b := batchOf(rel, st.Date); b != nil {
			count[b]++
		}
	}
	open := map[*results.Batch]bool{}
	var waiting []*results.Batch
	n := 0
	for i := range rel.Batches {
		b := &rel.Batches[i]
		waiting, n = append(waiting, b), n+count[b]
		if n >= k {
			for _, w := range waiting {
				open[w] = true
			}
			waiting, n = nil, 0
		}
	}
	return open
}

// campaignStories is GET /api/v1/campaigns/{code}/stories.
func (s *Server) campaignStories(c echo.Context) error {
	scope, err := s.campaignScope(c)
	if err != nil {
		return err
	}
	list, err := s.scopeStories(c, scope, c.QueryParam("hidden") == "true")
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

// setStoryHidden is POST /api/v1/stories/{id}/hide and /show: kept in the
// data, left out of results and exports, with an audit entry.
func (s *Server) setStoryHidden(hidden bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := s.changeStoryHidden(c, c.Param("id"), hidden); err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	}
}

// changeStoryHidden hides or shows story id for the request's user, who
// must be allowed to read its campaign's results, and logs it.
func (s *Server) changeStoryHidden(c echo.Context, id string, hidden bool) error {
	ctx := c.Request().Context()
	st, err := s.store.Story(ctx, id)
	if err != nil {
		return err
	}
	camp, err := s.store.Campaign(ctx, st.Campaign)
	if err != nil {
		return err
	}
	p, _ := principal(c)
	if !p.Member(camp.ProjectID) {
		return fmt.Errorf("story: %w", store.ErrNotFound)
	}
	if !p.Can(camp.ProjectID, auth.ViewResults) {
		return errForbidden
	}
	if _, err := s.store.SetStoryHidden(ctx, st.ID, hidden); err != nil {
		return err
	}
	action := "story.show"
	if hidden {
		action = "story.hide"
	}
	return s.audit(c, action, st.ID[:8], camp.ProjectID, camp.Code)
}
