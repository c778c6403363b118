package campaign

import (
	"strings"
	"testing"
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
