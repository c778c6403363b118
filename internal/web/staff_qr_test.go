package web_test

import (
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"regexp"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// decodeQR reads a QR code image.
func decodeQR(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("decode QR code: %v", err)
	}
	return res.GetText()
}

// TestStaffQRCodePNG: the PNG decodes to the campaign's respondent link,
// at the default size and at a requested one.
func TestStaffQRCodePNG(t *testing.T) {
	f := newStaffFixture(t)
	for _, q := range []string{"", "?size=200", "?size=1200"} {
		status, body := f.api(t, "agent@a.se", "GET", "/api/v1/campaigns/"+strings.ToLower(f.campA)+"/qr.png"+q, "")
		if status != 200 {
			t.Fatalf("qr.png%s = %d %s", q, status, body)
		}
		img, err := png.Decode(strings.NewReader(body))
		if err != nil {
			t.Fatalf("qr.png%s is not a PNG: %v", q, err)
		}
		if got, want := decodeQR(t, img), f.URL+"/s/"+f.campA; got != want {
			t.Errorf("qr.png%s decodes to %q, want %q", q, got, want)
		}
		w := img.Bounds().Dx()
		if q == "?size=1200" && (w < 900 || w > 1200) || q == "?size=200" && w > 200 {
			t.Errorf("qr.png%s is %d px wide", q, w)
		}
		// The quiet zone: the outermost rows and columns are white.
		for _, p := range []image.Point{{0, 0}, {w - 1, 0}, {0, w - 1}, {w - 1, w - 1}, {w / 2, 1}} {
			if g := color.GrayModel.Convert(img.At(p.X, p.Y)).(color.Gray); g.Y != 0xFF {
				t.Errorf("qr.png%s pixel %v is not white: no quiet zone", q, p)
			}
		}
	}
	if status, _ := f.api(t, "", "GET", "/api/v1/campaigns/"+f.campA+"/qr.png", ""); status != 401 {
		t.Errorf("qr.png without credentials = %d, want 401", status)
	}
}

// TestStaffQRCodeSVG: the SVG is well-formed XML with an svg root and a
// viewBox, and its path, drawn module by module, decodes to the link.
func TestStaffQRCodeSVG(t *testing.T) {
	f := newStaffFixture(t)
	status, body := f.api(t, "group@a.se", "GET", "/api/v1/campaigns/"+f.campA+"/qr.svg", "")
	if status != 200 {
		t.Fatalf("qr.svg = %d %s", status, body)
	}
	var svg struct {
		XMLName xml.Name
		ViewBox string `xml:"viewBox,attr"`
		Path    []struct {
			D string `xml:"d,attr"`
		} `xml:"path"`
	}
	if err := xml.Unmarshal([]byte(body), &svg); err != nil {
		t.Fatalf("qr.svg is not XML: %v\n%.300s", err, body)
	}
	var n int
	if svg.XMLName.Local != "svg" || svg.XMLName.Space != "http://www.w3.org/2000/svg" || len(svg.Path) != 1 {
		t.Fatalf("qr.svg root %v with %d paths, want one svg root in the SVG namespace with one path", svg.XMLName, len(svg.Path))
	}
	if _, err := fmt.Sscanf(svg.ViewBox, "0 0 %d %d", &n, &n); err != nil || n < 29 {
		t.Fatalf("viewBox %q, want 0 0 N N with N ≥ 29 (21 modules and the quiet zone)", svg.ViewBox)
	}
	// Draw the path's runs ("Mx yhNv1h-Nz") at 8 px per module and decode.
	const scale = 8
	img := image.NewGray(image.Rect(0, 0, n*scale, n*scale))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	runs := regexp.MustCompile(`M(\d+) (\d+)h(\d+)v1h-(\d+)z`).FindAllStringSubmatch(svg.Path[0].D, -1)
	if len(runs) == 0 || strings.Count(svg.Path[0].D, "M") != len(runs) {
		t.Fatalf("path has %d runs of %d subpaths: %.200s", len(runs), strings.Count(svg.Path[0].D, "M"), svg.Path[0].D)
	}
	for _, r := range runs {
		var x, y, w int
		fmt.Sscan(r[1], &x)
		fmt.Sscan(r[2], &y)
		fmt.Sscan(r[3], &w)
		for py := y * scale; py < (y+1)*scale; py++ {
			for px := x * scale; px < (x+w)*scale; px++ {
				img.SetGray(px, py, color.Gray{})
			}
		}
	}
	if got, want := decodeQR(t, img), f.URL+"/s/"+f.campA; got != want {
		t.Errorf("qr.svg decodes to %q, want %q", got, want)
	}
}
