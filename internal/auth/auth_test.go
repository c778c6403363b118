package auth

import (
	"encoding/base64"
	"strings"
	"testing"
)

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("rätt lösenord 123")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q is not an argon2id PHC string", h)
	}
	if strings.Contains(h, "rätt") {
		t.Error("hash contains the password")
	}
	h2, _ := HashPassword("rätt lösenord 123")
	if h == h2 {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	for pw, want := range map[string]bool{"rätt lösenord 123": true, "fel lösenord 123": false, "": false} {
		ok, err := CheckPassword(h, pw)
		if err != nil || ok != want {
			t.Errorf("CheckPassword(%q) = %v, %v; want %v", pw, ok, err, want)
		}
	}
	if _, err := HashPassword("kort"); err != ErrWeakPassword {
		t.Errorf("short password: %v, want ErrWeakPassword", err)
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=x$AA$AA"} {
		if _, err := CheckPassword(bad, "x"); err != ErrBadHash {
			t.Errorf("CheckPassword(%q) error %v, want ErrBadHash", bad, err)
		}
	}
}

func TestPermissions(t *testing.T) {
	tests := []struct {
		role Role
		perm Perm
		want bool
	}{
		{RoleAdmin, ManageProject, true}, {RoleAdmin, ViewResults, true}, {RoleAdmin, ManageCampaigns, true},
		{RoleAgent, ViewCampaigns, true}, {RoleAgent, ManageCampaigns, true}, {RoleAgent, ViewResults, false}, {RoleAgent, ManageProject, false},
		{RoleGroup, ViewCampaigns, true}, {RoleGroup, ViewResults, true}, {RoleGroup, ManageCampaigns, false}, {RoleGroup, ManageProject, false},
		{RoleAdmin, EditBoard, true}, {RoleGroup, EditBoard, true}, {RoleAgent, EditBoard, false}, {RoleAgent, ViewBoard, true}, {RoleGroup, ViewBoard, true},
	}
	for _, tt := range tests {
		p := Principal{Email: "x@y.se", Roles: map[string]Role{"grums": tt.role}}
		if got := p.Can("grums", tt.perm); got != tt.want {
			t.Errorf("%s.Can(%d) in own project = %v, want %v", tt.role, tt.perm, got, tt.want)
		}
		if p.Can("other", tt.perm) || p.Member("other") || p.Can("", tt.perm) {
			t.Errorf("%s has permission %d outside its project", tt.role, tt.perm)
		}
	}
	admin := Principal{Admin: true}
	if !admin.Can("any", ManageProject) || !admin.Can("", ManageCampaigns) || !admin.Member("any") {
		t.Error("installation admin lacks a permission")
	}
}

func TestSecrets(t *testing.T) {
	a, errA := NewSecret()
	b, errB := NewSecret()
	if errA != nil || errB != nil {
		t.Fatalf("NewSecret: %v, %v", errA, errB)
	}
	if a == b {
		t.Errorf("two secrets are equal: %q", a)
	}
	if raw, err := base64.RawURLEncoding.DecodeString(a); err != nil || len(raw) != 32 {
		t.Errorf("secret %q decodes to %d bytes (%v), want 32 URL-safe base64 bytes", a, len(raw), err)
	}
}

func TestSecretID(t *testing.T) {
	tests := []struct {
		name, secret, want string
	}{
		// FIPS 180-2 test vectors: SecretID is the SHA-256 hex, nothing else.
		{"empty", "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc", "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SecretID(tt.secret); got != tt.want {
				t.Errorf("SecretID(%q) = %q, want %q", tt.secret, got, tt.want)
			}
		})
	}
	a, _ := NewSecret()
	b, _ := NewSecret()
	if SecretID(a) == SecretID(b) {
		t.Errorf("distinct secrets %q, %q have one SecretID", a, b)
	}
}
