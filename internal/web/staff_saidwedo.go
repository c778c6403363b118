package web

import (
	"context"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/auth"
	"github.com/vfv/vfv/internal/board"
	"github.com/vfv/vfv/internal/results"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
)

// saidWeDoTop is how many of the items the young people put first the
// page shows, per survey.
const saidWeDoTop = 5

// saidWeDoData is "Ni sa – vi gör" (you said – we do) of a project: what
// the young people put first and what the project decided. It holds no
// number at all: the items in everyone's order (the released everyone
// set, through results.Service), never a share, a count or a group.
type saidWeDoData struct {
	Project string           `json:"project"`
	Lang    string           `json:"lang"`
	Surveys []saidWeDoSurvey `json:"surveys"`
	Cards   []saidWeDoCard   `json:"cards"`
}

// saidWeDoSurvey is one survey's first items, in order; none while
// everyone's result may not be shown.
type saidWeDoSurvey struct {
	ID    string      `json:"id"`
	Title string      `json:"title"`
	Top   []labelOnly `json:"top"`
}

type labelOnly struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// saidWeDoCard is a card marked for publication; its heading is the
// column's promise ("Vi skapar", "Vi slutar med", "Vi behåller").
type saidWeDoCard struct {
	Column  string `json:"column"`
	Heading string `json:"heading"`
	Text    string `json:"text"`
	Status  string `json:"status"`
}

// saidWeDo gathers the page in lang for project.
func (s *Server) saidWeDo(ctx context.Context, pr store.Project, lang string) (saidWeDoData, []string, error) {
	out := saidWeDoData{Project: pr.ID, Lang: lang, Surveys: []saidWeDoSurvey{}, Cards: []saidWeDoCard{}}
	scopes, err := s.projectScopes(ctx, pr.ID)
	if err != nil {
		return out, nil, err
	}
	langs := []string{}
	for _, sc := range scopes {
		for _, l := range sc.Survey.Languages {
			if !slices.Contains(langs, l) && s.i18n.Has(l) {
				langs = append(langs, l)
			}
		}
		top, err := s.firstItems(ctx, sc, lang)
		if err != nil {
			return out, nil, err
		}
		out.Surveys = append(out.Surveys, saidWeDoSurvey{ID: sc.Survey.ID, Title: sc.Survey.Title.In(lang), Top: top})
	}
	cards, err := s.store.BoardCards(ctx, pr.ID)
	if err != nil {
		return out, nil, err
	}
	for _, col := range board.Columns {
		for _, card := range cards {
			if card.Publish && card.Column == col {
				out.Cards = append(out.Cards, saidWeDoCard{Column: col, Heading: s.i18n.T(lang, "saidwedo.col."+col),
					Text: card.Text, Status: s.i18n.T(lang, "board.status."+card.Status)})
			}
		}
	}
	if len(langs) == 0 {
		langs = []string{survey.DefaultLanguage}
	}
	return out, langs, nil
}

// firstItems are everyone's first items by rank, labels only; none when
// everyone's result is withheld by the release rule.
func (s *Server) firstItems(ctx context.Context, sc resultsScope, lang string) ([]labelOnly, error) {
	r, err := s.results.Compute(ctx, results.Query{Survey: sc.Survey, Campaigns: sc.codes(), Method: results.MethodBT, Lang: lang})
	if err != nil {
		return nil, err
	}
	top := []labelOnly{}
	if r.Suppressed || r.Respondents == nil {
		return top, nil
	}
	items := slices.Clone(r.Items)
	slices.SortStableFunc(items, func(a, b results.Item) int { return rankOf(a) - rankOf(b) })
	for _, it := range items {
		if it.Rank == nil || len(top) == saidWeDoTop {
			break
		}
		top = append(top, labelOnly{ID: it.ID, Label: it.Label})
	}
	return top, nil
}

// saidWeDoProject is the project of a "Ni sa – vi gör" request, for a
// member who may read its results: the page shows everyone's order of
// the items, which is a result, so it follows the rule of who may read
// results (auth.ViewResults), not the board's. A trust agent gets 403
// until the project group hands them the printed poster.
func (s *Server) saidWeDoProject(c echo.Context) (store.Project, error) {
	return s.boardProject(c, c.Param("id"), auth.ViewResults)
}

// saidWeDoJSON is GET /api/v1/projects/{id}/saidwedo.
func (s *Server) saidWeDoJSON(c echo.Context) error {
	pr, err := s.saidWeDoProject(c)
	if err != nil {
		return err
	}
	v, _, err := s.saidWeDo(c.Request().Context(), pr, s.lang(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

// saidWeDoView is the plain page and the A4 poster.
type saidWeDoView struct {
	page
	Poster  bool
	Project string
	Data    saidWeDoData
	Langs   []langLink
	Back    string
	Other   string
}

// langLink offers the page in another language.
type langLink struct {
	Lang, Name, Href string
	Current          bool
}

// saidWeDoPage is GET /staff/projects/{id}/saidwedo?lang=L: a plain page
// to copy to the outreach site.
func (s *Server) saidWeDoPage(c echo.Context) error { return s.renderSaidWeDo(c, false) }

// saidWeDoPoster is GET /staff/projects/{id}/saidwedo/poster?lang=L: the
// same on an A4 poster.
func (s *Server) saidWeDoPoster(c echo.Context) error { return s.renderSaidWeDo(c, true) }

func (s *Server) renderSaidWeDo(c echo.Context, poster bool) error {
	pr, err := s.saidWeDoProject(c)
	if err != nil {
		return err
	}
	lang := s.lang(c)
	data, langs, err := s.saidWeDo(c.Request().Context(), pr, lang)
	if err == nil && !slices.Contains(langs, lang) {
		// A language the survey is not offered in: its first one.
		lang = langs[0]
		data, langs, err = s.saidWeDo(c.Request().Context(), pr, lang)
	}
	if err != nil {
		return err
	}
	v := saidWeDoView{page: s.page(c, lang), Poster: poster, Project: pr.Name, Data: data, Back: "/staff/projects/" + pr.ID + "/board"}
	v.Title = v.T("saidwedo.title") + " – " + pr.Name
	base := "/staff/projects/" + pr.ID + "/saidwedo"
	self, other := base, base+"/poster"
	if poster {
		self, other = other, base
	}
	v.Other = other + "?lang=" + lang
	for _, l := range langs {
		v.Langs = append(v.Langs, langLink{Lang: l, Name: s.i18n.Name(l), Href: self + "?lang=" + l, Current: l == lang})
	}
	return s.render(c, http.StatusOK, "staff_saidwedo.html", v)
}
