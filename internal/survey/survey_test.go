package survey

import (
	"errors"
	"io/fs"
	"testing"
)

func TestGroupMatches(t *testing.T) {
	g := Group{ID: "unga-kvinnor", Where: map[string][]string{
		"alder": {"16-19", "20-24"},
		"kon":   {"kvinna"},
	}}
	tests := []struct {
		name       string
		group      Group
		background map[string]string
		want       bool
	}{
		{"both match", g, map[string]string{"alder": "20-24", "kon": "kvinna", "bor": "landsbygd"}, true},
		{"other answer in OR list", g, map[string]string{"alder": "16-19", "kon": "kvinna"}, true},
		{"age outside", g, map[string]string{"alder": "25-29", "kon": "kvinna"}, false},
		{"gender outside", g, map[string]string{"alder": "20-24", "kon": "man"}, false},
		{"question unanswered", g, map[string]string{"alder": "20-24"}, false},
		{"no background", g, nil, false},
		{"empty filter is everyone", Group{ID: "alla"}, map[string]string{"kon": "man"}, true},
		{"empty filter, no background", Group{ID: "alla"}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.group.Matches(tt.background); got != tt.want {
				t.Errorf("Matches(%v) = %v, want %v", tt.background, got, tt.want)
			}
		})
	}
}

func TestTextIn(t *testing.T) {
	text := Text{"sv": "Hej", "en": "Hi", "ar": "مرحبًا", "fa": ""}
	tests := []struct{ lang, want string }{
		{"sv", "Hej"},
		{"en", "Hi"},
		{"ar", "مرحبًا"},
		{"de", "Hej"}, // missing: Swedish
		{"fa", "Hej"}, // empty: Swedish
		{"", "Hej"},
	}
	for _, tt := range tests {
		if got := text.In(tt.lang); got != tt.want {
			t.Errorf("In(%q) = %q, want %q", tt.lang, got, tt.want)
		}
	}
	if got := Text(nil).In("en"); got != "" {
		t.Errorf("nil Text In(en) = %q, want empty", got)
	}
}

func TestDir(t *testing.T) {
	tests := []struct{ lang, want string }{
		{"ar", "rtl"}, {"fa", "rtl"}, {"he", "rtl"}, {"ur", "rtl"}, {"ps", "rtl"}, {"ckb", "rtl"},
		{"AR", "rtl"}, {"ar-SE", "rtl"},
		{"sv", "ltr"}, {"en", "ltr"}, {"so", "ltr"}, {"ti", "ltr"}, {"", "ltr"},
	}
	s := &Survey{}
	for _, tt := range tests {
		if got := s.Dir(tt.lang); got != tt.want {
			t.Errorf("Dir(%q) = %q, want %q", tt.lang, got, tt.want)
		}
	}
}

func TestSurveyLookups(t *testing.T) {
	s, err := LoadFile("../../surveys/unga-vuxna.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if it, ok := s.Item("ma-bra"); !ok || it.Label.In("sv") != "Att må bra" {
		t.Errorf("Item(ma-bra) = %+v, %v", it, ok)
	}
	if _, ok := s.Item("saknas"); ok {
		t.Error("Item(saknas) found, want not found")
	}
	q, ok := s.Question("kon")
	if !ok || len(q.Answers) != 4 {
		t.Fatalf("Question(kon) = %+v, %v; want 4 answers", q, ok)
	}
	if a, ok := q.Answer("kvinna"); !ok || a.Label.In("en") != "Girl or woman" {
		t.Errorf("Answer(kvinna) = %+v, %v", a, ok)
	}
	g, ok := s.Group("unga-kvinnor-16-24")
	if !ok || !g.Matches(map[string]string{"alder": "16-19", "kon": "kvinna"}) {
		t.Errorf("Group(unga-kvinnor-16-24) = %+v, %v; want it to match a 16-19 year old woman", g, ok)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"HasLanguage(ar)", s.HasLanguage("ar"), true},
		{"HasLanguage(de)", s.HasLanguage("de"), false},
		{"Dir(ar)", s.Dir("ar"), "rtl"},
		{"NumPairs", s.NumPairs(), 45},
		{"PairsPerRespondent", s.PairsPerRespondent(), 15},
		{"Steps", s.Scale.Steps, 2},
		{"Story help has ar", s.Story != nil && s.Story.Help["ar"] != "", true},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestErrorFormat(t *testing.T) {
	tests := []struct {
		err  Error
		want string
	}{
		{Error{File: "surveys/x.yaml", Line: 12, Col: 5, Msg: "bad"}, "surveys/x.yaml:12:5: bad"},
		{Error{File: "surveys/x.yaml", Line: 12, Msg: "bad"}, "surveys/x.yaml:12:1: bad"}, // unknown column: start of line
		{Error{File: "surveys/x.yaml", Msg: "bad"}, "surveys/x.yaml: bad"},
		{Error{Msg: "bad"}, "bad"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
	errs := Errors{tests[0].err, tests[2].err}
	if got, want := errs.Error(), "surveys/x.yaml:12:5: bad\nsurveys/x.yaml: bad"; got != want {
		t.Errorf("Errors.Error() = %q, want %q", got, want)
	}
	wrapped := Errors{{File: "x.yaml", Msg: "cannot read", Err: fs.ErrNotExist}}
	if !errors.Is(wrapped, fs.ErrNotExist) {
		t.Error("errors.Is(Errors, fs.ErrNotExist) = false, want true")
	}
}
