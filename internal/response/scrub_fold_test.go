package response

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestDigitValue: the digits of every script fold to ASCII, and unicode.Nd
// is made of whole runs of ten as digitValue assumes.
func TestDigitValue(t *testing.T) {
	for _, rg := range unicode.Nd.R16 {
		if rg.Stride != 1 || (rg.Hi-rg.Lo+1)%10 != 0 {
			t.Errorf("unicode.Nd range %U–%U (stride %d) is not whole runs of ten digits", rg.Lo, rg.Hi, rg.Stride)
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if rg.Stride != 1 || (rg.Hi-rg.Lo+1)%10 != 0 {
			t.Errorf("unicode.Nd range %U–%U (stride %d) is not whole runs of ten digits", rg.Lo, rg.Hi, rg.Stride)
		}
	}
	for _, digits := range []string{"٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹", "०१२३४५६७८९", "০১২৩৪৫৬৭৮৯", "０１２３４５６７８９", "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗"} {
		if got := fold(digits).text; got != " 0123456789 " {
			t.Errorf("fold(%q) = %q, want %q", digits, got, " 0123456789 ")
		}
	}
}

// TestFold: every dash and space folds to ASCII, format characters go, and
// every byte of the folded text maps back to the characters it came from.
func TestFold(t *testing.T) {
	in := "a‐b‑c‒d–e—f−g﹣h－i\u00a0j\u202fk\u2009l\u2007m\u3000n\u200bo\u00adp＠q。r\u0301s"
	f := fold(in)
	if want := " a-b-c-d-e-f-g-h-i j k l m nop@q.ŕs "; f.text != want {
		t.Errorf("fold(%q) = %q, want %q", in, f.text, want)
	}
	if len(f.from) != len(f.text) || len(f.to) != len(f.text) {
		t.Fatalf("fold: %d bytes of text, %d and %d offsets", len(f.text), len(f.from), len(f.to))
	}
	for i := range f.text {
		if f.from[i] > f.to[i] || f.to[i] > len(in) || i > 0 && f.from[i] < f.from[i-1] {
			t.Fatalf("fold: byte %d maps to %d–%d", i, f.from[i], f.to[i])
		}
		if !utf8.ValidString(in[f.from[i]:f.to[i]]) {
			t.Fatalf("fold: byte %d maps into the middle of a character", i)
		}
	}
}
