package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/vfv/vfv/internal/auth"
)

// TestMemberUpdateHidesAccounts: a project admin learns nothing from
// adding or removing an e-mail about whether it has an account in the
// installation (agent@b.se has one, in another project; nobody@b.se has
// none): the API and the members page answer alike, the project's audit
// log says the same, and an existing account keeps its password.
func TestMemberUpdateHidesAccounts(t *testing.T) {
	f := newStaffFixture(t)
	const other = "ett annat långt lösenord 7"
	tests := []struct {
		name, body string // body with EMAIL for the e-mail
		status     int
	}{
		{"add with a password", `{"email":"EMAIL","role":"group","password":"` + other + `"}`, 204},
		{"add without a password", `{"email":"EMAIL","role":"group"}`, 400},
		{"add with a short password", `{"email":"EMAIL","role":"group","password":"kort"}`, 400},
		{"add with a bad role", `{"email":"EMAIL","role":"chef","password":"` + other + `"}`, 400},
		{"remove", `{"email":"EMAIL","role":""}`, 400},
	}
	for n, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A fresh unknown e-mail each time: an addition creates it.
			unknown := fmt.Sprintf("nobody%d@b.se", n)
			var got [2]string
			for i, email := range []string{"agent@b.se", unknown} {
				status, body := f.api(t, "admin@a.se", "PUT", "/api/v1/projects/grums/members", strings.ReplaceAll(tt.body, "EMAIL", email))
				if status != tt.status {
					t.Errorf("%s for %s = %d %s, want %d", tt.name, email, status, body, tt.status)
				}
				got[i] = strings.ReplaceAll(body, email, "EMAIL")
			}
			if got[0] != got[1] {
				t.Errorf("%s: an existing account answers %s, an unknown e-mail %s; want the same", tt.name, got[0], got[1])
			}
			// agent@b.se leaves grums again, so each case starts alike.
			f.api(t, "admin@a.se", "PUT", "/api/v1/projects/grums/members", `{"email":"agent@b.se","role":""}`)
		})
	}
	// The existing account kept its password; the new one has the given one.
	ctx := context.Background()
	for email, want := range map[string]string{"agent@b.se": testPassword, "nobody0@b.se": other} {
		u, err := f.store.User(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		if ok, _ := auth.CheckPassword(u.PasswordHash, want); !ok {
			t.Errorf("%s: the password is not %q", email, want)
		}
	}
	// The project's audit log records both additions alike.
	_, log := f.api(t, "admin@a.se", "GET", "/api/v1/audit?project=grums", "")
	if strings.Contains(log, "user.create") {
		t.Errorf("the project's audit log tells an account was created: %s", log)
	}
	// Each was added once; agent@b.se was also removed again.
	if a, b := strings.Count(log, `"target":"agent@b.se"`), strings.Count(log, `"target":"nobody0@b.se"`); a != 2 || b != 1 {
		t.Errorf("the project's audit log has %d entries for agent@b.se and %d for nobody0@b.se; want 2 (added, removed) and 1 (added)", a, b)
	}
}

// TestMemberPageHidesAccounts: the members page answers an existing and an
// unknown e-mail alike.
func TestMemberPageHidesAccounts(t *testing.T) {
	f := newStaffFixture(t)
	admin := f.login(t, "admin@a.se")
	tests := []struct {
		name   string
		form   url.Values
		status int
	}{
		{"add without a password", url.Values{"role": {"group"}}, 400},
		{"remove", url.Values{"role": {""}}, 400},
		{"add", url.Values{"role": {"group"}, "password": {"ett annat långt lösenord 7"}}, 303},
	}
	for n, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got [2]string
			for i, email := range []string{"agent@b.se", fmt.Sprintf("nobody%d@b.se", n)} {
				form := url.Values{"email": {email}}
				for k, v := range tt.form {
					form[k] = v
				}
				status, loc, body := admin.post(t, "/staff/projects/grums/members", form)
				if status != tt.status {
					t.Errorf("%s for %s = %d, want %d", tt.name, email, status, tt.status)
				}
				got[i] = loc + strings.ReplaceAll(body, email, "EMAIL")
			}
			if got[0] != got[1] {
				t.Errorf("%s: the page differs for an existing account and an unknown e-mail:\n%s\n---\n%s", tt.name, got[0], got[1])
			}
		})
	}
}
