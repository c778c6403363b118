package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vfv/vfv/internal/auth"
	"github.com/vfv/vfv/internal/store"
)

// apiAs calls the JSON API through a logged-in browser session, with its
// CSRF token.
func (u *staffUser) apiAs(t *testing.T, method, path, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, u.f.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", u.csrf(t))
	resp, err := u.cl.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// newToken makes a token through u's session and returns its secret.
func (u *staffUser) newToken(t *testing.T, name string) string {
	t.Helper()
	status, body := u.apiAs(t, "POST", "/api/v1/tokens", `{"name":"`+name+`"}`)
	var tok struct{ Token string }
	if err := json.Unmarshal([]byte(body), &tok); status != 201 || err != nil || tok.Token == "" {
		t.Fatalf("create token through the session = %d %s", status, body)
	}
	return tok.Token
}

// TestTokenCannotMintTokens: only a logged-in person makes tokens. A
// token cannot make another (which would outlive its own revocation),
// through the API or the tokens page: 403 session_required.
func TestTokenCannotMintTokens(t *testing.T) {
	f := newStaffFixture(t)
	status, body := f.api(t, "agent@a.se", "POST", "/api/v1/tokens", `{"name":"child"}`)
	if status != http.StatusForbidden || !strings.Contains(body, `"error":"session_required"`) {
		t.Errorf("a token making a token = %d %s, want 403 session_required", status, body)
	}
	req, _ := http.NewRequest("POST", f.URL+"/staff/tokens", strings.NewReader(url.Values{"name": {"child"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+f.tokens["agent@a.se"])
	resp, err := f.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a token posting the tokens page = %d, want 403", resp.StatusCode)
	}
	if ts, _ := f.store.TokensOf(context.Background(), "agent@a.se"); len(ts) != 1 {
		t.Errorf("agent@a.se has %d tokens, want the fixture's one", len(ts))
	}
	// A session still makes them.
	u := f.login(t, "agent@a.se")
	f.tokens["new"] = u.newToken(t, "integration")
	if s, _ := f.api(t, "new", "GET", "/api/v1/me", ""); s != 200 {
		t.Errorf("the session's new token = %d, want 200", s)
	}
}

// TestTokenExpiry: a token works for 90 days (the default of
// VFV_TOKEN_DAYS) and is refused after, with 401 token_expired; a token
// stored without an expiry (made before tokens had one) lasts 90 days
// from the day it was made.
func TestTokenExpiry(t *testing.T) {
	clk := newTestClock()
	f := newStaffFixtureAt(t, clk)
	f.tokens["new"] = f.login(t, "agent@a.se").newToken(t, "integration")
	_, list := f.api(t, "new", "GET", "/api/v1/tokens", "")
	if want := `"expires":"` + clk.Now().In(stockholm(t)).AddDate(0, 0, 90).Format(time.DateOnly) + `"`; !strings.Contains(list, want) {
		t.Errorf("token list %s lacks %s", list, want)
	}
	clk.add(89 * 24 * time.Hour)
	if s, body := f.api(t, "new", "GET", "/api/v1/me", ""); s != 200 {
		t.Errorf("after 89 days = %d %s, want 200", s, body)
	}
	clk.add(24*time.Hour + time.Minute)
	if s, body := f.api(t, "new", "GET", "/api/v1/me", ""); s != 401 || !strings.Contains(body, `"error":"token_expired"`) {
		t.Errorf("after 90 days = %d %s, want 401 token_expired", s, body)
	}
	old := "vfv_an-old-token-made-before-tokens-expired"
	if err := f.store.CreateToken(context.Background(), store.Token{ID: auth.SecretID(old), Email: "agent@a.se", Name: "old", Created: "2020-01-01"}); err != nil {
		t.Fatal(err)
	}
	f.tokens["old"] = old
	if s, _ := f.api(t, "old", "GET", "/api/v1/me", ""); s != 401 {
		t.Errorf("a token from 2020 without an expiry = %d, want 401", s)
	}
}

// stockholm is the time zone token dates are written in.
func stockholm(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestPasswordChangeEndsTokensAndSessions: a new password revokes every
// token of the user and ends their other sessions (whoever knew the old
// password may have made them); the browser that changed it stays in.
func TestPasswordChangeEndsTokensAndSessions(t *testing.T) {
	f := newStaffFixture(t)
	here, there := f.login(t, "agent@a.se"), f.login(t, "agent@a.se")
	status, body := here.apiAs(t, "POST", "/api/v1/me/password", `{"current":"`+testPassword+`","new":"ett helt nytt lösenord 9"}`)
	if status != http.StatusNoContent {
		t.Fatalf("change password = %d %s", status, body)
	}
	if s, _ := f.api(t, "agent@a.se", "GET", "/api/v1/me", ""); s != 401 {
		t.Errorf("the user's token after the change = %d, want 401", s)
	}
	if s, _, _ := there.get(t, "/api/v1/me"); s != 401 {
		t.Errorf("the user's other session after the change = %d, want 401", s)
	}
	if s, _, _ := here.get(t, "/api/v1/me"); s != 200 {
		t.Errorf("the session that changed it = %d, want 200", s)
	}
	if s, _ := f.api(t, "group@a.se", "GET", "/api/v1/me", ""); s != 200 {
		t.Errorf("another user's token = %d, want 200", s)
	}
	ts, _ := f.store.TokensOf(context.Background(), "agent@a.se")
	for _, tok := range ts {
		if !tok.Revoked {
			t.Errorf("token %s not revoked", tok.Name)
		}
	}
}

// TestRemovedMemberTokenLosesAccess: a token acts with its user's roles as
// they are at each request, so removing the user from a project takes
// the project away from the token at once.
func TestRemovedMemberTokenLosesAccess(t *testing.T) {
	f := newStaffFixture(t)
	path := "/api/v1/campaigns/" + f.campA + "/results"
	if s, body := f.api(t, "group@a.se", "GET", path, ""); s != 200 {
		t.Fatalf("results as a member = %d %s", s, body)
	}
	if s, body := f.api(t, "admin@a.se", "PUT", "/api/v1/projects/grums/members", `{"email":"group@a.se","role":""}`); s != 204 {
		t.Fatalf("remove = %d %s", s, body)
	}
	if s, _ := f.api(t, "group@a.se", "GET", path, ""); s != 404 {
		t.Errorf("results with the token of a removed member = %d, want 404", s)
	}
}

// TestJobResultNeedsScopeAccess: a job's result is read only while its
// owner may still read results of the job's project: removed from the
// project, the owner gets 404 for their own job.
func TestJobResultNeedsScopeAccess(t *testing.T) {
	f := newStaffFixture(t)
	seededResults(t, f)
	status, body := f.api(t, "group@a.se", "POST", "/api/v1/campaigns/"+f.campA+"/jobs", `{"kind":"bootstrap","resamples":10}`)
	var job struct{ ID string }
	if err := json.Unmarshal([]byte(body), &job); status != 202 || err != nil {
		t.Fatalf("start = %d %s", status, body)
	}
	if j := f.pollJob(t, "group@a.se", job.ID); j["state"] != "done" {
		t.Fatalf("job = %v, want done", j)
	}
	if s, body := f.api(t, "admin@a.se", "PUT", "/api/v1/projects/grums/members", `{"email":"group@a.se","role":"agent"}`); s != 204 {
		t.Fatalf("change role = %d %s", s, body)
	}
	if s, body := f.api(t, "group@a.se", "GET", "/api/v1/jobs/"+job.ID, ""); s != 404 {
		t.Errorf("the job after its owner lost the right to read results = %d %.200s, want 404", s, body)
	}
	for _, u := range []string{"admin@a.se", "agent@a.se"} {
		if s, _ := f.api(t, u, "GET", "/api/v1/jobs/"+job.ID, ""); s != 404 {
			t.Errorf("someone else's job, as %s = %d, want 404", u, s)
		}
	}
}
