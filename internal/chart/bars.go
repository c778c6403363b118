package chart

import (
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/wcharczuk/go-chart/v2/drawing"
)

// Row sizes in pixels.
const (
	minRowHeight  = 16 // below this a fixed height cannot hold the bars
	autoRowHeight = 30 // row height of an auto-sized chart with one-line labels
	maxBarHeight  = 24
)

// sortBars returns the bars high to low by Value with suppressed bars last,
// or a copy in the given order when keep is set. Ties keep their order.
func sortBars(bars []Bar, keep bool) []Bar {
	out := slices.Clone(bars)
	if keep {
		return out
	}
	slices.SortStableFunc(out, func(a, b Bar) int {
		switch {
		case a.Suppressed != b.Suppressed:
			if a.Suppressed {
				return 1
			}
			return -1
		case a.Suppressed:
			return 0
		case a.Value > b.Value:
			return -1
		case a.Value < b.Value:
			return 1
		}
		return 0
	})
	return out
}

// rowPlan is the vertical plan of a chart made of blocks of bar rows: the
// label lines of every row, the row height and the image height.
type rowPlan struct {
	labels [][]string
	labelW int // the widest wrapped label line
	rowH   int
	height int
}

// planRows wraps the labels into a column at most labelW wide and decides
// the row height. rows is the number of rows in the image and chrome the
// height of everything else; a fixed height (h > 0) is shared among the rows,
// otherwise the rows get the height they need.
func (c *canvas) planRows(labels []string, labelW, rows, chrome, h int) (rowPlan, error) {
	lh := lineHeight(styleLabel)
	maxLines := 2
	if h > 0 {
		rowH := (h - chrome) / max(rows, 1)
		if rowH < minRowHeight {
			return rowPlan{}, fmt.Errorf("chart: %d rows of bars do not fit in height %d", rows, h)
		}
		maxLines = max(1, min(2, rowH/lh))
	}
	p := rowPlan{height: h}
	lines := 1
	for _, l := range labels {
		ls := c.wrap(l, labelW, styleLabel, maxLines)
		lines = max(lines, len(ls))
		p.labelW = max(p.labelW, c.widest(ls, styleLabel))
		p.labels = append(p.labels, ls)
	}
	if h > 0 {
		p.rowH = (h - chrome) / max(rows, 1)
		return p, nil
	}
	p.rowH = max(autoRowHeight, lines*lh+12)
	p.height = max(minHeight, chrome+rows*p.rowH)
	return p, nil
}

// barHeight is the thickness of a bar in a row.
func barHeight(rowH int) int { return max(6, min(maxBarHeight, rowH*6/10)) }

// labelWidth is the width of the label column: the widest label, but at
// most frac of the image width.
func (c *canvas) labelWidth(labels []string, frac float64) int {
	return min(c.widest(labels, styleLabel), int(float64(c.w)*frac))
}

// barLook is how a bar is filled.
type barLook int

const (
	lookLight   barLook = iota // light fill, dark outline
	lookDark                   // dark fill
	lookHatched                // white with diagonal lines, dark outline
)

// drawBar draws a bar from 0 to Value, its interval whisker and its value
// label (or the suppressed text) in a row centred on y.
func (c *canvas) drawBar(ax axis, b Bar, y, barH int, look barLook, value string, st textStyle, suppressed string) {
	if b.Suppressed {
		c.text(suppressed, ax.px(0)+6, baseline(y, styleMuted), styleMuted, alignLeft)
		return
	}
	x0, x1 := ax.px(0), ax.px(b.Value)
	c.barRect(min(x0, x1), y-barH/2, max(x0, x1), y-barH/2+barH, look)
	lo, hi := min(x0, x1), max(x0, x1)
	if b.hasInterval() {
		lo, hi = min(lo, ax.px(b.Low)), max(hi, ax.px(b.High))
		c.whisker(ax.px(b.Low), ax.px(b.High), y, barH*6/10)
	}
	if b.Value < 0 {
		c.text(value, lo-6, baseline(y, st), st, alignRight)
		return
	}
	c.text(value, hi+6, baseline(y, st), st, alignLeft)
}

// barRect fills a bar's rectangle in the given look.
func (c *canvas) barRect(x0, y0, x1, y1 int, look barLook) {
	if x1-x0 < 1 {
		return
	}
	switch look {
	case lookDark:
		c.rect(x0, y0, x1, y1, colBarDark)
	case lookHatched:
		c.rect(x0, y0, x1, y1, colWhite)
		c.hatch(x0, y0, x1, y1, 5, colHatch)
		c.frame(x0, y0, x1, y1, 1, colBarEdge)
	default:
		c.rect(x0, y0, x1, y1, colBarLight)
		c.frame(x0, y0, x1, y1, 1, colBarEdge)
	}
}

// whisker draws a black interval line with end caps, on a white halo so it
// stays visible on a dark bar.
func (c *canvas) whisker(x0, x1, y, capH int) {
	capH = max(capH, 8)
	c.whiskerShape(x0, x1, y, capH, 1, colWhite)
	c.whiskerShape(x0, x1, y, capH, 0, colBlack)
}

// whiskerShape fills a 2 px interval line with caps, grown by grow pixels.
func (c *canvas) whiskerShape(x0, x1, y, capH, grow int, col drawing.Color) {
	c.rect(x0-grow, y-1-grow, x1+grow, y+1+grow, col)
	c.rect(x0-1-grow, y-capH/2-grow, x0+1+grow, y+capH/2+grow, col)
	c.rect(x1-1-grow, y-capH/2-grow, x1+1+grow, y+capH/2+grow, col)
}

// grid draws the vertical gridlines of an axis between top and bottom, the
// zero line darker, and the tick labels under bottom. A short suffix ("%")
// follows every tick label, a long one (" p.e.") only the last.
func (c *canvas) grid(ax axis, top, bottom int, nf numberFormat, signed bool) {
	ticks := ax.ticks()
	for i, t := range ticks {
		x := ax.px(t)
		if t != 0 {
			c.rect(x, top, x+1, bottom, colGrid)
		}
		tf := nf
		if i < len(ticks)-1 && utf8.RuneCountInString(nf.suffix) > 2 {
			tf.suffix = "" // a long unit once, at the last tick
		}
		c.text(tf.format(t, ax.decimals, signed), x, bottom+15, styleTick, alignCenter)
	}
	zero := ax.px(0)
	c.rect(zero-1, top, zero+1, bottom, colAxis)
}

// barLabels returns the label of every bar.
func barLabels(bars []Bar) []string {
	out := make([]string, len(bars))
	for i, b := range bars {
		out[i] = b.Label
	}
	return out
}
