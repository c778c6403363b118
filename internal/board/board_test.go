package board

import (
	"slices"
	"testing"
)

func TestBoardCheck(t *testing.T) {
	refs := Refs{Surveys: map[string][]string{"unga": {"a", "b"}}, Story: func(id string) bool { return id == "s1" }}
	tests := []struct {
		name   string
		sp     Spec
		fields []string
	}{
		{"minimal", Spec{Column: Skapa, Text: " En väg in "}, nil},
		{"everything", Spec{Column: Behalla, Text: "x", Items: []string{"a", "a", "b"}, Stories: []string{"s1"}, Owner: "Anna", Due: "2027-02-28", Status: StatusDone, Publish: true}, nil},
		{"bad column", Spec{Column: "Skapa", Text: "x"}, []string{"column"}},
		{"empty text and bad due", Spec{Column: Bryta, Text: "  ", Due: "2027-02-30"}, []string{"text", "due"}},
		{"bad status", Spec{Column: Bryta, Text: "x", Status: "done"}, []string{"status"}},
		{"unknown item", Spec{Column: Bryta, Text: "x", Items: []string{"z"}}, []string{"items"}},
		{"foreign survey", Spec{Column: Bryta, Text: "x", Survey: "other", Items: []string{"a"}}, []string{"survey"}},
		{"unreleased story", Spec{Column: Bryta, Text: "x", Stories: []string{"s2"}}, []string{"stories"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sp := tt.sp
			ps := Check(&sp, refs)
			var got []string
			for _, p := range ps {
				got = append(got, p.Field)
			}
			if !slices.Equal(got, tt.fields) {
				t.Fatalf("Check(%+v) problems on %v (%v), want %v", tt.sp, got, ps, tt.fields)
			}
		})
	}
	sp := Spec{Column: Skapa, Text: " t ", Items: []string{"b", "a", "b"}}
	if ps := Check(&sp, refs); ps != nil || sp.Text != "t" || sp.Status != StatusNew || sp.Survey != "unga" || !slices.Equal(sp.Items, []string{"b", "a"}) {
		t.Errorf("Check filled %+v (%v); want trimmed text, status ny, the only survey, items once each", sp, ps)
	}
}
