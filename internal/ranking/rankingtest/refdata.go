// Package rankingtest reads the published reference results in
// shared/refdata for the tests of the ranking module and of `vfv rank`.
package rankingtest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// Dir finds <repo>/../shared/refdata by walking up from the working
// directory; the test fails (never skips) when it is missing, because CI
// has it beside the clone.
func Dir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("getwd: %v", err)
	}
	for {
		cand := filepath.Join(dir, "shared", "refdata")
		if _, err := os.Stat(filepath.Join(cand, "README.md")); err == nil {
			return cand
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("shared/refdata not found above the working directory; it must sit beside the repository")
		}
		dir = parent
	}
}

// Load decodes one reference file into v.
func Load(t testing.TB, name string, v any) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(Dir(t), name))
	if err != nil {
		t.Fatalf("read refdata: %v", err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("decode %s: %v", name, err)
	}
}
