package kanon

// Suppressed is the released value that says nothing: the top of every
// hierarchy, and what local suppression writes.
const Suppressed = "*"

// Hierarchy is the ordered generalisation of one quasi-identifier, from
// its true value (level 0) through coarser values to Suppressed (level
// Top). A background answer with nothing coarser has no Steps: the
// answer, then "*".
type Hierarchy struct {
	// Name names the quasi-identifier in errors.
	Name string
	// Steps[i] maps a true value to its value at level i+1. Each step
	// should be coarser than the one before: values equal at one level
	// stay equal at the next.
	Steps []func(string) string
	// Min is the finest level that may be released: 1 for a date that is
	// never released finer than its month.
	Min int
}

// Top is the level at which every value is Suppressed.
func (h Hierarchy) Top() int { return len(h.Steps) + 1 }

// At returns the true value v generalised to level, which is clamped to
// 0…Top.
func (h Hierarchy) At(v string, level int) string {
	switch {
	case level <= 0:
		return v
	case level >= h.Top():
		return Suppressed
	}
	return h.Steps[level-1](v)
}

// Month is a step from a date (YYYY-MM-DD) to its month (YYYY-MM); what
// is not a date becomes Suppressed.
func Month(date string) string {
	if len(date) < len("2006-01") || date[4] != '-' {
		return Suppressed
	}
	return date[:7]
}
