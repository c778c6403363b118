package chart

import (
	"fmt"
	"math"
	"slices"
)

// Layout of small multiples, in pixels.
const (
	panelGap      = 22  // between panels side by side
	blockGap      = 14  // between rows of panels
	minPanelPlot  = 110 // narrowest plot in a panel
	panelTitleGap = 10  // under a panel title
)

// Groups draws small multiples: one panel of share bars per target group,
// side by side (in a grid when they do not fit), all on the same scale and
// with the same item rows, whose labels are on the left. Rows are sorted by
// the mean value over the panels unless opt.KeepOrder is set, in which case
// they follow the order in which labels first appear. A suppressed panel
// shows only its title and opt.SuppressedText, none of its numbers.
func Groups(panels []Panel, opt Options, f Format) ([]byte, error) {
	opt, err := opt.normalize()
	if err != nil {
		return nil, err
	}
	if len(panels) == 0 {
		return nil, ErrNoData
	}
	rows, err := alignPanels(panels, opt.KeepOrder)
	if err != nil {
		return nil, err
	}
	c, err := newCanvas(f, opt.Width, opt.Title)
	if err != nil {
		return nil, err
	}
	g := c.planGrid(panels, rows, opt)
	plan, err := c.planRows(rows.labels, g.labelW, g.blocks*len(rows.labels), g.chrome, opt.Height)
	if err != nil {
		return nil, err
	}
	if err := c.begin(plan.height); err != nil {
		return nil, err
	}
	top := c.heading(opt.Title)
	c.footnote(opt.Note)
	g.labelW, g.rowH = plan.labelW, plan.rowH
	g.panelW = (c.w - 2*margin - g.labelW - gap - (g.cols-1)*panelGap) / g.cols
	shown := rows.shown()
	g.ax, _ = shareAxis(shown, opt.Max, 0, g.panelW-g.valueW, c.tickWidth(g.nf, opt.Max, shown, false))
	for b := 0; b < g.blocks; b++ {
		rowsTop := top + g.titleH
		for i := range rows.labels {
			c.lines(plan.labels[i], margin, rowsTop+i*g.rowH+g.rowH/2, styleLabel, alignLeft)
		}
		for k := b * g.cols; k < min(len(panels), (b+1)*g.cols); k++ {
			x := margin + g.labelW + gap + (k-b*g.cols)*(g.panelW+panelGap)
			c.drawPanel(g, panels[k], rows, k, x, top)
		}
		top = rowsTop + len(rows.labels)*g.rowH + tickHeight + blockGap
	}
	return c.bytes()
}

// aligned are the item rows of small multiples: every label once, and per
// panel the bar of each row (present[k][i] false where a panel lacks it).
type aligned struct {
	labels  []string
	cells   [][]Bar
	present [][]bool
}

// alignPanels lines the panels' bars up by label. Suppressed panels take no
// part in the row order and keep no bars.
func alignPanels(panels []Panel, keep bool) (aligned, error) {
	var a aligned
	index := map[string]int{}
	for _, p := range panels {
		for _, b := range p.Bars {
			if _, ok := index[b.Label]; !ok {
				index[b.Label] = len(a.labels)
				a.labels = append(a.labels, b.Label)
			}
		}
	}
	if len(a.labels) == 0 {
		return a, ErrNoData
	}
	if !keep {
		a.labels = sortRows(panels, a.labels)
		for i, l := range a.labels {
			index[l] = i
		}
	}
	for k, p := range panels {
		cells, present := make([]Bar, len(a.labels)), make([]bool, len(a.labels))
		if err := checkBars(p.Bars); err != nil && !p.Suppressed {
			return a, fmt.Errorf("chart: panel %d (%q): %w", k, p.Title, err)
		}
		for _, b := range p.Bars {
			i := index[b.Label]
			if present[i] {
				return a, fmt.Errorf("chart: panel %d (%q): label %q twice", k, p.Title, b.Label)
			}
			if !p.Suppressed {
				cells[i], present[i] = b, true
			}
		}
		a.cells, a.present = append(a.cells, cells), append(a.present, present)
	}
	return a, nil
}

// shown returns every bar that is drawn in some panel.
func (a aligned) shown() []Bar {
	var out []Bar
	for k, cells := range a.cells {
		for i, b := range cells {
			if a.present[k][i] {
				out = append(out, b)
			}
		}
	}
	return out
}

// sortRows orders labels by their mean value over the panels, high to low;
// labels with no value anywhere come last.
func sortRows(panels []Panel, labels []string) []string {
	sum, n := map[string]float64{}, map[string]int{}
	for _, p := range panels {
		for _, b := range p.Bars {
			if !p.Suppressed && !b.Suppressed {
				sum[b.Label] += b.Value
				n[b.Label]++
			}
		}
	}
	mean := func(l string) float64 {
		if n[l] == 0 {
			return math.Inf(-1)
		}
		return sum[l] / float64(n[l])
	}
	out := slices.Clone(labels)
	slices.SortStableFunc(out, func(a, b string) int {
		ma, mb := mean(a), mean(b)
		switch {
		case ma > mb:
			return -1
		case ma < mb:
			return 1
		}
		return 0
	})
	return out
}

// panelGrid is the layout of small multiples: label column, panel columns,
// blocks (rows of panels), the fixed heights around the bar rows and, once
// drawing starts, the row height, shared axis and number format.
type panelGrid struct {
	labelW, valueW int
	cols, blocks   int
	panelW, titleH int
	chrome         int
	titles         [][]string
	rowH           int
	ax             axis
	nf             numberFormat
	suppressed     string
}

// planGrid decides how many panels go side by side and how high the
// non-bar parts are.
func (c *canvas) planGrid(panels []Panel, rows aligned, opt Options) panelGrid {
	g := panelGrid{nf: newNumberFormat(opt), suppressed: opt.SuppressedText}
	g.labelW = c.labelWidth(rows.labels, 0.3)
	for _, cells := range rows.cells {
		g.valueW = max(g.valueW, c.widest(valueTexts(cells, g.nf, false), styleStrong)+8)
	}
	free := c.w - 2*margin - g.labelW - gap
	g.cols = max(1, min(len(panels), (free+panelGap)/(minPanelPlot+g.valueW+panelGap)))
	g.blocks = (len(panels) + g.cols - 1) / g.cols
	g.cols = (len(panels) + g.blocks - 1) / g.blocks // balance the blocks
	g.panelW = (free - (g.cols-1)*panelGap) / g.cols
	lines := 1
	for _, p := range panels {
		t := c.wrap(p.Title, g.panelW, styleHeading, 2)
		g.titles = append(g.titles, t)
		lines = max(lines, len(t))
	}
	g.titleH = lines*lineHeight(styleHeading) + panelTitleGap
	g.chrome = c.headingHeight(opt.Title) + c.footnoteHeight(opt.Note) +
		g.blocks*(g.titleH+tickHeight) + (g.blocks-1)*blockGap
	return g
}

// drawPanel draws panel k at x, top: its title, then either its bars on
// the shared axis or, when suppressed, only the suppressed text.
func (c *canvas) drawPanel(g panelGrid, p Panel, rows aligned, k, x, top int) {
	lh := lineHeight(styleHeading)
	for i, l := range g.titles[k] {
		c.text(l, x, top+int(styleHeading.size)+i*lh, styleHeading, alignLeft)
	}
	rowsTop := top + g.titleH
	bottom := rowsTop + len(rows.labels)*g.rowH
	if p.Suppressed {
		c.rect(x, rowsTop, x+g.panelW, bottom, colPanel)
		why := g.suppressed
		if p.Why != "" {
			why = p.Why
		}
		ls := c.wrap(why, g.panelW-16, styleMuted, 3)
		c.lines(ls, x+g.panelW/2, (rowsTop+bottom)/2, styleMuted, alignCenter)
		return
	}
	ax := g.ax
	ax.p0, ax.p1 = x, x+g.panelW-g.valueW
	c.grid(ax, rowsTop, bottom, g.nf, false)
	for i, b := range rows.cells[k] {
		if rows.present[k][i] {
			c.shareBar(ax, b, rowsTop+i*g.rowH+g.rowH/2, g.rowH, g.nf, g.suppressed)
		}
	}
}
