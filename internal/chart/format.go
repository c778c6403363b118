package chart

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// texts are the default words of a chart in one language. The web layer
// usually passes its own translations through Options; these only make sure
// a chart never shows an empty legend.
type texts struct {
	suppressed string
	marked     string
	unmarked   string
	higherFor  string // format with one %s: the group name
	months     [12]string
	dayFormat  string // format with the day number and the month name
	decimal    string
}

var swedish = texts{
	suppressed: "för få svar",
	marked:     "* Tydlig skillnad: intervallet innehåller inte 0",
	unmarked:   "Ingen tydlig skillnad",
	higherFor:  "högre för %s",
	months:     [12]string{"jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"},
	dayFormat:  "%[1]d %[2]s",
	decimal:    ",",
}

var english = texts{
	suppressed: "too few responses",
	marked:     "* Clear difference: the interval excludes 0",
	unmarked:   "No clear difference",
	higherFor:  "higher for %s",
	months:     [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
	dayFormat:  "%[2]s %[1]d",
	decimal:    ".",
}

// textsFor returns the default texts for a language tag: English for "en…",
// Swedish for everything else (the language of the project groups).
func textsFor(lang string) texts {
	if strings.HasPrefix(strings.ToLower(lang), "en") {
		return english
	}
	return swedish
}

// numberFormat formats the numbers of one chart.
type numberFormat struct {
	decimal string
	suffix  string
}

func newNumberFormat(o Options) numberFormat {
	return numberFormat{decimal: textsFor(o.Lang).decimal, suffix: o.ValueSuffix}
}

// format writes v with the given number of decimals, the chart's decimal
// separator, a typographic minus sign and the suffix. signed adds "+" to
// positive numbers (differences). A value that rounds to zero is "0".
func (nf numberFormat) format(v float64, decimals int, signed bool) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', decimals, 64)
	zero := strings.Trim(s, "0.") == ""
	s = strings.Replace(s, ".", nf.decimal, 1)
	switch {
	case zero:
	case v < 0:
		s = "−" + s
	case signed:
		s = "+" + s
	}
	return s + nf.suffix
}

// dayLabel is the short axis label of a day, e.g. "3 feb" or "Feb 3".
func dayLabel(d time.Time, lang string) string {
	t := textsFor(lang)
	return fmt.Sprintf(t.dayFormat, d.Day(), t.months[d.Month()-1])
}
