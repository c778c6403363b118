package i18n_test

import (
	"testing"
	"testing/fstest"

	"github.com/vfv/vfv/internal/i18n"
	"github.com/vfv/vfv/static"
)

// TestShippedCataloguesComplete fails when a language lacks a Swedish key.
func TestShippedCataloguesComplete(t *testing.T) {
	c, err := i18n.Load(static.FS, "i18n")
	if err != nil {
		t.Fatal(err)
	}
	for lang, keys := range c.Missing() {
		t.Errorf("%s.json lacks %d Swedish keys: %v", lang, len(keys), keys)
	}
	for _, l := range []string{"sv", "en", "ar"} {
		if !c.Has(l) {
			t.Errorf("no catalogue for %s", l)
		}
	}
}

func TestFallback(t *testing.T) {
	fsys := fstest.MapFS{
		"i/sv.json": {Data: []byte(`{"a":"hej","b":"bara svenska"}`)},
		"i/en.json": {Data: []byte(`{"a":"hello"}`)},
	}
	c, err := i18n.Load(fsys, "i")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ lang, key, want string }{
		{"en", "a", "hello"},
		{"en", "b", "bara svenska"},
		{"fi", "a", "hej"},
		{"sv", "zzz", "zzz"},
	}
	for _, tt := range tests {
		if got := c.T(tt.lang, tt.key); got != tt.want {
			t.Errorf("T(%q, %q) = %q, want %q", tt.lang, tt.key, got, tt.want)
		}
	}
	if got := c.Missing()["en"]; len(got) != 1 || got[0] != "b" {
		t.Errorf("Missing()[en] = %v, want [b]", got)
	}
}

func TestName(t *testing.T) {
	c, err := i18n.Load(static.FS, "i18n")
	if err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string]string{"sv": "Svenska", "ar": "العربية", "xx": "xx"} {
		if got := c.Name(lang); got != want {
			t.Errorf("Name(%q) = %q, want %q", lang, got, want)
		}
	}
}
