package chart

import (
	"bytes"
	"encoding/xml"
	"image"
	"image/color"
	"image/png"
	"io"
	"strconv"
	"strings"
	"testing"
	"unicode"
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

// svgDoc is what the tests look at in an SVG: the root's size attributes
// and every text element.
type svgDoc struct {
	root                   string
	width, height, viewBox string
	texts                  []svgText
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
