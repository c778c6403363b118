package campaign

import (
	"strings"
	"testing"

	"github.com/vfv/vfv/internal/store"
	"github.com/vfv/vfv/internal/survey"
)

func TestNewCode(t *testing.T) {
	seen := map[string]bool{}
	for range 2000 {
		c, err := NewCode()
		if err != nil {
			t.Fatal(err)
		}
		if len(c) != CodeLength {
			t.Fatalf("code %q has %d characters, want %d", c, len(c), CodeLength)
		}
		for _, r := range c {
			if !strings.ContainsRune(Alphabet, r) {
				t.Fatalf("code %q has %q, outside the alphabet", c, r)
			}
		}
		if seen[c] {
			t.Fatalf("code %q drawn twice in 2000 draws", c)
		}
		seen[c] = true
	}
	for _, lookalike := range "0O1IL2Z5S8BUVDQ" {
		if strings.ContainsRune(Alphabet, lookalike) {
			t.Errorf("alphabet contains the look-alike %q", lookalike)
		}
	}
}

func TestNormalizeCode(t *testing.T) {
	for in, want := range map[string]string{" acf-ghj4 ": "ACFGHJ4", "ACF GHJ4": "ACFGHJ4", "ACFGHJ4": "ACFGHJ4"} {
		if got := NormalizeCode(in); got != want {
			t.Errorf("NormalizeCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestValidCode(t *testing.T) {
	tests := []struct {
		code string
		want bool
	}{
		{"ACFGHJ4", true},
		{"GRUMS34", true}, // letters NewCode leaves out, as older codes have
		{"OLD", true},
		{"A", true},
		{"ABCDEFGHJK234567", true},
		{"ABCDEFGHJK2345678", false}, // 17 characters
		{"", false},
		{"acfghj4", false}, // not normalised
		{"ACF-GHJ4", false},
		{"ACF GHJ4", false},
		{"ÅÄÖ1234", false},
		{"<SCRIPT>", false},
		{"ACF\x00GHJ", false},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			if got := ValidCode(tt.code); got != tt.want {
				t.Errorf("ValidCode(%q) = %v, want %v", tt.code, got, tt.want)
			}
		})
	}
	for _, typed := range []string{" acf-ghj4 ", "Acf Ghj4", "\tACFGHJ4\n"} {
		if code := NormalizeCode(typed); !ValidCode(code) {
			t.Errorf("ValidCode(NormalizeCode(%q)) = false for %q, want true", typed, code)
		}
	}
}

func TestStatusOn(t *testing.T) {
	const today = "2026-10-15"
	tests := []struct {
		name          string
		open          bool
		opens, closes string
		want          Status
	}{
		{"switched on, no dates", true, "", "", StatusOpen},
		{"switched off, no dates", false, "", "", StatusClosed},
		{"switched off within its days", false, "2026-10-01", "2026-10-31", StatusClosed},
		{"switched off before its first day", false, "2026-11-01", "", StatusClosed},
		{"within its days", true, "2026-10-01", "2026-10-31", StatusOpen},
		{"its first day", true, today, "", StatusOpen},
		{"its last day", true, "", today, StatusOpen},
		{"one-day campaign on its day", true, today, today, StatusOpen},
		{"the day before its first", true, "2026-10-16", "", StatusUpcoming},
		{"the day after its last", true, "", "2026-10-14", StatusEnded},
		{"first day only, later", true, "2026-09-01", "", StatusOpen},
		{"last day only, earlier", true, "", "2026-12-31", StatusOpen},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := store.Campaign{Code: "ACEFGHJ", Open: tt.open, Opens: tt.opens, Closes: tt.closes}
			if got := StatusOn(c, today); got != tt.want {
				t.Errorf("StatusOn(open %v, opens %q, closes %q) on %s = %q, want %q", tt.open, tt.opens, tt.closes, today, got, tt.want)
			}
		})
	}
}

func TestSpecCheck(t *testing.T) {
	sv := &survey.Survey{ID: "unga-vuxna", Languages: []string{"sv", "en"}}
	ok := Spec{Name: "Hösten 2026", Site: "Fritidsgården Grums", Lang: "sv", Opens: "2026-09-01", Closes: "2026-12-20"}
	tests := []struct {
		name string
		edit func(*Spec)
		want []string // field and kind of each problem
	}{
		{"valid", func(*Spec) {}, nil},
		// 150 characters that are two bytes each: 300 bytes, within 200
		// characters (the staff form always counted characters).
		{"150 å in the name", func(s *Spec) { s.Name = strings.Repeat("å", 150) }, nil},
		{"200 ä in the site", func(s *Spec) { s.Site = strings.Repeat("ä", MaxText) }, nil},
		{"201 ö in the site", func(s *Spec) { s.Site = strings.Repeat("ö", MaxText+1) }, []string{"site too_long"}},
		{"201 a in the name", func(s *Spec) { s.Name = strings.Repeat("a", MaxText+1) }, []string{"name too_long"}},
		{"blank name and site", func(s *Spec) { s.Name, s.Site = " ", "" }, []string{"name empty", "site empty"}},
		{"language not offered", func(s *Spec) { s.Lang = "ar" }, []string{"lang language"}},
		{"500 characters of results note", func(s *Spec) { s.ResultsNote = strings.Repeat("ä", MaxNote) }, nil},
		{"501 characters of results note", func(s *Spec) { s.ResultsNote = strings.Repeat("ä", MaxNote+1) }, []string{"results_note too_long"}},
		{"idle too short", func(s *Spec) { s.IdleSeconds = 29 }, []string{"idle_seconds idle_seconds"}},
		{"not dates", func(s *Spec) { s.Opens, s.Closes = "1 sept", "2026-13-01" }, []string{"opens date", "closes date"}},
		{"closes before opens", func(s *Spec) { s.Opens, s.Closes = "2026-10-02", "2026-10-01" }, []string{"closes closes_before"}},
		{"a bad date is not also compared", func(s *Spec) { s.Opens, s.Closes = "2026-10-02", "2026-1-1" }, []string{"closes date"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := ok
			tt.edit(&spec)
			var got []string
			for _, p := range spec.Check(sv) {
				got = append(got, p.Field+" "+p.Kind)
				if p.Message == "" {
					t.Errorf("problem %s %s has no message", p.Field, p.Kind)
				}
			}
			if strings.Join(got, ", ") != strings.Join(tt.want, ", ") {
				t.Errorf("Check = %q, want %q", got, tt.want)
			}
		})
	}
}
