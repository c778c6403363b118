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
