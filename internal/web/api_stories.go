package web

import (
	"context"
	"fmt"
	"net/http"
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
	ctx := c.Request().Context()
	lang := s.lang(c)
	shown, err := s.shownGroups(ctx, scope)
	if err != nil {
		return nil, err
	}
	group, q := c.QueryParam("group"), strings.ToLower(strings.TrimSpace(c.QueryParam("q")))
	if group != "" && !shown[response.GroupKey(group)] {
		return []storyJSON{}, nil // too few answers: no stories listed for the group
	}
	out := []storyJSON{}
	for _, camp := range scope.Campaigns {
		stories, err := s.store.Stories(ctx, camp.Code)
		if err != nil {
			return nil, err
		}
		for _, st := range stories {
			if (st.Hidden && !withHidden) || (q != "" && !strings.Contains(strings.ToLower(st.Text), q)) {
				continue
			}
			j := storyJSON{ID: st.ID, Text: st.Text, Groups: []string{}, Top: st.Top, Lang: st.Lang, Hidden: st.Hidden}
			inGroup := group == ""
			for _, g := range st.Groups {
				if shown[response.GroupKey(g)] {
					j.Groups = append(j.Groups, g)
					inGroup = inGroup || g == group
				}
			}
			if !inGroup {
				continue
			}
			if it, ok := scope.Survey.Item(st.Top); ok {
				j.TopLabel = it.Label.In(lang)
			}
			out = append(out, j)
		}
	}
	return out, nil
}

// shownGroups applies the small-group rule to the scope's counters.
func (s *Server) shownGroups(ctx context.Context, scope resultsScope) (map[string]bool, error) {
	sets, _, err := s.results.Read(ctx, scope.Survey, scope.codes())
	if err != nil {
		return nil, err
	}
	return results.Disclose(scope.Survey, sets), nil
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
		ctx := c.Request().Context()
		st, err := s.store.Story(ctx, c.Param("id"))
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
		if err := s.audit(c, action, st.ID[:8], camp.ProjectID, camp.Code); err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	}
}
