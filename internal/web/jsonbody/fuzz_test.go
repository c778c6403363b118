package jsonbody

import (
	"bytes"
	"errors"
	"testing"

	"github.com/vfv/vfv/internal/collect"
	"github.com/vfv/vfv/internal/response"
)

// FuzzSubmitAPI feeds arbitrary bodies to the submission decoder: it never
// panics, and every body it refuses gets at least one problem with a
// message a client can show.
func FuzzSubmitAPI(f *testing.F) {
	for _, s := range []string{
		`{"id":"3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f","campaign":"X","judgments":[{"a":"a","b":"b","value":1}]}`,
		`{"judgments":[{"value":1.5}]}`, `{"judgments":"x"}`, `{"background":[1]}`, `{} {}`, `[`, ``, `nul`, `"x"`,
		`{"id":"a","id":"b"}`, "{\"story\":\"\\ud800\"}", `{"judgments":[{"a":1}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var sub response.Submission
		err := Decode(bytes.NewReader(body), &sub)
		if err == nil {
			return
		}
		var inv *collect.InvalidError
		if !errors.As(err, &inv) || len(inv.Problems) == 0 || inv.Problems[0].Message == "" {
			t.Fatalf("Decode(%q) = %v; want an InvalidError with a message", body, err)
		}
	})
}
