package chart

import (
	"fmt"
	"math"
)

// Legend swatch size and spacing, in pixels.
const (
	swatchW   = 22
	swatchH   = 13
	legendGap = 24 // between legend entries on one line
)

// Difference draws, per item, the difference between two groups (Value =
// A − B) with its 95 % interval around a zero line: positive to the right.
// Marked bars (interval excludes 0) are solid dark with a "*" after the
// value; the others are white and hatched, so the two kinds differ in
// lightness and pattern, not hue; a legend explains both. Bars are sorted
// high to low unless opt.KeepOrder is set; suppressed bars show
// opt.SuppressedText and no number.
func Difference(bars []Bar, opt Options, f Format) ([]byte, error) {
	opt, bars, c, err := barChart(bars, opt, f)
	if err != nil {
		return nil, err
	}
	labels := barLabels(bars)
	legend := c.planLegend([]string{opt.MarkedText, opt.UnmarkedText})
	sides := c.sideTexts(opt)
	chrome := c.headingHeight(opt.Title) + tickHeight + sides.height + legend.height + c.footnoteHeight(opt.Note)
	plan, err := c.planRows(labels, c.labelWidth(labels, 0.36), len(bars), chrome, opt.Height)
	if err != nil {
		return nil, err
	}
	if err := c.begin(plan.height); err != nil {
		return nil, err
	}
	top := c.heading(opt.Title)
	c.drawLegend(legend, c.footnote(opt.Note)-legend.height)
	c.diffRows(bars, plan, top, sides, opt)
	return c.bytes()
}

// diffRows draws the labels, axis and bars of a difference chart.
func (c *canvas) diffRows(bars []Bar, plan rowPlan, top int, sides sides, opt Options) {
	nf := newNumberFormat(opt)
	// Room for the widest value as if it were marked, so that marking a bar
	// never moves the axis.
	valueW := c.widest(valueTexts(bars, nf, true), styleStrong) + c.width("*", styleStrong) + 8
	ax, ok := diffAxis(bars, opt.Max, margin+plan.labelW+gap+valueW, c.w-margin-valueW, c.tickWidth(nf, opt.Max, bars, true))
	bottom := top + len(bars)*plan.rowH
	for i := range bars {
		c.lines(plan.labels[i], margin, top+i*plan.rowH+plan.rowH/2, styleLabel, alignLeft)
	}
	if ok {
		c.grid(ax, top, bottom, nf, true)
		c.drawSides(sides, ax, bottom+tickHeight)
	}
	values := diffTexts(bars, nf)
	for i, b := range bars {
		look, st := lookHatched, styleValue
		if b.Marked {
			look, st = lookDark, styleStrong
		}
		c.drawBar(ax, b, top+i*plan.rowH+plan.rowH/2, barHeight(plan.rowH), look, values[i], st, opt.SuppressedText)
	}
}

// diffTexts formats the signed value of every bar, with "*" after a marked
// one.
func diffTexts(bars []Bar, nf numberFormat) []string {
	out := valueTexts(bars, nf, true)
	for i, b := range bars {
		if b.Marked && !b.Suppressed {
			out[i] += "*"
		}
	}
	return out
}

// diffAxis is a symmetric axis around 0 between pixels x0 and x1 that holds
// every bar and interval and at least ±atLeast, with tick labels tickW
// pixels wide. ok is false when every bar is suppressed: then no axis is
// drawn.
func diffAxis(bars []Bar, atLeast float64, x0, x1, tickW int) (ax axis, ok bool) {
	m := atLeast
	for _, b := range bars {
		if !b.Suppressed {
			lo, hi := b.extent()
			m, ok = math.Max(m, math.Max(-lo, hi)), true
		}
	}
	ax = niceAxis(-m, m, x1-x0, tickW+10, false)
	ax.p0, ax.p1 = x0, x1
	return ax, ok
}

// sides are the direction texts under a difference axis:
// "← högre för B" on the left, "högre för A →" on the right.
type sides struct {
	left, right string
	height      int
}

func (c *canvas) sideTexts(opt Options) sides {
	if opt.GroupA == "" || opt.GroupB == "" {
		return sides{}
	}
	t := textsFor(opt.Lang)
	return sides{
		left:   "← " + fmt.Sprintf(t.higherFor, opt.GroupB),
		right:  fmt.Sprintf(t.higherFor, opt.GroupA) + " →",
		height: lineHeight(styleMuted) + 4,
	}
}

// drawSides draws the direction texts with their tops at y, each cut to
// half the axis so they never meet.
func (c *canvas) drawSides(s sides, ax axis, y int) {
	if s.height == 0 {
		return
	}
	half := (ax.p1-ax.p0)/2 - 8
	y += int(styleMuted.size)
	c.text(c.truncate(s.left, half, styleMuted), ax.p0, y, styleMuted, alignLeft)
	c.text(c.truncate(s.right, half, styleMuted), ax.p1, y, styleMuted, alignRight)
}

// legend is the explanation of the two kinds of difference bar, on one line
// when it fits, else one entry per line.
type legend struct {
	texts  [][]string // per entry, its wrapped lines
	inline bool
	height int
}

func (c *canvas) planLegend(entries []string) legend {
	room := c.w - 2*margin - swatchW - 8
	var l legend
	total := 0
	for _, e := range entries {
		total += swatchW + 8 + c.width(e, styleMuted) + legendGap
		l.texts = append(l.texts, c.wrap(e, room, styleMuted, 2))
	}
	lh := lineHeight(styleMuted)
	if l.inline = total-legendGap <= c.w-2*margin; l.inline {
		l.height = lh + 10
		return l
	}
	for _, t := range l.texts {
		l.height += len(t)*lh + 4
	}
	l.height += 6
	return l
}

// drawLegend draws the legend with its top at y: a dark swatch for the
// first entry, a hatched one for the second.
func (c *canvas) drawLegend(l legend, y int) {
	lh := lineHeight(styleMuted)
	x := margin
	for i, ls := range l.texts {
		look := lookDark
		if i > 0 {
			look = lookHatched
		}
		mid := y + lh/2
		c.barRect(x, mid-swatchH/2, x+swatchW, mid-swatchH/2+swatchH, look)
		c.lines(ls, x+swatchW+8, mid+(len(ls)-1)*lh/2, styleMuted, alignLeft)
		if l.inline {
			x += swatchW + 8 + c.widest(ls, styleMuted) + legendGap
			continue
		}
		y += len(ls)*lh + 4
	}
}
