package ranking

import (
	"errors"
	"fmt"
	"math"
)

// Judgment is one answer to one pair: the respondent saw item A first and
// item B second and moved the weighting towards one of them.
//
// Value is the position on the scale, which runs from A to B as on screen
// ([A much more] … [equal] … [B much more]): Value < 0 prefers A, Value > 0
// prefers B and 0 means "equal"; |Value| is at most Scale.Steps. This is the
// convention of store.Judgment, so values pass through unchanged. A skipped
// pair has Skip set and its Value is ignored. Swapping A and B while negating
// Value describes the same answer, and every method here treats the two
// identically.
type Judgment struct {
	Respondent string
	A, B       string
	Value      float64
	Skip       bool
	// Group is the group column of a judgments file: the names of the
	// groups the respondent belongs to, separated by ";" (ReadInput and
	// ReadTallied record it per respondent; the ranking ignores it).
	Group string
}

// WinMapping turns the strength of one preference, x = |value|/steps in
// [0, 1], into fractional wins for the preferred item and for the other one.
// It must be non-negative; at x = 0 ("equal") the two halves are averaged, so
// a mapping cannot favour either side of an equal judgment.
type WinMapping func(x float64) (preferred, other float64)

// LinearWins is the default WinMapping: the preferred item gets (1+x)/2 of a
// win and the other the rest, so every judgment is worth exactly one
// comparison; "equal" is half a win each and the end of the scale a whole win.
func LinearWins(x float64) (preferred, other float64) {
	p := (1 + x) / 2
	return p, 1 - p
}

// BinaryWins ignores how strong a preference is: any preference is a whole
// win, "equal" half a win each (the classical paired-comparison count).
func BinaryWins(x float64) (preferred, other float64) {
	if x == 0 {
		return 0.5, 0.5
	}
	return 1, 0
}

// RatioMapping turns the strength of one preference, x = |value|/steps in
// [0, 1], into an AHP ratio r >= 1 on Saaty's scale: the preferred item is
// judged r times as important as the other. At x = 0 the ratio is 1.
type RatioMapping func(x float64) float64

// LinearSaaty is the default RatioMapping: r = 1 + 8x, so the ends of the
// survey's scale map to Saaty's 9 and the steps spread evenly over 1–9 (with
// 4 steps: 1, 3, 5, 7, 9; with 8 steps: 1, 2, …, 9).
func LinearSaaty(x float64) float64 { return 1 + 8*x }

// GeometricSaaty maps the scale geometrically, r = 9^x, so that each step
// multiplies the ratio by the same factor (Lootsma's view of the scale).
func GeometricSaaty(x float64) float64 { return math.Pow(9, x) }

// Scale describes the survey's weighting scale and how it is read: Steps is
// the largest |value| (a scale from -Steps to +Steps), Wins the mapping to
// Bradley–Terry wins and Ratio the mapping to AHP ratios. Nil mappings mean
// LinearWins and LinearSaaty.
type Scale struct {
	Steps int
	Wins  WinMapping
	Ratio RatioMapping
}

// Errors describing an unusable judgment or option; they are wrapped with the
// judgment's position.
var (
	ErrUnknownItem = errors.New("unknown item")
	ErrSameItem    = errors.New("an item compared with itself")
	ErrOutOfScale  = errors.New("value outside the scale")
	ErrBadScale    = errors.New("scale needs at least one step")
	ErrTooFewItems = errors.New("fewer than two items")
)

func (s Scale) withDefaults() (Scale, error) {
	if s.Steps < 1 {
		return s, fmt.Errorf("ranking: steps %d: %w", s.Steps, ErrBadScale)
	}
	if s.Wins == nil {
		s.Wins = LinearWins
	}
	if s.Ratio == nil {
		s.Ratio = LinearSaaty
	}
	return s, nil
}

// strength validates v and returns x = |v|/steps.
func (s Scale) strength(v float64) (float64, error) {
	if math.IsNaN(v) || math.Abs(v) > float64(s.Steps) {
		return 0, fmt.Errorf("%v not in -%d..%d: %w", v, s.Steps, s.Steps, ErrOutOfScale)
	}
	return math.Abs(v) / float64(s.Steps), nil
}

// wins returns the fractional wins of A and B for a judgment with value v.
func (s Scale) wins(v, x float64) (winsA, winsB float64) {
	pref, other := s.Wins(x)
	switch {
	case v < 0:
		return pref, other
	case v > 0:
		return other, pref
	}
	h := (pref + other) / 2
	return h, h
}

// logRatio returns log(a_AB), the AHP log-ratio of A over B for value v.
func (s Scale) logRatio(v, x float64) float64 {
	if v == 0 {
		return 0
	}
	l := math.Log(s.Ratio(x))
	if v > 0 {
		return -l
	}
	return l
}

// checkJudgment validates one judgment against the item index and scale and
// returns the item indices and x = |value|/steps.
func checkJudgment(j Judgment, index map[string]int, s Scale) (a, b int, x float64, err error) {
	a, okA := index[j.A]
	b, okB := index[j.B]
	switch {
	case !okA:
		return 0, 0, 0, fmt.Errorf("item %q: %w", j.A, ErrUnknownItem)
	case !okB:
		return 0, 0, 0, fmt.Errorf("item %q: %w", j.B, ErrUnknownItem)
	case a == b:
		return 0, 0, 0, fmt.Errorf("item %q: %w", j.A, ErrSameItem)
	}
	if j.Skip {
		return a, b, 0, nil
	}
	x, err = s.strength(j.Value)
	return a, b, x, err
}
