package web_test

import (
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"
	"unicode"
)

// lix is the readability index LIX of a text: words per sentence plus
// 100 × the share of long words (more than six letters). A sentence ends
// at ".", "!", "?" or ":" before a space or the end; words are runs of
// letters (digits and signs are not words).
func lix(text string) float64 {
	words, long, sentences := 0, 0, 0
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' }) {
		letters := 0
		for _, r := range w {
			if unicode.IsLetter(r) {
				letters++
			}
		}
		if letters == 0 {
			continue
		}
		words++
		if letters > 6 {
			long++
		}
	}
	rs := []rune(text)
	for i, r := range rs {
		if strings.ContainsRune(".!?:", r) && (i+1 == len(rs) || unicode.IsSpace(rs[i+1])) {
			sentences++
		}
	}
	if words == 0 || sentences == 0 {
		return 0
	}
	return float64(words)/float64(sentences) + 100*float64(long)/float64(words)
}

// TestLix: the index of texts counted by hand.
func TestLix(t *testing.T) {
	for _, tc := range []struct {
		text string
		want float64
	}{
		// 4 words, 1 sentence, 0 long: 4 + 0.
		{"Jag gick hem nu.", 4},
		// 6 words, 2 sentences, 2 long (skolbussen, tillsammans): 3 + 33.3.
		{"Vi tog skolbussen. Vi åkte tillsammans.", 3 + 100.0*2/6},
		// Numbers are not words: 3 words, 1 sentence, 2 long.
		{"Andelarna blir 100 tillsammans!", 3 + 100.0*2/3},
	} {
		if got := lix(tc.text); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("lix(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

// TestMethodReadability: the Swedish text of "Så räknar vi" has a LIX of
// at most 45 (easy to read), and English and Arabic have every one of
// its texts (none falls back to Swedish).
func TestMethodReadability(t *testing.T) {
	read := func(lang string) map[string]string {
		b, err := os.ReadFile("../../static/i18n/" + lang + ".json")
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	sv := read("sv")
	var texts []string
	for k, v := range sv {
		if strings.HasPrefix(k, "method.") && k != "method.title" {
			if !strings.ContainsAny(v[len(v)-1:], ".!?:") {
				v += "." // a heading ends a sentence too
			}
			texts = append(texts, v)
		}
	}
	if len(texts) < 20 {
		t.Fatalf("only %d texts of the methods page in sv.json", len(texts))
	}
	if got := lix(strings.Join(texts, " ")); got > 45 {
		t.Errorf("LIX of Så räknar vi = %.1f, want at most 45", got)
	} else {
		t.Logf("LIX of Så räknar vi = %.1f", got)
	}
	for _, lang := range []string{"en", "ar"} {
		other := read(lang)
		for k, v := range sv {
			if strings.HasPrefix(k, "method.") && (other[k] == "" || other[k] == v) {
				t.Errorf("%s.json lacks a translation of %s", lang, k)
			}
		}
	}
}
