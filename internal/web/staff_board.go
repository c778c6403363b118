package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/auth"
	"github.com/vfv/vfv/internal/board"
	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/results"
	"github.com/vfv/vfv/internal/store"
)

// boardView is the workshop board of a project: three columns of cards,
// for a shared screen in a meeting and for A3 paper.
type boardView struct {
	staffView
	Project store.Project
	CanEdit bool
	// CanResults: the user may read results, so the "Ni sa – vi gör"
	// page (everyone's order of the items) is offered.
	CanResults bool
	Columns    []boardColumn
	// NewColumns offers the columns to a new card; Error says why a
	// change was refused.
	NewColumns []choice
	Error      string
}

// boardColumn is one column with its cards.
type boardColumn struct {
	ID, Label, Hint string
	Cards           []boardCardView
}

// boardCardView is one card as the board shows it.
type boardCardView struct {
	ID, Text, Owner, Due, Status, StatusLabel string
	Publish                                   bool
	Items                                     []cardItemView
	Stories                                   []cardStory
	// Version is the card's version, sent back by its forms so that a
	// change made meanwhile by someone else is refused, not overwritten.
	Version int
	// Moves are the other columns, one button each ("Flytta till Bryta").
	Moves    []choice
	Statuses []choice
	// Links offer the project's items (one group per survey) and, to a
	// user who may read results, its released stories, as checkboxes;
	// the card's own are checked.
	Links []linkGroup
}

// linkGroup is one fieldset of the edit form's links: Name is the form
// field, each choice's Data the checkbox's element id.
type linkGroup struct {
	Legend, Name string
	Options      []choice
}

// cardItemView is a linked item with its figures in words.
type cardItemView struct {
	Label   string
	Figures []string
}

// boardPage is GET /staff/projects/{id}/board.
func (s *Server) boardPage(c echo.Context) error {
	v, err := s.boardViewOf(c, c.Param("id"))
	if err != nil {
		return err
	}
	switch c.QueryParam("done") {
	case "created", "moved", "saved", "deleted":
		v.Notice = v.T("board.done." + c.QueryParam("done"))
	}
	return s.render(c, http.StatusOK, "staff_board.html", v)
}

func (s *Server) boardViewOf(c echo.Context, project string) (boardView, error) {
	pr, err := s.boardProject(c, project, auth.ViewBoard)
	if err != nil {
		return boardView{}, err
	}
	p, _ := principal(c)
	v := boardView{staffView: s.staffView(c, "board.title"), Project: pr, CanEdit: p.Can(pr.ID, auth.EditBoard), CanResults: p.Can(pr.ID, auth.ViewResults)}
	pg := v.page
	v.Title = pg.T("board.title") + ": " + pr.Name + " – " + pg.T("app.name")
	cards, scopes, stories, err := s.boardCardsWith(c, pr.ID)
	if err != nil {
		return v, err
	}
	if v.CanEdit && scopes == nil {
		if scopes, err = s.projectScopes(c.Request().Context(), pr.ID); err != nil {
			return v, err
		}
	}
	for _, col := range board.Columns {
		bc := boardColumn{ID: col, Label: pg.T("board.col." + col), Hint: pg.T("board.hint." + col)}
		v.NewColumns = append(v.NewColumns, choice{Value: col, Label: bc.Label, Selected: col == board.Skapa})
		for _, card := range cards {
			if card.Column == col {
				cv := boardCardViewOf(pg, card)
				if v.CanEdit {
					cv.Links = cardLinks(pg, card, scopes, stories)
				}
				bc.Cards = append(bc.Cards, cv)
			}
		}
		v.Columns = append(v.Columns, bc)
	}
	return v, nil
}

// cardLinks are the checkboxes of a card's links: the items of each of
// the project's surveys (value "survey:item"), then the released stories
// (nil when the user may not read them), sorted by their text.
func cardLinks(pg page, card cardJSON, scopes []resultsScope, stories map[string]storyJSON) []linkGroup {
	var out []linkGroup
	for _, sc := range scopes {
		g := linkGroup{Legend: pg.T("board.links.items"), Name: "link_item"}
		if len(scopes) > 1 {
			g.Legend += ": " + sc.Survey.Title.In(pg.Lang)
		}
		for _, it := range sc.Survey.Items {
			g.Options = append(g.Options, choice{Value: sc.Survey.ID + ":" + it.ID, Label: it.Label.In(pg.Lang),
				Data:     fmt.Sprintf("e-link-%s-%d-%d", card.ID, len(out), len(g.Options)),
				Selected: card.Survey == sc.Survey.ID && slices.Contains(card.Items, it.ID)})
		}
		out = append(out, g)
	}
	if stories == nil {
		return out
	}
	g := linkGroup{Legend: pg.T("board.links.stories"), Name: "link_story"}
	list := make([]storyJSON, 0, len(stories))
	for _, st := range stories {
		list = append(list, st)
	}
	slices.SortFunc(list, func(a, b storyJSON) int { return strings.Compare(a.Text+a.ID, b.Text+b.ID) })
	for _, st := range list {
		g.Options = append(g.Options, choice{Value: st.ID, Label: "”" + st.Text + "”",
			Data: fmt.Sprintf("e-link-%s-%d-%d", card.ID, len(out), len(g.Options)), Selected: slices.Contains(card.Stories, st.ID)})
	}
	return append(out, g)
}

func boardCardViewOf(pg page, card cardJSON) boardCardView {
	cv := boardCardView{ID: card.ID, Version: card.Version, Text: card.Text, Owner: card.Owner, Status: card.Status,
		StatusLabel: pg.T("board.status." + card.Status), Publish: card.Publish, Stories: card.StoryTexts}
	if card.Due != nil {
		cv.Due = *card.Due
	}
	for _, col := range board.Columns {
		if col != card.Column {
			cv.Moves = append(cv.Moves, choice{Value: col, Label: strings.ReplaceAll(pg.T("board.move_to"), "{column}", pg.T("board.col."+col))})
		}
	}
	for _, st := range board.Statuses {
		cv.Statuses = append(cv.Statuses, choice{Value: st, Label: pg.T("board.status." + st), Selected: st == card.Status})
	}
	for _, f := range card.Figures {
		iv := cardItemView{Label: f.Label}
		for _, g := range f.Groups {
			text := g.Label + ": " + pg.T("results.too_few")
			if g.Reason == results.ReasonJudges {
				text = g.Label + ": " + pg.T("results.too_few_judges")
			}
			if !g.Suppressed && g.Share != nil {
				text = g.Label + ": " + formatNum(pg.Lang, *g.Share, false)
				if g.CILow != nil && g.CIHigh != nil {
					text += " (" + interval(pg, *g.CILow, *g.CIHigh, false) + ")"
				}
			}
			iv.Figures = append(iv.Figures, text)
		}
		cv.Items = append(cv.Items, iv)
	}
	if len(card.Figures) == 0 {
		for _, id := range card.Items {
			cv.Items = append(cv.Items, cardItemView{Label: id})
		}
	}
	return cv
}

// boardProblem words a refused card's first problem in the page's
// language: the field's own sentence, else the API's message.
func (s *Server) boardProblem(lang string, err error) string {
	var inv *collect.InvalidError
	if errors.As(err, &inv) && len(inv.Problems) > 0 {
		key := "board.problem." + inv.Problems[0].Field
		if t := s.i18n.T(lang, key); t != key {
			return t
		}
	}
	return problemText(err)
}

// boardFormError re-shows the board with the reason a change was
// refused, or passes other errors on.
func (s *Server) boardFormError(c echo.Context, project string, err error) error {
	if errors.Is(err, store.ErrStale) { // the board as it is now, to redo the change on
		v, verr := s.boardViewOf(c, project)
		if verr != nil {
			return verr
		}
		v.Error = v.T("error.stale")
		return s.render(c, http.StatusConflict, "staff_board.html", v)
	}
	msg := s.boardProblem(s.lang(c), err)
	if msg == "" {
		return err
	}
	v, verr := s.boardViewOf(c, project)
	if verr != nil {
		return verr
	}
	v.Error = v.T("board.refused") + ": " + msg
	return s.render(c, http.StatusBadRequest, "staff_board.html", v)
}

// specFromForm reads a card's fields from a form onto sp; a field not in
// the form is left as it is.
func specFromForm(c echo.Context, sp *board.Spec) {
	f, _ := c.FormParams()
	for name, dst := range map[string]*string{"column": &sp.Column, "text": &sp.Text, "owner": &sp.Owner, "due": &sp.Due, "status": &sp.Status, "survey": &sp.Survey} {
		if vs, ok := f[name]; ok && len(vs) > 0 {
			*dst = vs[0]
		}
	}
	if vs, ok := f["item"]; ok {
		sp.Items = vs
	}
	if vs, ok := f["story"]; ok {
		sp.Stories = vs
	}
	if _, ok := f["publish_sent"]; ok {
		sp.Publish = f.Get("publish") == "true"
	}
}

// linksFromForm reads the edit form's links onto sp: the checked items
// ("survey:item", all of one survey) when the form offered items, the
// checked stories when it offered stories; none checked unlinks all.
func linksFromForm(c echo.Context, sp *board.Spec) error {
	f, _ := c.FormParams()
	if _, ok := f["items_sent"]; ok {
		sp.Items, sp.Survey = []string{}, ""
		for _, v := range f["link_item"] {
			survey, item, ok := strings.Cut(v, ":")
			if !ok || (sp.Survey != "" && survey != sp.Survey) {
				return invalid("items", "choose the items of one survey only")
			}
			sp.Survey, sp.Items = survey, append(sp.Items, item)
		}
	}
	if _, ok := f["stories_sent"]; ok {
		sp.Stories = append([]string{}, f["link_story"]...)
	}
	return nil
}

// formVersion is the version an edit form was made from (the version
// just read when the form sent none).
func formVersion(c echo.Context, read int) (int, error) {
	v := c.FormValue("version")
	if v == "" {
		return read, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, invalid("version", "version must be the card's version, not "+v)
	}
	return n, nil
}

func boardPath(project, done, card string) string {
	q := url.Values{"done": {done}}
	out := "/staff/projects/" + url.PathEscape(project) + "/board?" + q.Encode()
	if card != "" {
		out += "#card-" + card
	}
	return out
}

// createCardPage is POST /staff/board/cards (form field project).
func (s *Server) createCardPage(c echo.Context) error {
	project := c.FormValue("project")
	pr, err := s.boardProject(c, project, auth.EditBoard)
	if err != nil {
		return err
	}
	var sp board.Spec
	specFromForm(c, &sp)
	card, err := s.saveCard(c, pr.ID, nil, sp)
	if err != nil {
		if c.FormValue("from") == "new" {
			return s.newCardFormError(c, err)
		}
		return s.boardFormError(c, pr.ID, err)
	}
	return c.Redirect(http.StatusSeeOther, boardPath(pr.ID, "created", card.ID))
}

// updateCardPage is POST /staff/board/cards/{id}: a move (a button per
// column) or an edit of the card's fields.
func (s *Server) updateCardPage(c echo.Context) error {
	card, err := s.boardCard(c, auth.EditBoard)
	if err != nil {
		return err
	}
	if card.Version, err = formVersion(c, card.Version); err != nil {
		return s.boardFormError(c, card.Project, err)
	}
	sp := board.SpecOf(card)
	specFromForm(c, &sp)
	if err := linksFromForm(c, &sp); err != nil {
		return s.boardFormError(c, card.Project, err)
	}
	done := "saved"
	if sp.Column != card.Column {
		done = "moved"
	}
	if _, err := s.saveCard(c, card.Project, &card, sp); err != nil {
		return s.boardFormError(c, card.Project, err)
	}
	return c.Redirect(http.StatusSeeOther, boardPath(card.Project, done, card.ID))
}

// deleteCardPage is POST /staff/board/cards/{id}/delete.
func (s *Server) deleteCardPage(c echo.Context) error {
	card, err := s.boardCard(c, auth.EditBoard)
	if err != nil {
		return err
	}
	p, _ := principal(c)
	if err := s.board.Delete(c.Request().Context(), p.Email, card); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, boardPath(card.Project, "deleted", ""))
}

// newCardView is the form that puts an item or a story of the results on
// a board ("Lägg på tavlan").
type newCardView struct {
	staffView
	Projects []choice
	Columns  []choice
	Survey   string
	Item     string
	Story    string
	// What names the item or quotes the story being put on the board.
	What, Text, Back, Error string
}

// newCardPage is GET /staff/board/new?survey=S&item=I (or &story=ID)
// &project=P&back=URL.
func (s *Server) newCardPage(c echo.Context) error {
	v, err := s.newCardViewOf(c)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "staff_board_new.html", v)
}

func (s *Server) newCardViewOf(c echo.Context) (newCardView, error) {
	ctx := c.Request().Context()
	p, _ := principal(c)
	v := newCardView{staffView: s.staffView(c, "board.new.title"), Survey: c.QueryParam("survey"), Item: c.QueryParam("item"),
		Story: c.QueryParam("story"), Back: safeNext(c.QueryParam("back"))}
	if c.Request().Method == http.MethodPost {
		v.Survey, v.Item, v.Story, v.Back = c.FormValue("survey"), c.FormValue("item"), c.FormValue("story"), safeNext(c.FormValue("back"))
	}
	sv, ok := s.collect.Survey(v.Survey)
	if !ok {
		return v, invalid("survey", "survey is unknown; open this page from a results page")
	}
	projects, err := s.store.Projects(ctx)
	if err != nil {
		return v, err
	}
	camps, err := s.store.Campaigns(ctx)
	if err != nil {
		return v, err
	}
	want := c.QueryParam("project")
	if c.Request().Method == http.MethodPost {
		want = c.FormValue("project")
	}
	for _, pr := range projectsWith(p, auth.EditBoard, projects) {
		if !slices.ContainsFunc(camps, func(x store.Campaign) bool { return x.ProjectID == pr.ID && x.SurveyID == sv.ID }) {
			continue
		}
		v.Projects = append(v.Projects, choice{Value: pr.ID, Label: pr.Name, Selected: pr.ID == want})
	}
	if len(v.Projects) == 0 {
		return v, errForbidden
	}
	for _, col := range board.Columns {
		v.Columns = append(v.Columns, choice{Value: col, Label: v.T("board.col." + col), Data: v.T("board.hint." + col), Selected: col == c.QueryParam("column")})
	}
	if it, ok := sv.Item(v.Item); ok && v.Item != "" {
		v.What = it.Label.In(v.Lang)
		v.Text = v.What
	} else if v.Item != "" {
		return v, invalid("item", "survey "+sv.ID+" has no item "+v.Item)
	}
	if v.Story != "" {
		scopes, err := s.projectScopesOf(ctx, v.Projects)
		if err != nil {
			return v, err
		}
		stories, err := s.projectStories(ctx, scopes, v.Lang)
		if err != nil {
			return v, err
		}
		st, ok := stories[v.Story]
		if !ok {
			return v, invalid("story", "the story is not released or is hidden")
		}
		v.What = "”" + st.Text + "”"
	}
	return v, nil
}

// projectScopesOf are the results scopes of the projects offered.
func (s *Server) projectScopesOf(ctx context.Context, projects []choice) ([]resultsScope, error) {
	var out []resultsScope
	for _, pr := range projects {
		scopes, err := s.projectScopes(ctx, pr.Value)
		if err != nil {
			return nil, err
		}
		out = append(out, scopes...)
	}
	return out, nil
}

// newCardFormError re-shows the new-card form with the reason the card
// was refused.
func (s *Server) newCardFormError(c echo.Context, err error) error {
	msg := s.boardProblem(s.lang(c), err)
	if msg == "" {
		return err
	}
	v, verr := s.newCardViewOf(c)
	if verr != nil {
		return verr
	}
	v.Text = c.FormValue("text")
	v.Error = v.T("board.refused") + ": " + msg
	return s.render(c, http.StatusBadRequest, "staff_board_new.html", v)
}

// boardLink is the "Lägg på tavlan" address for an item or a story of a
// results scope, "" when the user may put nothing on a board there.
func boardLink(p auth.Principal, scope resultsScope, back, kind, id string) string {
	project := ""
	for _, camp := range scope.Campaigns {
		if p.Can(camp.ProjectID, auth.EditBoard) && camp.ProjectID != "" {
			if project != "" && project != camp.ProjectID {
				project = "" // several: the form asks
				break
			}
			project = camp.ProjectID
		}
	}
	if project == "" && !slices.ContainsFunc(scope.Campaigns, func(x store.Campaign) bool { return p.Can(x.ProjectID, auth.EditBoard) && x.ProjectID != "" }) {
		return ""
	}
	q := url.Values{"survey": {scope.Survey.ID}, kind: {id}, "back": {back}}
	if project != "" {
		q.Set("project", project)
	}
	return "/staff/board/new?" + q.Encode()
}

// boardAdd is a "Lägg på tavlan" link beside an item or a story of the
// results; empty Href: none (the user edits no board there).
type boardAdd struct{ Href, Label, What string }

// addBoardLinks puts a "Lägg på tavlan" link beside each item of the
// main table and each shown story of a results page.
func (s *Server) addBoardLinks(c echo.Context, v *resultsView, scope resultsScope) {
	p, _ := principal(c)
	back := v.Path
	if q := v.State.Encode(); q != "" {
		back += "?" + q
	}
	label := v.T("board.add_here")
	for i, row := range v.Overall.Rows {
		for _, it := range scope.Survey.Items {
			if it.Label.In(v.Lang) == row.Label {
				v.Overall.Rows[i].Board = boardAdd{Href: boardLink(p, scope, back, "item", it.ID), Label: label, What: row.Label}
				break
			}
		}
	}
	for i, st := range v.Stories.List {
		if !st.Hidden {
			v.Stories.List[i].Board = boardAdd{Href: boardLink(p, scope, back+"#stories", "story", st.ID), Label: label, What: v.T("results.stories.this")}
		}
	}
}
