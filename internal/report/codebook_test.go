package report

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/vfv/vfv/internal/survey"
)

// TestCodebookDescribesEveryColumn: each export's codebook names exactly
// the columns of its table, in order, each with a type, a Swedish heading
// (unique across the exports, so a heading names one column) and a
// description in both languages; item codes carry every item's labels.
func TestCodebookDescribesEveryColumn(t *testing.T) {
	sv := &survey.Survey{ID: "unga", Version: "v1", Languages: []string{"sv", "en"}, Title: survey.Text{"sv": "Unga", "en": "Young"},
		Items:      []survey.Item{{ID: "a", Label: survey.Text{"sv": "A", "en": "A-en"}}, {ID: "b", Label: survey.Text{"sv": "B", "en": "B-en"}}},
		Background: []survey.Question{{ID: "kon", Label: survey.Text{"sv": "Kön", "en": "Gender"}, Answers: []survey.Answer{{ID: "k", Label: survey.Text{"sv": "Kvinna", "en": "Woman"}}}}},
		Groups:     []survey.Group{{ID: "g", Label: survey.Text{"sv": "Grupp", "en": "Group"}}},
		Scale:      survey.Scale{Steps: 2, Labels: []survey.Text{{"sv": "lite", "en": "a bit"}, {"sv": "mycket", "en": "much"}}, Equal: survey.Text{"sv": "lika", "en": "equal"}}}
	tables := map[string][]string{
		"scores":    Scores(nil).Header,
		"judgments": Judgments(sv, nil, rand.New(rand.NewPCG(1, 2))).Header,
		"stories":   Stories(sv, "sv", nil).Header,
	}
	headings := map[string]string{}
	for what, header := range tables {
		cb := NewCodebook(sv, what, 5, header)
		var names []string
		for _, c := range cb.Columns {
			names = append(names, c.Name)
			if c.Type == "" || c.HeaderSV == "" || c.Description.SV == "" || c.Description.EN == "" || strings.HasPrefix(c.Description.EN, "The column ") {
				t.Errorf("%s column %s is not fully described: %+v", what, c.Name, c)
			}
			if other, ok := headings[c.HeaderSV]; ok && other != c.Name {
				t.Errorf("Swedish heading %q names both %s and %s", c.HeaderSV, other, c.Name)
			}
			headings[c.HeaderSV] = c.Name
		}
		if !slices.Equal(header, Header(sv, what)) {
			t.Errorf("Header(%s) = %v, want the table's %v", what, Header(sv, what), header)
		}
		if !slices.Equal(names, header) {
			t.Errorf("%s codebook columns %v, table %v", what, names, header)
		}
		if cb.Survey.Version != "v1" || len(cb.Survey.Items) != 2 || cb.Survey.Items[1].Label["en"] != "B-en" || cb.Rule.MinGroupSize != 5 || cb.Rule.Applied.SV == "" {
			t.Errorf("%s codebook survey/rule = %+v %+v", what, cb.Survey, cb.Rule)
		}
	}
	scale := NewCodebook(sv, "judgments", 5, Header(sv, "judgments")).Survey.Scale
	if len(scale) != 5 || scale[0].Value != "-2" || scale[0].Label["sv"] != "första saken: mycket" || scale[2].Label["en"] != "equal" || scale[4].Label["en"] != "second item: much" {
		t.Errorf("scale codes = %+v", scale)
	}
	sheet := NewCodebook(sv, "scores", 5, Header(sv, "scores")).Table()
	if sheet.Name != "codebook" || sheet.Rows[1][0] != "survey" || sheet.Rows[1][2] != "v1" {
		t.Errorf("codebook sheet starts %v", sheet.Rows[:2])
	}
}
