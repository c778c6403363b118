package survey

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// wantErr is one expected problem: its position as "line:col" (or "line"
// when there is no column, "" when there is no position) and a substring of
// its message.
type wantErr struct {
	pos, msg string
}

// parseFixture parses testdata/<name>.
func parseFixture(t *testing.T, name string) (*Survey, error) {
	t.Helper()
	path := filepath.Join("testdata", name)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return Parse(path, data)
}

// checkErrors asserts that err is Errors holding exactly want, in order,
// each formatted as "file:pos: ...msg...".
func checkErrors(t *testing.T, err error, file string, want []wantErr) {
	t.Helper()
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("error = %v (%T), want survey.Errors", err, err)
	}
	if len(errs) != len(want) {
		t.Errorf("got %d problems, want %d:\n%v", len(errs), len(want), err)
	}
	for i := range min(len(errs), len(want)) {
		got, w := errs[i].Error(), want[i]
		prefix := file + ": "
		if w.pos != "" {
			prefix = file + ":" + w.pos + ": "
		}
		if !strings.HasPrefix(got, prefix) || !strings.Contains(got, w.msg) {
			t.Errorf("problem %d = %q\nwant prefix %q and message containing %q", i, got, prefix, w.msg)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		fixture string
		want    []wantErr
	}{
		{"unknown-key", []wantErr{
			{"6:5", `item "a" has no label`},
			{"7:5", `unknown key "lable" in item; did you mean "label"?`},
		}},
		{"unknown-key-top", []wantErr{{"14:1", `unknown key "colour" in survey; allowed keys are id, languages,`}}},
		{"duplicate-key", []wantErr{{"5:1", `key "title" appears twice in survey (first on line 2)`}}},
		{"duplicate-item", []wantErr{{"8:9", `duplicate item id "a" (first used on line 6)`}}},
		{"duplicate-question", []wantErr{{"22:9", `duplicate question id "kon" (first used on line 15)`}}},
		{"duplicate-answer", []wantErr{{"20:13", `duplicate answer id "kvinna" (first used on line 18)`}}},
		{"duplicate-group", []wantErr{{"26:9", `duplicate group id "kvinnor" (first used on line 23)`}}},
		{"unknown-question", []wantErr{{"26:7", `unknown background question "kön"; did you mean "kon"?`}}},
		{"unknown-answer", []wantErr{{"26:18", `question "kon" has no answer "kvinnor"; did you mean "kvinna"?`}}},
		{"item-in-group", []wantErr{{"26:7", `refers to "a", which is an item, not a background question`}}},
		{"missing-sv", []wantErr{{"3:1", `title has no Swedish text; add sv:`}}},
		{"missing-translation", []wantErr{{"10:5", `label of item "b" has no "en" text, but the survey declares languages [sv, en]; add en:`}}},
		{"undeclared-language", []wantErr{{"7:20", `label of item "a" has a "de" text, but de is not in languages; add it to languages: [sv]`}}},
		{"bad-language", []wantErr{
			{"2:17", `"EN" is not a language code; use a lowercase 2-3 letter code`},
			{"2:21", `"eng-US" is not a language code`},
		}},
		{"languages-without-sv", []wantErr{{"2:12", `languages must include sv`}}},
		{"scale-without-labels", []wantErr{{"11:3", `scale has no labels; add labels:`}}},
		{"scale-label-count", []wantErr{{"12:3", `the scale has 2 steps but 1 labels; give exactly one label per step`}}},
		{"steps-out-of-range", []wantErr{{"11:10", `steps is 5, but must be between 1 and 4`}}},
		{"min-group-size", []wantErr{{"14:17", `min_group_size is 2, but must be at least 3`}}},
		{"background-position", []wantErr{{"14:22", `background_position must be first or last, not "top"`}}},
		{"bad-id", []wantErr{{"23:9", `group id "Unga Kvinnor" is not a valid id: use only lowercase letters a-z, digits, - and _, starting with a letter or digit; try "unga-kvinnor"`}}},
		{"wrong-type", []wantErr{
			{"11:10", `steps must be a whole number, not "two"`},
			{"14:15", `allow_skip must be true or false, not "yes"`},
		}},
		{"wrong-type-list", []wantErr{{"5:8", `items must be a list of items (- id: ...), not "a, b"`}}},
		{"wrong-type-where", []wantErr{{"26:12", `kon in where of group "kvinnor" must be a list of answer ids such as [kvinna], not "kvinna"`}}},
		{"not-a-mapping", []wantErr{{"1:1", `survey must be a mapping with the keys id, languages,`}}},
		{"syntax", []wantErr{{"7:1", `YAML syntax error: found unexpected end of stream`}}},
		{"syntax-indent", []wantErr{{"8:1", `YAML syntax error: did not find expected '-' indicator`}}},
		{"syntax-after-multiline", []wantErr{{"10:1", `YAML syntax error: found unexpected end of stream`}}},
		{"syntax-question", []wantErr{{"7:1", `did not find expected ',' or '}'; inside {...} or [...] a text with ? or , must be in quotes`}}},
		{"skip-without-label", []wantErr{{"14:3", `allow_skip is true but the scale has no skip label; add skip:`}}},
		{"max-pairs", []wantErr{{"14:14", `max_pairs is 0, but must be at least 1`}}},
		{"keep-days", []wantErr{{"16:14", `keep_days is 0, but must be between 1 and 3660`}}},
		{"max-pairs-disconnected", []wantErr{{"18:14", `with 4 items a respondent needs at least 3 pairs`}}},
		{"one-item", []wantErr{{"5:1", `the survey has 1 item(s)`}}},
		{"one-answer", []wantErr{{"17:5", `question "kon" has 1 answer(s); a single-choice question needs at least 2`}}},
		{"empty", []wantErr{{"", `the file is empty`}}},
		{"two-documents", []wantErr{{"15:1", `a file holds one survey`}}},
		{"alias", []wantErr{{"9:12", `aliases (*lbl) are not supported`}}},
		{"empty-text", []wantErr{{"13:10", `scale equal is empty`}}},
		{"story-max-length", []wantErr{{"16:15", `max_length is 0, but must be between 1 and 10000`}}},
		{"missing-keys", []wantErr{
			{"1:1", `survey has no title; add title:`},
			{"1:1", `survey has no intro`},
			{"1:1", `survey has no thank_you`},
			{"1:1", `survey has no scale`},
			{"3:5", `item "a" has no label`},
			{"4:5", `item has no id; add id:`},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			name := "errors/" + tt.fixture + ".yaml"
			s, err := parseFixture(t, name)
			if s != nil {
				t.Errorf("survey = %+v, want nil on error", s)
			}
			checkErrors(t, err, filepath.Join("testdata", name), tt.want)
		})
	}
}

func TestParseReportsEveryProblem(t *testing.T) {
	_, err := parseFixture(t, "errors/multi.yaml")
	checkErrors(t, err, "testdata/errors/multi.yaml", []wantErr{
		{"1:5", `survey id "Min Enkät" is not a valid id`},
		{"3:1", `title has no "en" text`},
		{"7:5", `item "a" has no label`},
		{"8:5", `unknown key "lable" in item; did you mean "label"?`},
		{"9:9", `duplicate item id "a"`},
		{"12:10", `steps is 9`},
		{"15:17", `min_group_size is 1`},
	})
}

func TestParseDefaults(t *testing.T) {
	s, err := parseFixture(t, "valid/defaults.yaml")
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"MinGroupSize", s.MinGroupSize, DefaultMinGroupSize},
		{"MaxPairs", s.Scale.MaxPairs, 3},
		{"PairsPerRespondent", s.PairsPerRespondent(), 3},
		{"Languages", strings.Join(s.Languages, ","), "sv"},
		{"Story", s.Story == nil, true},
		{"AllowSkip", s.Scale.AllowSkip, false},
		{"Title", s.Title.In("sv"), "Minsta möjliga enkät"},
		{"Label of c", s.Items[2].Label.In("en"), "Tre"},
		{"File", s.File, "testdata/valid/defaults.yaml"},
		{"Version length", len(s.Version), 64},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}

	s, err = parseFixture(t, "valid/story.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if s.Story == nil || s.Story.MaxLength != DefaultStoryMaxLength || s.Story.Help != nil {
		t.Errorf("Story = %+v, want default max length %d and no help", s.Story, DefaultStoryMaxLength)
	}
	if s.MinGroupSize != 3 || s.Scale.MaxPairs != 10 || s.PairsPerRespondent() != 1 {
		t.Errorf("MinGroupSize, MaxPairs, PairsPerRespondent = %d, %d, %d, want 3, 10, 1",
			s.MinGroupSize, s.Scale.MaxPairs, s.PairsPerRespondent())
	}
}

func TestSuggestAndSlugify(t *testing.T) {
	suggests := []struct{ got, want string }{
		{"lable", "label"},
		{"thankyou", "thank_you"},
		{"max_pair", "max_pairs"},
		{"Steps", "steps"},
		{"colour", ""},
	}
	known := []string{"id", "label", "thank_you", "max_pairs", "steps"}
	for _, c := range suggests {
		if got := suggest(c.got, known); got != c.want {
			t.Errorf("suggest(%q) = %q, want %q", c.got, got, c.want)
		}
	}
	slugs := []struct{ in, want string }{
		{"Unga Kvinnor 16–24", "unga-kvinnor-16-24"},
		{"Må bra!", "ma-bra"},
		{"_x", "x"},
		{"Försäkringskassan", "forsakringskassan"},
	}
	for _, c := range slugs {
		if got := slugify(c.in); got != c.want || !isSlug(got) {
			t.Errorf("slugify(%q) = %q, want %q (a valid id)", c.in, got, c.want)
		}
	}
}

// TestParseBackgroundPosition: background questions come after the pairs
// unless background_position says first; writing the default out keeps
// the version.
func TestParseBackgroundPosition(t *testing.T) {
	base, err := os.ReadFile("testdata/errors/min-group-size.yaml")
	if err != nil {
		t.Fatal(err)
	}
	valid := bytes.Replace(base, []byte("min_group_size: 2"), []byte("min_group_size: 5"), 1)
	versions := map[string]string{}
	for _, tt := range []struct {
		name, line string
		first      bool
	}{
		{"implicit", "", false},
		{"last", "background_position: last\n", false},
		{"first", "background_position: first\n", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse("x.yaml", append(bytes.Clone(valid), tt.line...))
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			if s.BackgroundFirst != tt.first {
				t.Errorf("BackgroundFirst = %v, want %v", s.BackgroundFirst, tt.first)
			}
			versions[tt.name] = s.Version
		})
	}
	if versions["implicit"] != versions["last"] || versions["first"] == versions["last"] {
		t.Errorf("versions %v: want implicit = last and first different", versions)
	}
}
