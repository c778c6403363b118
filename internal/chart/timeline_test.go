package chart

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func day(d int) time.Time { return time.Date(2026, 3, d, 14, 30, 0, 0, time.UTC) }

func TestTabulate(t *testing.T) {
	points := []DayCount{
		{Day: day(2), Series: "Husby", Count: 3},
		{Day: day(5), Series: "Husby", Count: 1},
		{Day: day(5).Add(2 * time.Hour), Series: "Husby", Count: 4}, // same day: added
		{Day: day(4), Series: "Kista", Count: 7},
	}
	tb, err := tabulate(points, []string{"Kista", "Husby"})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]int{{0, 0, 7, 0}, {3, 0, 0, 5}}
	if !slices.EqualFunc(tb.counts, want, slices.Equal) {
		t.Errorf("counts = %v, want %v", tb.counts, want)
	}
	if !slices.Equal(tb.from, []int{2, 0}) || !slices.Equal(tb.to, []int{2, 3}) || tb.max != 7 {
		t.Errorf("from, to, max = %v, %v, %d; want [2 0], [2 3], 7", tb.from, tb.to, tb.max)
	}
	if !tb.first.Equal(time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("first day = %v, want 2026-03-02", tb.first)
	}
	derived, err := tabulate(points, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(derived.series, []string{"Husby", "Kista"}) {
		t.Errorf("series without a list = %q, want order of first appearance", derived.series)
	}
}

func TestTabulateErrors(t *testing.T) {
	tests := []struct {
		name   string
		points []DayCount
		series []string
		want   string
	}{
		{"unknown series", []DayCount{{Day: day(1), Series: "Rinkeby", Count: 1}}, []string{"Husby"}, `series "Rinkeby" not in`},
		{"negative count", []DayCount{{Day: day(1), Series: "Husby", Count: -2}}, nil, "negative count -2"},
		{"span too long", []DayCount{{Day: day(1), Series: "a"}, {Day: day(1).AddDate(5, 0, 0), Series: "a"}}, nil, "at most 1000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tabulate(tc.points, tc.series)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestTimelineLabels(t *testing.T) {
	days, sites := sampleDays()
	for _, tc := range []struct {
		lang, want string
	}{{"sv", "4 feb"}, {"en", "Feb 4"}} {
		t.Run(tc.lang, func(t *testing.T) {
			b, err := Timeline(days, sites, Options{Lang: tc.lang, Width: 720, Height: 400}, SVG)
			if err != nil {
				t.Fatal(err)
			}
			doc := parseSVG(t, b)
			doc.checkSize(t, 720, 400)
			all := doc.allText()
			for _, want := range append(slices.Clone(sites), tc.want) {
				if !strings.Contains(all, want) {
					t.Errorf("SVG text lacks %q", want)
				}
			}
		})
	}
}

func TestTimelineSingleDay(t *testing.T) {
	b, err := Timeline([]DayCount{{Day: day(9), Series: "Husby", Count: 12}}, nil, Options{Width: 400, Height: 300}, PNG)
	if err != nil {
		t.Fatal(err)
	}
	if ink := inkShare(decodePNG(t, b, 400, 300)); ink < 0.01 {
		t.Errorf("share of non-white pixels = %.3f, want a drawn chart", ink)
	}
}
