package response

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// folded is free text prepared for matching. Go's regexp knows only ASCII
// digits and spaces, so the text is NFKC-normalised (full-width letters,
// digits and signs become ASCII, ＠ becomes @) and then every dash becomes
// '-', every space ' ', every decimal digit of any script its ASCII digit,
// the ideographic full stop '.', and format characters (zero-width spaces,
// direction marks, soft hyphens) are dropped.
//
// The folded text is for finding identifiers only: from[i] and to[i] give
// the bytes of the original text that byte i of text came from, so what is
// found is cut out of the text as written and everything else is kept
// exactly. text starts and ends with a space, so that every pattern can
// demand one character of context before and after what it removes.
type folded struct {
	text     string
	from, to []int
}

// fold prepares s for matching; see folded.
func fold(s string) folded {
	var b strings.Builder
	b.Grow(len(s) + 2)
	f := folded{from: make([]int, 0, len(s)+2), to: make([]int, 0, len(s)+2)}
	emit := func(r rune, from, to int) {
		n, _ := b.WriteRune(r)
		for range n {
			f.from = append(f.from, from)
			f.to = append(f.to, to)
		}
	}
	emit(' ', 0, 0)
	var seg []byte
	for i := 0; i < len(s); {
		// An ASCII character not followed by a combining mark is its own
		// NFKC form: the fast path for most of a Swedish story.
		if s[i] < utf8.RuneSelf && (i+1 == len(s) || s[i+1] < utf8.RuneSelf) {
			emit(foldRune(rune(s[i])), i, i+1)
			i++
			continue
		}
		n := norm.NFKC.NextBoundaryInString(s[i:], true)
		if n <= 0 {
			_, n = utf8.DecodeRuneInString(s[i:])
		}
		seg = norm.NFKC.AppendString(seg[:0], s[i:i+n])
		for k := 0; k < len(seg); {
			r, size := utf8.DecodeRune(seg[k:])
			k += size
			if r = foldRune(r); r >= 0 {
				emit(r, i, i+n)
			}
		}
		i += n
	}
	emit(' ', len(s), len(s))
	f.text = b.String()
	return f
}

// foldRune maps one NFKC-normalised rune for matching; -1 drops it.
func foldRune(r rune) rune {
	switch {
	case r < utf8.RuneSelf:
		if r == '\t' {
			return ' '
		}
		return r
	case unicode.Is(unicode.Nd, r):
		return '0' + digitValue(r)
	case unicode.Is(unicode.Pd, r), r == '\u2212', r == '\u2043', r == '\u02d7':
		// Every dash, the minus sign, the hyphen bullet and the modifier minus.
		return '-'
	case unicode.Is(unicode.Zs, r):
		return ' '
	case unicode.Is(unicode.Cf, r):
		return -1
	case r == '\u3002':
		return '.'
	}
	return r
}

// digitValue is the value of a decimal digit (category Nd). Unicode
// encodes every decimal digit set as a contiguous run from zero to nine, and
// the ranges of unicode.Nd are whole runs (TestDigitValue checks this).
func digitValue(r rune) rune {
	for _, rg := range unicode.Nd.R16 {
		if lo, hi := rune(rg.Lo), rune(rg.Hi); r >= lo && r <= hi {
			return (r - lo) % 10
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if lo, hi := rune(rg.Lo), rune(rg.Hi); r >= lo && r <= hi {
			return (r - lo) % 10
		}
	}
	return 0
}
