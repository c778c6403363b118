// Package chart draws the result charts of a Värde för vem? survey as PNG or
// SVG: relative-value shares per item with 95 % intervals (Shares), the same
// for several target groups on one shared scale (Groups), the difference
// between two groups (Difference) and responses per day (Timeline).
//
// The charts are read together by a project group, on a screen and on paper
// that is often printed in grey-scale, so nothing depends on hue alone: bars
// are light or dark grey-blue with outlines, uncertain differences are
// hatched, interval whiskers are black with a white halo, and every line in a
// timeline has its own dash pattern and marker.
//
// The package is pure: it takes plain structs and returns image bytes. Text is
// set in the Go fonts (golang.org/x/image/font/gofont), which cover Latin-1
// and so å, ä and ö; SVG output carries all text as XML-escaped text elements
// so a browser renders it with its own fonts (Arabic included, which the PNG
// renderer can neither shape nor find glyphs for). Output is deterministic:
// the same input gives the same bytes.
//
// Drawing goes through go-chart's PNG and SVG renderers
// (github.com/wcharczuk/go-chart/v2); the layout is done here, because
// go-chart's own bar charts are vertical and have no interval whiskers.
package chart
