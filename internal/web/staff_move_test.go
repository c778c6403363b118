package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vfv/vfv/internal/account"
	"github.com/vfv/vfv/internal/store"
)

// TestCampaignMoveIntoProject: a campaign made without a project is seen
// by installation admins only, on the overview with a form to move it into
// a project that may use its survey. Only an installation admin may move
// it, only into such a project and only once; the move is audited as
// campaign.move, and the project's trust agents and project group then see
// the campaign, other projects' staff still do not.
func TestCampaignMoveIntoProject(t *testing.T) {
	f := newStaffFixture(t)
	ctx := context.Background()
	const code = "ORPHAN3"
	if err := f.store.CreateProject(ctx, store.Project{ID: "personal", Name: "Bara personalenkäten", Surveys: []string{"samverkan-personal"}}); err != nil {
		t.Fatal(err)
	}
	if err := f.store.CreateCampaign(ctx, store.Campaign{Code: code, SurveyID: "unga-vuxna", Name: "Från kommandoraden", Site: "Kil", Open: true, Lang: "sv"}); err != nil {
		t.Fatal(err)
	}
	users := map[string]*staffUser{}
	for _, email := range []string{"root@vfv.se", "admin@a.se", "agent@a.se", "group@a.se", "agent@b.se"} {
		users[email] = f.login(t, email)
	}
	sees := func(t *testing.T, email string) bool {
		t.Helper()
		status, _, body := users[email].get(t, "/staff")
		if status != http.StatusOK {
			t.Fatalf("GET /staff as %s = %d", email, status)
		}
		return strings.Contains(body, code)
	}
	for email, want := range map[string]bool{"root@vfv.se": true, "admin@a.se": false, "agent@a.se": false, "group@a.se": false, "agent@b.se": false} {
		if got := sees(t, email); got != want {
			t.Errorf("before the move, %s sees %s on the overview: %v, want %v", email, code, got, want)
		}
	}
	_, _, body := users["root@vfv.se"].get(t, "/staff")
	form := `action="/staff/campaigns/` + code + `/project"`
	if !strings.Contains(body, form) || !strings.Contains(body, `<option value="grums">`) || !strings.Contains(body, `<option value="kil">`) {
		t.Errorf("the installation admin's overview lacks the move form with grums and kil: %.2000s", body)
	}
	if strings.Contains(body, `<option value="personal">`) {
		t.Error("the move form offers a project that may not use the campaign's survey")
	}
	if strings.Contains(body, `action="/staff/campaigns/GRUMS34/project"`) {
		t.Error("the overview offers to move a campaign that is in a project")
	}

	steps := []struct {
		name, user, code, project string
		status                    int
		body                      string // in the answer (303: the Location)
		projectAfter              string
	}{
		{"project admin may not", "admin@a.se", code, "grums", http.StatusForbidden, "behörighet", ""},
		{"trust agent may not", "agent@a.se", code, "grums", http.StatusForbidden, "behörighet", ""},
		{"project that may not use the survey", "root@vfv.se", code, "personal", http.StatusBadRequest, "Välj ett projekt som får använda kampanjens enkät", ""},
		{"project that does not exist", "root@vfv.se", code, "finns-inte", http.StatusBadRequest, "Välj ett projekt som får använda kampanjens enkät", ""},
		{"unknown campaign", "root@vfv.se", "NOSUCH7", "grums", http.StatusNotFound, "Sidan finns inte", ""},
		{"installation admin moves it", "root@vfv.se", strings.ToLower(code), "grums", http.StatusSeeOther, "/staff?moved=" + code, "grums"},
		{"never on to another project", "root@vfv.se", code, "kil", http.StatusBadRequest, "Kampanjen hör redan till ett projekt", "grums"},
		{"a campaign made in a project stays", "root@vfv.se", "KILKIL3", "grums", http.StatusBadRequest, "Kampanjen hör redan till ett projekt", ""},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			status, loc, body := users[st.user].post(t, "/staff/campaigns/"+st.code+"/project", url.Values{"project": {st.project}})
			if st.status == http.StatusSeeOther {
				body = loc
			}
			if status != st.status || !strings.Contains(body, st.body) {
				t.Errorf("move %s to %s as %s = %d %.300q, want %d with %q", st.code, st.project, st.user, status, body, st.status, st.body)
			}
			if st.code != code {
				return
			}
			if c, err := f.store.Campaign(ctx, code); err != nil || c.ProjectID != st.projectAfter {
				t.Errorf("after the step, %s is in project %q (%v), want %q", code, c.ProjectID, err, st.projectAfter)
			}
		})
	}

	log, err := f.store.AuditLog(ctx, "grums", 50)
	if err != nil {
		t.Fatal(err)
	}
	var moves []store.AuditEntry
	for _, e := range log {
		if e.Action == "campaign.move" {
			moves = append(moves, e)
		}
	}
	if len(moves) != 1 || moves[0].Target != code || moves[0].Actor != "root@vfv.se" || moves[0].Project != "grums" {
		t.Errorf("campaign.move entries in grums's log = %+v, want one by root@vfv.se of %s", moves, code)
	}
	if _, _, body := users["root@vfv.se"].get(t, "/staff?moved="+code); !strings.Contains(body, "Kampanjen är flyttad till projektet.") {
		t.Errorf("the overview after the move does not say it was moved: %.500s", body)
	}
	for email, want := range map[string]bool{"admin@a.se": true, "agent@a.se": true, "group@a.se": true, "agent@b.se": false} {
		if got := sees(t, email); got != want {
			t.Errorf("after the move into grums, %s sees %s: %v, want %v", email, code, got, want)
		}
	}
	if status, _, _ := users["agent@a.se"].get(t, "/staff/campaigns/"+code); status != http.StatusOK {
		t.Errorf("the trust agent of grums opens the moved campaign: %d, want 200", status)
	}
}

// TestStaffBrowserCampaignMove: an installation admin finds a campaign
// made without a project on the overview, chooses a project and moves it;
// the overview then says so and shows the campaign under that project.
// axe-core finds no WCAG 2.1 A or AA violation on the overview with the
// move form, on a laptop and on a phone. Screenshots go to testdata/out.
func TestStaffBrowserCampaignMove(t *testing.T) {
	b := newBrowser(t, 90*time.Second)
	ts := startStaffBrowserServer(t)
	ctx := context.Background()
	if _, err := account.AddUser(ctx, ts.store, store.User{Email: "root@vfv.se", Admin: true}, testPassword); err != nil {
		t.Fatal(err)
	}
	if err := ts.store.CreateProject(ctx, store.Project{ID: "kil", Name: "Kils kommun", Surveys: []string{}}); err != nil {
		t.Fatal(err)
	}
	if err := ts.store.CreateCampaign(ctx, store.Campaign{Code: "ORPHAN3", SurveyID: "unga-vuxna", Name: "Från kommandoraden", Site: "Biblioteket", Open: true, Lang: "sv", Created: "2026-11-30"}); err != nil {
		t.Fatal(err)
	}
	b.do(t, "desktop viewport", desktop())
	b.swedish(t)
	b.do(t, "open the login page", chromedp.Navigate(ts.URL+"/login"))
	b.do(t, "log in",
		chromedp.SendKeys(chromedp.CSS("#email"), "root@vfv.se"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS(`main button[type="submit"]`)))
	b.waitFor(t, "the overview with the move form", `location.pathname === '/staff' && !!document.getElementById('move-ORPHAN3')`, step)
	b.keep(t, "staff-move-desktop", false)
	b.axeCheck(t, "overview with a campaign to move")
	b.do(t, "phone viewport", phone.emulate())
	b.keep(t, "staff-move-phone", false)
	b.checkFits(t, "overview with a campaign to move", phone.w)
	b.axeCheck(t, "overview with a campaign to move, phone")
	b.do(t, "desktop viewport", desktop())

	b.eval(t, `(() => { const s = document.getElementById('move-ORPHAN3'); s.value = 'kil'; return s.value; })()`, nil)
	b.do(t, "move", chromedp.Click(chromedp.CSS(`form[action="/staff/campaigns/ORPHAN3/project"] button[type="submit"]`)))
	b.waitFor(t, "the overview after the move", `location.search === '?moved=ORPHAN3' && !!document.querySelector('.notice')`, step)
	b.keep(t, "staff-move-done", false)
	if got := b.str(t, `document.querySelector('#p-kil').closest('section').textContent`); !strings.Contains(got, "ORPHAN3") {
		t.Errorf("the project Kil on the overview after the move = %q, want the campaign in it", got)
	}
	if b.isTrue(t, `document.getElementById('move-ORPHAN3')`) {
		t.Error("the campaign can still be moved after the move")
	}
	b.checkCSP(t)
}
