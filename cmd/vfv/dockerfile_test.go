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
// Docker engine runs here) and checks the binary is static, as the
// distroless image needs, and that `make build` uses the same flags.
func TestDockerfileBuildFlags(t *testing.T) {
	df, err := os.ReadFile("../../deploy/Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^RUN (CGO_ENABLED=0 go build (.*) -o /out/vfv (\./cmd/vfv))$`).FindSubmatch(df)
	if m == nil {
		t.Fatal("deploy/Dockerfile has no RUN CGO_ENABLED=0 go build ... -o /out/vfv ./cmd/vfv line")
	}
	flags := string(m[2]) // -trimpath -ldflags '-s -w'
	mk, _ := os.ReadFile("../../Makefile")
	if !strings.Contains(string(mk), "CGO_ENABLED=0 $(GO) build -trimpath") || !strings.Contains(string(mk), "-s -w") {
		t.Errorf("make build does not use the Dockerfile's flags %q", flags)
	}
	out := filepath.Join(t.TempDir(), "vfv")
	cmd := exec.Command("sh", "-c", "CGO_ENABLED=0 go build "+flags+" -o "+out+" "+string(m[3]))
	cmd.Dir = "../.."
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
}
