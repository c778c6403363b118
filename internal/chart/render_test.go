package chart

import (
	"bytes"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/wcharczuk/go-chart/v2/drawing"
)

// sampleBars are ten items of a typical survey result, with Swedish labels.
func sampleBars() []Bar {
	return []Bar{
		{Label: "Må bra", Value: 18.4, Low: 15.9, High: 21.2, Marked: true},
		{Label: "Vänner och gemenskap", Value: 14.1, Low: 12.0, High: 16.5},
		{Label: "Stöd från Försäkringskassan", Value: 4.2, Low: 3.1, High: 5.6},
		{Label: "Stöd från Arbetsförmedlingen", Value: 6.8, Low: 5.3, High: 8.4},
		{Label: "Ett eget boende", Value: 12.9, Low: 10.8, High: 15.1},
		{Label: "Ett jobb eller en utbildning som känns meningsfull på riktigt", Value: 11.5, Low: 9.6, High: 13.7},
		{Label: "Fritidsaktiviteter", Value: 7.7, Low: 6.2, High: 9.5},
		{Label: "Trygghet i området", Value: 9.9, Low: 8.1, High: 11.9},
		{Label: "Familj", Value: 10.3, Low: 8.5, High: 12.4},
		{Label: "Hälsa & vård <snabbt>", Value: 4.2, Low: 3.0, High: 5.7},
	}
}

func samplePanels() []Panel {
	women := sampleBars()
	men := sampleBars()
	for i := range men {
		men[i].Value *= 0.8 + 0.05*float64(i%5)
		men[i].Low *= 0.75 + 0.05*float64(i%5)
		men[i].High *= 0.85 + 0.05*float64(i%5)
		men[i].Marked = false
	}
	men[3].Suppressed = true
	return []Panel{
		{Title: "Unga kvinnor 16–24", Bars: women},
		{Title: "Unga män 16–24", Bars: men},
		{Title: "Icke-binära 16–24", Bars: []Bar{{Label: "Må bra", Value: 37.7, Low: 33.3, High: 41.1}}, Suppressed: true},
	}
}

func sampleDifference() []Bar {
	return []Bar{
		{Label: "Må bra", Value: 4.6, Low: 1.2, High: 8.1, Marked: true},
		{Label: "Vänner och gemenskap", Value: 1.3, Low: -1.9, High: 4.4},
		{Label: "Stöd från Försäkringskassan", Value: -0.4, Low: -2.0, High: 1.1},
		{Label: "Stöd från Arbetsförmedlingen", Value: -3.9, Low: -6.5, High: -1.4, Marked: true},
		{Label: "Ett eget boende", Value: 2.2, Low: -0.8, High: 5.0},
		{Label: "Fritidsaktiviteter", Value: -5.6, Low: -8.9, High: -2.5, Marked: true},
		{Label: "Trygghet i området", Value: 0.0, Low: -2.5, High: 2.6, Suppressed: true},
	}
}

func sampleDays() ([]DayCount, []string) {
	start := time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC)
	sites := []string{"Fryshuset Husby", "Navigatorcentrum", "Biblioteket Skärholmen", "Öppna förskolan"}
	var out []DayCount
	for d := 0; d < 21; d++ {
		for s, site := range sites {
			n := (d*7+s*13)%23 + s*3
			if d%7 == 5 || d%7 == 6 {
				n /= 4
			}
			if s == 3 && d < 6 {
				continue
			}
			out = append(out, DayCount{Day: start.AddDate(0, 0, d), Series: site, Count: n})
		}
	}
	return out, sites
}

// renderCase is one chart of TestRenderFiles and what its image must show.
type renderCase struct {
	name   string
	render func(Format) ([]byte, error)
	w, h   int      // the image size; h 0: as high as the chart needs
	texts  []string // text runs the SVG must have, each a whole <text>
	// solid counts the filled shapes of a colour at least 4×4 pixels: the
	// bars of a bar chart, the markers of a timeline.
	solid map[drawing.Color]int
	// covered: where lines meet, a marker may lie under a later one, so a
	// PNG shows at least 90 % of the solid shapes rather than all.
	covered bool
	// lengths are the values of the solid bars top to bottom, the first
	// dark, the others light; their lengths must be proportional.
	lengths []float64
}

func renderCases() []renderCase {
	opt := Options{ValueSuffix: "%", Note: "Relativt värde: andelar som summerar till 100. Strecken visar 95 %-intervall."}
	days, sites := sampleDays()
	narrow := sampleBars()
	narrow[7].Suppressed = true
	narrow = append(narrow, Bar{Label: "الصحة الجيدة", Value: 3.1, Low: 2.2, High: 4.0})
	grid := samplePanels()
	grid = append(grid, grid[0], grid[1])
	grid[3].Title, grid[4].Title = "Unga kvinnor 16–24 i Rinkeby-Kista stadsdelsområde", "Unga män 16–24"
	markers := map[drawing.Color]int{}
	for i := range sites {
		n := 21 + 1 // a marker a day and one in the legend
		if i == 3 {
			n = 15 + 1 // Öppna förskolan starts on the seventh day
		}
		markers[seriesStyle(i).color] = n
	}
	return []renderCase{
		{"shares", func(f Format) ([]byte, error) {
			o := opt
			o.Title = "Vad är viktigast för unga vuxna i Järva?"
			return Shares(sampleBars(), o, f)
		}, 800, 0,
			[]string{"Vad är viktigast för unga vuxna i Järva?", "Må bra", "Hälsa & vård <snabbt>", "18,4%", "14,1%", "4,2%", "0%", "20%"},
			map[drawing.Color]int{colBarDark: 1, colBarLight: 9}, false, // Må bra is marked
			[]float64{18.4, 14.1, 12.9, 11.5, 10.3, 9.9, 7.7, 6.8, 4.2, 4.2}},
		{"groups", func(f Format) ([]byte, error) {
			o := opt
			o.Title = "Relativt värde per målgrupp"
			return Groups(samplePanels(), o, f)
		}, 800, 0,
			[]string{"Unga kvinnor 16–24", "Unga män 16–24", "Icke-binära 16–24", "för få svar", "18,4%"},
			// Women: 1 marked and 9; men: 9, one suppressed; the third panel
			// is suppressed: a grey background instead of bars.
			map[drawing.Color]int{colBarDark: 1, colBarLight: 18, colPanel: 1}, false, nil},
		{"difference", func(f Format) ([]byte, error) {
			o := opt
			o.Title, o.ValueSuffix, o.GroupA, o.GroupB = "Skillnad unga kvinnor − unga män", " p.e.", "unga kvinnor", "unga män"
			return Difference(sampleDifference(), o, f)
		}, 800, 0,
			[]string{"Skillnad unga kvinnor − unga män", "Trygghet i området", "för få svar"},
			// Three marked bars and the legend's swatch; the others are hatched.
			map[drawing.Color]int{colBarDark: 4, colBarLight: 0}, false, nil},
		{"shares-narrow", func(f Format) ([]byte, error) {
			return Shares(narrow, Options{Title: "Smal: 360 px bred, lång titel som får radbrytas", Width: 360, Height: 480, ValueSuffix: " %"}, f)
		}, 360, 480,
			[]string{"الصحة الجيدة", "för få svar", "3,1 %"},
			map[drawing.Color]int{colBarDark: 1, colBarLight: 9}, false, // 11 bars, one marked, one suppressed
			[]float64{18.4, 14.1, 12.9, 11.5, 10.3, 7.7, 6.8, 4.2, 4.2, 3.1}},
		{"groups-grid", func(f Format) ([]byte, error) {
			return Groups(grid, Options{Title: "Five groups", Lang: "en", ValueSuffix: "%", Width: 700, Max: 30}, f)
		}, 700, 0,
			[]string{"Five groups", "too few responses", "18.4%"},
			map[drawing.Color]int{colBarDark: 2, colBarLight: 36, colPanel: 1}, false, nil},
		{"timeline", func(f Format) ([]byte, error) {
			return Timeline(days, sites, Options{Title: "Svar per dag och plats"}, f)
		}, 800, timelineHeight,
			append([]string{"Svar per dag och plats", "2 feb"}, sites...),
			markers, true, nil},
	}
}

// TestRenderFiles renders every chart type in both formats and checks what
// the image shows: its size, its text runs (SVG), its bars or markers by
// colour and the lengths of its bars. The images go to t.TempDir() (or
// $VFV_CHART_DIR when set) to be looked at; run with -v to see the paths.
func TestRenderFiles(t *testing.T) {
	dir := t.TempDir()
	if d := os.Getenv("VFV_CHART_DIR"); d != "" {
		dir = d
	}
	for _, tc := range renderCases() {
		for _, f := range []Format{PNG, SVG} {
			t.Run(tc.name+"/"+f.String(), func(t *testing.T) {
				b, err := tc.render(f)
				if err != nil {
					t.Fatal(err)
				}
				p := filepath.Join(dir, tc.name+"."+f.String())
				if err := os.WriteFile(p, b, 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("wrote %s (%d bytes)", p, len(b))
				var solids func(drawing.Color) []image.Rectangle
				var size image.Point
				if f == PNG {
					img, err := png.Decode(bytes.NewReader(b))
					if err != nil {
						t.Fatalf("png.Decode: %v", err)
					}
					size = img.Bounds().Size()
					solids = func(c drawing.Color) []image.Rectangle { return blobs(img, c, 4) }
				} else {
					doc := parseSVG(t, b)
					w, _ := strconv.Atoi(doc.width)
					h, _ := strconv.Atoi(doc.height)
					size = image.Pt(w, h)
					doc.checkSize(t, w, h)
					solids = func(c drawing.Color) []image.Rectangle { return doc.solids(c, 4) }
					for _, want := range tc.texts {
						if !slices.ContainsFunc(doc.texts, func(x svgText) bool { return x.body == want }) {
							t.Errorf("SVG has no text run %q", want)
						}
					}
				}
				if size.X != tc.w || (tc.h != 0 && size.Y != tc.h) || size.Y < minHeight || size.Y > maxSide {
					t.Errorf("size = %v, want width %d and height %d (0: %d…%d)", size, tc.w, tc.h, minHeight, maxSide)
				}
				for c, want := range tc.solid {
					got := len(solids(c))
					if tc.covered && f == PNG && got <= want && got >= want*9/10 {
						continue
					}
					if got != want {
						t.Errorf("%d solid shapes in %v, want %d: %v", got, c, want, solids(c))
					}
				}
				if tc.lengths != nil {
					bars := append(solids(colBarDark), solids(colBarLight)...)
					checkLengths(t, f, bars, tc.lengths)
				}
			})
		}
	}
}

// checkLengths checks bars (the first dark, the others light, which a PNG
// shows without their 1 pixel frame) start on one line and are as long as
// their values on one scale, to within 2 pixels.
func checkLengths(t *testing.T, f Format, bars []image.Rectangle, values []float64) {
	t.Helper()
	if len(bars) != len(values) {
		t.Fatalf("%d bars, want %d", len(bars), len(values))
	}
	length := func(i int) int {
		if f == PNG && i > 0 {
			return bars[i].Dx() + 2 // the frame of a light bar is dark
		}
		return bars[i].Dx()
	}
	scale := float64(length(0)) / values[0]
	for i, v := range values {
		if x0 := bars[i].Min.X; f == PNG && i > 0 {
			x0-- // the frame again
			if x0 != bars[0].Min.X {
				t.Errorf("bar %d starts at x=%d, the first at %d", i, x0, bars[0].Min.X)
			}
		} else if x0 != bars[0].Min.X {
			t.Errorf("bar %d starts at x=%d, the first at %d", i, x0, bars[0].Min.X)
		}
		if want := v * scale; math.Abs(float64(length(i))-want) > 2 {
			t.Errorf("bar %d (value %v) is %d pixels long, want %.1f", i, v, length(i), want)
		}
		if i > 0 && bars[i].Min.Y <= bars[i-1].Min.Y {
			t.Errorf("bar %d is not below bar %d", i, i-1)
		}
	}
}
