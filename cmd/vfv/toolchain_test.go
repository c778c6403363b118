package main_test

import (
	"go/version"
	"os"
	"regexp"
	"testing"
)

// minPatchedGo is the oldest Go release with the fixes vfv relies on
// (the standard library advisories govulncheck reported for go1.26.8).
const minPatchedGo = "go1.26.10"

// TestGoModRequiresPatchedGo: the go line of go.mod is the minimum Go that
// may build vfv, also with GOTOOLCHAIN=local, where the toolchain line is
// ignored. It must name a patched release, at least the toolchain line's.
func TestGoModRequiresPatchedGo(t *testing.T) {
	b, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(b)
	if m == nil {
		t.Fatal("go.mod has no go line")
	}
	goLine := "go" + string(m[1])
	if version.Compare(goLine, minPatchedGo) < 0 {
		t.Errorf("go.mod says %s; an unpatched toolchain could build vfv with GOTOOLCHAIN=local: want at least %s", goLine, minPatchedGo)
	}
	if tc := regexp.MustCompile(`(?m)^toolchain (\S+)$`).FindSubmatch(b); tc != nil && version.Compare(goLine, string(tc[1])) < 0 {
		t.Errorf("go.mod says %s but toolchain %s: the go line must require the patched toolchain", goLine, tc[1])
	}
}
