package chart

import (
	"slices"
	"strings"
	"testing"
)

func TestNumberFormat(t *testing.T) {
	tests := []struct {
		lang, suffix string
		v            float64
		decimals     int
		signed       bool
		want         string
	}{
		{"sv", "%", 12.34, 1, false, "12,3%"},
		{"", " %", 12.36, 1, false, "12,4 %"},
		{"en", "%", 12.34, 1, false, "12.3%"},
		{"sv", "", -3.94, 1, true, "−3,9"},
		{"sv", "", 3.94, 1, true, "+3,9"},
		{"sv", "", -0.04, 1, true, "0,0"},
		{"sv", "", 20, 0, false, "20"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			nf := newNumberFormat(Options{Lang: tc.lang, ValueSuffix: tc.suffix})
			if got := nf.format(tc.v, tc.decimals, tc.signed); got != tc.want {
				t.Errorf("format(%v) = %q, want %q", tc.v, got, tc.want)
			}
		})
	}
}

func TestNiceAxis(t *testing.T) {
	tests := []struct {
		name          string
		lo, hi        float64
		length, label int
		integer       bool
		wantTicks     []float64
	}{
		{"shares wide", 0, 21.2, 400, 40, false, []float64{0, 5, 10, 15, 20, 25}},
		{"shares narrow", 0, 21.2, 120, 32, false, []float64{0, 10, 20, 30}},
		{"difference", -8.9, 8.9, 460, 50, false, []float64{-10, -5, 0, 5, 10}},
		{"counts", 0, 3, 300, 30, true, []float64{0, 1, 2, 3}},
		{"small shares", 0, 0.7, 300, 40, false, []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7}},
		{"all zero", 0, 0, 300, 40, true, []float64{0, 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := niceAxis(tc.lo, tc.hi, tc.length, tc.label, tc.integer).ticks()
			if !slices.Equal(got, tc.wantTicks) {
				t.Errorf("ticks = %v, want %v", got, tc.wantTicks)
			}
		})
	}
}

func TestSortBars(t *testing.T) {
	bars := []Bar{{Label: "a", Value: 1}, {Label: "b", Value: 9, Suppressed: true}, {Label: "c", Value: 5}, {Label: "d", Value: 5}}
	for _, tc := range []struct {
		keep bool
		want string
	}{{false, "cdab"}, {true, "abcd"}} {
		var got string
		for _, b := range sortBars(bars, tc.keep) {
			got += b.Label
		}
		if got != tc.want {
			t.Errorf("sortBars(keep=%v) = %s, want %s", tc.keep, got, tc.want)
		}
	}
}

func TestWrapFitsColumn(t *testing.T) {
	c, err := newCanvas(PNG, 800, "")
	if err != nil {
		t.Fatal(err)
	}
	long := "Stöd från Arbetsförmedlingen"
	if w := c.width(long, styleLabel); w > int(0.42*800) {
		t.Errorf("%q is %d px wide; want it on one line in an 800 px chart", long, w)
	}
	tests := []struct {
		s        string
		maxW     int
		maxLines int
		want     []string
	}{
		{long, 400, 2, []string{long}},
		{long, 120, 2, []string{"Stöd från", "Arbetsförmedlingen"}},
		{"Ett jobb eller en utbildning som känns meningsfull", 150, 2, nil}, // cut, see below
		{"Supercalifragilisticexpialidocious", 60, 2, nil},
	}
	for _, tc := range tests {
		t.Run(tc.s, func(t *testing.T) {
			got := c.wrap(tc.s, tc.maxW, styleLabel, tc.maxLines)
			if tc.want != nil && !slices.Equal(got, tc.want) {
				t.Errorf("wrap = %q, want %q", got, tc.want)
			}
			if len(got) > tc.maxLines {
				t.Errorf("wrap gave %d lines, want at most %d", len(got), tc.maxLines)
			}
			for _, l := range got {
				if w := c.width(l, styleLabel); w > tc.maxW {
					t.Errorf("line %q is %d px, wider than %d", l, w, tc.maxW)
				}
			}
			if tc.want == nil && !strings.HasSuffix(got[len(got)-1], "…") {
				t.Errorf("wrap = %q, want the text cut with an ellipsis", got)
			}
		})
	}
}

func TestFontsHaveSwedishLetters(t *testing.T) {
	c, err := newCanvas(PNG, 800, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []textStyle{styleLabel, styleTitle} {
		for _, r := range "åäöÅÄÖé–−…←→" {
			if c.font(st).Index(r) == 0 {
				t.Errorf("font (strong=%v) has no glyph for %q", st.strong, r)
			}
		}
	}
}

// tickTexts returns the texts that are axis ticks in these tests: a whole
// number and "%" (the values have a decimal comma).
func tickTexts(doc svgDoc) []string {
	var out []string
	for _, tx := range doc.texts {
		if strings.TrimLeft(tx.body, "0123456789") == "%" {
			out = append(out, tx.body)
		}
	}
	return out
}

func TestMaxSetsSharedScale(t *testing.T) {
	small := []Bar{{Label: "Må bra", Value: 8, Low: 6, High: 11}, {Label: "Familj", Value: 3, Low: 2, High: 4}}
	for _, tc := range []struct {
		max      float64
		wantLast string
	}{{0, "12%"}, {40, "40%"}} {
		b, err := Shares(small, Options{Max: tc.max, ValueSuffix: "%", Width: 800}, SVG)
		if err != nil {
			t.Fatal(err)
		}
		ticks := tickTexts(parseSVG(t, b))
		if len(ticks) == 0 || ticks[len(ticks)-1] != tc.wantLast {
			t.Errorf("Max %v: ticks %q, want the last %q", tc.max, ticks, tc.wantLast)
		}
	}
}

func TestGroupsPanelsShareOneScale(t *testing.T) {
	panels := []Panel{
		{Title: "A", Bars: []Bar{{Label: "Må bra", Value: 31, Low: 28, High: 34}, {Label: "Familj", Value: 9, Low: 7, High: 11}}},
		{Title: "B", Bars: []Bar{{Label: "Må bra", Value: 6, Low: 5, High: 7}, {Label: "Familj", Value: 4, Low: 3, High: 5}}},
	}
	b, err := Groups(panels, Options{Width: 800, ValueSuffix: "%"}, SVG)
	if err != nil {
		t.Fatal(err)
	}
	ticks := tickTexts(parseSVG(t, b))
	half := len(ticks) / 2
	if len(ticks)%2 != 0 || !slices.Equal(ticks[:half], ticks[half:]) {
		t.Fatalf("tick labels %q, want the same labels under both panels", ticks)
	}
	if last := ticks[half-1]; last != "35%" {
		t.Errorf("last tick %q, want 35%% (the largest interval end 34 rounded up)", last)
	}
}
