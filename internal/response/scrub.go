package response

import (
	"regexp"
	"strings"
	"unicode"
)

// Placeholder replaces identifying details removed from free text.
const Placeholder = "[borttaget]"

var (
	emailRe = regexp.MustCompile(`[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)+`)
	// Swedish personal identity and coordination numbers: YYMMDD-NNNN,
	// YYMMDD+NNNN, YYYYMMDDNNNN and the forms with a space or none.
	pnrRe = regexp.MustCompile(`\b(?:19|20)?\d{2}[01]\d[0-9]\d[-+ ]?\d{4}\b`)
	// Phone numbers: +46/0046/0 followed by 7–12 more digits, grouped by
	// spaces, dashes or parentheses.
	phoneRe = regexp.MustCompile(`(?:\+46|\b0046|\b0)[\s\-()]*\d(?:[\s\-()]*\d){6,11}\b`)
)

// Scrub replaces e-mail addresses, Swedish personal identity numbers and
// phone numbers in free text with Placeholder, and removes control
// characters (keeping line breaks and tabs). Respondents are also asked not
// to write names; names cannot be found reliably, so they are not touched.
func Scrub(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return -1
		}
		return r
	}, s)
	s = emailRe.ReplaceAllString(s, Placeholder)
	s = pnrRe.ReplaceAllString(s, Placeholder)
	s = phoneRe.ReplaceAllString(s, Placeholder)
	return strings.TrimSpace(s)
}
