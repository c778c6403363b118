package survey

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"path/filepath"
	"reflect"
	"testing"
)

func TestVersion(t *testing.T) {
	load := func(name string) *Survey {
		t.Helper()
		s, err := parseFixture(t, filepath.Join("version", name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return s
	}
	base := load("base.yaml")
	again := load("base.yaml")
	reformatted := load("reformatted.yaml")
	changed := load("label-changed.yaml")

	if base.Version != again.Version {
		t.Errorf("same file: versions %s and %s differ", base.Version, again.Version)
	}
	if base.Version != reformatted.Version {
		t.Errorf("comments, formatting and defaults changed the version: %s -> %s", base.Version, reformatted.Version)
	}
	if base.Version == changed.Version {
		t.Errorf("a label change kept version %s", base.Version)
	}
	if h, err := base.Hash(); err != nil || h != base.Version {
		t.Errorf("Hash() = %s, %v; want Version %s", h, err, base.Version)
	}
	moved := *base
	moved.File = "elsewhere/base.yaml"
	if h, _ := moved.Hash(); h != base.Version {
		t.Errorf("moving the file changed the hash: %s -> %s", base.Version, h)
	}
	canon, err := base.CanonicalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(canon, []byte(`"version"`)) || bytes.Contains(canon, []byte(`"file"`)) {
		t.Errorf("CanonicalJSON contains version or file: %s", canon)
	}
	if sum := sha256.Sum256(canon); hex.EncodeToString(sum[:]) != base.Version {
		t.Errorf("Version %s is not the SHA-256 of CanonicalJSON", base.Version)
	}
	if got, want := reformatted.Groups[0].Where["kon"], []string{"kvinna", "man"}; !reflect.DeepEqual(got, want) {
		t.Errorf("where answers = %v, want sorted %v", got, want)
	}
}

func TestJSONRoundTrip(t *testing.T) {
	paths, err := filepath.Glob("../../surveys/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	paths = append(paths, "testdata/valid/defaults.yaml", "testdata/valid/story.yaml")
	ss, err := LoadFiles(paths)
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != len(paths) {
		t.Fatalf("loaded %d surveys, want %d", len(ss), len(paths))
	}
	for _, s := range ss {
		t.Run(s.ID, func(t *testing.T) {
			data, err := json.Marshal(s)
			if err != nil {
				t.Fatal(err)
			}
			var back Survey
			if err := json.Unmarshal(data, &back); err != nil {
				t.Fatal(err)
			}
			// Pictures and recordings are named by their hash in the JSON;
			// their bytes stay with the loaded survey.
			orig := s.Media()
			for i, m := range back.Media() {
				if m.Data != nil || m.SHA256 != orig[i].SHA256 {
					t.Fatalf("media %d after round trip: %d bytes, hash %s; want no bytes and hash %s", i, len(m.Data), m.SHA256, orig[i].SHA256)
				}
				m.Data = orig[i].Data
			}
			if !reflect.DeepEqual(*s, back) {
				t.Errorf("round trip changed the survey:\n got %+v\nwant %+v", back, *s)
			}
			if h, err := back.Hash(); err != nil || h != s.Version {
				t.Errorf("Hash() after round trip = %s, %v; want %s", h, err, s.Version)
			}
		})
	}
}
