package chart

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// ErrNoData is returned when there is nothing to draw: no bars, no panels or
// no day counts. Callers usually show a "no results yet" message instead.
var ErrNoData = errors.New("chart: no data")

// Format selects the image format of a rendered chart.
type Format int

// The formats a chart can be rendered in.
const (
	PNG Format = iota // raster image, for download and print
	SVG               // vector image with real text, for the browser
)

// ParseFormat turns "png" or "svg" (any case, as in a URL) into a Format.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(s) {
	case "png":
		return PNG, nil
	case "svg":
		return SVG, nil
	}
	return 0, fmt.Errorf("chart: unknown format %q (want png or svg)", s)
}

// String returns "png" or "svg", the file extension of the format.
func (f Format) String() string {
	if f == SVG {
		return "svg"
	}
	return "png"
}

// ContentType is the media type to serve the rendered bytes with.
func (f Format) ContentType() string {
	if f == SVG {
		return "image/svg+xml"
	}
	return "image/png"
}

// Bar is one item of a chart: a relative-value share (or, in Difference, a
// difference between two groups) with its 95 % interval.
type Bar struct {
	Label     string
	Value     float64
	Low, High float64 // 95 % interval; both 0 means no interval is drawn
	// Suppressed hides the bar and every number of it (too few respondents);
	// Options.SuppressedText is shown instead.
	Suppressed bool
	// Marked draws the bar dark instead of light. In Difference it means the
	// interval excludes 0; in Shares and Groups it highlights an item, for
	// example one that differs from the whole population.
	Marked bool
}

// Panel is one target group in Groups, e.g. "Unga kvinnor 16–24".
type Panel struct {
	Title string
	Bars  []Bar
	// Suppressed hides the whole panel (too few respondents in the group):
	// it shows only its title and Options.SuppressedText (or Why, when
	// set: the reason in words), no numbers.
	Suppressed bool
	Why        string
}

// DayCount is the number of responses on one day from one series (a site,
// a campaign). Several counts for the same day and series are added up.
type DayCount struct {
	Day    time.Time // only the calendar date in Day's location is used
	Series string
	Count  int
}

// Options are the settings shared by all charts. The zero value gives an
// 800 pixels wide chart with a height that fits the data, Swedish number
// formatting and Swedish default texts.
type Options struct {
	Title string
	// Note is a small footnote under the chart, e.g. "n = 312. Strecken
	// visar 95 %-intervall." It is wrapped to the chart width.
	Note string
	// Width and Height in pixels. Width 0 means 800; Height 0 means as high
	// as the bars need. The image has exactly this size.
	Width, Height int
	// Max is the smallest axis maximum: use the same Max for charts that are
	// compared side by side. The axis is rounded up to a whole tick and grows
	// beyond Max when a value or interval would otherwise be cut off.
	Max float64
	// ValueSuffix follows every number on bars and axis, e.g. " kr"; vfv's shares are points of 100 and get none.
	ValueSuffix string
	// Lang selects number formatting, month names and the default texts:
	// "en…" is English, anything else Swedish (decimal comma, "för få svar").
	Lang string
	// SuppressedText replaces a suppressed bar or panel; default "för få svar".
	SuppressedText string
	// KeepOrder draws bars in the given order. By default Shares and
	// Difference sort bars high to low by Value and Groups sorts rows by the
	// mean Value over the panels; suppressed bars come last.
	KeepOrder bool
	// GroupA and GroupB name the groups of a Difference (Value = A − B); when
	// set, the axis is annotated "← högre för B" and "högre för A →".
	GroupA, GroupB string
	// MarkedText and UnmarkedText explain the two kinds of bar in the legend
	// of a Difference; defaults are given by Lang.
	MarkedText, UnmarkedText string
}

// Size limits of a chart, in pixels.
const (
	defaultWidth = 800
	minWidth     = 240
	minHeight    = 120
	maxSide      = 4000
)

// normalize returns the options with defaults filled in, or an error when
// the requested size cannot hold a chart.
func (o Options) normalize() (Options, error) {
	if o.Width == 0 {
		o.Width = defaultWidth
	}
	if o.Width < minWidth || o.Width > maxSide {
		return o, fmt.Errorf("chart: width %d out of range %d…%d", o.Width, minWidth, maxSide)
	}
	if o.Height != 0 && (o.Height < minHeight || o.Height > maxSide) {
		return o, fmt.Errorf("chart: height %d out of range %d…%d (or 0 for auto)", o.Height, minHeight, maxSide)
	}
	if math.IsNaN(o.Max) || math.IsInf(o.Max, 0) || o.Max < 0 {
		return o, fmt.Errorf("chart: max %v must be a finite number ≥ 0", o.Max)
	}
	t := textsFor(o.Lang)
	if o.SuppressedText == "" {
		o.SuppressedText = t.suppressed
	}
	if o.MarkedText == "" {
		o.MarkedText = t.marked
	}
	if o.UnmarkedText == "" {
		o.UnmarkedText = t.unmarked
	}
	return o, nil
}

// checkBars reports the first bar whose numbers cannot be drawn, for the
// caller to wrap. Suppressed bars are not checked: their numbers are never
// used.
func checkBars(bars []Bar) error {
	for i, b := range bars {
		if b.Suppressed {
			continue
		}
		for _, v := range []float64{b.Value, b.Low, b.High} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("bar %d (%q): value %v is not a finite number", i, b.Label, v)
			}
		}
		if b.Low > b.High {
			return fmt.Errorf("bar %d (%q): interval low %v above high %v", i, b.Label, b.Low, b.High)
		}
	}
	return nil
}

// hasInterval reports whether a bar has an interval to draw.
func (b Bar) hasInterval() bool { return b.Low != 0 || b.High != 0 }

// extent returns the smallest and largest number of a bar, interval included.
func (b Bar) extent() (lo, hi float64) {
	lo, hi = b.Value, b.Value
	if b.hasInterval() {
		lo, hi = math.Min(lo, b.Low), math.Max(hi, b.High)
	}
	return lo, hi
}
