package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestOperatorCommands runs the operator commands in order on one embedded
// data directory: project, user, token, campaign create/list/close,
// recount, retention, export-all, import into another directory,
// delete-campaign.
func TestOperatorCommands(t *testing.T) {
	ctx := context.Background()
	dataDir, otherDir := t.TempDir(), t.TempDir()
	getenv := func(dir string) func(string) string {
		return env(map[string]string{"VFV_SURVEYS": "../../surveys", "VFV_DATA_DIR": dir, "VFV_LOG_LEVEL": "warn"})
	}
	run := func(fn func(args []string, stdout, stderr *bytes.Buffer) error, args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		if err := fn(args, &out, &errb); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, errb.String())
		}
		return out.String()
	}
	campaign := func(dir string) func([]string, *bytes.Buffer, *bytes.Buffer) error {
		return func(a []string, o, e *bytes.Buffer) error { return runCampaign(ctx, a, getenv(dir), o, e) }
	}
	run(func(a []string, o, e *bytes.Buffer) error { return runProject(ctx, a, getenv(dataDir), o, e) },
		"create", "grums", "--name", "Tillitsbyrån Grums", "--surveys", "unga-vuxna")
	out := run(func(a []string, o, e *bytes.Buffer) error {
		return runUser(ctx, a, getenv(dataDir), strings.NewReader("ett långt lösenord\n"), o, e)
	}, "add", "--project", "grums", "--role", "agent", "Anna@Grums.se")
	if !strings.Contains(out, "anna@grums.se created") {
		t.Errorf("user add = %q", out)
	}
	var tok map[string]string
	out = run(func(a []string, o, e *bytes.Buffer) error { return runToken(ctx, a, getenv(dataDir), o, e) },
		"create", "--user", "anna@grums.se", "--json")
	if err := json.Unmarshal([]byte(out), &tok); err != nil || !strings.HasPrefix(tok["token"], "vfv_") {
		t.Errorf("token create --json = %q", out)
	}
	var created struct{ Code, URL string }
	out = run(campaign(dataDir), "create", "--survey", "unga-vuxna", "--name", "Hösten", "--site", "Skolan", "--project", "grums", "--json")
	if err := json.Unmarshal([]byte(out), &created); err != nil || created.Code == "" {
		t.Fatalf("campaign create = %q", out)
	}
	if out := run(campaign(dataDir), "list"); !strings.Contains(out, created.Code) || !strings.Contains(out, "open") {
		t.Errorf("campaign list = %q", out)
	}
	run(campaign(dataDir), "close", strings.ToLower(created.Code))
	if out := run(campaign(dataDir), "list", "--json"); !strings.Contains(out, `"Open":false`) {
		t.Errorf("campaign list after close = %q", out)
	}
	if out := run(func(a []string, o, e *bytes.Buffer) error { return runRecount(ctx, a, getenv(dataDir), o, e) }, created.Code); !strings.Contains(out, "0 responses") {
		t.Errorf("recount = %q", out)
	}
	if out := run(func(a []string, o, e *bytes.Buffer) error { return runRetention(ctx, a, getenv(dataDir), o, e) }); !strings.Contains(out, "0 answers") {
		t.Errorf("retention = %q", out)
	}
	archive := filepath.Join(t.TempDir(), "grums.vfv.gz")
	run(func(a []string, o, e *bytes.Buffer) error { return runExportAll(ctx, a, getenv(dataDir), o, e) }, "--project", "grums", "--out", archive)
	if out := run(func(a []string, o, e *bytes.Buffer) error { return runImport(ctx, a, getenv(otherDir), o, e) }, archive); !strings.Contains(out, "imported 1 campaigns") {
		t.Errorf("import = %q", out)
	}
	if out := run(func(a []string, o, e *bytes.Buffer) error { return runDeleteCampaign(ctx, a, getenv(dataDir), o, e) }, created.Code); !strings.Contains(out, "deleted") {
		t.Errorf("delete-campaign = %q", out)
	}
	if out := run(campaign(dataDir), "list"); strings.Contains(out, created.Code) {
		t.Errorf("the deleted campaign is still listed: %q", out)
	}
	var errb bytes.Buffer
	if err := runDeleteCampaign(ctx, []string{"NOSUCH7"}, getenv(dataDir), &bytes.Buffer{}, &errb); err == nil {
		t.Error("deleting an unknown campaign succeeded")
	}
}
