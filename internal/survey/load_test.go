package survey

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExampleSurveysLoad(t *testing.T) {
	ss, err := LoadDir("../../surveys")
	if err != nil {
		t.Fatalf("LoadDir(surveys): %v", err)
	}
	want := []struct {
		id         string
		langs      int
		items      int
		minItems   int
		groups     int
		pairsShown int
	}{
		{"samverkan-personal", 2, 9, 7, 6, 36},
		{"unga-vuxna", 3, 10, 7, 5, 15},
	}
	if len(ss) != len(want) {
		t.Fatalf("loaded %d surveys, want %d", len(ss), len(want))
	}
	for i, w := range want {
		s := ss[i]
		if s.ID != w.id || len(s.Languages) != w.langs || len(s.Items) != w.items ||
			len(s.Groups) != w.groups || s.PairsPerRespondent() != w.pairsShown || s.Version == "" {
			t.Errorf("survey %d = %s (%d languages, %d items, %d groups, %d pairs shown, version %q), want %+v",
				i, s.ID, len(s.Languages), len(s.Items), len(s.Groups), s.PairsPerRespondent(), s.Version, w)
		}
	}
}

func TestLoadDirDuplicateID(t *testing.T) {
	_, err := LoadDir("testdata/dupdir")
	a, b := filepath.Join("testdata", "dupdir", "a.yaml"), filepath.Join("testdata", "dupdir", "b.yaml")
	checkErrors(t, err, b, []wantErr{{"1:5", `survey id "same" is already used by ` + a + `:1:5; give each survey its own id`}})
}

func TestLoadFilesCollectsAllFiles(t *testing.T) {
	paths := []string{
		"testdata/errors/duplicate-item.yaml",
		"testdata/valid/defaults.yaml",
		"testdata/errors/min-group-size.yaml",
		"testdata/missing.yaml",
	}
	ss, err := LoadFiles(paths)
	if ss != nil {
		t.Errorf("surveys = %v, want nil on error", ss)
	}
	// Both broken files have id x: that is reported too, in the later file.
	want := []struct{ file, msg string }{
		{paths[0], `duplicate item id "a"`},
		{paths[2], `survey id "x" is already used by ` + paths[0] + ":1:5"},
		{paths[2], `min_group_size is 2`},
		{paths[3], `cannot read the file`},
	}
	var errs Errors
	if !errors.As(err, &errs) || len(errs) != len(want) {
		t.Fatalf("error = %v, want %d problems", err, len(want))
	}
	for i, w := range want {
		if errs[i].File != w.file || !strings.Contains(errs[i].Msg, w.msg) {
			t.Errorf("problem %d = %v, want in %s: %q", i, errs[i], w.file, w.msg)
		}
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("errors.Is(err, fs.ErrNotExist) = false for %v", err)
	}
}

func TestLoadFileMissing(t *testing.T) {
	_, err := LoadFile("testdata/missing.yaml")
	checkErrors(t, err, "testdata/missing.yaml", []wantErr{{"", "cannot read the file: no such file or directory"}})
}

func TestLoadDirMissing(t *testing.T) {
	_, err := LoadDir("testdata/no-such-dir")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("LoadDir(missing) error = %v, want fs.ErrNotExist", err)
	}
}

func TestLoadDirSorted(t *testing.T) {
	ss, err := LoadDir("testdata/valid")
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != 2 || ss[0].ID != "defaults" || ss[1].ID != "story" {
		t.Errorf("LoadDir(testdata/valid) ids = %v, want [defaults story]", ids(ss))
	}
}

// TestDocExample keeps the annotated example in docs/survey-format.md
// loadable: it is the first ```yaml block of that page.
func TestDocExample(t *testing.T) {
	doc, err := os.ReadFile("../../docs/survey-format.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := bytes.Cut(doc, []byte("```yaml\n"))
	block, _, closed := bytes.Cut(rest, []byte("```"))
	if !ok || !closed {
		t.Fatal("docs/survey-format.md has no ```yaml block")
	}
	s, err := Parse("docs/survey-format.md", block)
	if err != nil {
		t.Fatalf("the documented example does not load:\n%v", err)
	}
	if s.NumPairs() != 6 || s.PairsPerRespondent() != 5 || s.Dir("ar") != "rtl" || len(s.Groups) != 3 {
		t.Errorf("example: %d pairs, %d shown, %d groups; want 6, 5, 3", s.NumPairs(), s.PairsPerRespondent(), len(s.Groups))
	}
}

func ids(ss []*Survey) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.ID)
	}
	return out
}
