package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/auth"
	"github.com/vfv/vfv/internal/ranking"
	"github.com/vfv/vfv/internal/results"
)

// compareView is the results page's comparison of two groups: the form
// and, with ?job=ID, that job's progress or result. results.js starts the
// job through the API and polls it; without JavaScript the form posts to
// Action and the page shows the job after a reload.
type compareView struct {
	ChoicesA, ChoicesB []choice
	// Enough: a target group has enough answers to be compared with
	// the rest.
	Enough bool
	Action string
	API    string
	Back   string
	Error  bool
	Job    *jobView
}

// jobView is a comparison job as the page shows it.
type jobView struct {
	ID, State   string
	Done, Total int64
	Failed      string
	// ALabel and BLabel name the groups; Chart is the difference chart;
	// Basis says how it was computed and how many were compared.
	ALabel, BLabel, Chart, Basis string
	// Reload shows the job again (without JavaScript, while it runs).
	Reload string
	Rows   []diffRow
	Clear  int
}

// diffRow is one item's difference between the groups; Clear when its
// simultaneous interval excludes 0.
type diffRow struct {
	Label, A, B, Diff, Interval, Detectable string
	Clear                                   bool
}

// scopeQuery keeps of a page's state what an API call of the same scope
// needs: the campaigns pooled and the language of labels.
func scopeQuery(state url.Values) string {
	q := url.Values{}
	for _, k := range []string{"campaigns", "lang"} {
		if v := state.Get(k); v != "" {
			q.Set(k, v)
		}
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// compareView builds the comparison section of a results page.
func (s *Server) compareView(c echo.Context, pg page, r results.Result, state url.Values, path, api string) compareView {
	cv := compareView{Action: path + "/compare" + scopeQuery(state), API: api + "/jobs" + scopeQuery(state),
		Back: path + "?" + state.Encode(), Error: c.QueryParam("compare_error") != ""}
	a, b := "", ranking.Rest
	for _, g := range r.Groups {
		if !g.Suppressed && a == "" {
			a = g.ID
		}
	}
	if id := c.QueryParam("job"); id != "" {
		jv, ja, jb := s.jobView(c, pg, r, id, state, api)
		cv.Job = jv
		if ja != "" {
			a, b = ja, jb
		}
	}
	shown := groupChoices(r.Groups, "", true)
	cv.Enough = len(shown) > 0 && !r.Suppressed
	// A is a target group; B the rest of everyone or another group, never
	// everyone (which contains A).
	for _, ch := range shown {
		ch.Selected = ch.Value == a
		cv.ChoicesA = append(cv.ChoicesA, ch)
	}
	for _, ch := range append([]choice{{Value: ranking.Rest, Label: pg.T("results.compare.rest")}}, shown...) {
		ch.Selected = ch.Value == b
		cv.ChoicesB = append(cv.ChoicesB, ch)
	}
	return cv
}

// jobView reads the user's job id; it returns the groups it compared.
func (s *Server) jobView(c echo.Context, pg page, r results.Result, id string, state url.Values, api string) (*jobView, string, string) {
	jv := &jobView{ID: id, State: "missing", Reload: c.Request().URL.RequestURI() + "#compare"}
	job, err := s.jobOf(c, id)
	if err != nil || job.Kind != results.KindCompare {
		return jv, "", ""
	}
	jv.State, jv.Done, jv.Total = job.State, job.Done, job.Total
	if job.State == "failed" {
		jv.Failed = job.Error
	}
	cmp, ok := job.Result.(results.CompareResult)
	if job.State != "done" || !ok {
		return jv, "", ""
	}
	jv.ALabel, jv.BLabel = groupLabel(pg, r.Groups, cmp.A), groupLabel(pg, r.Groups, cmp.B)
	if cmp.B == ranking.Rest {
		jv.BLabel = pg.T("results.compare.rest")
	}
	jv.Basis = strings.NewReplacer("{a}", strconv.Itoa(cmp.RespondentsA), "{b}", strconv.Itoa(cmp.RespondentsB)).
		Replace(pg.T("results.compare.basis"))
	q := withState(state, "kind", "difference", "job", id, "width", "800", "lang", pg.Lang)
	q.Del("group")
	jv.Chart = api + "/chart.svg?" + q.Encode()
	items := slices.Clone(cmp.Items) // the job's own slice is shared
	sort.SliceStable(items, func(i, j int) bool { return items[i].Diff > items[j].Diff })
	for _, it := range items {
		row := diffRow{Label: it.Label, A: formatNum(pg.Lang, it.A, false), B: formatNum(pg.Lang, it.B, false),
			Diff: formatNum(pg.Lang, it.Diff, true), Interval: "–", Detectable: formatNum(pg.Lang, it.Detectable, false), Clear: it.ExcludesZero}
		if it.CILow != nil && it.CIHigh != nil {
			row.Interval = interval(pg, *it.CILow, *it.CIHigh, true)
		}
		if row.Clear {
			jv.Clear++
		}
		jv.Rows = append(jv.Rows, row)
	}
	return jv, cmp.A, cmp.B
}

// compareResultsPage is POST /staff/campaigns/{code}/results/compare (and
// the survey's): the comparison form without JavaScript. It starts the job
// and sends the user back to the page, which shows it.
func (s *Server) compareResultsPage(scopeOf func(echo.Context) (resultsScope, error)) echo.HandlerFunc {
	return func(c echo.Context) error {
		p, _ := principal(c)
		if !canSomewhere(p, auth.ViewResults) {
			return errForbidden
		}
		scope, err := scopeOf(c)
		if err != nil {
			return err
		}
		job, err := s.startJobFor(c, scope, results.JobSpec{Kind: results.KindCompare,
			Method: results.MethodBT, A: c.FormValue("a"), B: c.FormValue("b"), Seed: 1})
		if errors.Is(err, results.ErrBadQuery) {
			return c.Redirect(http.StatusSeeOther, withQuery(c.FormValue("back"), "compare_error", "1", "compare"))
		}
		if err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, withQuery(c.FormValue("back"), "job", job.ID, "compare"))
	}
}

// storiesView is the stories section: a filter by target group and text,
// optionally with the hidden ones, and the list.
type storiesView struct {
	Q, Group string
	Hidden   bool
	Groups   []choice
	List     []storyView
	// Notice confirms a story just hidden or shown again.
	Notice string
	// Back is where hiding or showing a story comes back to.
	Back string
	// Intro explains the list, with the survey's group size.
	Intro string
}

// storyView is one story with its context.
type storyView struct {
	ID, Text, Lang, Top, Groups string
	Hidden                      bool
	Board                       boardAdd
}

// storiesView lists the scope's stories for ?story_group=, ?q= and
// ?hidden=true.
func (s *Server) storiesView(c echo.Context, pg page, scope resultsScope, r results.Result, path string, state url.Values) (storiesView, error) {
	sv := storiesView{Q: strings.TrimSpace(c.QueryParam("q")), Group: c.QueryParam("story_group"), Hidden: c.QueryParam("hidden") == "true",
		Back: c.Request().URL.RequestURI(), Intro: strings.ReplaceAll(pg.T("results.stories.intro"), "{n}", strconv.Itoa(scope.Survey.MinGroupSize))}
	sv.Groups = append([]choice{{Value: "", Label: pg.T("results.stories.all_groups"), Selected: sv.Group == ""}},
		groupChoices(r.Groups, sv.Group, true)...)
	switch c.QueryParam("done") {
	case "hidden":
		sv.Notice = pg.T("results.stories.hidden_done")
	case "shown":
		sv.Notice = pg.T("results.stories.shown_done")
	}
	list, err := s.filterStories(c.Request().Context(), scope, storyFilter{Group: sv.Group, Q: sv.Q, Hidden: sv.Hidden, Lang: pg.Lang})
	if err != nil {
		return sv, err
	}
	for _, st := range list {
		var groups []string
		for _, g := range st.Groups {
			groups = append(groups, groupLabel(pg, r.Groups, g))
		}
		sv.List = append(sv.List, storyView{ID: st.ID, Text: st.Text, Lang: st.Lang,
			Top: st.TopLabel, Groups: strings.Join(groups, ", "), Hidden: st.Hidden})
	}
	return sv, nil
}

// storyHiddenPage is POST /staff/stories/{id}/hide and /show: the story
// buttons without JavaScript, back to the page they were pressed on.
func (s *Server) storyHiddenPage(hidden bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := s.changeStoryHidden(c, c.Param("id"), hidden); err != nil {
			return err
		}
		done := "shown"
		if hidden {
			done = "hidden"
		}
		return c.Redirect(http.StatusSeeOther, withQuery(c.FormValue("back"), "done", done, "stories"))
	}
}
