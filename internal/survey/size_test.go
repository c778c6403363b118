package survey

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestLoadFileTooLarge: a survey file over 1 MiB is refused with an error
// naming the file and the limit, without being read whole; the outside
// review had `vfv validate` take as much memory as the file was large.
func TestLoadFileTooLarge(t *testing.T) {
	const limit = 1 << 20 // 1 MiB, as docs/survey-format.md says
	valid, err := os.ReadFile("testdata/valid/defaults.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// padded is the valid survey followed by comment lines, size bytes in all.
	padded := func(size int) []byte {
		b := bytes.Clone(valid)
		for len(b) < size {
			b = append(b, []byte("# "+strings.Repeat("x", min(70, max(0, size-len(b)-3)))+"\n")...)
		}
		return b[:size]
	}
	dir := t.TempDir()
	tests := []struct {
		name    string
		make    func(path string) error
		tooBig  bool
		maxRead uint64 // bytes the load may allocate
	}{
		{"exactly 1 MiB", func(p string) error { return os.WriteFile(p, padded(limit), 0o600) }, false, 16 << 20},
		{"one byte over", func(p string) error { return os.WriteFile(p, padded(limit+1), 0o600) }, true, 16 << 20},
		{"a sparse 64 MiB file", func(p string) error {
			f, err := os.Create(p)
			if err != nil {
				return err
			}
			return errors.Join(f.Truncate(64<<20), f.Close())
		}, true, 16 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+".yaml")
			if err := tt.make(path); err != nil {
				t.Fatal(err)
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			s, err := LoadFile(path)
			runtime.ReadMemStats(&after)
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > tt.maxRead {
				t.Errorf("loading allocated %d MiB, want at most %d MiB", alloc>>20, tt.maxRead>>20)
			}
			if !tt.tooBig {
				if err != nil || s.ID != "defaults" {
					t.Fatalf("LoadFile(%s) = %v, want the survey", tt.name, err)
				}
				return
			}
			var errs Errors
			if !errors.As(err, &errs) || len(errs) != 1 {
				t.Fatalf("LoadFile(%s) = %v, want one problem", tt.name, err)
			}
			if got := errs[0].Error(); !strings.HasPrefix(got, path+": ") || !strings.Contains(got, "1 MiB") {
				t.Errorf("problem = %q, want it to name %s and the limit of 1 MiB", got, path)
			}
		})
	}
}

// TestLoadFileEndless: a device that never ends is refused like a large
// file (reading it whole would never finish).
func TestLoadFileEndless(t *testing.T) {
	const dev = "/dev/zero"
	if _, err := os.Stat(dev); err != nil {
		t.Skip(dev, "does not exist here")
	}
	_, err := LoadFile(dev)
	if !errors.Is(err, ErrFileTooLarge) || !strings.HasPrefix(err.Error(), dev+": ") {
		t.Errorf("LoadFile(%s) = %v, want ErrFileTooLarge naming the file", dev, err)
	}
}
