package chart

import (
	"math"

	"github.com/wcharczuk/go-chart/v2/drawing"
)

// marker is the shape drawn on each point of a line.
type marker int

const (
	markerCircle marker = iota
	markerSquare
	markerTriangle
	markerDiamond
	markerTriangleDown
)

// lineStyle tells the lines of a timeline apart: by lightness, dash pattern
// and marker, so that it does not matter that a printer drops the hue.
type lineStyle struct {
	color  drawing.Color
	dash   []float64
	marker marker
}

// seriesStyle is the style of the i-th line; styles repeat after six lines,
// but with another marker.
func seriesStyle(i int) lineStyle {
	styles := []lineStyle{
		{drawing.Color{R: 0x1f, G: 0x3b, B: 0x5c, A: 255}, nil, markerCircle},
		{drawing.Color{R: 0xa8, G: 0x4f, B: 0x1c, A: 255}, []float64{8, 4}, markerSquare},
		{drawing.Color{R: 0x5b, G: 0x8d, B: 0xbf, A: 255}, []float64{2, 4}, markerTriangle},
		{drawing.Color{R: 0x40, G: 0x40, B: 0x40, A: 255}, []float64{12, 4, 2, 4}, markerDiamond},
		{drawing.Color{R: 0x2e, G: 0x7d, B: 0x5b, A: 255}, []float64{4, 4}, markerTriangleDown},
		{drawing.Color{R: 0x00, G: 0x00, B: 0x00, A: 255}, []float64{16, 6}, markerSquare},
	}
	s := styles[i%len(styles)]
	s.marker = marker((int(s.marker) + i/len(styles)) % 5)
	return s
}

// seriesLine draws one line of a timeline, with a marker on each point when
// markers is set.
func (c *canvas) seriesLine(pts []point, st lineStyle, markers bool) {
	c.polyline(pts, st.color, 2, st.dash)
	if !markers && len(pts) > 1 {
		return
	}
	for _, p := range pts {
		c.marker(p, st.marker, 5.5, colWhite)
		c.marker(p, st.marker, 4, st.color)
	}
}

// marker fills a marker shape of radius r around p.
func (c *canvas) marker(p point, m marker, r float64, col drawing.Color) {
	var unit [][2]float64
	switch m {
	case markerSquare:
		unit = [][2]float64{{-0.85, -0.85}, {0.85, -0.85}, {0.85, 0.85}, {-0.85, 0.85}}
	case markerTriangle:
		unit = [][2]float64{{0, -1.2}, {1.1, 0.8}, {-1.1, 0.8}}
	case markerTriangleDown:
		unit = [][2]float64{{0, 1.2}, {1.1, -0.8}, {-1.1, -0.8}}
	case markerDiamond:
		unit = [][2]float64{{0, -1.25}, {1.05, 0}, {0, 1.25}, {-1.05, 0}}
	default:
		for k := 0; k < 12; k++ {
			a := float64(k) * math.Pi / 6
			unit = append(unit, [2]float64{math.Cos(a), math.Sin(a)})
		}
	}
	pts := make([]point, len(unit))
	for i, u := range unit {
		pts[i] = point{p.x + int(math.Round(u[0]*r)), p.y + int(math.Round(u[1]*r))}
	}
	c.polygon(pts, col)
}

// drawSeriesLegend draws a sample of each line with its name, left to right
// and wrapping, with its top at y; it returns the y below the legend.
func (c *canvas) drawSeriesLegend(names []string, y int) int {
	const sample, after, between = 30, 8, 22
	lh := lineHeight(styleLabel) + 4
	x := margin
	for i, name := range names {
		name = c.truncate(name, c.w-2*margin-sample-after, styleLabel)
		w := sample + after + c.width(name, styleLabel)
		if x > margin && x+w > c.w-margin {
			x, y = margin, y+lh
		}
		mid := y + lh/2
		st := seriesStyle(i)
		c.seriesLine([]point{{x, mid}, {x + sample, mid}}, st, false)
		c.marker(point{x + sample/2, mid}, st.marker, 5.5, colWhite)
		c.marker(point{x + sample/2, mid}, st.marker, 4, st.color)
		c.text(name, x+sample+after, baseline(mid, styleLabel), styleLabel, alignLeft)
		x += w + between
	}
	return y + lh
}
