package chart

import (
	"fmt"
	"math"
)

// Shares draws the relative-value shares of the items as horizontal bars
// with their 95 % interval whiskers and value labels: item labels on the
// left, the axis from 0 at the bottom. Bars are sorted high to low unless
// opt.KeepOrder is set; suppressed bars show opt.SuppressedText and no
// number.
func Shares(bars []Bar, opt Options, f Format) ([]byte, error) {
	opt, bars, c, err := barChart(bars, opt, f)
	if err != nil {
		return nil, err
	}
	nf := newNumberFormat(opt)
	values := valueTexts(bars, nf, false)
	labels := barLabels(bars)
	labelW := c.labelWidth(labels, 0.42)
	chrome := c.headingHeight(opt.Title) + tickHeight + c.footnoteHeight(opt.Note)
	plan, err := c.planRows(labels, labelW, len(bars), chrome, opt.Height)
	if err != nil {
		return nil, err
	}
	if err := c.begin(plan.height); err != nil {
		return nil, err
	}
	top := c.heading(opt.Title)
	c.footnote(opt.Note)
	x0 := margin + plan.labelW + gap
	x1 := c.w - margin - c.widest(values, styleStrong) - 8
	c.drawRows(bars, plan, rowFrame{top: top, labelX: margin, x0: x0, x1: x1, max: opt.Max}, nf, opt.SuppressedText)
	return c.bytes()
}

// rowFrame places a block of bar rows: the top of the first row, where the
// labels start, and the pixel range of the plot.
type rowFrame struct {
	top, labelX, x0, x1 int
	max                 float64
}

// drawRows draws the labels, grid, bars and ticks of a shares block.
func (c *canvas) drawRows(bars []Bar, plan rowPlan, fr rowFrame, nf numberFormat, suppressed string) {
	bottom := fr.top + len(bars)*plan.rowH
	for i := range bars {
		c.lines(plan.labels[i], fr.labelX, fr.top+i*plan.rowH+plan.rowH/2, styleLabel, alignLeft)
	}
	ax, ok := shareAxis(bars, fr.max, fr.x0, fr.x1, c.tickWidth(nf, fr.max, bars, false))
	if ok {
		c.grid(ax, fr.top, bottom, nf, false)
	}
	for i, b := range bars {
		c.shareBar(ax, b, fr.top+i*plan.rowH+plan.rowH/2, plan.rowH, nf, suppressed)
	}
}

// shareBar draws one share bar in a row of height rowH centred on y.
func (c *canvas) shareBar(ax axis, b Bar, y, rowH int, nf numberFormat, suppressed string) {
	look, st := lookLight, styleValue
	if b.Marked {
		look, st = lookDark, styleStrong
	}
	c.drawBar(ax, b, y, barHeight(rowH), look, valueText(b, nf, false), st, suppressed)
}

// shareAxis is the value axis for share bars between pixels x0 and x1: from
// 0 (or the lowest interval end, if negative) to at least atLeast, with tick
// labels tickW pixels wide. ok is false when every bar is suppressed: such a
// block shows no axis at all.
func shareAxis(bars []Bar, atLeast float64, x0, x1, tickW int) (axis, bool) {
	lo, hi, ok := 0.0, atLeast, false
	for _, b := range bars {
		if b.Suppressed {
			continue
		}
		l, h := b.extent()
		lo, hi, ok = math.Min(lo, l), math.Max(hi, h), true
	}
	ax := niceAxis(lo, hi, x1-x0, tickW+10, false)
	ax.p0, ax.p1 = x0, x1
	return ax, ok
}

// tickWidth estimates the width of the widest tick label of an axis holding
// the bars and at least atLeast.
func (c *canvas) tickWidth(nf numberFormat, atLeast float64, bars []Bar, signed bool) int {
	var ss []string
	for _, b := range bars {
		if !b.Suppressed {
			lo, hi := b.extent()
			ss = append(ss, nf.format(lo, 0, signed), nf.format(hi, 0, signed))
		}
	}
	return c.widest(append(ss, nf.format(atLeast, 0, false)), styleTick)
}

// valueTexts formats the value of every bar, see valueText.
func valueTexts(bars []Bar, nf numberFormat, signed bool) []string {
	out := make([]string, len(bars))
	for i, b := range bars {
		out[i] = valueText(b, nf, signed)
	}
	return out
}

// valueText is a bar's value with one decimal; a suppressed bar has none,
// so its number cannot leak into the image.
func valueText(b Bar, nf numberFormat, signed bool) string {
	if b.Suppressed {
		return ""
	}
	return nf.format(b.Value, 1, signed)
}

// barChart is what every bar chart does first: settle the options, check
// and sort the bars, and start the canvas.
func barChart(bars []Bar, opt Options, f Format) (Options, []Bar, *canvas, error) {
	opt, err := opt.normalize()
	if err != nil {
		return opt, nil, nil, err
	}
	if len(bars) == 0 {
		return opt, nil, nil, ErrNoData
	}
	if err := checkBars(bars); err != nil {
		return opt, nil, nil, fmt.Errorf("chart: %w", err)
	}
	bars = sortBars(bars, opt.KeepOrder)
	c, err := newCanvas(f, opt.Width, opt.Title)
	return opt, bars, c, err
}
