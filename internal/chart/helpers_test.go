package chart

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/wcharczuk/go-chart/v2/drawing"
)

// decodePNG decodes a rendered PNG and checks its size.
func decodePNG(t *testing.T, b []byte, w, h int) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("png.Decode: %v", err)
	}
	if got := img.Bounds().Size(); got != image.Pt(w, h) {
		t.Fatalf("PNG size = %v, want %dx%d", got, w, h)
	}
	return img
}

// grey is the luminance of a pixel, 0 (black) to 255 (white), as a
// grey-scale printer would see it.
func grey(c color.Color) int {
	return int(color.GrayModel.Convert(c).(color.Gray).Y)
}

// inkShare is the share of pixels that are not (nearly) white.
func inkShare(img image.Image) float64 {
	b := img.Bounds()
	ink := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if grey(img.At(x, y)) < 240 {
				ink++
			}
		}
	}
	return float64(ink) / float64(b.Dx()*b.Dy())
}

// svgText is one <text> element of an SVG.
type svgText struct {
	x, y int
	body string
}

// svgShape is one filled <path> of an SVG: its fill and bounding box.
type svgShape struct {
	fill string // as in the style, e.g. "rgba(157,180,208,1.0)"
	box  image.Rectangle
}

// svgDoc is what the tests look at in an SVG: the root's size attributes,
// every text element and every filled path.
type svgDoc struct {
	root                   string
	width, height, viewBox string
	texts                  []svgText
	shapes                 []svgShape
}

// parseSVG parses an SVG strictly with encoding/xml.
func parseSVG(t *testing.T, b []byte) svgDoc {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	var doc svgDoc
	var cur *svgText
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			if doc.root == "" {
				doc.root = el.Name.Local
				doc.width, doc.height, doc.viewBox = attr(el, "width"), attr(el, "height"), attr(el, "viewBox")
			}
			if el.Name.Local == "path" {
				if sh, ok := pathShape(t, el); ok {
					doc.shapes = append(doc.shapes, sh)
				}
			}
			if el.Name.Local == "text" {
				x, _ := strconv.Atoi(attr(el, "x"))
				y, _ := strconv.Atoi(attr(el, "y"))
				cur = &svgText{x: x, y: y}
			}
		case xml.CharData:
			if cur != nil {
				cur.body += string(el)
			}
		case xml.EndElement:
			if el.Name.Local == "text" && cur != nil {
				doc.texts = append(doc.texts, *cur)
				cur = nil
			}
		}
	}
	return doc
}

// pathShape returns the fill and bounding box of a filled path; ok is
// false for a stroked line (fill:none).
func pathShape(t *testing.T, el xml.StartElement) (sh svgShape, ok bool) {
	t.Helper()
	for _, decl := range strings.Split(attr(el, "style"), ";") {
		if v, found := strings.CutPrefix(decl, "fill:"); found && v != "none" {
			sh.fill = v
		}
	}
	if sh.fill == "" {
		return sh, false
	}
	var pts []image.Point
	f := strings.Fields(attr(el, "d"))
	for i := 0; i < len(f); i++ {
		if f[i] != "M" && f[i] != "L" {
			continue
		}
		if i+2 >= len(f) {
			t.Fatalf("path %q ends inside a point", attr(el, "d"))
		}
		x, errX := strconv.ParseFloat(f[i+1], 64)
		y, errY := strconv.ParseFloat(f[i+2], 64)
		if errX != nil || errY != nil {
			t.Fatalf("path %q: point %q %q is not two numbers", attr(el, "d"), f[i+1], f[i+2])
		}
		pts = append(pts, image.Pt(int(x), int(y)))
	}
	if len(pts) == 0 {
		return sh, false
	}
	sh.box = image.Rectangle{Min: pts[0], Max: pts[0]}
	for _, p := range pts[1:] {
		sh.box.Min.X, sh.box.Min.Y = min(sh.box.Min.X, p.X), min(sh.box.Min.Y, p.Y)
		sh.box.Max.X, sh.box.Max.Y = max(sh.box.Max.X, p.X), max(sh.box.Max.Y, p.Y)
	}
	return sh, true
}

// svgFill is how the SVG renderer writes a palette colour in a style.
func svgFill(c drawing.Color) string {
	return fmt.Sprintf("rgba(%d,%d,%d,1.0)", c.R, c.G, c.B)
}

// solids returns the filled shapes of colour c at least minSide pixels
// high and wide, top to bottom: bars and markers, not lines or frames.
func (d svgDoc) solids(c drawing.Color, minSide int) []image.Rectangle {
	var out []image.Rectangle
	for _, sh := range d.shapes {
		if sh.fill == svgFill(c) && sh.box.Dx() >= minSide && sh.box.Dy() >= minSide {
			out = append(out, sh.box)
		}
	}
	sortBoxes(out)
	return out
}

// sortBoxes orders boxes top to bottom, then left to right.
func sortBoxes(bs []image.Rectangle) {
	slices.SortStableFunc(bs, func(a, b image.Rectangle) int {
		if a.Min.Y != b.Min.Y {
			return a.Min.Y - b.Min.Y
		}
		return a.Min.X - b.Min.X
	})
}

// blobs returns the bounding boxes of the areas of a PNG painted exactly
// in colour c (4-connected), at least minSide pixels high and wide and
// filling at least half their box, top to bottom: bars and markers, not
// lines, frames or anti-aliased text.
func blobs(img image.Image, c drawing.Color, minSide int) []image.Rectangle {
	b := img.Bounds()
	want := color.RGBA{R: c.R, G: c.G, B: c.B, A: c.A}
	is := func(x, y int) bool { return color.RGBAModel.Convert(img.At(x, y)).(color.RGBA) == want }
	seen := make([]bool, b.Dx()*b.Dy())
	var out []image.Rectangle
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if seen[(y-b.Min.Y)*b.Dx()+x-b.Min.X] || !is(x, y) {
				continue
			}
			box, area := image.Rect(x, y, x+1, y+1), 0
			stack := []image.Point{{x, y}}
			seen[(y-b.Min.Y)*b.Dx()+x-b.Min.X] = true
			for len(stack) > 0 {
				p := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				box, area = box.Union(image.Rect(p.X, p.Y, p.X+1, p.Y+1)), area+1
				for _, q := range []image.Point{{p.X + 1, p.Y}, {p.X - 1, p.Y}, {p.X, p.Y + 1}, {p.X, p.Y - 1}} {
					if !q.In(b) || seen[(q.Y-b.Min.Y)*b.Dx()+q.X-b.Min.X] || !is(q.X, q.Y) {
						continue
					}
					seen[(q.Y-b.Min.Y)*b.Dx()+q.X-b.Min.X] = true
					stack = append(stack, q)
				}
			}
			if box.Dx() >= minSide && box.Dy() >= minSide && 2*area >= box.Dx()*box.Dy() {
				out = append(out, box)
			}
		}
	}
	sortBoxes(out)
	return out
}

func attr(el xml.StartElement, name string) string {
	for _, a := range el.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// allText is every text of the SVG joined by spaces, so that a label that
// was wrapped onto two lines is found again.
func (d svgDoc) allText() string {
	var parts []string
	for _, t := range d.texts {
		parts = append(parts, t.body)
	}
	return strings.Join(parts, " ")
}

// checkSize fails unless the SVG declares the size w×h.
func (d svgDoc) checkSize(t *testing.T, w, h int) {
	t.Helper()
	if d.root != "svg" {
		t.Errorf("root element = %q, want svg", d.root)
	}
	ws, hs := strconv.Itoa(w), strconv.Itoa(h)
	if d.width != ws || d.height != hs {
		t.Errorf("width, height = %q, %q, want %q, %q", d.width, d.height, ws, hs)
	}
	if want := "0 0 " + ws + " " + hs; d.viewBox != want {
		t.Errorf("viewBox = %q, want %q", d.viewBox, want)
	}
}

// hasDigit reports whether s contains a decimal digit.
func hasDigit(s string) bool { return strings.IndexFunc(s, unicode.IsDigit) >= 0 }
