package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/auth"
	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/release"
	"github.com/vfv/vfv/internal/response"
	"github.com/vfv/vfv/internal/results"
	"github.com/vfv/vfv/internal/store"
)

// resultsIndexPath lists the results a staff member may read.
const resultsIndexPath = "/staff/results"

// Chart widths in pixels, close to the width each chart is shown at, so
// that its text keeps its size on screen and on paper.
const (
	sharesChartWidth = 520
	wideChartWidth   = 900
)

// resultsView is the results page of a campaign or of several campaigns of
// one survey: what a project group reads together before deciding.
type resultsView struct {
	staffView
	Heading string
	Crumb   navLink
	// Path is the page's own path; State its query (method, group,
	// campaigns) for forms and links that keep it.
	Path  string
	State url.Values
	// From and To limit the answers to a period (YYYY-MM-DD).
	From, To string
	// SurveyScope: the page pools campaigns chosen in Campaigns.
	SurveyScope bool
	Campaigns   []choice
	Methods     []choice
	Groups      []choice
	Facts       []fact
	Method      string
	// ValueHead heads the value column in the method's words.
	ValueHead      string
	HasInterval    bool
	Empty          bool
	Regularised    bool
	SmallGroupNote string
	// PendingNote says how many answers are not released yet and why;
	// PeriodNote which whole batches a chosen period covers.
	PendingNote, PeriodNote string
	// CINote says which intervals are shown: when and from which answers
	// they were computed, or that they are being computed.
	CINote string
	// OrderNote says how much the position on screen weighs.
	OrderNote   string
	Overall     resultTable
	GroupTables []resultTable
	// Differences are the shown groups against the rest; Consistency the
	// respondents' consistency per group.
	Differences []differenceView
	Consistency consistencyView
	Charts      chartLinks
	Compare     compareView
	Sites       []siteRow
	Stories     storiesView
	Exports     []exportRow
}

// fact is one line of the report's header ("Metod: …").
type fact struct{ Term, Value string }

// chartLinks are the chart images of the page.
type chartLinks struct{ Shares, Groups, Timeline string }

// resultTable is one group's ranking as a table: the numbers of the
// charts for those who cannot see them. A suppressed group has no rows.
type resultTable struct {
	ID, Caption string
	Suppressed  bool
	Head        tableHead
	Rows        []resultRow
	// Why says in one sentence why a suppressed group is not shown, or
	// that some of a shown group's answers are left out (Note).
	Why, Note string
	// Summary says in plain words what the numbers allow (Summarize).
	Summary string
}

// setWhy words the release rule's reason for the table (internal/release).
func (t *resultTable) setWhy(pg page, reason string, partial bool) {
	switch {
	case t.Suppressed && reason == release.ReasonDifference:
		t.Why = pg.T("results.hidden_difference")
	case t.Suppressed && reason == results.ReasonJudges:
		t.Why = pg.T("results.too_few_judges")
	case t.Suppressed:
		t.Why = pg.T("results.too_few")
	case partial:
		t.Note = pg.T("results.partial")
	}
}

// tableHead is the column heads of a resultTable in the page language.
type tableHead struct {
	Rank, Item, Value, Interval, TooFew string
	HasInterval                         bool
}

// resultRow is one item of a resultTable, formatted in the page language;
// Board puts it on a workshop board (staff_board.go).
type resultRow struct {
	Rank, Label, Value, Interval string
	Board                        boardAdd
}

// siteRow is the responses from one site of the scope.
type siteRow struct {
	Site        string
	Total       int64
	First, Last string
}

// exportRow offers one kind of export in every format.
type exportRow struct {
	What string
	// Note says what the file holds, where the name alone does not.
	Note  string
	Links []exportLink
}

// exportLink is one download.
type exportLink struct{ Href, Label string }

// campaignResultsPage is GET /staff/campaigns/{code}/results.
func (s *Server) campaignResultsPage(c echo.Context) error {
	scope, err := s.campaignScope(c)
	if err != nil {
		return err
	}
	camp := scope.Campaigns[0]
	v, err := s.resultsPage(c, scope, "/staff/campaigns/"+camp.Code+"/results", "/api/v1/campaigns/"+camp.Code, url.Values{})
	if err != nil {
		return err
	}
	v.Heading = camp.Name
	v.Title = v.T("results.title") + ": " + camp.Name + " – " + v.T("app.name")
	v.Crumb = navLink{Href: "/staff/campaigns/" + camp.Code, Label: v.T("results.back_campaign")}
	v.Facts = append([]fact{{v.T("results.fact.campaign"), camp.Name}, {v.T("results.fact.site"), camp.Site}}, v.Facts...)
	return s.render(c, http.StatusOK, "staff_results.html", v)
}

// surveyResultsPage is GET /staff/surveys/{id}/results?campaigns=A,B:
// the campaigns of one survey pooled, chosen with checkboxes.
func (s *Server) surveyResultsPage(c echo.Context) error {
	p, _ := principal(c)
	if !canSomewhere(p, auth.ViewResults) {
		return errForbidden
	}
	// Checkboxes send campaigns=A&campaigns=B: one canonical address
	// (campaigns=A,B), which the charts and exports also take.
	if codes := c.QueryParams()["campaigns"]; len(codes) > 1 {
		q := c.QueryParams()
		q.Set("campaigns", strings.Join(codes, ","))
		return c.Redirect(http.StatusSeeOther, c.Request().URL.Path+"?"+q.Encode())
	}
	scope, err := s.surveyScope(c)
	if err != nil {
		return err
	}
	state := url.Values{}
	if c.QueryParam("campaigns") != "" {
		state.Set("campaigns", strings.Join(scope.codes(), ","))
	}
	path := "/staff/surveys/" + scope.Survey.ID + "/results"
	v, err := s.resultsPage(c, scope, path, "/api/v1/surveys/"+scope.Survey.ID, state)
	if err != nil {
		return err
	}
	v.SurveyScope = true
	v.Heading = scope.Survey.Title.In(v.Lang)
	v.Title = v.T("results.title") + ": " + v.Heading + " – " + v.T("app.name")
	v.Crumb = navLink{Href: resultsIndexPath, Label: v.T("results.index.title")}
	names := make([]string, len(scope.Campaigns))
	for i, camp := range scope.Campaigns {
		names[i] = camp.Name + " (" + camp.Site + ")"
	}
	v.Facts = append([]fact{{v.T("results.fact.campaigns"), strings.Join(names, ", ")}}, v.Facts...)
	all, err := s.readableCampaigns(c, scope.Survey.ID)
	if err != nil {
		return err
	}
	for _, camp := range all {
		v.Campaigns = append(v.Campaigns, choice{Value: camp.Code, Label: camp.Name + " – " + camp.Site,
			Selected: slices.ContainsFunc(scope.Campaigns, func(x store.Campaign) bool { return x.Code == camp.Code })})
	}
	return s.render(c, http.StatusOK, "staff_results.html", v)
}

// readableCampaigns lists the campaigns of a survey whose results the
// user may read.
func (s *Server) readableCampaigns(c echo.Context, surveyID string) ([]store.Campaign, error) {
	p, _ := principal(c)
	all, err := s.store.Campaigns(c.Request().Context())
	if err != nil {
		return nil, err
	}
	var out []store.Campaign
	for _, camp := range all {
		if camp.SurveyID == surveyID && p.Can(camp.ProjectID, auth.ViewResults) {
			out = append(out, camp)
		}
	}
	return out, nil
}

// resultsPage builds everything but the heading of a results page at
// path, whose data come from api; state holds what the page's own query
// adds to the scope (the survey page's campaigns).
func (s *Server) resultsPage(c echo.Context, scope resultsScope, path, api string, state url.Values) (resultsView, error) {
	r, err := s.resultsFor(c, scope)
	if err != nil {
		return resultsView{}, err
	}
	v := resultsView{staffView: s.staffView(c, "results.title"), Path: path, State: state, Method: r.Method}
	pg := v.page
	if r.Group != "" {
		v.State.Set("group", r.Group)
	}
	v.State.Set("method", r.Method)
	for _, k := range []string{"from", "to", "period"} {
		if d := c.QueryParam(k); d != "" {
			v.State.Set(k, d) // validated by resultsFor above
		}
	}
	v.From, v.To = c.QueryParam("from"), c.QueryParam("to")
	if l := c.QueryParam("lang"); l != "" && l == v.Lang {
		v.State.Set("lang", l)
	}
	v.ValueHead = pg.T("results.value." + r.Method)
	v.HasInterval = r.CIMethod != results.CIMethodNone
	v.CINote = ciNote(pg.T, r)
	v.OrderNote = orderNote(pg, r.OrderEffect)
	v.Regularised = r.Regularised
	v.SmallGroupNote = strings.ReplaceAll(pg.T("results.small_group_note"), "{n}", strconv.Itoa(r.MinGroupSize))
	v.Methods = methodChoices(pg, r.Method)
	v.Groups = append([]choice{{Value: "", Label: pg.T("results.everyone"), Selected: r.Group == ""}}, groupChoices(r.Groups, r.Group, false)...)
	v.Facts = []fact{
		{pg.T("results.fact.survey"), scope.Survey.Title.In(v.Lang)},
		{pg.T("results.fact.method"), pg.T("results.method." + r.Method)},
		{pg.T("results.fact.respondents"), respondentsText(pg, r.Respondents)},
		{pg.T("results.fact.date"), s.collect.Today()},
	}
	if r.ReleasedThrough != "" {
		v.Facts = append(v.Facts, fact{pg.T("results.fact.released"), r.ReleasedThrough})
	}
	if r.Pending > 0 {
		v.Facts = append(v.Facts, fact{pg.T("results.fact.pending"), strconv.FormatInt(r.Pending, 10)})
		v.PendingNote = strings.NewReplacer("{n}", strconv.FormatInt(r.Pending, 10), "{k}", strconv.Itoa(r.MinGroupSize)).Replace(pg.T("results.pending_note"))
	}
	if v.From != "" || v.To != "" || c.QueryParam("period") != "" {
		shown := "–"
		if r.Period != nil {
			shown = r.Period.From + " – " + r.Period.To
			v.PeriodNote = strings.NewReplacer("{from}", r.Period.From, "{to}", r.Period.To).Replace(pg.T("results.period_note"))
		}
		v.Facts = append(v.Facts, fact{pg.T("results.fact.period"), shown})
	}
	overall := pg.T("results.everyone")
	if r.Group != "" {
		overall = groupLabel(pg, r.Groups, r.Group)
	}
	head := tableHead{Rank: pg.T("results.col.rank"), Item: pg.T("results.col.item"), Value: v.ValueHead,
		Interval: pg.T("results.col.interval"), TooFew: pg.T("results.too_few"), HasInterval: v.HasInterval}
	v.Overall = resultTableOf(pg, head, "overall", overall, r.Respondents, r.Suppressed, r.Items)
	v.Overall.setWhy(pg, r.Reason, r.Partial)
	sums := summaries(pg, r, overall)
	v.Overall.Summary = sums["overall"]
	for _, g := range r.Groups {
		t := resultTableOf(pg, head, g.ID, g.Label, g.Respondents, g.Suppressed, g.Items)
		t.setWhy(pg, g.Reason, g.Partial)
		t.Summary = sums[g.ID]
		v.GroupTables = append(v.GroupTables, t)
	}
	v.Differences = differenceViews(pg, r, func(group string) string {
		q := withState(v.State, "kind", "difference", "group", group, "width", "800", "lang", v.Lang)
		return api + "/chart.svg?" + q.Encode()
	})
	v.Consistency = consistencyOf(pg, r, overall)
	chart := func(kind string, width int) string {
		q := withState(v.State, "kind", kind, "width", strconv.Itoa(width), "lang", v.Lang)
		return api + "/chart.svg?" + q.Encode()
	}
	v.Charts = chartLinks{Shares: chart("shares", sharesChartWidth), Groups: chart("groups", wideChartWidth), Timeline: chart("timeline", wideChartWidth)}
	v.Compare = s.compareView(c, pg, r, v.State, path, api)
	if v.Sites, err = s.siteRows(c.Request().Context(), scope); err != nil {
		return v, err
	}
	v.Empty = true // no answers: no charts (a timeline of nothing cannot be drawn)
	for _, site := range v.Sites {
		v.Empty = v.Empty && site.Total == 0
	}
	if v.Stories, err = s.storiesView(c, pg, scope, r, path, v.State); err != nil {
		return v, err
	}
	v.Exports = exportRows(pg, api, v.State, exportK(scope.Survey))
	s.addBoardLinks(c, &v, scope)
	return v, nil
}

// withState copies a page's state and sets the given key, value pairs.
func withState(state url.Values, kv ...string) url.Values {
	q := url.Values{}
	for k, vs := range state {
		q[k] = slices.Clone(vs)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		q.Set(kv[i], kv[i+1])
	}
	return q
}

func methodChoices(pg page, method string) []choice {
	var out []choice
	for _, m := range []string{results.MethodBT, results.MethodScore, results.MethodAHP} {
		out = append(out, choice{Value: m, Label: pg.T("results.method." + m), Selected: m == method})
	}
	return out
}

// groupChoices offers the target groups; shownOnly leaves out those hidden
// by the small-group rule.
func groupChoices(groups []results.GroupResult, selected string, shownOnly bool) []choice {
	var out []choice
	for _, g := range groups {
		if shownOnly && g.Suppressed {
			continue
		}
		out = append(out, choice{Value: g.ID, Label: g.Label, Selected: g.ID == selected})
	}
	return out
}

func groupLabel(pg page, groups []results.GroupResult, id string) string {
	for _, g := range groups {
		if g.ID == id {
			return g.Label
		}
	}
	if id == "all" || id == "" {
		return pg.T("results.everyone")
	}
	return id
}

func respondentsText(pg page, n *int64) string {
	if n == nil {
		return pg.T("results.too_few")
	}
	return strconv.FormatInt(*n, 10)
}

// resultTableOf turns one group's items into table rows by rank, or into
// no rows at all when the group is suppressed.
func resultTableOf(pg page, head tableHead, id, label string, n *int64, suppressed bool, items []results.Item) resultTable {
	t := resultTable{ID: id, Head: head, Suppressed: suppressed || n == nil}
	if t.Suppressed {
		t.Caption = label
		return t
	}
	t.Caption = label + " (" + strings.ReplaceAll(pg.T("results.n_answers"), "{n}", strconv.FormatInt(*n, 10)) + ")"
	sorted := slices.Clone(items)
	sort.SliceStable(sorted, func(i, j int) bool { return rankOf(sorted[i]) < rankOf(sorted[j]) })
	for _, it := range sorted {
		row := resultRow{Label: it.Label, Rank: "–", Value: "–", Interval: "–"}
		if it.Rank != nil {
			row.Rank = strconv.Itoa(*it.Rank)
		}
		if it.Share != nil {
			row.Value = formatNum(pg.Lang, *it.Share, false)
		}
		if it.CILow != nil && it.CIHigh != nil {
			row.Interval = interval(pg, *it.CILow, *it.CIHigh, false)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func rankOf(it results.Item) int {
	if it.Rank == nil {
		return 1 << 30
	}
	return *it.Rank
}

// formatNum writes x with one decimal in the page language (decimal comma
// in Swedish, a real minus sign, a plus sign when signed).
func formatNum(lang string, x float64, signed bool) string {
	s := strconv.FormatFloat(x, 'f', 1, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if s == "0.0" {
		neg = false
	}
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	switch {
	case neg:
		return "−" + s
	case signed && s != "0.0" && s != "0,0":
		return "+" + s
	}
	return s
}

// interval writes a 95 % interval as words ("12,0 till 18,5"), which reads
// well aloud and cannot be mistaken for a minus sign.
func interval(pg page, low, high float64, signed bool) string {
	return strings.NewReplacer("{low}", formatNum(pg.Lang, low, signed), "{high}", formatNum(pg.Lang, high, signed)).
		Replace(pg.T("results.interval"))
}

// siteRows sums the responses per site, with the first and last day.
func (s *Server) siteRows(ctx context.Context, scope resultsScope) ([]siteRow, error) {
	var out []siteRow
	for _, camp := range scope.Campaigns {
		cts, err := s.store.Counters(ctx, collect.CounterID(camp.Code, response.GroupAll))
		if err != nil {
			return nil, err
		}
		i := slices.IndexFunc(out, func(r siteRow) bool { return r.Site == camp.Site })
		if i < 0 {
			out = append(out, siteRow{Site: camp.Site})
			i = len(out) - 1
		}
		row := &out[i]
		row.Total += cts[response.FieldRespondents]
		for k, n := range cts {
			day, ok := response.DayOfField(k)
			if !ok || n == 0 {
				continue
			}
			if row.First == "" || day < row.First {
				row.First = day
			}
			if day > row.Last {
				row.Last = day
			}
		}
	}
	return out, nil
}

// exportRows offers every export of the scope in every format; the
// judgments, k-anonymous for k, say what that means.
func exportRows(pg page, api string, state url.Values, k int) []exportRow {
	formats := []string{"csv-excel", "csv", "xlsx", "json", formatCodebook}
	var out []exportRow
	for _, what := range []string{"scores", "judgments", "stories"} {
		row := exportRow{What: pg.T("results.export." + what)}
		if what == "judgments" {
			row.Note = strings.ReplaceAll(pg.T("results.export.judgments_note"), "{n}", strconv.Itoa(k))
		}
		for _, f := range formats {
			q := url.Values{"format": {f}, "what": {what}}
			if cs := state.Get("campaigns"); cs != "" {
				q.Set("campaigns", cs)
			}
			if l := state.Get("lang"); l != "" {
				q.Set("lang", l)
			}
			row.Links = append(row.Links, exportLink{Href: api + "/export?" + q.Encode(), Label: pg.T("results.format." + f)})
		}
		out = append(out, row)
	}
	return out
}

// withQuery returns a local address with key set in its query and the
// given fragment, for redirects back to where a form was sent from.
func withQuery(raw, key, value, fragment string) string {
	u, err := url.Parse(safeNext(raw))
	if err != nil {
		return "/staff"
	}
	q := u.Query()
	q.Set(key, value)
	for _, k := range []string{"done", "compare_error"} {
		if k != key {
			q.Del(k)
		}
	}
	u.RawQuery, u.Fragment = q.Encode(), fragment
	return u.String()
}

// resultsIndexView is GET /staff/results: the campaigns whose results the
// user may read, by survey.
type resultsIndexView struct {
	staffView
	Surveys []indexSurvey
}

// indexSurvey is one survey in the results index; Href pools its
// campaigns when there are several.
type indexSurvey struct {
	Title, Href string
	// Change compares two waves of its campaigns (api_change.go).
	Change    string
	Campaigns []campaignRow
}

// resultsIndex is GET /staff/results.
func (s *Server) resultsIndex(c echo.Context) error {
	ctx := c.Request().Context()
	p, _ := principal(c)
	v := resultsIndexView{staffView: s.staffView(c, "results.index.title")}
	camps, err := s.store.Campaigns(ctx)
	if err != nil {
		return err
	}
	for _, camp := range camps {
		if !p.Can(camp.ProjectID, auth.ViewResults) {
			continue
		}
		row, err := s.campaignRow(ctx, v.page, camp)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(v.Surveys, func(x indexSurvey) bool { return x.Href == "/staff/surveys/"+camp.SurveyID+"/results" })
		if i < 0 {
			title := camp.SurveyID
			if sv, ok := s.collect.Survey(camp.SurveyID); ok {
				title = sv.Title.In(v.Lang)
			}
			v.Surveys = append(v.Surveys, indexSurvey{Title: title, Href: "/staff/surveys/" + camp.SurveyID + "/results", Change: "/staff/surveys/" + camp.SurveyID + "/change"})
			i = len(v.Surveys) - 1
		}
		v.Surveys[i].Campaigns = append(v.Surveys[i].Campaigns, row)
	}
	return s.render(c, http.StatusOK, "staff_results_index.html", v)
}
