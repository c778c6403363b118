package chart

import "github.com/wcharczuk/go-chart/v2/drawing"

// The palette. Everything is told apart by lightness, outline or pattern, so
// the charts survive a grey-scale printer; the blue tint is only a bonus.
var (
	colWhite     = drawing.ColorWhite
	colBlack     = drawing.ColorBlack
	colText      = drawing.Color{R: 0x1a, G: 0x1a, B: 0x1a, A: 255}
	colMuted     = drawing.Color{R: 0x55, G: 0x55, B: 0x55, A: 255}
	colGrid      = drawing.Color{R: 0xdd, G: 0xdd, B: 0xdd, A: 255}
	colAxis      = drawing.Color{R: 0x4d, G: 0x4d, B: 0x4d, A: 255}
	colPanel     = drawing.Color{R: 0xf1, G: 0xf1, B: 0xf1, A: 255}
	colBarLight  = drawing.Color{R: 0x9d, G: 0xb4, B: 0xd0, A: 255} // grey ≈ 176
	colBarDark   = drawing.Color{R: 0x2f, G: 0x47, B: 0x63, A: 255} // grey ≈ 67
	colBarEdge   = drawing.Color{R: 0x2f, G: 0x47, B: 0x63, A: 255}
	colHatch     = drawing.Color{R: 0x6f, G: 0x82, B: 0x9a, A: 255}
	styleTitle   = textStyle{size: 17, color: colText, strong: true}
	styleHeading = textStyle{size: 13.5, color: colText, strong: true}
	styleLabel   = textStyle{size: 13, color: colText}
	styleValue   = textStyle{size: 12, color: colText}
	styleStrong  = textStyle{size: 12, color: colText, strong: true}
	styleTick    = textStyle{size: 11.5, color: colMuted}
	styleNote    = textStyle{size: 11, color: colMuted}
	styleMuted   = textStyle{size: 12, color: colMuted}
)

// Spacing in pixels.
const (
	margin     = 16 // around the whole chart
	gap        = 10 // between the label column and the bars
	lineGap    = 3  // extra leading between wrapped lines
	tickHeight = 22 // room under a plot for its tick labels
)
