package cli

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vfv/vfv/internal/config"
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
	err := runServe(context.Background(), "vfv", []string{"--addr", "127.0.0.1:0"},
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

// serving is a vfv serve running in a test.
type serving struct {
	addr, metricsAddr string
	cancel            context.CancelFunc
	errc              chan error
	stderr            *syncBuffer
}

// startServe runs serve with the example surveys on the embedded store in
// a temporary directory, the public listener on a free loopback port and
// extra as further environment, and waits until it is ready.
func startServe(t *testing.T, extra map[string]string) *serving {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	vars := map[string]string{"VFV_SURVEYS": "../../surveys", "VFV_DATA_DIR": t.TempDir()}
	for k, v := range extra {
		vars[k] = v
	}
	s := &serving{cancel: cancel, errc: make(chan error, 1), stderr: &syncBuffer{}}
	addrc := make(chan [2]string, 1)
	go func() {
		s.errc <- runServe(ctx, "vfv", []string{"--addr", "127.0.0.1:0"}, env(vars), &bytes.Buffer{}, s.stderr,
			func(a, m string) { addrc <- [2]string{a, m} })
	}()
	select {
	case a := <-addrc:
		s.addr, s.metricsAddr = a[0], a[1]
	case err := <-s.errc:
		t.Fatalf("serve stopped: %v\n%s", err, s.stderr.String())
	case <-time.After(60 * time.Second):
		t.Fatal("serve not ready within 60 s")
	}
	return s
}

// stop cancels serve and checks that it returned nil.
func (s *serving) stop(t *testing.T) {
	t.Helper()
	s.cancel()
	if err := <-s.errc; err != nil {
		t.Errorf("serve returned %v after cancel, want nil", err)
	}
}

// get fetches url and returns its status and body.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: read body: %v", url, err)
	}
	return resp.StatusCode, string(b)
}

// TestServeStartsAndStops serves the example surveys on the embedded store
// with nothing but defaults for the store, answers /readyz, serves
// /metrics on the metrics listener and not on the public one, and shuts
// both down on cancel.
func TestServeStartsAndStops(t *testing.T) {
	s := startServe(t, map[string]string{"VFV_METRICS_ADDR": "127.0.0.1:0"})
	for _, p := range []string{"/healthz", "/readyz"} {
		if status, _ := get(t, "http://"+s.addr+p); status != 200 {
			t.Errorf("GET %s = %d, want 200", p, status)
		}
	}
	if s.metricsAddr == "" || s.metricsAddr == s.addr {
		t.Fatalf("metrics address %q, public %q: want a listener of its own", s.metricsAddr, s.addr)
	}
	if status, body := get(t, "http://"+s.metricsAddr+"/metrics"); status != 200 || !strings.Contains(body, `vfv_responses_total{outcome="created"} 0`) {
		t.Errorf("metrics listener GET /metrics = %d %.200q, want 200 with vfv_responses_total", status, body)
	}
	if status, _ := get(t, "http://"+s.addr+"/metrics"); status != http.StatusNotFound {
		t.Errorf("public GET /metrics = %d, want 404", status)
	}
	s.stop(t)
	if !strings.Contains(s.stderr.String(), "embedded FerretDB") {
		t.Errorf("log does not say which store is used:\n%s", s.stderr.String())
	}
	if _, err := net.DialTimeout("tcp", s.metricsAddr, time.Second); err == nil {
		t.Errorf("metrics listener %s still accepts connections after shutdown", s.metricsAddr)
	}
}

// TestServeMetricsOff: VFV_METRICS_ADDR=off opens no metrics listener.
func TestServeMetricsOff(t *testing.T) {
	s := startServe(t, map[string]string{"VFV_METRICS_ADDR": "off"})
	if s.metricsAddr != "" {
		t.Errorf("metrics address %q with VFV_METRICS_ADDR=off, want none", s.metricsAddr)
	}
	if status, _ := get(t, "http://"+s.addr+"/metrics"); status != http.StatusNotFound {
		t.Errorf("public GET /metrics = %d, want 404", status)
	}
	s.stop(t)
	if !strings.Contains(s.stderr.String(), "metrics off") {
		t.Errorf("log does not say metrics are off:\n%s", s.stderr.String())
	}
}

// TestServeMetricsAddressBusy: a metrics address in use stops serve with
// an error that names the address and the setting, and a non-zero exit.
func TestServeMetricsAddressBusy(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	errc := make(chan error, 1)
	go func() {
		errc <- runServe(context.Background(), "vfv", []string{"--addr", "127.0.0.1:0", "--metrics-addr", busy.Addr().String()},
			env(map[string]string{"VFV_SURVEYS": "../../surveys", "VFV_DATA_DIR": t.TempDir()}), &bytes.Buffer{}, &bytes.Buffer{},
			func(a, m string) { t.Errorf("serve ready on %s and %s with the metrics address in use", a, m) })
	}()
	select {
	case err = <-errc:
	case <-time.After(60 * time.Second):
		t.Fatal("serve did not return within 60 s with the metrics address in use")
	}
	if err == nil || ExitCode(err) == 0 {
		t.Fatalf("serve with the metrics address in use = %v (exit %d), want an error and a non-zero exit", err, ExitCode(err))
	}
	for _, want := range []string{"listen for metrics on " + busy.Addr().String(), "VFV_METRICS_ADDR"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for the server's log and the test to
// use at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
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
	t.Run("pictures and recordings are checked", func(t *testing.T) {
		dir := t.TempDir()
		src, err := os.ReadFile("../../surveys/unga-vuxna.yaml")
		if err != nil {
			t.Fatal(err)
		}
		// A missing picture, one too large, one that is not a picture, and
		// a recording that is not a recording; the other pictures are there.
		y := strings.Replace(string(src), "image: pictogram-boende.svg", "image: bilder/saknas.svg", 1)
		y = strings.Replace(y, "image: pictogram-fritid.svg", "image: stor.svg", 1)
		y = strings.Replace(y, "image: pictogram-tillit.svg", "image: text.png", 1)
		y = strings.Replace(y, "image: pictogram-varden.svg", "image: pictogram-varden.svg\n    audio: {sv: ljud.mp3}", 1)
		path := filepath.Join(dir, "unga.yaml")
		files := map[string][]byte{
			path:                           []byte(y),
			filepath.Join(dir, "stor.svg"): append([]byte(`<svg xmlns="http://www.w3.org/2000/svg">`), bytes.Repeat([]byte("<g/>"), 10_000)...),
			filepath.Join(dir, "text.png"): []byte("not a picture"),
			filepath.Join(dir, "ljud.mp3"): []byte("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
		}
		pics, _ := filepath.Glob("../../surveys/*.svg")
		for _, p := range pics {
			copyFile(t, p, filepath.Join(dir, filepath.Base(p)))
		}
		for name, b := range files {
			if err := os.WriteFile(name, b, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		var out, errb bytes.Buffer
		err = runValidate([]string{path}, &out, &errb)
		if !errors.Is(err, ErrInvalid) {
			t.Fatalf("validate = %v, want ErrInvalid", err)
		}
		for _, want := range []string{
			`image "bilder/saknas.svg": no such file`,
			`image "stor.svg" is larger than 30 KB`,
			`image "text.png" is not a picture vfv can show: its content is of an unknown type`,
			`audio "ljud.mp3" is not a recording vfv can show: its content is image/svg+xml`,
		} {
			if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(path) + `:\d+:\d+: ` + regexp.QuoteMeta(want)).MatchString(errb.String()) {
				t.Errorf("want a file:line:column error %q, got:\n%s", want, errb.String())
			}
		}
	})
	t.Run("a file over 1 MiB is refused", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "huge.yaml")
		if err := os.WriteFile(path, bytes.Repeat([]byte("# padding\n"), 110_000), 0o600); err != nil {
			t.Fatal(err)
		}
		var out, errb bytes.Buffer
		err := runValidate([]string{path}, &out, &errb)
		if !errors.Is(err, ErrInvalid) || ExitCode(err) != 1 {
			t.Fatalf("validate huge = %v (exit %d), want ErrInvalid, exit 1", err, ExitCode(err))
		}
		if got := errb.String(); !strings.HasPrefix(got, path+": the file is larger than 1 MiB") {
			t.Errorf("validate huge printed %q, want the file and the limit", got)
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

// TestServeHelpsCreateFirstAdmin: on a store without staff accounts, serve
// logs the one command that creates the first admin and where to log in;
// that command, run as printed with nothing else set, creates the admin
// beside the running server, and the next start says nothing more.
func TestServeHelpsCreateFirstAdmin(t *testing.T) {
	dir := t.TempDir()
	s := startServe(t, map[string]string{"VFV_DATA_DIR": dir})
	m := regexp.MustCompile(`level=WARN msg="no staff account yet[^"]*" command="([^"]+)" login=(\S+)`).FindStringSubmatch(s.stderr.String())
	if m == nil {
		t.Fatalf("serve on an empty store does not log the command that creates the first admin:\n%s", s.stderr.String())
	}
	want := "vfv user add --admin EMAIL --data-dir " + dir + " --surveys ../../surveys"
	if m[1] != want {
		t.Errorf("command = %q, want %q", m[1], want)
	}
	if m[2] != "http://"+s.addr+"/login" {
		t.Errorf("login address = %q, want http://%s/login", m[2], s.addr)
	}
	if status, _ := get(t, m[2]); status != http.StatusOK {
		t.Errorf("GET %s = %d, want the login page", m[2], status)
	}
	args := strings.Fields(strings.Replace(m[1], "EMAIL", "ada@kommun.se", 1))
	var out, errb bytes.Buffer
	if err := runUser(context.Background(), args[2:], env(nil), strings.NewReader("ett långt lösenord\n"), &out, &errb); err != nil {
		t.Fatalf("the printed command %q: %v\n%s", args, err, errb.String())
	}
	if !strings.Contains(out.String(), "ada@kommun.se created") {
		t.Errorf("the printed command said %q, want the admin created", out.String())
	}
	s.stop(t)

	again := startServe(t, map[string]string{"VFV_DATA_DIR": dir})
	again.stop(t)
	if strings.Contains(again.stderr.String(), "no staff account") {
		t.Errorf("serve with an admin still asks for one:\n%s", again.stderr.String())
	}
}

// TestFirstAdminCommand: the command carries the settings that differ from
// the defaults, quoted for a shell, and never the MongoDB address (a
// secret).
func TestFirstAdminCommand(t *testing.T) {
	tests := []struct {
		name, prog string
		env        map[string]string
		want       string
	}{
		{"make run", "./bin/vfv", nil, "./bin/vfv user add --admin EMAIL"},
		{"data directory with a space", "vfv", map[string]string{"VFV_DATA_DIR": "/srv/vfv data"}, "vfv user add --admin EMAIL --data-dir '/srv/vfv data'"},
		{"MongoDB and another database", "vfv", map[string]string{"MONGODB_URI": "mongodb://u:secret@db/", "VFV_DB": "grums", "VFV_DATA_DIR": "/x"}, "vfv user add --admin EMAIL --db grums"},
		{"surveys elsewhere", "/usr/local/bin/vfv", map[string]string{"VFV_SURVEYS": "/etc/vfv/surveys"}, "/usr/local/bin/vfv user add --admin EMAIL --surveys /etc/vfv/surveys"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, _, err := config.Load("serve", nil, env(tt.env), io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if got := firstAdminCommand(tt.prog, cfg); got != tt.want {
				t.Errorf("firstAdminCommand = %q, want %q", got, tt.want)
			}
		})
	}
	for argv0, want := range map[string]string{"": "vfv", "vfv": "vfv", "./bin/vfv": "./bin/vfv", "/tmp/go-build123/b001/exe/vfv": "go run ./cmd/vfv"} {
		if got := commandName(argv0); got != want {
			t.Errorf("commandName(%q) = %q, want %q", argv0, got, want)
		}
	}
}
