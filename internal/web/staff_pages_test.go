package web_test

import (
	"bytes"
	"context"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/vfv/vfv/internal/store"
)

// staffUser is a logged-in browser-like client of the staff pages: it
// keeps the session cookie and does not follow redirects.
type staffUser struct {
	f  *staffFixture
	cl *http.Client
}

func (f *staffFixture) login(t *testing.T, email string) *staffUser {
	t.Helper()
	cl, resp := f.browserClient(t, email, testPassword)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login as %s = %d, want 303", email, resp.StatusCode)
	}
	return &staffUser{f: f, cl: cl}
}

// anonymous is a client without a session.
func (f *staffFixture) anonymous() *staffUser {
	return &staffUser{f: f, cl: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// do sends a request and returns status, Location and body.
func (u *staffUser) do(t *testing.T, method, path string, form url.Values) (int, string, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, u.f.URL+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := u.cl.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

func (u *staffUser) get(t *testing.T, path string) (int, string, string) {
	t.Helper()
	return u.do(t, http.MethodGet, path, nil)
}

var csrfMeta = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)

// csrf reads the session's CSRF token from a staff page.
func (u *staffUser) csrf(t *testing.T) string {
	t.Helper()
	_, _, body := u.get(t, "/staff")
	m := csrfMeta.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no csrf-token meta on /staff: %.300s", body)
	}
	return m[1]
}

// post sends a form with the session's CSRF token.
func (u *staffUser) post(t *testing.T, path string, form url.Values) (int, string, string) {
	t.Helper()
	form.Set("csrf", u.csrf(t))
	return u.do(t, http.MethodPost, path, form)
}

// staffPagePaths are every staff page for the fixture's campaign A.
var staffPagePaths = []string{
	"/staff", "/staff/campaigns/new", "/staff/campaigns/GRUMS34", "/staff/campaigns/GRUMS34/edit",
	"/staff/campaigns/GRUMS34/poster", "/staff/password", "/staff/tokens", "/staff/projects/grums/members",
	"/staff/audit?project=grums",
}

// TestStaffPagesNeedLogin: without a session every staff page, and every
// form post, leads to the login page, which comes back to the page.
func TestStaffPagesNeedLogin(t *testing.T) {
	f := newStaffFixture(t)
	anon := f.anonymous()
	for _, path := range staffPagePaths {
		t.Run("GET "+path, func(t *testing.T) {
			status, loc, _ := anon.get(t, path)
			if want := "/login?next=" + url.QueryEscape(path); status != http.StatusSeeOther || loc != want {
				t.Errorf("GET %s without login = %d to %q, want 303 to %q", path, status, loc, want)
			}
		})
	}
	for _, path := range []string{"/staff/campaigns", "/staff/campaigns/GRUMS34", "/staff/campaigns/GRUMS34/close",
		"/staff/password", "/staff/tokens", "/staff/projects/grums/members"} {
		t.Run("POST "+path, func(t *testing.T) {
			status, loc, _ := anon.do(t, http.MethodPost, path, url.Values{"name": {"x"}, "site": {"y"}})
			if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/login?next=") {
				t.Errorf("POST %s without login = %d to %q, want 303 to the login page", path, status, loc)
			}
		})
	}
	if c, _ := f.store.Campaign(context.Background(), f.campA); !c.Open {
		t.Error("an anonymous post closed the campaign")
	}
	// The login page sends the user back to where they were going.
	resp, err := anon.cl.PostForm(f.URL+"/login", url.Values{"email": {"agent@a.se"}, "password": {testPassword}, "next": {"/staff/campaigns/GRUMS34"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); loc != "/staff/campaigns/GRUMS34" {
		t.Errorf("login with next = redirect to %q, want the campaign page", loc)
	}
}

// TestStaffPagesForGroupRole: a project group member may look but not
// create or change: 403 on the create and edit pages and their posts.
func TestStaffPagesForGroupRole(t *testing.T) {
	f := newStaffFixture(t)
	u := f.login(t, "group@a.se")
	for _, path := range []string{"/staff/campaigns/new", "/staff/campaigns/GRUMS34/edit", "/staff/projects/grums/members", "/staff/audit"} {
		if status, _, body := u.get(t, path); status != http.StatusForbidden || !strings.Contains(body, "behörighet") {
			t.Errorf("GET %s as group = %d %.200q, want a 403 page", path, status, body)
		}
	}
	create := url.Values{"project": {"grums"}, "survey": {"unga-vuxna"}, "name": {"N"}, "site": {"S"}, "lang": {"sv"}}
	for _, path := range []string{"/staff/campaigns", "/staff/campaigns/GRUMS34", "/staff/campaigns/GRUMS34/close"} {
		if status, _, _ := u.post(t, path, create); status != http.StatusForbidden {
			t.Errorf("POST %s as group = %d, want 403", path, status)
		}
	}
	if c, _ := f.store.Campaign(context.Background(), f.campA); !c.Open || c.Name != "K" {
		t.Errorf("a group member's posts changed the campaign: %+v", c)
	}
	status, _, body := u.get(t, "/staff/campaigns/GRUMS34")
	if status != 200 || strings.Contains(body, "/staff/campaigns/GRUMS34/edit") || strings.Contains(body, "/close") {
		t.Errorf("campaign page as group = %d; want 200 without edit or close controls", status)
	}
	if _, _, body := u.get(t, "/staff"); strings.Contains(body, `href="/staff/campaigns/new"`) {
		t.Error("dashboard offers a group member to create a campaign")
	}
}

// TestStaffPagesOtherProject: another project's campaign is a 404 on
// every page and image, exactly as a code that does not exist.
func TestStaffPagesOtherProject(t *testing.T) {
	f := newStaffFixture(t)
	u := f.login(t, "agent@a.se")
	for _, suffix := range []string{"", "/poster", "/edit"} {
		path := "/staff/campaigns/" + f.campB + suffix
		if status, _, body := u.get(t, path); status != http.StatusNotFound || !strings.Contains(body, "Sidan finns inte") {
			t.Errorf("GET %s as agent of another project = %d, want the 404 page", path, status)
		}
	}
	for _, suffix := range []string{"/qr.png", "/qr.svg"} {
		other, _, b1 := u.get(t, "/api/v1/campaigns/"+f.campB+suffix)
		none, _, b2 := u.get(t, "/api/v1/campaigns/NOSUCH7"+suffix)
		if other != 404 || none != 404 || b1 != b2 {
			t.Errorf("QR %s of another project = %d %s, of no campaign = %d %s; want identical 404s", suffix, other, b1, none, b2)
		}
	}
	if status, _, _ := u.post(t, "/staff/campaigns/"+f.campB+"/close", url.Values{}); status != 404 {
		t.Errorf("closing another project's campaign = %d, want 404", status)
	}
	if status, _, _ := u.get(t, "/staff/projects/kil/members"); status != 404 {
		t.Errorf("another project's members = %d, want 404", status)
	}
	if _, _, body := u.get(t, "/staff"); strings.Contains(body, f.campB) || !strings.Contains(body, f.campA) {
		t.Errorf("dashboard of grums's agent: want %s and not %s", f.campA, f.campB)
	}
}

// TestStaffFormsNeedCSRF: with a session, a form post without the CSRF
// field is refused with 403 and changes nothing.
func TestStaffFormsNeedCSRF(t *testing.T) {
	f := newStaffFixture(t)
	u := f.login(t, "admin@a.se")
	posts := map[string]url.Values{
		"/staff/campaigns":                 {"project": {"grums"}, "survey": {"unga-vuxna"}, "name": {"N"}, "site": {"S"}},
		"/staff/campaigns/GRUMS34":         {"name": {"Ändrad"}, "site": {"S"}},
		"/staff/campaigns/GRUMS34/close":   {},
		"/staff/campaigns/GRUMS34/project": {"project": {"kil"}},
		"/staff/password":                  {"current": {testPassword}, "new": {"ett helt nytt lösenord"}, "repeat": {"ett helt nytt lösenord"}},
		"/staff/tokens":                    {"name": {"x"}},
		"/staff/projects/grums/members":    {"email": {"ny@a.se"}, "role": {"agent"}, "password": {testPassword}},
		"/logout":                          {},
	}
	for path, form := range posts {
		t.Run(path, func(t *testing.T) {
			for name, csrf := range map[string]string{"without": "", "with a wrong": "not-the-token"} {
				sent := url.Values{}
				for k, v := range form {
					sent[k] = v
				}
				if csrf != "" {
					sent.Set("csrf", csrf)
				}
				status, _, body := u.do(t, http.MethodPost, path, sent)
				if status != http.StatusForbidden || !strings.Contains(body, "Formuläret har gått ut") {
					t.Errorf("POST %s %s csrf = %d %.200q, want 403 with the expired-form message", path, name, status, body)
				}
			}
		})
	}
	ctx := context.Background()
	camps, _ := f.store.Campaigns(ctx)
	c, _ := f.store.Campaign(ctx, f.campA)
	_, userErr := f.store.User(ctx, "ny@a.se")
	if len(camps) != 2 || !c.Open || c.Name != "K" || userErr == nil {
		t.Errorf("CSRF-less posts changed data: %d campaigns, campaign A %+v, new user err %v", len(camps), c, userErr)
	}
	if status, _, _ := u.get(t, "/staff"); status != 200 {
		t.Errorf("session after CSRF-less posts = %d, want still logged in", status)
	}
}

// TestStaffCreateCampaignForm: the form creates a campaign and leads to
// its page; a form with problems comes back with each problem in Swedish
// beside its field and the values kept.
func TestStaffCreateCampaignForm(t *testing.T) {
	f := newStaffFixture(t)
	u := f.login(t, "agent@a.se")
	status, _, body := u.get(t, "/staff/campaigns/new")
	if status != 200 || !strings.Contains(body, `<option value="grums" selected>`) || strings.Contains(body, `value="kil"`) {
		t.Errorf("new-campaign form = %d; want grums chosen and no other project offered", status)
	}
	bad := url.Values{"project": {"grums"}, "survey": {"unga-vuxna"}, "name": {""}, "site": {"Fritidsgården <Grums>"},
		"opens": {"2026-10-01"}, "closes": {"2026-09-01"}, "lang": {"sv"}}
	status, _, body = u.post(t, "/staff/campaigns", bad)
	for _, want := range []string{"Skriv ett namn på kampanjen.", "Sista dagen är före första dagen.", `value="Fritidsgården &lt;Grums&gt;"`, `aria-invalid="true"`, `value="2026-10-01"`} {
		if status != 400 || !strings.Contains(body, want) {
			t.Errorf("form with problems = %d, want 400 with %q", status, want)
		}
	}
	for name, form := range map[string]url.Values{
		"another project":      {"project": {"kil"}, "survey": {"unga-vuxna"}, "name": {"N"}, "site": {"S"}, "lang": {"sv"}},
		"a survey not offered": {"project": {"grums"}, "survey": {"nope"}, "name": {"N"}, "site": {"S"}, "lang": {"sv"}},
		"a language not in it": {"project": {"grums"}, "survey": {"samverkan-personal"}, "name": {"N"}, "site": {"S"}, "lang": {"ar"}},
	} {
		if status, _, body := u.post(t, "/staff/campaigns", form); status != 400 || !strings.Contains(body, `class="field-error"`) {
			t.Errorf("form with %s = %d, want 400 with a field error", name, status)
		}
	}
	good := url.Values{"project": {"grums"}, "survey": {"unga-vuxna"}, "name": {"Hösten 2026"}, "site": {"Fritidsgården"},
		"opens": {"2026-09-01"}, "closes": {"2026-12-20"}, "lang": {"ar"}, "kiosk": {"on"}}
	status, loc, _ := u.post(t, "/staff/campaigns", good)
	code := strings.TrimPrefix(loc, "/staff/campaigns/")
	if status != http.StatusSeeOther || len(code) != 7 {
		t.Fatalf("create = %d to %q, want 303 to the new campaign's page", status, loc)
	}
	c, err := f.store.Campaign(context.Background(), code)
	want := store.Campaign{Code: code, SurveyID: "unga-vuxna", Name: "Hösten 2026", Site: "Fritidsgården", Open: true, Kiosk: true,
		Lang: "ar", ProjectID: "grums", Created: c.Created, Opens: "2026-09-01", Closes: "2026-12-20"}
	if err != nil || c != want {
		t.Errorf("stored campaign %+v (%v), want %+v", c, err, want)
	}
	status, _, body = u.get(t, loc)
	for _, want := range []string{"Hösten 2026", f.URL + "/s/" + code, `/api/v1/campaigns/` + code + `/qr.svg`, `alt="QR-kod till enkäten"`,
		`aria-live="polite"`, `data-count="total">0<`, "för få svar", `/staff/campaigns/` + code + `/poster`} {
		if status != 200 || !strings.Contains(body, want) {
			t.Errorf("campaign page = %d, want %q in it", status, want)
		}
	}
	_, log := f.api(t, "admin@a.se", "GET", "/api/v1/audit?project=grums", "")
	if !strings.Contains(log, `"action":"campaign.create"`) || !strings.Contains(log, code) {
		t.Errorf("audit log lacks the campaign's creation: %s", log)
	}
}

// TestCampaignFieldsCountCharacters: the staff form and the JSON API take
// a name of 150 å (300 bytes) and refuse one of 201 å alike, by the one
// check of campaign fields (campaign.Spec.Check), in characters.
func TestCampaignFieldsCountCharacters(t *testing.T) {
	f := newStaffFixture(t)
	u := f.login(t, "agent@a.se")
	form := func(name string) url.Values {
		return url.Values{"project": {"grums"}, "survey": {"unga-vuxna"}, "name": {name}, "site": {"Gården"}, "lang": {"sv"}}
	}
	long, tooLong := strings.Repeat("å", 150), strings.Repeat("å", 201)
	if status, loc, body := u.post(t, "/staff/campaigns", form(long)); status != http.StatusSeeOther {
		t.Errorf("form with a name of 150 å = %d %q, want 303 (%.300s)", status, loc, body)
	}
	if status, _, body := u.post(t, "/staff/campaigns", form(tooLong)); status != http.StatusBadRequest || !strings.Contains(body, "Högst 200 tecken.") {
		t.Errorf("form with a name of 201 å = %d, want 400 with the Swedish problem", status)
	}
	create := func(name string) string {
		return `{"survey":"unga-vuxna","project":"grums","name":"` + name + `","site":"Gården"}`
	}
	if status, body := f.api(t, "agent@a.se", "POST", "/api/v1/campaigns", create(long)); status != http.StatusCreated {
		t.Errorf("API with a name of 150 å = %d %s, want 201", status, body)
	}
	if status, body := f.api(t, "agent@a.se", "POST", "/api/v1/campaigns", create(tooLong)); status != http.StatusBadRequest || !strings.Contains(body, "at most 200 characters") {
		t.Errorf("API with a name of 201 å = %d %s, want 400 naming the limit", status, body)
	}
}

// TestStaffEditCloseReopen: the edit form changes the campaign; the close
// and reopen buttons do what they say and respondents see it.
func TestStaffEditCloseReopen(t *testing.T) {
	f := newStaffFixture(t)
	u := f.login(t, "agent@a.se")
	status, _, body := u.get(t, "/staff/campaigns/GRUMS34/edit")
	if status != 200 || !strings.Contains(body, `value="K"`) || strings.Contains(body, `name="project"`) {
		t.Errorf("edit form = %d; want the current name and no project choice", status)
	}
	status, loc, _ := u.post(t, "/staff/campaigns/GRUMS34", url.Values{"name": {"Våren"}, "site": {"Biblioteket"}, "lang": {"en"}, "closes": {"2027-06-01"},
		"results_note": {"Resultaten visas i juni."}})
	ctx := context.Background()
	c, _ := f.store.Campaign(ctx, f.campA)
	if status != http.StatusSeeOther || c.Name != "Våren" || c.Site != "Biblioteket" || c.Lang != "en" || c.Closes != "2027-06-01" || c.Kiosk || !c.Open ||
		c.ResultsNote != "Resultaten visas i juni." {
		t.Errorf("edit = %d to %q, stored %+v", status, loc, c)
	}
	if _, _, body := u.get(t, loc); !strings.Contains(body, "Ändringarna är sparade.") || !strings.Contains(body, "Resultaten visas i juni.") {
		t.Error("no confirmation after saving, or the results note is not shown")
	}
	if _, _, body := u.get(t, "/staff/campaigns/GRUMS34/edit"); !strings.Contains(body, ">Resultaten visas i juni.</textarea>") {
		t.Error("the edit form does not show the results note")
	}
	if status, _, body := u.post(t, "/staff/campaigns/GRUMS34", url.Values{"name": {"Våren"}, "site": {" "}, "lang": {"sv"}}); status != 400 || !strings.Contains(body, "Skriv var enkäten görs.") {
		t.Errorf("edit with an empty site = %d, want 400 with the Swedish problem", status)
	}
	if status, _, _ := u.post(t, "/staff/campaigns/GRUMS34/close", url.Values{}); status != http.StatusSeeOther {
		t.Errorf("close = %d", status)
	}
	if s, _, _ := f.get(t, "/api/v1/campaigns/GRUMS34/survey"); s != 410 {
		t.Errorf("closed campaign's survey = %d, want 410", s)
	}
	if _, _, body := u.get(t, "/staff/campaigns/GRUMS34"); !strings.Contains(body, "Stängd") || !strings.Contains(body, "/staff/campaigns/GRUMS34/open") {
		t.Error("closed campaign's page shows neither its state nor a reopen button")
	}
	u.post(t, "/staff/campaigns/GRUMS34/open", url.Values{})
	if c, _ := f.store.Campaign(ctx, f.campA); !c.Open {
		t.Error("reopen left the campaign closed")
	}
}

// TestStaffPoster: the poster has the name, the QR image, the short link
// and the invitation in each of the survey's languages, Arabic right to
// left, and prints on A4.
func TestStaffPoster(t *testing.T) {
	f := newStaffFixture(t)
	u := f.login(t, "group@a.se")
	status, _, body := u.get(t, "/staff/campaigns/GRUMS34/poster")
	short := strings.TrimPrefix(f.URL, "http://") + "/s/GRUMS34"
	for _, want := range []string{`<h1 class="poster-name">K</h1>`, `src="/api/v1/campaigns/GRUMS34/qr.png`, short,
		`lang="sv" dir="ltr">Vad är viktigast för dig? Svara anonymt – det tar fem minuter.`,
		`lang="en" dir="ltr">What matters most to you?`, `lang="ar" dir="rtl">`, `data-action="print"`} {
		if status != 200 || !strings.Contains(html.UnescapeString(body), want) {
			t.Errorf("poster = %d, want %q in it", status, want)
		}
	}
	_, _, css := f.get(t, assetURL(t, body, "/static/css/staff."))
	if !strings.Contains(css, "@page { size: A4") || !strings.Contains(css, "@media print") {
		t.Error("staff.css has no A4 print rules")
	}
}

// assetURL finds the hashed URL of an asset linked from a page.
func assetURL(t *testing.T, page, prefix string) string {
	t.Helper()
	i := strings.Index(page, prefix)
	if i < 0 {
		t.Fatalf("page links no %s…", prefix)
	}
	return page[i : i+strings.IndexByte(page[i:], '"')]
}

// TestStaffAccountPages: password change, API tokens shown once and
// revoked, members added by a project admin, the audit log.
func TestStaffAccountPages(t *testing.T) {
	f := newStaffFixture(t)
	u := f.login(t, "admin@a.se")
	const newPassword = "ett helt nytt lösenord"
	if status, _, body := u.post(t, "/staff/password", url.Values{"current": {"fel lösenord!!"}, "new": {newPassword}, "repeat": {newPassword}}); status != 400 || !strings.Contains(body, "Det nuvarande lösenordet stämmer inte.") {
		t.Errorf("wrong current password = %d, want 400 with the Swedish message", status)
	}
	if status, _, body := u.post(t, "/staff/password", url.Values{"current": {testPassword}, "new": {newPassword}, "repeat": {"något annat lösenord"}}); status != 400 || !strings.Contains(body, "Lösenorden är inte likadana.") {
		t.Errorf("different repeat = %d, want 400", status)
	}
	status, loc, _ := u.post(t, "/staff/password", url.Values{"current": {testPassword}, "new": {newPassword}, "repeat": {newPassword}})
	if status != http.StatusSeeOther || loc != "/staff/password?done=1" {
		t.Errorf("password change = %d to %q", status, loc)
	}
	if _, resp := f.browserClient(t, "admin@a.se", testPassword); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("old password after the change = %d, want 401", resp.StatusCode)
	}
	if status, _, body := u.get(t, "/staff/password?done=1"); status != 200 || !strings.Contains(body, "Lösenordet är bytt.") {
		t.Errorf("after the change the session goes on = %d", status)
	}

	status, _, body := u.post(t, "/staff/tokens", url.Values{"name": {"Rapport"}})
	secret := regexp.MustCompile(`id="new-secret"[^>]*value="(vfv_[^"]+)"`).FindStringSubmatch(body)
	if status != 200 || secret == nil {
		t.Fatalf("create token = %d, no secret shown", status)
	}
	f.tokens["page"] = secret[1]
	if s, _ := f.api(t, "page", "GET", "/api/v1/me", ""); s != 200 {
		t.Errorf("the shown token = %d, want 200", s)
	}
	_, _, body = u.get(t, "/staff/tokens")
	id := regexp.MustCompile(`(?s)<strong>Rapport</strong>.*?/staff/tokens/([0-9a-f]{16})/revoke`).FindStringSubmatch(body)
	if strings.Contains(body, secret[1]) || id == nil {
		t.Fatal("token list shows the secret again, or no revoke button")
	}
	u.post(t, "/staff/tokens/"+id[1]+"/revoke", url.Values{})
	if s, _ := f.api(t, "page", "GET", "/api/v1/me", ""); s != 401 {
		t.Errorf("revoked token = %d, want 401", s)
	}

	if status, _, body := u.post(t, "/staff/projects/grums/members", url.Values{"email": {"ny@a.se"}, "role": {"agent"}}); status != 400 || !strings.Contains(body, "Skriv ett lösenord med minst 10 tecken") {
		t.Errorf("new member without password = %d, want 400", status)
	}
	if status, _, _ := u.post(t, "/staff/projects/grums/members", url.Values{"email": {"ny@a.se"}, "name": {"Ny"}, "role": {"agent"}, "password": {testPassword}}); status != http.StatusSeeOther {
		t.Errorf("add member = %d", status)
	}
	if nu, err := f.store.User(context.Background(), "ny@a.se"); err != nil || nu.Roles["grums"] != "agent" {
		t.Errorf("new member %+v %v, want agent in grums", nu, err)
	}
	u.post(t, "/staff/projects/grums/members", url.Values{"email": {"group@a.se"}, "role": {""}})
	if gu, _ := f.store.User(context.Background(), "group@a.se"); len(gu.Roles) != 0 {
		t.Errorf("removed member still has roles %v", gu.Roles)
	}

	status, _, body = u.get(t, "/staff/audit")
	for _, want := range []string{"user.role", "ny@a.se", "group@a.se"} {
		if status != 200 || !strings.Contains(body, want) {
			t.Errorf("project admin's log = %d, want %q in it", status, want)
		}
	}
	// An account's creation is the installation's, not the project's: it
	// would tell the project admin that the e-mail had no account.
	if strings.Contains(body, "token.revoke") || strings.Contains(body, "user.create") {
		t.Error("a project admin's log shows actions outside the project")
	}
	root := f.login(t, "root@vfv.se")
	status, _, body = root.get(t, "/staff/audit")
	for _, want := range []string{"Alla projekt", "token.revoke", "user.password", "user.create"} {
		if status != 200 || !strings.Contains(body, want) {
			t.Errorf("installation admin's log = %d, want %q in it", status, want)
		}
	}
	if status, _, _ := f.login(t, "agent@a.se").get(t, "/staff/audit?project=grums"); status != 403 {
		t.Errorf("agent's log = %d, want 403", status)
	}
}

// TestStaffPagesInEnglish: the pages follow ?lang= and Accept-Language.
func TestStaffPagesInEnglish(t *testing.T) {
	f := newStaffFixture(t)
	u := f.login(t, "agent@a.se")
	_, _, sv := u.get(t, "/staff")
	_, _, en := u.get(t, "/staff?lang=en")
	if !strings.Contains(sv, "Ny kampanj") || !strings.Contains(en, "New campaign") || !strings.Contains(en, `lang="en"`) {
		t.Error("dashboard is not Swedish by default and English with ?lang=en")
	}
	req, _ := http.NewRequest("GET", f.URL+"/staff/campaigns/GRUMS34", nil)
	req.Header.Set("Accept-Language", "en-GB,en;q=0.9")
	resp, err := u.cl.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), "Answers so far") || !bytes.Contains(b, []byte("too few answers")) {
		t.Error("campaign page ignores Accept-Language: en")
	}
}
