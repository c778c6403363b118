package chart

import (
	"strings"
	"testing"
)

// differingPixels returns the grey values, in a and in b, of the pixels that
// differ between two images of the same size.
func differingPixels(t *testing.T, a, b []byte, w, h int) (ga, gb []int) {
	t.Helper()
	ia, ib := decodePNG(t, a, w, h), decodePNG(t, b, w, h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if pa, pb := grey(ia.At(x, y)), grey(ib.At(x, y)); pa != pb {
				ga, gb = append(ga, pa), append(gb, pb)
			}
		}
	}
	return ga, gb
}

func mean(vs []int) float64 {
	sum := 0
	for _, v := range vs {
		sum += v
	}
	return float64(sum) / float64(max(len(vs), 1))
}

func TestDifferenceMarkedDiffersInGreyscale(t *testing.T) {
	bars := func(marked bool) []Bar {
		return []Bar{
			{Label: "Må bra", Value: 4.6, Low: 1.2, High: 8.1, Marked: marked},
			{Label: "Stöd från Arbetsförmedlingen", Value: -3.9, Low: -6.5, High: -1.4, Marked: marked},
		}
	}
	// Legend and texts are the same in both images; only the bars (and the
	// "*" of marked values) differ.
	opt := Options{Width: 640, Height: 300, MarkedText: "säker", UnmarkedText: "osäker"}
	marked, err := Difference(bars(true), opt, PNG)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := Difference(bars(false), opt, PNG)
	if err != nil {
		t.Fatal(err)
	}
	gm, gp := differingPixels(t, marked, plain, 640, 300)
	if len(gm) < 1000 {
		t.Fatalf("%d pixels differ between marked and unmarked bars, want at least 1000", len(gm))
	}
	if mm, mp := mean(gm), mean(gp); mm > mp-100 {
		t.Errorf("mean grey of the differing pixels: marked %.0f, unmarked %.0f; want marked at least 100 darker", mm, mp)
	}
	// The unmarked bars are hatched: light ground with darker lines, not
	// a flat tone.
	light, dark := 0, 0
	for _, g := range gp {
		switch {
		case g > 230:
			light++
		case g < 190:
			dark++
		}
	}
	if light < len(gp)/3 || dark < len(gp)/20 {
		t.Errorf("unmarked bars: %d light and %d darker of %d pixels; want a hatch pattern", light, dark, len(gp))
	}
}

func TestDifferenceLabelsAndLegend(t *testing.T) {
	opt := Options{Width: 800, ValueSuffix: " p.e.", GroupA: "unga kvinnor", GroupB: "unga män"}
	b, err := Difference(sampleDifference(), opt, SVG)
	if err != nil {
		t.Fatal(err)
	}
	all := parseSVG(t, b).allText()
	for _, want := range []string{
		"+4,6 p.e.*", "−3,9 p.e.*", "+1,3 p.e.", "−0,4 p.e.", // signed, typographic minus, * when marked
		"← högre för unga män", "högre för unga kvinnor →",
		swedish.marked, swedish.unmarked, "för få svar",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("SVG text lacks %q", want)
		}
	}
	if strings.Contains(all, "+1,3 p.e.*") {
		t.Error("unmarked difference +1,3 carries the marked asterisk")
	}
}
