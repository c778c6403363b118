package main_test

import (
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestDockerfileBuildFlags runs the go build of deploy/Dockerfile (no
// Docker engine runs here) with a VERSION, as docker build --build-arg
// passes it, and checks the binary is static, as the distroless image
// needs, that it reports that version, and that the Dockerfile's flags are
// make build's LDFLAGS.
func TestDockerfileBuildFlags(t *testing.T) {
	df, err := os.ReadFile("../../deploy/Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^RUN (CGO_ENABLED=0 go build -trimpath -ldflags "([^"]*)" -o /out/vfv (\./cmd/vfv))$`).FindSubmatch(df)
	if m == nil {
		t.Fatal(`deploy/Dockerfile has no RUN CGO_ENABLED=0 go build -trimpath -ldflags "..." -o /out/vfv ./cmd/vfv line`)
	}
	build, ldflags := string(m[1]), string(m[2])
	if !regexp.MustCompile(`(?m)^FROM .* AS build\n(?:.*\n)*?ARG VERSION=dev\n(?:.*\n)*?RUN CGO_ENABLED=0 go build`).Match(df) {
		t.Error("the build stage of deploy/Dockerfile declares no ARG VERSION=dev before its go build")
	}
	mk, err := os.ReadFile("../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	mkFlags := regexp.MustCompile(`(?m)^LDFLAGS\s*:=\s*(.*)$`).FindSubmatch(mk)
	if mkFlags == nil {
		t.Fatal("the Makefile has no LDFLAGS := line")
	}
	if want := strings.ReplaceAll(string(mkFlags[1]), "$(VERSION)", "${VERSION}"); ldflags != want {
		t.Errorf("the Dockerfile's -ldflags %q are not make build's LDFLAGS %q", ldflags, want)
	}
	if !strings.Contains(string(mk), "CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)'") {
		t.Error("make build does not build with CGO_ENABLED=0, -trimpath and its LDFLAGS")
	}

	const version = "v9.8.7-test"
	out := filepath.Join(t.TempDir(), "vfv")
	cmd := exec.Command("sh", "-c", strings.Replace(build, "/out/vfv", out, 1))
	cmd.Dir = "../.."
	cmd.Env = append(os.Environ(), "VERSION="+version)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the Dockerfile's go build failed: %v\n%s", err, b)
	}
	f, err := elf.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
			t.Errorf("the binary is dynamically linked (program header %v); the distroless static image cannot run it", p.Type)
		}
	}
	if f.Section(".symtab") != nil {
		t.Error("the binary keeps its symbol table; -s -w should strip it")
	}
	if got, err := exec.Command(out, "version").Output(); err != nil || strings.TrimSpace(string(got)) != "vfv "+version {
		t.Errorf("the image's binary says %q (%v), want %q", got, err, "vfv "+version)
	}
}
