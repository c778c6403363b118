package main_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// binDir holds the vfv binary the tests of this package share; TestMain
// makes it and removes it.
var binDir string

// built builds the binary once, for the first test that needs it.
var built = sync.OnceValues(func() (string, error) {
	bin := filepath.Join(binDir, "vfv")
	cmd := exec.Command("go", "build", "-trimpath", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %w\n%s", err, out)
	}
	return bin, nil
})

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "vfv-cmd-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// buildVFV returns the binary built the way `make build` does (static, no
// cgo): built once per test run of this package, not once per test.
func buildVFV(t testing.TB) string {
	t.Helper()
	bin, err := built()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// proc is a running `vfv serve`.
type proc struct {
	cmd  *exec.Cmd
	url  string
	logs *strings.Builder
	done chan error
}

var urlRe = regexp.MustCompile(`msg=serving url=(http://\S+)`)

// startServe runs `vfv serve` in dir with an empty environment (only PATH
// and HOME), as `make run` does on a fresh machine, and waits until it
// says where it listens. Its metrics listener takes a free port too, so
// that several servers (TestTwoReplicas, other test runs) can run at once.
func startServe(t testing.TB, bin, dir string, env ...string) *proc {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0")
	cmd.Dir = dir
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}, env...)
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &proc{cmd: cmd, logs: &strings.Builder{}, done: make(chan error, 1)}
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			p.logs.WriteString(sc.Text() + "\n")
			if m := urlRe.FindStringSubmatch(sc.Text()); m != nil {
				urlc <- m[1]
			}
		}
		p.done <- cmd.Wait()
	}()
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	select {
	case p.url = <-urlc:
	case err := <-p.done:
		t.Fatalf("vfv serve exited: %v\n%s", err, p.logs)
	case <-time.After(60 * time.Second):
		t.Fatalf("vfv serve did not listen within 60 s\n%s", p.logs)
	}
	return p
}

func (p *proc) get(t testing.TB, path string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(p.url + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func (p *proc) stop(t testing.TB) {
	t.Helper()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.done:
		if err != nil {
			t.Errorf("vfv serve exit after SIGTERM: %v\n%s", err, p.logs)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("vfv serve did not stop on SIGTERM\n%s", p.logs)
	}
}

// TestServeFreshAndRestart is the quick start: on a fresh folder with the
// example surveys and no environment, vfv serve is healthy and ready within
// 60 s; what it stored survives a restart.
func TestServeFreshAndRestart(t *testing.T) {
	bin := buildVFV(t)
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "surveys"), os.DirFS("../../surveys")); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	p := startServe(t, bin, dir)
	for _, path := range []string{"/healthz", "/readyz"} {
		if status, body := p.get(t, path); status != 200 {
			t.Errorf("GET %s = %d %s, want 200", path, status, body)
		}
	}
	t.Logf("healthy and ready %v after start", time.Since(start).Round(time.Millisecond))
	if _, err := os.Stat(filepath.Join(dir, "data", "sqlite")); err != nil {
		t.Errorf("default data directory ./data not used: %v", err)
	}

	// vfv campaign create works beside the running server, on its store.
	cmd := exec.Command(bin, "campaign", "create", "--survey", "unga-vuxna", "--name", "Hösten", "--site", "Fritidsgården", "--kiosk", "--json")
	cmd.Dir, cmd.Env = dir, []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}
	out, err := cmd.Output()
	var created struct{ Code, URL string }
	if err != nil || json.Unmarshal(out, &created) != nil || len(created.Code) != 7 || !strings.HasSuffix(created.URL, "/s/"+created.Code) {
		t.Fatalf("campaign create --json = %v %q, want {\"code\": ..., \"url\": .../s/CODE}", err, out)
	}
	if status, body := p.get(t, "/api/v1/campaigns/"+created.Code+"/survey"); status != 200 {
		t.Errorf("the running server does not see the campaign created beside it: %d %s", status, body)
	}

	// A second server on the same data directory refuses, saying why.
	out, err = exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0", "--data-dir", filepath.Join(dir, "data"), "--surveys", filepath.Join(dir, "surveys")).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "in use by another vfv serve") {
		t.Errorf("second serve on the same data dir: %v\n%s\nwant a refusal naming the other server", err, out)
	}
	p.stop(t)

	// With no server running, the command opens the store itself.
	cmd = exec.Command(bin, "campaign", "close", created.Code)
	cmd.Dir, cmd.Env = dir, []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "closed") {
		t.Fatalf("campaign close without a server: %v\n%s", err, out)
	}

	// Change a survey: the restarted server stores the new version and
	// still has the old one.
	path := filepath.Join(dir, "surveys", "samverkan-personal.yaml")
	b, _ := os.ReadFile(path)
	changed := strings.Replace(string(b), "title:\n  sv: ", "title:\n  sv: Ändrad ", 1)
	if changed == string(b) {
		t.Fatal("could not change the survey title for the test")
	}
	if err := os.WriteFile(path, []byte(changed), 0o600); err != nil {
		t.Fatal(err)
	}
	p = startServe(t, bin, dir)
	status, body := p.get(t, "/api/v1/surveys/samverkan-personal/versions")
	var versions []struct{ Current bool }
	if err := json.Unmarshal(body, &versions); status != 200 || err != nil || len(versions) != 2 {
		t.Fatalf("versions after restart = %d %s, want the old and the new version", status, body)
	}
	if status, _ := p.get(t, "/api/v1/campaigns/"+created.Code+"/survey"); status != 410 {
		t.Errorf("closed campaign after restart: %d, want 410", status)
	}
	p.stop(t)
}
