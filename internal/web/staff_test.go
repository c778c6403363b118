package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vfv/vfv/internal/account"
	"github.com/vfv/vfv/internal/store"
)

const testPassword = "ett långt lösenord 42"

// staffFixture: two projects, a user of each role in project A, a trust
// agent in project B, and an installation admin; one campaign in each.
type staffFixture struct {
	*testServer
	tokens map[string]string // user -> API token
	campA  string
	campB  string
}

func newStaffFixture(t *testing.T) *staffFixture {
	t.Helper()
	return newStaffFixtureOn(t, startServer(t))
}

// newStaffFixtureOn seeds the staff fixture on a given server.
func newStaffFixtureOn(t *testing.T, ts *testServer) *staffFixture {
	t.Helper()
	ctx := context.Background()
	for _, p := range []store.Project{{ID: "grums", Name: "Tillitsbyrån Grums", Surveys: []string{}}, {ID: "kil", Name: "Kil", Surveys: []string{}}} {
		if err := ts.store.CreateProject(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	users := map[string]store.User{
		"admin@a.se":  {Email: "admin@a.se", Roles: map[string]string{"grums": "admin"}},
		"agent@a.se":  {Email: "agent@a.se", Roles: map[string]string{"grums": "agent"}},
		"group@a.se":  {Email: "group@a.se", Roles: map[string]string{"grums": "group"}},
		"agent@b.se":  {Email: "agent@b.se", Roles: map[string]string{"kil": "agent"}},
		"root@vfv.se": {Email: "root@vfv.se", Admin: true},
	}
	f := &staffFixture{testServer: ts, tokens: map[string]string{}}
	for email, u := range users {
		if _, err := account.AddUser(ctx, ts.store, u, testPassword); err != nil {
			t.Fatal(err)
		}
		secret, _, err := account.NewToken(ctx, ts.store, email, "test", time.Now(), 90)
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[email] = secret
	}
	for code, proj := range map[string]string{"GRUMS34": "grums", "KILKIL3": "kil"} {
		if err := ts.store.CreateCampaign(ctx, store.Campaign{Code: code, SurveyID: "unga-vuxna", ProjectID: proj, Name: "K", Site: "S", Open: true, Lang: "sv"}); err != nil {
			t.Fatal(err)
		}
	}
	f.campA, f.campB = "GRUMS34", "KILKIL3"
	return f
}

// api calls the JSON API with a user's Bearer token ("" for none).
func (f *staffFixture) api(t *testing.T, user, method, path, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, f.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+f.tokens[user])
	}
	resp, err := f.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestRolePermissions: each role can do exactly what it should; 403
// otherwise; another project's campaigns are 404 even by their code.
func TestRolePermissions(t *testing.T) {
	f := newStaffFixture(t)
	create := `{"survey":"unga-vuxna","project":"grums","name":"Ny","site":"Skolan"}`
	type call struct{ method, path, body string }
	calls := map[string]call{
		"list campaigns":                 {"GET", "/api/v1/campaigns", ""},
		"view campaign":                  {"GET", "/api/v1/campaigns/GRUMS34", ""},
		"create campaign":                {"POST", "/api/v1/campaigns", create},
		"edit campaign":                  {"PATCH", "/api/v1/campaigns/GRUMS34", `{"site":"Biblioteket"}`},
		"close campaign":                 {"POST", "/api/v1/campaigns/GRUMS34/close", ""},
		"list members":                   {"GET", "/api/v1/projects/grums/members", ""},
		"add member":                     {"PUT", "/api/v1/projects/grums/members", `{"email":"ny@a.se","role":"group","password":"` + testPassword + `"}`},
		"project audit log":              {"GET", "/api/v1/audit?project=grums", ""},
		"create project":                 {"POST", "/api/v1/projects", `{"id":"ny-ort","name":"Ny ort"}`},
		"other project's campaign":       {"GET", "/api/v1/campaigns/KILKIL3", ""},
		"close other project's campaign": {"POST", "/api/v1/campaigns/KILKIL3/close", ""},
		"other project's members":        {"GET", "/api/v1/projects/kil/members", ""},
	}
	want := map[string]map[string]int{
		"admin@a.se":  {"list campaigns": 200, "view campaign": 200, "create campaign": 201, "edit campaign": 200, "close campaign": 200, "list members": 200, "add member": 204, "project audit log": 200, "create project": 403, "other project's campaign": 404, "close other project's campaign": 404, "other project's members": 404},
		"agent@a.se":  {"list campaigns": 200, "view campaign": 200, "create campaign": 201, "edit campaign": 200, "close campaign": 200, "list members": 403, "add member": 403, "project audit log": 403, "create project": 403, "other project's campaign": 404, "close other project's campaign": 404, "other project's members": 404},
		"group@a.se":  {"list campaigns": 200, "view campaign": 200, "create campaign": 403, "edit campaign": 403, "close campaign": 403, "list members": 403, "add member": 403, "project audit log": 403, "create project": 403, "other project's campaign": 404, "close other project's campaign": 404, "other project's members": 404},
		"root@vfv.se": {"list campaigns": 200, "view campaign": 200, "create campaign": 201, "edit campaign": 200, "close campaign": 200, "list members": 200, "add member": 204, "project audit log": 200, "create project": 201, "other project's campaign": 200, "close other project's campaign": 200, "other project's members": 200},
		"":            {"list campaigns": 401, "view campaign": 401, "create campaign": 401, "edit campaign": 401, "close campaign": 401, "list members": 401, "add member": 401, "project audit log": 401, "create project": 401, "other project's campaign": 401, "close other project's campaign": 401, "other project's members": 401},
	}
	for user, byCall := range want {
		for name, status := range byCall {
			t.Run(user+"/"+name, func(t *testing.T) {
				c := calls[name]
				if user == "root@vfv.se" && name == "create project" {
					c.body = `{"id":"ort-` + strings.ReplaceAll(strings.Split(user, "@")[0], ".", "") + `","name":"Ort"}`
				}
				got, body := f.api(t, user, c.method, c.path, c.body)
				if got != status {
					t.Errorf("%s %s as %q = %d %s, want %d", c.method, c.path, user, got, body, status)
				}
			})
		}
	}
}

// TestCampaignListIsScoped: a user sees only their projects' campaigns,
// and guessing another project's code gives the same 404 as a code that
// does not exist.
func TestCampaignListIsScoped(t *testing.T) {
	f := newStaffFixture(t)
	_, body := f.api(t, "agent@a.se", "GET", "/api/v1/campaigns", "")
	if !strings.Contains(body, f.campA) || strings.Contains(body, f.campB) {
		t.Errorf("agent of grums lists %s; want %s only", body, f.campA)
	}
	s1, b1 := f.api(t, "agent@a.se", "GET", "/api/v1/campaigns/"+f.campB, "")
	s2, b2 := f.api(t, "agent@a.se", "GET", "/api/v1/campaigns/NOSUCH7", "")
	if s1 != 404 || s2 != 404 || b1 != b2 {
		t.Errorf("another project's campaign = %d %s; unknown = %d %s; want identical 404s", s1, b1, s2, b2)
	}
	if s, body := f.api(t, "agent@a.se", "POST", "/api/v1/campaigns", `{"survey":"unga-vuxna","project":"kil","name":"x","site":"y"}`); s != 400 {
		t.Errorf("creating a campaign in another project = %d %s, want 400", s, body)
	}
}

func TestCampaignAPIWithCounts(t *testing.T) {
	f := newStaffFixture(t)
	status, body := f.api(t, "agent@a.se", "POST", "/api/v1/campaigns", `{"survey":"unga-vuxna","project":"grums","name":"Hösten","site":"Fritidsgården","kiosk":true,"lang":"ar"}`)
	var c struct {
		Code, URL, Lang string
		Kiosk, Open     bool
		Counts          *struct{ Total int64 }
	}
	if err := json.Unmarshal([]byte(body), &c); status != 201 || err != nil || len(c.Code) != 7 || !c.Kiosk || !c.Open || c.Lang != "ar" || !strings.HasSuffix(c.URL, "/s/"+c.Code) {
		t.Fatalf("create = %d %s", status, body)
	}
	status, body = f.api(t, "agent@a.se", "GET", "/api/v1/campaigns/"+strings.ToLower(c.Code), "")
	if err := json.Unmarshal([]byte(body), &c); err != nil || status != 200 || c.Counts == nil || c.Counts.Total != 0 {
		t.Errorf("get (code typed in lower case) = %d %s", status, body)
	}
	for bad, fields := range map[string][]string{
		`{"survey":"nope","project":"grums","name":"x","site":"y"}`:                         {"survey"},
		`{"survey":"unga-vuxna","project":"grums","name":"","site":""}`:                     {"name", "site"},
		`{"survey":"unga-vuxna","project":"grums","name":"x","site":"y","opens":"imorgon"}`: {"opens"},
	} {
		s, b := f.api(t, "agent@a.se", "POST", "/api/v1/campaigns", bad)
		if s != 400 {
			t.Errorf("create %s = %d %s, want 400", bad, s, b)
		}
		for _, field := range fields {
			if !strings.Contains(b, `"field":"`+field+`"`) {
				t.Errorf("create %s = %s: no problem for field %q", bad, b, field)
			}
		}
	}
	if s, _ := f.api(t, "agent@a.se", "POST", "/api/v1/campaigns/"+c.Code+"/close", ""); s != 200 {
		t.Errorf("close = %d", s)
	}
	if s, _, _ := f.get(t, "/api/v1/campaigns/"+c.Code+"/survey"); s != 410 {
		t.Errorf("closed campaign's survey = %d, want 410", s)
	}
	_, log := f.api(t, "admin@a.se", "GET", "/api/v1/audit?project=grums", "")
	for _, action := range []string{"campaign.create", "campaign.close"} {
		if !strings.Contains(log, action) || !strings.Contains(log, "agent@a.se") {
			t.Errorf("audit log lacks %s by agent@a.se: %s", action, log)
		}
	}
}

// browserClient logs in through the form and keeps the session cookie.
func (f *staffFixture) browserClient(t *testing.T, email, password string) (*http.Client, *http.Response) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	cl := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := cl.PostForm(f.URL+"/login", url.Values{"email": {email}, "password": {password}, "next": {"/api/v1/me"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return cl, resp
}

func TestLoginSessionAndCSRF(t *testing.T) {
	f := newStaffFixture(t)
	cl, resp := f.browserClient(t, "agent@a.se", testPassword)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/api/v1/me" {
		t.Fatalf("login = %d to %q, want 303 to next", resp.StatusCode, resp.Header.Get("Location"))
	}
	ck := resp.Cookies()
	if len(ck) != 1 || !ck[0].HttpOnly || ck[0].SameSite != http.SameSiteLaxMode {
		t.Errorf("session cookie %+v: want one HttpOnly SameSite cookie", ck)
	}
	r, err := cl.Get(f.URL + "/api/v1/me")
	if err != nil || r.StatusCode != 200 {
		t.Fatalf("GET /api/v1/me with the session = %v %v", r.StatusCode, err)
	}
	r.Body.Close()
	// A state-changing request with the session but without the CSRF
	// token is refused, as a form post and as JSON.
	r, _ = cl.PostForm(f.URL+"/api/v1/campaigns/GRUMS34/close", url.Values{})
	r.Body.Close()
	r2, _ := cl.Post(f.URL+"/api/v1/campaigns", "application/json", strings.NewReader(`{"survey":"unga-vuxna","project":"grums","name":"x","site":"y"}`))
	b2, _ := io.ReadAll(r2.Body)
	r2.Body.Close()
	if r.StatusCode != 403 || r2.StatusCode != 403 || !strings.Contains(string(b2), `"csrf"`) {
		t.Errorf("CSRF-less posts = %d, %d %s; want 403 csrf", r.StatusCode, r2.StatusCode, b2)
	}
	if c, _ := f.store.Campaign(context.Background(), "GRUMS34"); !c.Open {
		t.Error("the CSRF-less post closed the campaign")
	}
	// Logout ends the session.
	r, _ = cl.PostForm(f.URL+"/logout", url.Values{})
	r.Body.Close()
	if r.StatusCode != 403 {
		t.Errorf("logout without CSRF token = %d, want 403", r.StatusCode)
	}
	// The same session cookie, replayed after a login of someone else in
	// the same browser, is a new session (no fixation).
	cl2, resp2 := f.browserClient(t, "group@a.se", testPassword)
	_ = cl2
	if resp2.Cookies()[0].Value == ck[0].Value {
		t.Error("a new login reused the session id")
	}
}

func TestPasswordsStoredAsArgon2id(t *testing.T) {
	f := newStaffFixture(t)
	docs, err := f.store.RawDocuments(context.Background(), "users")
	if err != nil || len(docs) != 5 {
		t.Fatalf("users = %d, %v", len(docs), err)
	}
	phc := regexp.MustCompile(`"password_hash":"\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+"`)
	for _, d := range docs {
		if strings.Contains(d, "långt lösenord") || strings.Contains(d, "l\\u00e5ngt") {
			t.Errorf("a password is stored in clear: %s", d)
		}
		if !phc.MatchString(d) {
			t.Errorf("user document without an argon2id hash: %s", d)
		}
	}
	tokens, _ := f.store.RawDocuments(context.Background(), "tokens")
	for _, d := range tokens {
		for _, secret := range f.tokens {
			if strings.Contains(d, secret) {
				t.Errorf("an API token is stored in clear: %s", d)
			}
		}
	}
}

func TestTokensRevoke(t *testing.T) {
	f := newStaffFixture(t)
	status, body := f.login(t, "agent@a.se").apiAs(t, "POST", "/api/v1/tokens", `{"name":"integration"}`)
	var tok struct{ ID, Token string }
	if err := json.Unmarshal([]byte(body), &tok); status != 201 || err != nil || tok.Token == "" {
		t.Fatalf("create token = %d %s", status, body)
	}
	f.tokens["new"] = tok.Token
	if s, _ := f.api(t, "new", "GET", "/api/v1/me", ""); s != 200 {
		t.Errorf("new token = %d, want 200", s)
	}
	if s, _ := f.api(t, "agent@a.se", "DELETE", "/api/v1/tokens/"+tok.ID, ""); s != 204 {
		t.Errorf("revoke = %d, want 204", s)
	}
	if s, _ := f.api(t, "new", "GET", "/api/v1/me", ""); s != 401 {
		t.Errorf("revoked token = %d, want 401", s)
	}
	if s, _ := f.api(t, "agent@b.se", "DELETE", "/api/v1/tokens/"+tok.ID, ""); s != 404 {
		t.Errorf("revoking another user's token = %d, want 404", s)
	}
}

// TestStaffAPIStrictAndNormalised: a misspelt field is refused by name;
// a campaign created closed is closed; respondents reach a campaign by a
// code typed in lower case with a dash.
func TestStaffAPIStrictAndNormalised(t *testing.T) {
	f := newStaffFixture(t)
	s, b := f.api(t, "agent@a.se", "PATCH", "/api/v1/campaigns/GRUMS34", `{"sitee":"x"}`)
	if s != 400 || !strings.Contains(b, `"field":"sitee"`) {
		t.Errorf("misspelt field = %d %s, want 400 naming it", s, b)
	}
	s, b = f.api(t, "agent@a.se", "POST", "/api/v1/campaigns", `{"survey":"unga-vuxna","project":"grums","name":"n","site":"s","open":false}`)
	var c struct {
		Code string
		Open bool
	}
	if err := json.Unmarshal([]byte(b), &c); s != 201 || err != nil || c.Open {
		t.Errorf("create closed = %d %s", s, b)
	}
	if st, _, body := f.get(t, "/api/v1/campaigns/grum-s34/survey"); st != 200 {
		t.Errorf("survey by a lower-case code with a dash = %d %s", st, body)
	}
	sub := validSubmission(uuid.NewString(), "grums34")
	if st, body := f.post(t, "/api/v1/responses", mustJSON(sub)); st != 201 {
		t.Errorf("submission with a lower-case code = %d %v", st, body)
	}
	if st, body := f.post(t, "/api/v1/responses", mustJSON(sub)); st != 200 {
		t.Errorf("its replay = %d %v, want 200", st, body)
	}
}

// TestLoginAgainAndForeignOrigin: someone still logged in may log in again
// (as someone else) without a CSRF token; a login form posted from another
// site is refused.
func TestLoginAgainAndForeignOrigin(t *testing.T) {
	f := newStaffFixture(t)
	cl, resp := f.browserClient(t, "agent@a.se", testPassword)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("first login = %d", resp.StatusCode)
	}
	r, err := cl.PostForm(f.URL+"/login", url.Values{"email": {"group@a.se"}, "password": {testPassword}, "next": {"/api/v1/me"}})
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != http.StatusSeeOther {
		t.Errorf("second login with a live session = %d, want 303", r.StatusCode)
	}
	req, _ := http.NewRequest("POST", f.URL+"/login", strings.NewReader(url.Values{"email": {"agent@a.se"}, "password": {testPassword}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	r, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != http.StatusForbidden {
		t.Errorf("login posted from another site = %d, want 403", r.StatusCode)
	}
}

// TestStaffAPIResultsNote: the campaign's results note is set by POST
// and PATCH (strict JSON, the other fields unchanged), read back by GET,
// refused over 500 characters by name, and given to respondents in the
// survey payload for the thank-you screen.
func TestStaffAPIResultsNote(t *testing.T) {
	f := newStaffFixture(t)
	note := "Resultaten visas på fritidsgården i mars."
	s, b := f.api(t, "agent@a.se", "PATCH", "/api/v1/campaigns/GRUMS34", `{"results_note":" `+note+` "}`)
	if s != 200 || !strings.Contains(b, `"results_note":"`+note+`"`) {
		t.Fatalf("PATCH results_note = %d %s, want 200 with the note trimmed", s, b)
	}
	var c struct {
		Site        string `json:"site"`
		ResultsNote string `json:"results_note"`
	}
	s, b = f.api(t, "agent@a.se", "GET", "/api/v1/campaigns/GRUMS34", "")
	if err := json.Unmarshal([]byte(b), &c); s != 200 || err != nil || c.ResultsNote != note || c.Site == "" {
		t.Errorf("GET after PATCH = %d %s, want the note and the site unchanged", s, b)
	}
	if st, _, body := f.get(t, "/api/v1/campaigns/GRUMS34/survey"); st != 200 || !strings.Contains(body, `"results_note":"`+note+`"`) {
		t.Errorf("survey payload = %d %.200s, want the results note", st, body)
	}
	s, b = f.api(t, "agent@a.se", "PATCH", "/api/v1/campaigns/GRUMS34", `{"results_note":"`+strings.Repeat("å", 501)+`"}`)
	if s != 400 || !strings.Contains(b, `"field":"results_note"`) {
		t.Errorf("501-character note = %d %.200s, want 400 naming results_note", s, b)
	}
	s, b = f.api(t, "agent@a.se", "POST", "/api/v1/campaigns", `{"survey":"unga-vuxna","project":"grums","name":"n","site":"s","results_note":"I maj."}`)
	if s != 201 || !strings.Contains(b, `"results_note":"I maj."`) {
		t.Errorf("POST with results_note = %d %s", s, b)
	}
	s, b = f.api(t, "agent@a.se", "PATCH", "/api/v1/campaigns/GRUMS34", `{"results_note":""}`)
	if s != 200 || strings.Contains(b, "results_note") {
		t.Errorf("clearing the note = %d %s, want 200 without a note", s, b)
	}
}
