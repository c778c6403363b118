package cli

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/vfv/vfv/internal/config"
	"github.com/vfv/vfv/internal/store"
)

// TestCampaignCreateURLAndProject: campaign create prints the respondent
// link under VFV_BASE_URL or the configured listen address, never a fixed
// host; --project puts the campaign in a project, and without it the
// command says who can see the campaign and how to move it.
func TestCampaignCreateURLAndProject(t *testing.T) {
	ctx := context.Background()
	dataDir := t.TempDir()
	base := map[string]string{"VFV_SURVEYS": "../../surveys", "VFV_DATA_DIR": dataDir, "VFV_LOG_LEVEL": "warn"}
	getenv := func(extra map[string]string) func(string) string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for k, v := range extra {
			m[k] = v
		}
		return env(m)
	}
	if err := runProject(ctx, []string{"create", "grums", "--name", "Tillitsbyrån Grums"}, getenv(nil), &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		url     string // the printed link up to the code
		project string
	}{
		{"base URL", map[string]string{"VFV_BASE_URL": "https://enkat.grums.se/"}, []string{"--project", "grums"}, "https://enkat.grums.se/s/", "grums"},
		{"listen address from the environment", map[string]string{"VFV_ADDR": "192.168.1.20:8081"}, nil, "http://192.168.1.20:8081/s/", ""},
		{"listen address by flag", nil, []string{"--addr", ":9000", "--project", "grums"}, "http://localhost:9000/s/", "grums"},
	}
	linkRe := regexp.MustCompile(`(?m)^code: ([A-Z0-9]{7})\nurl:  (\S+)$`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			args := append([]string{"create", "--survey", "unga-vuxna", "--name", "Hösten", "--site", "Skolan"}, tt.args...)
			if err := runCampaign(ctx, args, getenv(tt.env), &out, &errb); err != nil {
				t.Fatalf("campaign %v: %v\n%s", args, err, errb.String())
			}
			m := linkRe.FindStringSubmatch(out.String())
			if m == nil || m[2] != tt.url+m[1] {
				t.Fatalf("campaign create printed %q, want the link %sCODE", out.String(), tt.url)
			}
			st, err := store.Open(ctx, store.Options{DataDir: dataDir, Database: "vfv"})
			if err != nil {
				t.Fatal(err)
			}
			c, err := st.Campaign(ctx, m[1])
			st.Close(ctx)
			if err != nil || c.ProjectID != tt.project {
				t.Errorf("stored campaign %s in project %q (%v), want %q", m[1], c.ProjectID, err, tt.project)
			}
			note := strings.Contains(errb.String(), "belongs to no project")
			if note != (tt.project == "") {
				t.Errorf("note about no project = %v for project %q; stderr %q", note, tt.project, errb.String())
			}
		})
	}
	// A project that does not exist is refused, naming it.
	var errb bytes.Buffer
	err := runCampaign(ctx, []string{"create", "--survey", "unga-vuxna", "--name", "X", "--site", "Y", "--project", "kil"}, getenv(nil), &bytes.Buffer{}, &errb)
	if err == nil || !strings.Contains(err.Error(), `project "kil" does not exist`) {
		t.Errorf("campaign create in an unknown project = %v, want it refused naming the project", err)
	}
	// The defaults give the link of `make run`, from the same table.
	cfg, _, err := config.Load("campaign create", nil, env(nil), &bytes.Buffer{})
	if err != nil || cfg.PublicURL() != "http://localhost:8080" {
		t.Errorf("default public URL = %q (%v), want http://localhost:8080 from VFV_ADDR's default", cfg.PublicURL(), err)
	}
}
