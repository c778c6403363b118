// Package i18n looks up interface texts in flat per-language key files
// (static/i18n/LANG.json), shared by the server's templates and the
// browser's scripts. Swedish is the source language: a key missing in
// another language falls back to Swedish.
package i18n

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Default is the source language every key must exist in.
const Default = "sv"

// Catalog holds the texts of every language.
type Catalog struct {
	texts map[string]map[string]string
}

// Load reads every *.json file in dir of fsys as one language's texts.
func Load(fsys fs.FS, dir string) (*Catalog, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("i18n: %w", err)
	}
	c := &Catalog{texts: map[string]map[string]string{}}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".json") {
			continue
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
		c.texts[strings.TrimSuffix(name, ".json")] = m
	}
	if _, ok := c.texts[Default]; !ok {
		return nil, fmt.Errorf("i18n: no %s.json in %s", Default, dir)
	}
	return c, nil
}

// T returns the text for key in lang, falling back to Swedish and, for an
// unknown key, to the key itself (so a gap is visible, never blank).
func (c *Catalog) T(lang, key string) string {
	if s, ok := c.texts[lang][key]; ok {
		return s
	}
	if s, ok := c.texts[Default][key]; ok {
		return s
	}
	return key
}

// Languages lists the languages with a key file, sorted.
func (c *Catalog) Languages() []string {
	var out []string
	for l := range c.texts {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// Missing lists, per language, the Swedish keys it lacks.
func (c *Catalog) Missing() map[string][]string {
	out := map[string][]string{}
	for lang, m := range c.texts {
		for k := range c.texts[Default] {
			if _, ok := m[k]; !ok {
				out[lang] = append(out[lang], k)
			}
		}
		sort.Strings(out[lang])
		if len(out[lang]) == 0 {
			delete(out, lang)
		}
	}
	return out
}

// Name is a language's name in that language ("Svenska", "العربية"), or
// its code when the catalogue has none.
func (c *Catalog) Name(lang string) string {
	key := "lang." + lang
	if name := c.T(lang, key); name != key {
		return name
	}
	return lang
}

// Has reports whether lang has a key file.
func (c *Catalog) Has(lang string) bool {
	_, ok := c.texts[lang]
	return ok
}
