package results

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

var (
	yearRe    = regexp.MustCompile(`^(\d{4})$`)
	quarterRe = regexp.MustCompile(`^(\d{4})-Q([1-4])$`)
	monthRe   = regexp.MustCompile(`^(\d{4})-(0[1-9]|1[0-2])$`)
)

// span resolves the query's period or from/to into first and last day
// (either may be empty: open). A period and from/to together, or a value
// that is not a date or a period, is a bad query naming the field.
func (q Query) span() (from, to string, err error) {
	if q.Period != "" {
		if q.From != "" || q.To != "" {
			return "", "", badQuery("period", "give either period or from/to, not both")
		}
		return ParsePeriod(q.Period)
	}
	for field, d := range map[string]string{"from": q.From, "to": q.To} {
		if _, err := time.Parse(time.DateOnly, d); d != "" && err != nil {
			return "", "", badQuery(field, "%q is not a date; write YYYY-MM-DD", d)
		}
	}
	if q.From != "" && q.To != "" && q.From > q.To {
		return "", "", badQuery("to", "to (%s) is before from (%s)", q.To, q.From)
	}
	return q.From, q.To, nil
}

// ParsePeriod turns a fixed period — a year (2026), a quarter (2026-Q2)
// or a month (2026-05) — into its first and last day.
func ParsePeriod(p string) (from, to string, err error) {
	var start time.Time
	var months int
	switch {
	case yearRe.MatchString(p):
		y, _ := strconv.Atoi(p)
		start, months = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), 12
	case quarterRe.MatchString(p):
		m := quarterRe.FindStringSubmatch(p)
		y, _ := strconv.Atoi(m[1])
		qn, _ := strconv.Atoi(m[2])
		start, months = time.Date(y, time.Month(3*qn-2), 1, 0, 0, 0, 0, time.UTC), 3
	case monthRe.MatchString(p):
		m := monthRe.FindStringSubmatch(p)
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		start, months = time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, time.UTC), 1
	default:
		return "", "", badQuery("period", "%q is not a period; write a year (2026), a quarter (2026-Q2) or a month (2026-05)", p)
	}
	return start.Format(time.DateOnly), start.AddDate(0, months, -1).Format(time.DateOnly), nil
}

func itoa(n int64) string { return fmt.Sprint(n) }
