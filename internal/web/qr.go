package web

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"rsc.io/qr"

	"github.com/vfv/vfv/internal/auth"
	"github.com/vfv/vfv/internal/campaign"
)

// QR code settings.
const (
	// qrQuiet is the white border around a code, in modules: the four the
	// QR standard asks for, so that a phone finds the code on any poster.
	qrQuiet = 4
	// qrDefaultPx, qrMinPx and qrMaxPx bound the width of a PNG in pixels
	// (?size=); the image is the largest whole number of pixels per module
	// that fits.
	qrDefaultPx, qrMinPx, qrMaxPx = 480, 64, 2048
)

// qrCode encodes text with medium error correction (about 15 % of the
// code may be smudged or covered and it still reads).
func qrCode(text string) (*qr.Code, error) {
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		return nil, fmt.Errorf("web: encode QR code: %w", err)
	}
	return code, nil
}

// qrPNG draws code as a black-on-white PNG with scale pixels per module
// and a quiet zone.
func qrPNG(code *qr.Code, scale int) ([]byte, error) {
	scale = max(scale, 1)
	n := code.Size + 2*qrQuiet
	img := image.NewGray(image.Rect(0, 0, n*scale, n*scale))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	for y := range code.Size {
		for x := range code.Size {
			if !code.Black(x, y) {
				continue
			}
			px, py := (x+qrQuiet)*scale, (y+qrQuiet)*scale
			for dy := range scale {
				for dx := range scale {
					img.SetGray(px+dx, py+dy, color.Gray{})
				}
			}
		}
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("web: encode QR PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// qrSVG draws code as an SVG: a white square and one path of the black
// modules, a horizontal run of modules per subpath, in a viewBox of whole
// modules so that it scales sharp to any size. width is its size in
// pixels (0: none given, the page decides).
func qrSVG(code *qr.Code, width int) []byte {
	n := code.Size + 2*qrQuiet
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d"`, n, n)
	if width > 0 {
		fmt.Fprintf(&b, ` width="%d" height="%d"`, width, width)
	}
	b.WriteString(` shape-rendering="crispEdges">`)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n)
	for y := range code.Size {
		for x := 0; x < code.Size; {
			if !code.Black(x, y) {
				x++
				continue
			}
			run := 1
			for x+run < code.Size && code.Black(x+run, y) {
				run++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", x+qrQuiet, y+qrQuiet, run, run)
			x += run
		}
	}
	b.WriteString(`"/></svg>` + "\n")
	return []byte(b.String())
}

// qrPixels reads ?size= (the wanted width in pixels), clamped.
func qrPixels(c echo.Context, def int) int {
	n, err := strconv.Atoi(c.QueryParam("size"))
	if err != nil {
		return def
	}
	return min(max(n, qrMinPx), qrMaxPx)
}

// campaignQR is GET /api/v1/campaigns/{code}/qr.png and qr.svg: a QR code
// of the campaign's respondent link, for posters and screens.
func (s *Server) campaignQR(format string) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := s.staffCampaign(c, auth.ViewCampaigns)
		if err != nil {
			return err
		}
		code, err := qrCode(campaign.URL(s.publicBase(c), camp.Code))
		if err != nil {
			return err
		}
		if format == "svg" {
			width := 0
			if c.QueryParam("size") != "" {
				width = qrPixels(c, 0)
			}
			return c.Blob(http.StatusOK, "image/svg+xml", qrSVG(code, width))
		}
		b, err := qrPNG(code, qrPixels(c, qrDefaultPx)/(code.Size+2*qrQuiet))
		if err != nil {
			return err
		}
		return c.Blob(http.StatusOK, "image/png", b)
	}
}
