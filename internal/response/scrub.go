package response

import (
	"slices"
	"strings"
	"unicode"
)

// Placeholder replaces identifying details removed from free text.
const Placeholder = "[borttaget]"

// Scrub removes identifying details from a free-text answer before it is
// stored, replacing each with Placeholder, and removes control characters
// (keeping line breaks and tabs) and surrounding white space. Text without
// an identifier comes back exactly as written: identifiers are looked for in
// a folded copy (NFKC; every dash, space and decimal digit of any script
// made ASCII; zero-width characters dropped) and only what is found is cut
// out of the original.
//
// Removed:
//   - e-mail addresses, also disguised: anna @ gmail.com, anna(at)gmail.com,
//     anna [at] gmail [dot] com, anna snabel-a gmail punkt com, full-width
//     ＠ and ．, and "anna at gmail dot com" when a known top-level domain
//     ends it; handles written @name, and usernames after the name of a
//     platform ("min snap är anna_123", "insta: anna.svensson");
//   - Swedish phone numbers however grouped (070-123 45 67, 0701234567,
//     070.123.45.67, 070/123 45 67, 08-123 456 78, +46 (0)70…, 0046…,
//     46701234567), Finnish ones with a leading 0, Norwegian mobiles without
//     the country code (412 34 567), and any number written with + or 00 and
//     a country code;
//   - personal identity and coordination numbers, 10 or 12 digits, with a
//     dash, a plus or a space before the last four, or nothing;
//   - names, one to three words, after a lead-in that introduces one: "jag
//     heter", "mitt namn är", "my name is", "call me", "اسمي", "меня зовут",
//     … and bare "heter" or "kallas". The lead-in stays; "jag heter inte
//     …" stays whole. The comment on strongLeads says which words count.
//
// Numbers are never taken when they run on into more digits, or into a dash,
// dot or slash and a digit, so years, times (07.45, 08.30-09.15), dates,
// prices and ages stay. Scrub is idempotent: Scrub(Scrub(s)) == Scrub(s).
// docs/redaction.md lists what is knowingly not removed.
func Scrub(s string) string {
	s = strings.TrimSpace(strings.Map(dropControl, s))
	// Removing one identifier changes the context of its neighbours (a
	// number right after a removed one), so repeat until nothing is found;
	// that makes Scrub idempotent. Each round replaces at least one byte that
	// is not part of a placeholder, so it ends.
	for {
		spans := findSpans(s)
		if len(spans) == 0 {
			return s
		}
		var b strings.Builder
		last := 0
		for _, sp := range spans {
			b.WriteString(s[last:sp[0]])
			b.WriteString(Placeholder)
			last = sp[1]
		}
		b.WriteString(s[last:])
		s = b.String()
	}
}

func dropControl(r rune) rune {
	if r == '\n' || r == '\t' {
		return r
	}
	if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
		return -1
	}
	return r
}

// findSpans returns the byte ranges of s to replace, sorted, merged where
// they overlap or touch, and never overlapping a placeholder already there.
func findSpans(s string) [][2]int {
	f := fold(s)
	var spans [][2]int
	for _, d := range detectors {
		for _, sp := range spansOf(d, f.text) {
			spans = append(spans, [2]int{f.from[sp[0]], f.to[sp[1]-1]})
		}
	}
	if len(spans) == 0 {
		return nil
	}
	var placeholders [][2]int
	for i := 0; ; {
		k := strings.Index(s[i:], Placeholder)
		if k < 0 {
			break
		}
		placeholders = append(placeholders, [2]int{i + k, i + k + len(Placeholder)})
		i += k + len(Placeholder)
	}
	spans = slices.DeleteFunc(spans, func(sp [2]int) bool {
		return sp[0] >= sp[1] || slices.ContainsFunc(placeholders, func(p [2]int) bool {
			return sp[0] < p[1] && p[0] < sp[1]
		})
	})
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	merged := spans[:0]
	for _, sp := range spans {
		if n := len(merged); n > 0 && sp[0] <= merged[n-1][1] {
			merged[n-1][1] = max(merged[n-1][1], sp[1])
			continue
		}
		merged = append(merged, sp)
	}
	return merged
}
