// Package rankingtest gives the tests of the ranking module and of
// `vfv rank` the published reference results in testdata/refdata (see its
// README.md for the sources).
package rankingtest

import (
	"embed"
	"encoding/json"
	"testing"
)

// refdata is embedded, so every test reads the same copy inside the
// repository whatever its working directory, and nothing outside it.
//
//go:embed testdata/refdata/*.json
var refdata embed.FS

// Load decodes the reference file name (e.g. "bt_baseball_agresti2002.json")
// into v; the test fails when it is missing or does not decode.
func Load(t testing.TB, name string, v any) {
	t.Helper()
	raw, err := refdata.ReadFile("testdata/refdata/" + name)
	if err != nil {
		t.Fatalf("read refdata: %v", err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("decode %s: %v", name, err)
	}
}
