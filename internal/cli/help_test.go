package cli

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

// TestHelp: `vfv help CMD` and `vfv CMD --help` (or -h) print the same
// help of that command on standard output and succeed; every command in
// the overview has help; an unknown command is a usage error that lists
// the commands.
func TestHelp(t *testing.T) {
	run := func(args ...string) (string, string, error) {
		var out, errb bytes.Buffer
		err := Run(context.Background(), args, strings.NewReader(""), &out, &errb)
		return out.String(), errb.String(), err
	}
	// What each help must say beyond its synopsis.
	details := map[string][]string{
		"serve":     {"--data-dir (env VFV_DATA_DIR, default ./data)", "--base-url (env VFV_BASE_URL", "/preview/"},
		"config":    {"--addr (env VFV_ADDR, default :8080)"},
		"campaign":  {"--project ID", "-project string", "VFV_BASE_URL"},
		"user":      {"-admin", "vfv user add --admin", "Store flags"},
		"rank":      {"-method string", "-bootstrap int", "-compare string", "respondent-sandwich"},
		"db-server": {"-sqlite-dir string"},
	}
	for _, c := range commands {
		t.Run(c.name, func(t *testing.T) {
			help, errOut, err := run("help", c.name)
			if err != nil || errOut != "" || !strings.HasPrefix(strings.ToLower(help), "usage:") || !strings.Contains(help, "vfv "+c.name) {
				t.Fatalf("vfv help %s = %v, stderr %q, stdout %q; want its usage on stdout", c.name, err, errOut, help)
			}
			for _, want := range details[c.name] {
				if !strings.Contains(help, want) {
					t.Errorf("vfv help %s lacks %q:\n%s", c.name, want, help)
				}
			}
			for _, flag := range []string{"--help", "-h"} {
				got, _, err := run(c.name, flag)
				if err != nil || got != help {
					t.Errorf("vfv %s %s = %v, %q; want the same help as vfv help %s", c.name, flag, err, got, c.name)
				}
			}
			if !strings.Contains(usage, "vfv "+c.name) {
				t.Errorf("the overview (vfv help) does not mention vfv %s", c.name)
			}
		})
	}
	t.Run("subcommand --help", func(t *testing.T) {
		got, _, err := run("campaign", "create", "--help")
		if want, _, _ := run("help", "campaign"); err != nil || got != want {
			t.Errorf("vfv campaign create --help = %v, %q; want the campaign help", err, got)
		}
	})
	t.Run("overview", func(t *testing.T) {
		for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}} {
			if got, _, err := run(args...); err != nil || got != usage {
				t.Errorf("vfv %v = %v, %.60q; want the overview", args, err, got)
			}
		}
	})
	for _, args := range [][]string{{"help", "serv"}, {"serv"}, {"serv", "--help"}} {
		t.Run("unknown "+strings.Join(args, " "), func(t *testing.T) {
			out, errOut, err := run(args...)
			if !errors.Is(err, ErrUsage) || ExitCode(err) != 2 {
				t.Fatalf("vfv %v = %v (exit %d), want a usage error (exit 2)", args, err, ExitCode(err))
			}
			if !strings.Contains(err.Error(), `unknown command "serv"`) || !strings.Contains(err.Error(), "serve, validate, rank, campaign") {
				t.Errorf("error %q does not name the command and list the commands", err)
			}
			if out != "" || !strings.Contains(errOut, "vfv serve [flags]") {
				t.Errorf("stdout %q, stderr %.80q; want the overview on stderr only", out, errOut)
			}
		})
	}
}
