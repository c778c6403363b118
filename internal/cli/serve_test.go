package cli

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// env returns a getenv over a fixed map, so tests never see the machine's.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestServeRefusesInvalidSurvey(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, "../../surveys/unga-vuxna.yaml", filepath.Join(dir, "good.yaml"))
	bad := "id: trasig\nlanguages: [sv]\ntitle: {sv: Trasig}\nlable: x\n"
	if err := os.WriteFile(filepath.Join(dir, "trasig.yaml"), []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	err := runServe(context.Background(), []string{"--addr", "127.0.0.1:0"},
		env(map[string]string{"VFV_SURVEYS": dir, "VFV_DATA_DIR": t.TempDir()}), &bytes.Buffer{}, &stderr, nil)
	if !errors.Is(err, ErrInvalidSurveys) {
		t.Fatalf("serve with a broken survey: err = %v, want ErrInvalidSurveys", err)
	}
	if !strings.Contains(err.Error(), dir) {
		t.Errorf("error %q does not name the surveys folder %s", err, dir)
	}
	if !regexp.MustCompile(`trasig\.yaml:4:1: .*"lable"`).MatchString(stderr.String()) {
		t.Errorf("stderr does not name the file, line and column of the unknown key:\n%s", stderr.String())
	}
}

// TestServeStartsAndStops serves the example surveys on the embedded store
// with nothing but defaults for the store, answers /readyz, and shuts down
// on cancel.
func TestServeStartsAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addrc := make(chan string, 1)
	errc := make(chan error, 1)
	var stderr bytes.Buffer
	go func() {
		errc <- runServe(ctx, []string{"--addr", "127.0.0.1:0"},
			env(map[string]string{"VFV_SURVEYS": "../../surveys", "VFV_DATA_DIR": t.TempDir()}),
			&bytes.Buffer{}, &stderr, func(a string) { addrc <- a })
	}()
	var addr string
	select {
	case addr = <-addrc:
	case err := <-errc:
		t.Fatalf("serve stopped: %v\n%s", err, stderr.String())
	case <-time.After(60 * time.Second):
		t.Fatal("serve not ready within 60 s")
	}
	for _, p := range []string{"/healthz", "/readyz"} {
		resp, err := http.Get("http://" + addr + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s = %d, want 200", p, resp.StatusCode)
		}
	}
	cancel()
	if err := <-errc; err != nil {
		t.Errorf("serve returned %v after cancel, want nil", err)
	}
	if !strings.Contains(stderr.String(), "embedded FerretDB") {
		t.Errorf("log does not say which store is used:\n%s", stderr.String())
	}
}

func TestValidate(t *testing.T) {
	t.Run("examples are valid", func(t *testing.T) {
		paths, _ := filepath.Glob("../../surveys/*.yaml")
		var out, errb bytes.Buffer
		if err := runValidate(paths, &out, &errb); err != nil || len(paths) < 2 {
			t.Fatalf("validate %v = %v\n%s", paths, err, errb.String())
		}
		if got := strings.Count(out.String(), ": ok"); got != len(paths) {
			t.Errorf("validate printed %d ok lines for %d files:\n%s", got, len(paths), out.String())
		}
	})
	t.Run("broken copy prints every error", func(t *testing.T) {
		dir := t.TempDir()
		src, err := os.ReadFile("../../surveys/samverkan-personal.yaml")
		if err != nil {
			t.Fatal(err)
		}
		// An unknown key and a minimum group size below 3.
		broken := strings.Replace(string(src), "\nitems:", "\ncolour: red\nmin_group_size: 2\nitems:", 1)
		path := filepath.Join(dir, "broken.yaml")
		if err := os.WriteFile(path, []byte(broken), 0o600); err != nil {
			t.Fatal(err)
		}
		var out, errb bytes.Buffer
		err = runValidate([]string{path}, &out, &errb)
		if !errors.Is(err, ErrInvalid) || ExitCode(err) == 0 {
			t.Fatalf("validate broken = %v (exit %d), want ErrInvalid with a non-zero exit", err, ExitCode(err))
		}
		lines := regexp.MustCompile(`(?m)^`+regexp.QuoteMeta(path)+`:\d+:\d+: .+$`).FindAllString(errb.String(), -1)
		if len(lines) < 2 || !strings.Contains(errb.String(), `"colour"`) || !strings.Contains(errb.String(), "min_group_size") {
			t.Errorf("want every error as file:line:column, got %d lines:\n%s", len(lines), errb.String())
		}
	})
	t.Run("no files is a usage error", func(t *testing.T) {
		if err := runValidate(nil, &bytes.Buffer{}, &bytes.Buffer{}); ExitCode(err) != 2 {
			t.Errorf("validate with no files: exit %d, want 2", ExitCode(err))
		}
	})
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}
