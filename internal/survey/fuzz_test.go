package survey

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse: the loader never panics, and it either returns a survey with
// a version and no error, or only positioned Errors.
func FuzzParse(f *testing.F) {
	for _, glob := range []string{"../../surveys/*.yaml", "testdata/errors/*.yaml", "testdata/valid/*.yaml"} {
		paths, _ := filepath.Glob(glob)
		for _, p := range paths {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("fuzz.yaml", data)
		if err == nil {
			if s == nil || s.Version == "" || len(s.Items) < 2 {
				t.Fatalf("Parse accepted a survey without version or items: %+v", s)
			}
			return
		}
		var errs Errors
		if !errors.As(err, &errs) || len(errs) == 0 {
			t.Fatalf("Parse error %v is not a non-empty Errors", err)
		}
		for _, e := range errs {
			if e.File != "fuzz.yaml" || e.Msg == "" {
				t.Fatalf("error without file or message: %+v", e)
			}
		}
	})
}
