package response

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSubmission decodes arbitrary bodies as the API does and validates
// them: never a panic; an accepted submission satisfies every rule; the
// scrubbed story is valid text in which scrubbing finds nothing more.
func FuzzSubmission(f *testing.F) {
	for _, seed := range []string{
		`{"id":"3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f","campaign":"X","lang":"sv","judgments":[{"a":"a","b":"b","value":1}]}`,
		`{"id":"3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f","judgments":[{"a":"a","b":"c","skip":true},{"a":"b","b":"c","value":-2}],"story":"ring 070-1234567"}`,
		`{"judgments":[{"a":"a","b":"a","value":9}],"background":{"kon":"robot"}}`,
		`{"story":"=cmd|' /C calc'!A0 kim@example.se 990101-1234"}`,
		`[]`, `{}`, `{"judgments":null}`, `{"id":1}`,
	} {
		f.Add([]byte(seed))
	}
	sv := testSurvey()
	f.Fuzz(func(t *testing.T, body []byte) {
		var sub Submission
		if err := json.Unmarshal(body, &sub); err != nil {
			return
		}
		ps := Validate(sv, sub)
		if len(ps) == 0 {
			if len(sub.Judgments) == 0 || len(sub.Judgments) > sv.PairsPerRespondent() {
				t.Fatalf("accepted %d judgments", len(sub.Judgments))
			}
			seen := map[[2]string]bool{}
			for _, j := range sub.Judgments {
				key := [2]string{min(j.A, j.B), max(j.A, j.B)}
				if j.A == j.B || seen[key] || (j.Value == nil) == !j.Skip {
					t.Fatalf("accepted a bad judgment %+v", j)
				}
				if j.Value != nil && (*j.Value < -sv.Scale.Steps || *j.Value > sv.Scale.Steps) {
					t.Fatalf("accepted value %d", *j.Value)
				}
				seen[key] = true
			}
		}
		for _, p := range ps {
			if p.Message == "" {
				t.Fatal("a problem without a message")
			}
		}
		s := Scrub(sub.Story)
		if !utf8.ValidString(s) && utf8.ValidString(sub.Story) {
			t.Fatalf("Scrub made invalid text of %q", sub.Story)
		}
		if again := Scrub(s); again != s {
			t.Fatalf("Scrub(%q) = %q still holds an identifier: scrubbed again it is %q", sub.Story, s, again)
		}
		if strings.ContainsRune(s, 0) {
			t.Fatal("Scrub kept a NUL")
		}
	})
}
