package rankingtest

import (
	"io/fs"
	"os"
	"strings"
	"testing"
)

// TestRefdataCited: every reference file is named in the README.md beside
// it and carries its source, method, input, expected numbers and tolerance.
func TestRefdataCited(t *testing.T) {
	readme, err := os.ReadFile("testdata/refdata/README.md")
	if err != nil {
		t.Fatal(err)
	}
	names, err := fs.Glob(refdata, "testdata/refdata/*.json")
	if err != nil || len(names) < 2 {
		t.Fatalf("embedded reference files = %v, %v; want the BT and AHP files", names, err)
	}
	for _, path := range names {
		name := strings.TrimPrefix(path, "testdata/refdata/")
		t.Run(name, func(t *testing.T) {
			if !strings.Contains(string(readme), "`"+name+"`") {
				t.Errorf("README.md does not cite %s", name)
			}
			var ref struct {
				Source, Method             string
				Input, Expected, Tolerance any
			}
			Load(t, name, &ref)
			if ref.Source == "" || ref.Method == "" || ref.Input == nil || ref.Expected == nil || ref.Tolerance == nil {
				t.Errorf("%s: source %q, method %q, input %v, expected %v, tolerance %v: want all present",
					name, ref.Source, ref.Method, ref.Input != nil, ref.Expected != nil, ref.Tolerance != nil)
			}
		})
	}
}
