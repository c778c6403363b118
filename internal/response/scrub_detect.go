package response

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A detector finds one kind of identifier in folded text. Its pattern
// starts with exactly one character of context before the identifier and
// marks the part to remove as group "x"; what follows the group is context
// after it. Go's regexp has no look-behind, so the search for the next match
// starts again at the last character of the previous one (see spansOf).
type detector struct {
	re *regexp.Regexp
	x  int
	// windows returns the parts of the folded text worth searching, each
	// with its context characters; nil if there is nothing to find.
	windows func(t string) [][2]int
	// end, if set, decides how much of group x to remove: it returns the
	// end of the part to remove, or the start of group x to keep it all.
	// m holds the match's group offsets in t.
	end func(re *regexp.Regexp, t string, m []int) int
}

func newDetector(pattern string, windows func(string) [][2]int, end func(*regexp.Regexp, string, []int) int) detector {
	re := regexp.MustCompile(pattern)
	return detector{re: re, x: re.SubexpIndex("x"), windows: windows, end: end}
}

// Number patterns work on digits already folded to ASCII. A number must not
// continue with another digit, or with a dash, dot or slash and a digit (a
// time range such as 08.30-09.15, a date).
const (
	numBefore = `[^0-9]`
	numAfter  = `(?:$|[^0-9\-./]|[\-./](?:$|[^0-9]))`
	// Between the digits of an international number: a space, or one of
	// - . / ( ) with a space on either side or none.
	intlSep = `(?: ?[\-./()] ?| )?`
	// A Swedish subscriber number of 5–8 digits after the area code, never
	// starting with 0, grouped by spaces, dots or dashes (one kind at a time).
	subscriber = `(?:[1-9](?: ?[0-9]){4,7}|[1-9](?:\.?[0-9]){4,7}|[1-9](?:-?[0-9]){4,7})`
	// After the area code: a dash, slash, dot or closing parenthesis, with
	// or without spaces, or one or two spaces, then the subscriber number;
	// or the subscriber number right away, then grouped by spaces only (so
	// that 0830-0930 is a time, not 08 and 30-0930).
	national = `(?:(?: ?[\-/.)] ?| {1,2})` + subscriber + `|[1-9](?: ?[0-9]){4,7})`
)

var phonePattern = numBefore + `(?P<x>` + strings.Join([]string{
	// +46 70 123 45 67, 0046 70 123 45 67, +46(0)70-123 45 67, +47 412 34 567,
	// +45 12 34 56 78, +358 40 123 4567, and any other country's number.
	`(?:\+ ?|00 ?)(?:46(?:` + intlSep + `[0-9]){7,10}|4[57](?:` + intlSep + `[0-9]){8,9}|35[48](?:` + intlSep + `[0-9]){5,11}|[1-9](?:` + intlSep + `[0-9]){7,14})`,
	// 46701234567: a Swedish mobile number with the country code but no plus.
	`46[ \-]?7[0-9](?:[ \-]?[0-9]){7}`,
	// 070-123 45 67, 0701234567, 070.123.45.67, 070/123 45 67, (070) 123 45 67,
	// 054-12 34 56, 0920-123 45, 040 123 4567 (Finland); the area code 08
	// (and Finnish 09) has two digits, every other one three or four.
	`\(?0[1-9][0-9]{1,2}` + national,
	`\(?0[89]` + national,
	// 412 34 567, 41 23 45 67, 41234567: a Norwegian mobile number without
	// the country code.
	`[49][0-9]{2} ?[0-9]{2} ?[0-9]{3}`,
	`[49][0-9](?: [0-9]{2}){3}`,
}, "|") + `)` + numAfter

// Personal identity numbers (personnummer) and coordination numbers
// (samordningsnummer, day + 60): YYMMDD or YYYYMMDD, then -, + or a space
// (or nothing), then four digits. The checksum is not required: a mistyped
// number identifies a person just as well.
const pnrPattern = numBefore + `(?P<x>(?:(?:18|19|20)[0-9]{2}|[0-9]{2})(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01]|6[1-9]|[78][0-9]|9[01])(?: ?[\-+] ?| )?[0-9]{4})(?:$|[^0-9])`

// numberWindows returns the stretches of t made only of digits, spaces and
// + - . / ( ) that hold at least 7 digits (the shortest number found), each
// with one character of context on either side. Numbers are searched only
// there, which keeps a long story with a few years and ages cheap.
func numberWindows(t string) [][2]int {
	var ws [][2]int
	for i := 0; i < len(t); {
		if !isNumberByte(t[i]) {
			i++
			continue
		}
		start, digits := i, 0
		for ; i < len(t) && isNumberByte(t[i]); i++ {
			if t[i] >= '0' && t[i] <= '9' {
				digits++
			}
		}
		if digits < 7 {
			continue
		}
		_, before := utf8.DecodeLastRuneInString(t[:start])
		_, after := utf8.DecodeRuneInString(t[i:])
		ws = append(ws, [2]int{start - before, i + after})
	}
	return ws
}

func isNumberByte(c byte) bool {
	return c >= '0' && c <= '9' || strings.IndexByte(" +-./()", c) >= 0
}

// E-mail addresses. The local part and the domain are those of real
// addresses; what joins them may be disguised.
const (
	localChars = `\p{L}\p{N}._%+\-`
	label      = `[\p{L}\p{N}](?:[\p{L}\p{N}\-]*[\p{L}\p{N}])?`
	// A dot: ".", "(dot)", "[punkt]", " dot ", " punkt ", " prick ".
	mailDot = `(?:\.|(?: ?[\[({<] ?(?:dot|punkt|prick) ?[\])}>] ?)| (?:dot|punkt|prick) )`
	// A local part; "anna dot svensson" too.
	local  = `[` + localChars + `]+(?:(?: ?[\[({<] ?(?:dot|punkt) ?[\])}>] ?| (?:dot|punkt) )[` + localChars + `]+)*`
	domain = label + `(?:` + mailDot + label + `)*`
	dotted = label + `(?:` + mailDot + label + `)+`
	// Top-level domains that make "anna at gmail dot com" an address.
	tld = `(?:com|se|nu|net|org|info|io|me|dk|no|fi|de|eu|uk|co|edu|ru|ua|pl|tr)`
)

var emailPattern = `(?i)[^` + localChars + `](?P<x>` + local + `(?:` + strings.Join([]string{
	`@` + domain,     // anna@gmail.com, anna@gmail punkt com
	` ?@ ?` + dotted, // anna @ gmail.com
	` ?[\[({<] ?(?:at|a|snabel-?a) ?[\])}>] ?` + domain, // anna(at)gmail.com, anna [at] gmail [dot] com, anna(a)gmail.com
	` snabel-?a ` + domain,                              // anna snabel-a gmail punkt com
	// anna at gmail dot com: "at" alone only before a domain with a known
	// top-level domain.
	` at ` + label + `(?:` + mailDot + label + `)*` + mailDot + tld,
}, "|") + `))(?:$|[^\p{L}\p{N}])`

// Handles on social media: @anna_svensson (the @ right before the name; a
// lone "@ 19" is left alone).
const handlePattern = `[^` + localChars + `@](?P<x>@[\p{L}_](?:[\p{L}\p{N}._]*[\p{L}\p{N}_])?)(?:$|[^\p{L}\p{N}_])`

// Usernames after the name of a platform: "min snap är anna_123", "insta:
// anna.svensson". Without a colon or = the name must be at least three
// characters with a letter and a digit, an underscore or a dot, so that
// "min insta är privat" and "tiktok 3 timmar" stay.
const accountPattern = `[^\p{L}\p{N}](?i:snap(?:chat)?|insta(?:gram)?|ig|tiktok|discord|kik|facebook|fb|twitter|telegram|twitch|steam|roblox|psn)` +
	`(?i: ?(?:namn|name|username|användarnamn|user|id|konto|account))?(?P<sep> *[:=] *| (?i:är|e|is) | )` +
	`(?P<x>[\p{L}\p{N}_](?:[\p{L}\p{N}_.\-]*[\p{L}\p{N}_])?)`

func accountWindows(t string) [][2]int {
	return keywordWindows(t, []string{"snap", "insta", " ig", "\nig", "tiktok", "discord", "kik", "facebook", "fb",
		"twitter", "telegram", "twitch", "steam", "roblox", "psn"}, 2, 120)
}

func accountEnd(re *regexp.Regexp, t string, m []int) int {
	sep, _, _ := group(re, t, m, "sep")
	name, start, _ := group(re, t, m, "x")
	if strings.ContainsAny(sep, ":=") || utf8.RuneCountInString(name) >= 3 &&
		strings.IndexFunc(name, unicode.IsLetter) >= 0 && strings.ContainsAny(name, "0123456789_.") {
		return start + len(name)
	}
	return start
}

func hasAt(t string) [][2]int {
	if strings.Contains(t, "@") {
		return [][2]int{{0, len(t)}}
	}
	return nil
}

// emailWindows returns a window around every @, "at" standing alone,
// "snabel" and "(a)": back to the start of the local part, and forward far
// enough for any domain.
func emailWindows(t string) [][2]int {
	lower := lowerASCII(t)
	var at []int
	for i := range len(lower) {
		if isAtMarker(lower, i) {
			at = append(at, i)
		}
	}
	var ws [][2]int
	for _, i := range at {
		start := i
		for n := 0; n < 3 && start > 0 && strings.IndexByte(" [({<", t[start-1]) >= 0; n++ {
			start--
		}
		for {
			for start > 0 {
				r, size := utf8.DecodeLastRuneInString(t[:start])
				if !unicode.In(r, unicode.L, unicode.N) && !strings.ContainsRune("._%+-", r) {
					break
				}
				start -= size
			}
			// "anna dot svensson at …": go on before a disguised dot.
			m := dotWordBefore.FindStringIndex(lower[max(start-12, 0):start])
			if m == nil {
				break
			}
			start -= m[1] - m[0]
		}
		ws = addWindow(t, ws, start, i+300)
	}
	return ws
}

// isAtMarker reports whether an @ or its disguise starts at lower[i].
func isAtMarker(lower string, i int) bool {
	switch {
	case lower[i] == '@', strings.HasPrefix(lower[i:], "snabel"):
		return true
	case i == 0 || i+1 == len(lower):
		return false
	case strings.HasPrefix(lower[i:], "at"):
		return !isASCIILetter(lower[i-1]) && (i+2 == len(lower) || !isASCIILetter(lower[i+2]))
	}
	return lower[i] == 'a' && strings.IndexByte("([{<", lower[i-1]) >= 0 && strings.IndexByte(")]}>", lower[i+1]) >= 0
}

var dotWordBefore = regexp.MustCompile(`(?: ?[\[({<] ?(?:dot|punkt) ?[\])}>] ?| (?:dot|punkt) )$`)

// keywordWindows returns a window from before bytes ahead of every
// occurrence of a keyword (matched ignoring ASCII case) to after bytes past
// it.
func keywordWindows(t string, keys []string, before, after int) [][2]int {
	lower := lowerASCII(t)
	var ws [][2]int
	for _, k := range keys {
		for i := 0; ; {
			j := strings.Index(lower[i:], k)
			if j < 0 {
				break
			}
			ws = addWindow(t, ws, i+j-before, i+j+after)
			i += j + len(k)
		}
	}
	return ws
}

// addWindow adds t[start:end], widened by one character of context on
// either side and to whole characters, clipped to t, and merged with the
// last window when they overlap.
func addWindow(t string, ws [][2]int, start, end int) [][2]int {
	start, end = max(start, 0), min(end, len(t))
	if start > 0 {
		_, size := utf8.DecodeLastRuneInString(t[:start])
		start -= size
	}
	for start > 0 && !utf8.RuneStart(t[start]) {
		start--
	}
	if end < len(t) {
		_, size := utf8.DecodeRuneInString(t[end:])
		end += size
	}
	for end < len(t) && !utf8.RuneStart(t[end]) {
		end++
	}
	if n := len(ws); n > 0 && start <= ws[n-1][1] && end >= ws[n-1][0] {
		ws[n-1] = [2]int{min(start, ws[n-1][0]), max(end, ws[n-1][1])}
		return ws
	}
	return append(ws, [2]int{start, end})
}

// lowerASCII lowers the ASCII letters of t only, so offsets stay the same.
func lowerASCII(t string) string {
	b := []byte(t)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func isASCIILetter(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// detectors are every kind of identifier Scrub removes.
var detectors = []detector{
	newDetector(phonePattern, numberWindows, nil),
	newDetector(pnrPattern, numberWindows, nil),
	newDetector(emailPattern, emailWindows, nil),
	newDetector(handlePattern, hasAt, nil),
	newDetector(accountPattern, accountWindows, accountEnd),
	newDetector(namePattern, nameWindows, nameEnd),
	newDetector(arabicNamePattern, arabicNameWindows, arabicNameEnd),
}

// spansOf returns the parts of t that d finds, as byte offsets into t.
func spansOf(d detector, t string) [][2]int {
	var spans [][2]int
	for _, w := range d.windows(t) {
		for pos := w[0]; pos < w[1]; {
			m := d.re.FindStringSubmatchIndex(t[pos:w[1]])
			if m == nil {
				break
			}
			for k := range m {
				if m[k] >= 0 {
					m[k] += pos
				}
			}
			start, end := m[2*d.x], m[2*d.x+1]
			if d.end != nil {
				end = d.end(d.re, t, m)
			}
			if end > start {
				spans = append(spans, [2]int{start, end})
			}
			// The last character removed (or the one before a rejected
			// name) is the context before the next match.
			next := end
			if end <= start {
				next = start
			}
			if _, size := utf8.DecodeLastRuneInString(t[:next]); next-size > pos {
				pos = next - size
			} else {
				_, size = utf8.DecodeRuneInString(t[pos:])
				pos += size
			}
		}
	}
	return spans
}

// isUpperInitial reports whether w starts with a capital letter.
func isUpperInitial(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) || unicode.IsTitle(r)
}
