package chart

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/golang/freetype/truetype"
	gochart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gomedium"
	"golang.org/x/image/font/gofont/goregular"
)

// svgSlack widens measured text in SVG output: the browser sets the text in
// its own sans-serif (Arial and Liberation Sans are as wide as Go Regular,
// DejaVu Sans is about 13 % wider), so layouts leave some room for that.
const svgSlack = 1.08

// point is a pixel position.
type point struct{ x, y int }

// align is the horizontal alignment of text relative to its x position.
type align int

const (
	alignLeft align = iota
	alignCenter
	alignRight
)

// textStyle is the look of a piece of text. Sizes are pixels.
type textStyle struct {
	size   float64
	color  drawing.Color
	strong bool
}

type faceKey struct {
	strong bool
	size   float64
}

// canvas is one image being drawn: a go-chart renderer plus the fonts and
// the few drawing primitives the charts need. All straight lines are drawn
// as filled rectangles on whole pixels, so they are crisp in PNG.
type canvas struct {
	r       gochart.Renderer
	format  Format
	w, h    int
	title   string
	regular *truetype.Font
	strong  *truetype.Font
	faces   map[faceKey]font.Face
}

// newCanvas prepares an image w pixels wide. Text can be measured at once;
// begin starts the drawing once the height is known.
func newCanvas(f Format, w int, title string) (*canvas, error) {
	regular, err := truetype.Parse(goregular.TTF)
	if err != nil {
		return nil, fmt.Errorf("chart: parse font: %w", err)
	}
	// Go Medium, not Go Bold: its family name differs from Go Regular's,
	// which finishSVG needs to tell emphasised text apart.
	strong, err := truetype.Parse(gomedium.TTF)
	if err != nil {
		return nil, fmt.Errorf("chart: parse font: %w", err)
	}
	return &canvas{format: f, w: w, title: title, regular: regular, strong: strong,
		faces: map[faceKey]font.Face{}}, nil
}

// begin creates the renderer for an image of height h and paints it white.
func (c *canvas) begin(h int) error {
	if h < minHeight || h > maxSide {
		return fmt.Errorf("chart: height %d out of range %d…%d", h, minHeight, maxSide)
	}
	provider := gochart.PNG
	if c.format == SVG {
		provider = gochart.SVG
	}
	r, err := provider(c.w, h)
	if err != nil {
		return fmt.Errorf("chart: new %s renderer: %w", c.format, err)
	}
	r.SetDPI(72) // one point is one pixel, for SVG font sizes and PNG alike
	c.r, c.h = r, h
	c.rect(0, 0, c.w, h, colWhite)
	return nil
}

// bytes finishes the image and returns its encoding.
func (c *canvas) bytes() ([]byte, error) {
	var buf bytes.Buffer
	if err := c.r.Save(&buf); err != nil {
		return nil, fmt.Errorf("chart: encode %s: %w", c.format, err)
	}
	if c.format == SVG {
		return finishSVG(buf.Bytes(), c.w, c.h, c.title), nil
	}
	return buf.Bytes(), nil
}

// finishSVG gives go-chart's SVG an explicit size and a title for screen
// readers, and replaces the font family named after the Go fonts (which
// browsers do not have) by common sans-serif fonts of the same width.
func finishSVG(svg []byte, w, h int, title string) []byte {
	head := fmt.Sprintf(`<svg width="%d" height="%d" role="img"`, w, h)
	svg = bytes.Replace(svg, []byte("<svg"), []byte(head), 1)
	if title != "" {
		end := bytes.IndexByte(svg, '>') + 1
		t := "<title>" + escapeXML(title) + "</title>"
		svg = append(svg[:end:end], append([]byte(t), svg[end:]...)...)
	}
	const family = "font-family:Arial,'Liberation Sans',Helvetica,sans-serif"
	svg = bytes.ReplaceAll(svg, []byte("font-family:'Go Medium',sans-serif"), []byte(family+";font-weight:bold"))
	return bytes.ReplaceAll(svg, []byte("font-family:'Go',sans-serif"), []byte(family))
}

// escapeXML escapes text for an XML text node; go-chart's SVG renderer
// writes text verbatim.
func escapeXML(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder never fails
	return b.String()
}

// face returns the font face for a style, measured at 72 dpi (pixels).
func (c *canvas) face(st textStyle) font.Face {
	k := faceKey{st.strong, st.size}
	if f, ok := c.faces[k]; ok {
		return f
	}
	f := truetype.NewFace(c.font(st), &truetype.Options{Size: st.size, DPI: 72})
	c.faces[k] = f
	return f
}

func (c *canvas) font(st textStyle) *truetype.Font {
	if st.strong {
		return c.strong
	}
	return c.regular
}

// width is the advance width of s in pixels, with slack for SVG.
func (c *canvas) width(s string, st textStyle) int {
	w := font.MeasureString(c.face(st), s).Ceil()
	if c.format == SVG {
		w = int(float64(w)*svgSlack + 0.5)
	}
	return w
}

// text draws s with its baseline at y, aligned on x.
func (c *canvas) text(s string, x, y int, st textStyle, al align) {
	switch al {
	case alignCenter:
		x -= c.width(s, st) / 2
	case alignRight:
		x -= c.width(s, st)
	}
	if c.format == SVG {
		s = escapeXML(s)
	}
	size := st.size
	if c.format == PNG {
		// go-chart's raster text passes points×dpi to freetype as a 26.6
		// fixed-point scale, i.e. divided by 64 instead of 72: text comes
		// out 72/64 too large unless scaled back.
		size *= 64.0 / 72.0
	}
	c.r.ResetStyle()
	c.r.SetFont(c.font(st))
	c.r.SetFontSize(size)
	c.r.SetFontColor(st.color)
	c.r.Text(s, x, y)
}

// baseline is the baseline that centres one line of text on y.
func baseline(y int, st textStyle) int { return y + int(st.size*0.36+0.5) }

// rect fills the rectangle between two corners.
func (c *canvas) rect(x0, y0, x1, y1 int, fill drawing.Color) {
	x0, x1 = min(x0, x1), max(x0, x1)
	y0, y1 = min(y0, y1), max(y0, y1)
	if x0 == x1 || y0 == y1 {
		return
	}
	c.polygon([]point{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}, fill)
}

// frame draws a border of width px inside the rectangle.
func (c *canvas) frame(x0, y0, x1, y1, px int, col drawing.Color) {
	c.rect(x0, y0, x1, y0+px, col)
	c.rect(x0, y1-px, x1, y1, col)
	c.rect(x0, y0, x0+px, y1, col)
	c.rect(x1-px, y0, x1, y1, col)
}

// polygon fills a closed shape.
func (c *canvas) polygon(pts []point, fill drawing.Color) {
	c.r.ResetStyle()
	c.r.SetFillColor(fill)
	c.path(pts)
	c.r.Close()
	c.r.Fill()
}

// polyline strokes an open line; dash is a dash pattern in pixels or nil.
func (c *canvas) polyline(pts []point, col drawing.Color, width float64, dash []float64) {
	if len(pts) < 2 {
		return
	}
	c.r.ResetStyle()
	c.r.SetStrokeColor(col)
	c.r.SetStrokeWidth(width)
	c.r.SetStrokeDashArray(dash)
	c.path(pts)
	c.r.Stroke()
}

func (c *canvas) path(pts []point) {
	c.r.MoveTo(pts[0].x, pts[0].y)
	for _, p := range pts[1:] {
		c.r.LineTo(p.x, p.y)
	}
}

// hatch draws diagonal lines ("/") every gap pixels inside a rectangle. The
// lines are anchored to the image, so neighbouring hatches line up.
func (c *canvas) hatch(x0, y0, x1, y1, gap int, col drawing.Color) {
	x0, x1 = min(x0, x1), max(x0, x1)
	y0, y1 = min(y0, y1), max(y0, y1)
	first := (x0 + y0 + gap - 1) / gap * gap
	for k := first; k <= x1+y1; k += gap {
		// The line x + y = k, cut to the rectangle.
		ax, bx := max(x0, k-y1), min(x1, k-y0)
		if ax < bx {
			c.polyline([]point{{ax, k - ax}, {bx, k - bx}}, col, 1, nil)
		}
	}
}
