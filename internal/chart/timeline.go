package chart

import (
	"fmt"
	"time"
)

// Timeline limits and sizes, in pixels unless noted.
const (
	maxDays        = 1000 // longest span of days a timeline draws
	timelineHeight = 380  // height when Options.Height is 0
	minMarkerBand  = 10   // day width below which markers are left out
)

// table is the day counts tabulated: one count per series and day, for
// every day from the first to the last (days without responses are 0), and
// the span of days in which each series has counts.
type table struct {
	first    time.Time
	series   []string
	counts   [][]int // [series][day]
	from, to []int   // [series] first and last day with a count
	max      int
}

// Timeline draws the number of responses per day, one line per series (a
// site). Each line runs from the series' first to its last day with a count
// (a site that starts later starts later); days in between with no count
// are drawn as 0. series gives the order and names of the lines;
// when empty, the series appear in the order of the points. Each line has its
// own dash pattern and marker as well as colour, and a legend at the top.
func Timeline(points []DayCount, series []string, opt Options, f Format) ([]byte, error) {
	opt, err := opt.normalize()
	if err != nil {
		return nil, err
	}
	if len(points) == 0 {
		return nil, ErrNoData
	}
	tb, err := tabulate(points, series)
	if err != nil {
		return nil, err
	}
	c, err := newCanvas(f, opt.Width, opt.Title)
	if err != nil {
		return nil, err
	}
	if opt.Height == 0 {
		opt.Height = timelineHeight
	}
	if err := c.begin(opt.Height); err != nil {
		return nil, err
	}
	top := c.heading(opt.Title)
	top = c.drawSeriesLegend(tb.series, top) + 8
	bottom := c.footnote(opt.Note) - tickHeight
	if bottom-top < 60 {
		return nil, fmt.Errorf("chart: timeline does not fit in height %d", opt.Height)
	}
	ay := niceAxis(0, float64(tb.max), bottom-top, 30, true)
	ay.p0, ay.p1 = bottom, top
	nf := numberFormat{decimal: textsFor(opt.Lang).decimal}
	x0 := margin + c.yTicks(ay, nf, margin) + 8
	band := float64(c.w-margin-x0) / float64(len(tb.counts[0]))
	dayX := func(d int) int { return x0 + int((float64(d)+0.5)*band) }
	c.dayTicks(tb, dayX, band, top, bottom, opt.Lang)
	c.rect(x0, bottom, c.w-margin, bottom+1, colAxis)
	for s, counts := range tb.counts {
		var pts []point
		for d := tb.from[s]; d <= tb.to[s]; d++ {
			pts = append(pts, point{dayX(d), ay.px(float64(counts[d]))})
		}
		c.seriesLine(pts, seriesStyle(s), band >= minMarkerBand)
	}
	return c.bytes()
}

// tabulate turns day counts into a table; a point of an unknown series, a
// negative count or a span over maxDays is an error.
func tabulate(points []DayCount, series []string) (table, error) {
	tb := table{series: series}
	index := map[string]int{}
	for i, s := range series {
		index[s] = i
	}
	first, last := dateOf(points[0].Day), dateOf(points[0].Day)
	for i, p := range points {
		if _, ok := index[p.Series]; !ok && len(series) > 0 {
			return tb, fmt.Errorf("chart: point %d: series %q not in %q", i, p.Series, series)
		} else if !ok {
			index[p.Series] = len(tb.series)
			tb.series = append(tb.series, p.Series)
		}
		if p.Count < 0 {
			return tb, fmt.Errorf("chart: point %d: negative count %d", i, p.Count)
		}
		d := dateOf(p.Day)
		first, last = minTime(first, d), maxTime(last, d)
	}
	days := int(last.Sub(first).Hours()/24) + 1
	if days > maxDays {
		return tb, fmt.Errorf("chart: %d days from %s to %s, at most %d", days, first.Format(time.DateOnly), last.Format(time.DateOnly), maxDays)
	}
	tb.first = first
	n := len(tb.series)
	tb.counts, tb.from, tb.to = make([][]int, n), make([]int, n), make([]int, n)
	for s := range tb.counts {
		tb.counts[s], tb.from[s], tb.to[s] = make([]int, days), days, -1
	}
	for _, p := range points {
		s, d := index[p.Series], int(dateOf(p.Day).Sub(first).Hours()/24)
		tb.counts[s][d] += p.Count
		tb.from[s], tb.to[s] = min(tb.from[s], d), max(tb.to[s], d)
		tb.max = max(tb.max, tb.counts[s][d])
	}
	return tb, nil
}

// dateOf is the calendar date of t, as midnight UTC, so that days are
// exactly 24 hours apart.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// yTicks draws the horizontal gridlines and the count labels right-aligned
// before the plot, and returns the width of the widest label.
func (c *canvas) yTicks(ay axis, nf numberFormat, x int) int {
	var labels []string
	for _, t := range ay.ticks() {
		labels = append(labels, nf.format(t, 0, false))
	}
	w := c.widest(labels, styleTick)
	for i, t := range ay.ticks() {
		y := ay.px(t)
		c.rect(x+w+8, y, c.w-margin, y+1, colGrid)
		c.text(labels[i], x+w, baseline(y, styleTick), styleTick, alignRight)
	}
	return w
}

// dayTicks draws a date label and a light gridline every few days, as
// often as the labels fit: every day, every other day, or weekly.
func (c *canvas) dayTicks(tb table, dayX func(int) int, band float64, top, bottom int, lang string) {
	labelW := c.width(dayLabel(time.Date(2026, 12, 28, 0, 0, 0, 0, time.UTC), lang), styleTick) + 12
	every := 1
	for _, k := range []int{1, 2, 3, 7, 14, 28, 56, 91, 182, 364} {
		every = k
		if float64(k)*band >= float64(labelW) {
			break
		}
	}
	for d := 0; d < len(tb.counts[0]); d += every {
		x := dayX(d)
		c.rect(x, top, x+1, bottom, colGrid)
		c.rect(x, bottom, x+1, bottom+4, colAxis)
		c.text(dayLabel(tb.first.AddDate(0, 0, d), lang), x, bottom+17, styleTick, alignCenter)
	}
}
