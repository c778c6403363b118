package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vfv/vfv/internal/auth"
	"github.com/vfv/vfv/internal/campaign"
	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
)

// livePollMS is how often the campaign page asks for new counts.
const livePollMS = 4000

// campaignForm is what the campaign form posts.
type campaignForm struct {
	Project, Survey, Name, Site, Opens, Closes, Lang string
	Kiosk                                            bool
	// ResultsNote says respondents where and when results are shown.
	ResultsNote string
}

// formErrors holds a form's problems by field, in the user's language;
// Other holds problems that belong to no one field.
type formErrors struct {
	Project, Survey, Name, Site, Opens, Closes, Lang string
	ResultsNote                                      string
	Other                                            []string
}

// has reports whether there is a problem.
func (e formErrors) has() bool {
	return e.Project+e.Survey+e.Name+e.Site+e.Opens+e.Closes+e.Lang+e.ResultsNote != "" || len(e.Other) > 0
}

// choice is an option of a select; Data holds the ids the option belongs
// to (projects for a survey, surveys for a language), which staff.js uses
// to offer only what fits the choice above.
type choice struct {
	Value, Label, Data string
	Selected           bool
}

// campaignFormView is the form to create or edit a campaign.
type campaignFormView struct {
	staffView
	Edit     bool
	Code     string
	Action   string
	Projects []choice
	Surveys  []choice
	Langs    []choice
	// ProjectName and SurveyTitle are shown read-only when editing.
	ProjectName, SurveyTitle string
	Form                     campaignForm
	Errors                   formErrors
	HasErrors                bool
}

// readCampaignForm reads the posted campaign form (bindForm).
func readCampaignForm(r formReader) campaignForm {
	return campaignForm{Project: r.Text("project"), Survey: r.Text("survey"), Name: r.Text("name"), Site: r.Text("site"),
		Opens: r.Text("opens"), Closes: r.Text("closes"), Lang: r.Text("lang"), Kiosk: r.Checked("kiosk"),
		ResultsNote: r.Text("results_note")}
}

// newCampaignPage is GET /staff/campaigns/new.
func (s *Server) newCampaignPage(c echo.Context) error {
	projects, err := s.manageableProjects(c)
	if err != nil {
		return err
	}
	f := campaignForm{Lang: survey.DefaultLanguage}
	if len(projects) == 1 {
		f.Project = projects[0].ID
	}
	if ids := s.surveysFor(projects); len(ids) == 1 {
		f.Survey = ids[0].ID
	}
	return s.renderCampaignForm(c, http.StatusOK, projects, nil, f, formErrors{})
}

// manageableProjects returns the projects the user may create campaigns
// in; none at all is a 403.
func (s *Server) manageableProjects(c echo.Context) ([]store.Project, error) {
	p, _ := principal(c)
	all, err := s.store.Projects(c.Request().Context())
	if err != nil {
		return nil, err
	}
	out := projectsWith(p, auth.ManageCampaigns, all)
	if len(out) == 0 {
		return nil, errForbidden
	}
	return out, nil
}

// surveysFor lists the loaded surveys any of the projects may use (a
// project without a list may use every survey; see campaign.Create).
func (s *Server) surveysFor(projects []store.Project) []*survey.Survey {
	var out []*survey.Survey
	for _, sv := range s.surveys {
		for _, pr := range projects {
			if allows(pr, sv.ID) {
				out = append(out, sv)
				break
			}
		}
	}
	return out
}

func allows(pr store.Project, surveyID string) bool {
	return len(pr.Surveys) == 0 || slices.Contains(pr.Surveys, surveyID)
}

// renderCampaignForm shows the form; camp is nil when creating.
func (s *Server) renderCampaignForm(c echo.Context, status int, projects []store.Project, camp *store.Campaign, f campaignForm, errs formErrors) error {
	v := campaignFormView{staffView: s.staffView(c, "staff.campaign.new_title"), Action: "/staff/campaigns", Form: f, Errors: errs, HasErrors: errs.has()}
	lang := v.Lang
	surveys := s.surveysFor(projects)
	if camp != nil {
		v.staffView = s.staffView(c, "staff.campaign.edit_title")
		v.Edit, v.Code, v.Action = true, camp.Code, "/staff/campaigns/"+camp.Code
		v.ProjectName = s.projectName(c, camp.ProjectID)
		v.SurveyTitle = camp.SurveyID
		surveys = nil
		if sv, ok := s.collect.Survey(camp.SurveyID); ok {
			v.SurveyTitle = sv.Title.In(lang)
			surveys = []*survey.Survey{sv}
		}
	}
	for _, pr := range projects {
		v.Projects = append(v.Projects, choice{Value: pr.ID, Label: pr.Name, Selected: pr.ID == f.Project})
	}
	langs := map[string][]string{}
	var order []string
	for _, sv := range surveys {
		var in []string
		for _, pr := range projects {
			if allows(pr, sv.ID) {
				in = append(in, pr.ID)
			}
		}
		v.Surveys = append(v.Surveys, choice{Value: sv.ID, Label: sv.Title.In(lang), Data: strings.Join(in, " "), Selected: sv.ID == f.Survey})
		for _, l := range sv.Languages {
			if _, ok := langs[l]; !ok {
				order = append(order, l)
			}
			langs[l] = append(langs[l], sv.ID)
		}
	}
	for _, l := range order {
		v.Langs = append(v.Langs, choice{Value: l, Label: s.i18n.Name(l), Data: strings.Join(langs[l], " "), Selected: l == f.Lang})
	}
	return s.render(c, status, "staff_campaign_form.html", v)
}

func (s *Server) projectName(c echo.Context, id string) string {
	if id == "" {
		return s.i18n.T(s.lang(c), "staff.dashboard.no_project")
	}
	if pr, err := s.store.Project(c.Request().Context(), id); err == nil {
		return pr.Name
	}
	return id
}

// checkCampaignForm finds the form's problems in the user's language, so
// that each is shown beside its field: the choice of project and survey
// here, the fields by campaign.Spec.Check, the one check the API uses too
// (createCampaignFor and editCampaign run it again).
func (s *Server) checkCampaignForm(pg page, f campaignForm, projects []store.Project, edit bool, sv *survey.Survey) formErrors {
	var e formErrors
	if !edit {
		i := slices.IndexFunc(projects, func(pr store.Project) bool { return pr.ID == f.Project })
		switch {
		case i < 0:
			e.Project = pg.T("staff.form.err_project")
		case sv == nil:
			e.Survey = pg.T("staff.form.err_survey")
		case !allows(projects[i], sv.ID):
			e.Survey = pg.T("staff.form.err_survey_project")
		}
	}
	spec := campaign.Spec{Name: f.Name, Site: f.Site, Lang: f.Lang, Opens: f.Opens, Closes: f.Closes, ResultsNote: f.ResultsNote}
	fields := map[string]*string{"name": &e.Name, "site": &e.Site, "lang": &e.Lang, "opens": &e.Opens, "closes": &e.Closes, "results_note": &e.ResultsNote}
	for _, p := range spec.Check(sv) {
		dst, key := fields[p.Field], formProblemKey(p)
		switch {
		case dst == nil || key == "":
			e.Other = append(e.Other, p.Message)
		case *dst == "":
			*dst = pg.T(key)
		}
	}
	return e
}

// formProblemKey is the translation key that words a problem of
// campaign.Spec.Check beside its field on the form ("" for none).
func formProblemKey(p campaign.Problem) string {
	switch {
	case p.Kind == campaign.ProblemEmpty && p.Field == "name":
		return "staff.form.err_name"
	case p.Kind == campaign.ProblemEmpty && p.Field == "site":
		return "staff.form.err_site"
	}
	switch p.Kind {
	case campaign.ProblemTooLong:
		return "staff.form.err_too_long"
	case campaign.ProblemDate:
		return "staff.form.err_date"
	case campaign.ProblemClosesBefore:
		return "staff.form.err_closes_before"
	case campaign.ProblemLanguage:
		return "staff.form.err_lang"
	}
	return ""
}

// createCampaignPage is POST /staff/campaigns.
func (s *Server) createCampaignPage(c echo.Context) error {
	projects, err := s.manageableProjects(c)
	if err != nil {
		return err
	}
	pg := s.page(c, s.lang(c))
	f, errs, ok := bindForm(c, readCampaignForm, func(f campaignForm) formErrors {
		sv, _ := s.collect.Survey(f.Survey)
		return s.checkCampaignForm(pg, f, projects, false, sv)
	})
	if !ok {
		return s.renderCampaignForm(c, http.StatusBadRequest, projects, nil, f, errs)
	}
	camp, err := s.createCampaignFor(c, campaign.Spec{SurveyID: f.Survey, Project: f.Project, Name: f.Name, Site: f.Site,
		Kiosk: f.Kiosk, Lang: f.Lang, Opens: f.Opens, Closes: f.Closes, ResultsNote: f.ResultsNote})
	if errs, ok := refusedForm(err); ok {
		return s.renderCampaignForm(c, http.StatusBadRequest, projects, nil, f, errs)
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/campaigns/"+camp.Code)
}

// refusedForm turns the shared checks' refusal into form problems.
func refusedForm(err error) (formErrors, bool) {
	var inv *collect.InvalidError
	if !errors.As(err, &inv) {
		return formErrors{}, false
	}
	var e formErrors
	for _, p := range inv.Problems {
		e.Other = append(e.Other, p.Message)
	}
	return e, true
}

// editCampaignPage is GET /staff/campaigns/{code}/edit.
func (s *Server) editCampaignPage(c echo.Context) error {
	camp, err := s.staffCampaign(c, auth.ManageCampaigns)
	if err != nil {
		return err
	}
	f := campaignForm{Project: camp.ProjectID, Survey: camp.SurveyID, Name: camp.Name, Site: camp.Site,
		Opens: camp.Opens, Closes: camp.Closes, Lang: camp.Lang, Kiosk: camp.Kiosk, ResultsNote: camp.ResultsNote}
	return s.renderCampaignForm(c, http.StatusOK, nil, &camp, f, formErrors{})
}

// updateCampaignPage is POST /staff/campaigns/{code}: the edit form.
func (s *Server) updateCampaignPage(c echo.Context) error {
	camp, err := s.staffCampaign(c, auth.ManageCampaigns)
	if err != nil {
		return err
	}
	read := func(r formReader) campaignForm { // survey and project are not edited
		f := readCampaignForm(r)
		f.Project, f.Survey = camp.ProjectID, camp.SurveyID
		return f
	}
	sv, _ := s.collect.Survey(camp.SurveyID)
	f, errs, ok := bindForm(c, read, func(f campaignForm) formErrors {
		return s.checkCampaignForm(s.page(c, s.lang(c)), f, nil, true, sv)
	})
	if !ok {
		return s.renderCampaignForm(c, http.StatusBadRequest, nil, &camp, f, errs)
	}
	_, err = s.editCampaign(c, camp, campaignSpecJSON{Name: &f.Name, Site: &f.Site, Kiosk: &f.Kiosk, Lang: &f.Lang, Opens: &f.Opens, Closes: &f.Closes, ResultsNote: &f.ResultsNote})
	if errs, ok := refusedForm(err); ok {
		return s.renderCampaignForm(c, http.StatusBadRequest, nil, &camp, f, errs)
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/campaigns/"+camp.Code+"?saved=1")
}

// openCampaignPage is POST /staff/campaigns/{code}/open and /close.
func (s *Server) openCampaignPage(open bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := s.openOrClose(c, open)
		if err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/staff/campaigns/"+camp.Code)
	}
}

// campaignView is GET /staff/campaigns/{code}.
type campaignView struct {
	staffView
	Camp                      store.Campaign
	URL, QRSVG, QRPNG, Poster string
	// KioskURL is where "Starta på den här surfplattan" leads (staff.js).
	KioskURL string
	// Results links to the campaign's results for those who may read them.
	Results                            string
	ProjectName, SurveyTitle, LangName string
	Status, StatusKey                  string
	CanManage                          bool
	Counts                             countsJSON
	PollMS                             int
	// Suppressed explains hidden counts with the survey's group size.
	Suppressed string
}

// campaignPage shows a campaign: its link and QR code, its live count and
// what the user may do with it.
func (s *Server) campaignPage(c echo.Context) error {
	camp, err := s.staffCampaign(c, auth.ViewCampaigns)
	if err != nil {
		return err
	}
	p, _ := principal(c)
	v := campaignView{staffView: s.staffView(c, "staff.campaign.title"), Camp: camp, PollMS: livePollMS,
		URL: campaign.URL(s.publicBase(c), camp.Code), CanManage: p.Can(camp.ProjectID, auth.ManageCampaigns),
		QRSVG:    "/api/v1/campaigns/" + camp.Code + "/qr.svg",
		QRPNG:    "/api/v1/campaigns/" + camp.Code + "/qr.png?size=1200",
		Poster:   "/staff/campaigns/" + camp.Code + "/poster",
		KioskURL: kioskURL(camp.Code),
	}
	if p.Can(camp.ProjectID, auth.ViewResults) {
		v.Results = "/staff/campaigns/" + camp.Code + "/results"
	}
	v.Title = camp.Name + " – " + v.T("app.name")
	if c.QueryParam("saved") != "" {
		v.Notice = v.T("staff.campaign.saved")
	}
	v.ProjectName = s.projectName(c, camp.ProjectID)
	v.SurveyTitle, v.LangName = camp.SurveyID, s.i18n.Name(camp.Lang)
	if sv, ok := s.collect.Survey(camp.SurveyID); ok {
		v.SurveyTitle = sv.Title.In(v.Lang)
	}
	row, err := s.campaignRow(c.Request().Context(), v.page, camp)
	if err != nil {
		return err
	}
	v.Status, v.StatusKey = row.Status, row.StatusKey
	if v.Counts, err = s.liveCounts(c.Request().Context(), camp, v.Lang); err != nil {
		return err
	}
	through := v.Counts.ReleasedThrough
	if through == "" {
		through = "–"
	}
	v.Suppressed = strings.NewReplacer("{n}", strconv.Itoa(v.Counts.MinGroupSize), "{date}", through,
		"{released}", strconv.FormatInt(v.Counts.Released, 10)).Replace(v.T("staff.live.suppressed_note"))
	return s.render(c, http.StatusOK, "staff_campaign.html", v)
}
