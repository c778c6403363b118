package chart

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
)

// chartCase renders one chart type with the given options.
type chartCase struct {
	name   string
	render func(Options, Format) ([]byte, error)
	labels []string // texts the SVG must contain
}

func chartCases() []chartCase {
	days, sites := sampleDays()
	return []chartCase{
		{"Shares", func(o Options, f Format) ([]byte, error) { return Shares(sampleBars(), o, f) },
			[]string{"Må bra", "Vänner och gemenskap", "Stöd från Försäkringskassan", "Stöd från Arbetsförmedlingen", "Hälsa & vård <snabbt>"}},
		{"Groups", func(o Options, f Format) ([]byte, error) { return Groups(samplePanels(), o, f) },
			[]string{"Unga kvinnor 16–24", "Unga män 16–24", "Må bra", "Vänner och gemenskap", "Stöd från Försäkringskassan"}},
		{"Difference", func(o Options, f Format) ([]byte, error) { return Difference(sampleDifference(), o, f) },
			[]string{"Må bra", "Vänner och gemenskap", "Stöd från Försäkringskassan", "Trygghet i området"}},
		{"Timeline", func(o Options, f Format) ([]byte, error) { return Timeline(days, sites, o, f) },
			[]string{"Fryshuset Husby", "Biblioteket Skärholmen", "Öppna förskolan", "2 feb"}},
	}
}

func TestPNGSizeAndInk(t *testing.T) {
	for _, tc := range chartCases() {
		for _, size := range [][2]int{{800, 600}, {480, 1000}} {
			t.Run(fmt.Sprintf("%s/%dx%d", tc.name, size[0], size[1]), func(t *testing.T) {
				b, err := tc.render(Options{Title: "Åsikter – målgrupp", Width: size[0], Height: size[1], ValueSuffix: "%"}, PNG)
				if err != nil {
					t.Fatal(err)
				}
				img := decodePNG(t, b, size[0], size[1])
				if ink := inkShare(img); ink < 0.03 || ink > 0.6 {
					t.Errorf("share of non-white pixels = %.3f, want 0.03…0.6", ink)
				}
			})
		}
	}
}

func TestAutoHeightFitsContent(t *testing.T) {
	short, err := Shares(sampleBars()[:3], Options{Title: "Tre"}, SVG)
	if err != nil {
		t.Fatal(err)
	}
	long, err := Shares(sampleBars(), Options{Title: "Tio"}, SVG)
	if err != nil {
		t.Fatal(err)
	}
	hs, _ := strconv.Atoi(parseSVG(t, short).height)
	hl, _ := strconv.Atoi(parseSVG(t, long).height)
	if hs < minHeight || hs >= hl {
		t.Errorf("auto height with 3 bars = %d, with 10 bars = %d; want %d ≤ first < second", hs, hl, minHeight)
	}
}

func TestOutputIsDeterministic(t *testing.T) {
	for _, tc := range chartCases() {
		for _, f := range []Format{PNG, SVG} {
			t.Run(tc.name+"/"+f.String(), func(t *testing.T) {
				opt := Options{Title: "Två gånger", ValueSuffix: "%"}
				a, err := tc.render(opt, f)
				if err != nil {
					t.Fatal(err)
				}
				b, err := tc.render(opt, f)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(a, b) {
					t.Errorf("two renders of the same input differ (%d vs %d bytes)", len(a), len(b))
				}
			})
		}
	}
}

func TestDifferentInputsGiveDifferentImages(t *testing.T) {
	opt := Options{Width: 640, Height: 420, ValueSuffix: "%"}
	a, err := Shares(sampleBars(), opt, PNG)
	if err != nil {
		t.Fatal(err)
	}
	changed := sampleBars()
	changed[0].Value, changed[0].High = 25.0, 28.0
	b, err := Shares(changed, opt, PNG)
	if err != nil {
		t.Fatal(err)
	}
	ia, ib := decodePNG(t, a, 640, 420), decodePNG(t, b, 640, 420)
	differ := 0
	for y := 0; y < 420; y++ {
		for x := 0; x < 640; x++ {
			if grey(ia.At(x, y)) != grey(ib.At(x, y)) {
				differ++
			}
		}
	}
	if differ < 200 {
		t.Errorf("%d pixels differ after changing the top bar, want at least 200", differ)
	}
}

func TestSVGWellFormedWithLabels(t *testing.T) {
	for _, tc := range chartCases() {
		t.Run(tc.name, func(t *testing.T) {
			b, err := tc.render(Options{Title: "Vad är viktigt? <alla> & \"några\"", Width: 900, Height: 640, ValueSuffix: "%"}, SVG)
			if err != nil {
				t.Fatal(err)
			}
			doc := parseSVG(t, b)
			doc.checkSize(t, 900, 640)
			all := doc.allText()
			for _, want := range append(tc.labels, "Vad är viktigt? <alla> & \"några\"") {
				if !strings.Contains(all, want) {
					t.Errorf("SVG text lacks %q", want)
				}
			}
			if bytes.Contains(b, []byte("'Go")) {
				t.Error("SVG still names the Go font family, which browsers do not have")
			}
		})
	}
}

func TestErrors(t *testing.T) {
	nan := []Bar{{Label: "a", Value: math.NaN()}}
	tests := []struct {
		name   string
		render func() ([]byte, error)
		is     error  // when set, errors.Is must hold
		substr string // otherwise the message must contain this
	}{
		{"no bars", func() ([]byte, error) { return Shares(nil, Options{}, PNG) }, ErrNoData, ""},
		{"no panels", func() ([]byte, error) { return Groups(nil, Options{}, PNG) }, ErrNoData, ""},
		{"no differences", func() ([]byte, error) { return Difference(nil, Options{}, SVG) }, ErrNoData, ""},
		{"no days", func() ([]byte, error) { return Timeline(nil, nil, Options{}, SVG) }, ErrNoData, ""},
		{"NaN value", func() ([]byte, error) { return Shares(nan, Options{}, PNG) }, nil, "not a finite number"},
		{"NaN in panel", func() ([]byte, error) { return Groups([]Panel{{Title: "A", Bars: nan}}, Options{}, PNG) }, nil, `panel 0 ("A")`},
		{"low above high", func() ([]byte, error) {
			return Difference([]Bar{{Label: "a", Value: 1, Low: 2, High: 0}}, Options{}, PNG)
		}, nil, "low 2 above high 0"},
		{"too narrow", func() ([]byte, error) { return Shares(sampleBars(), Options{Width: 100}, PNG) }, nil, "width 100"},
		{"too low for rows", func() ([]byte, error) { return Shares(sampleBars(), Options{Height: 130}, PNG) }, nil, "do not fit"},
		{"negative max", func() ([]byte, error) { return Shares(sampleBars(), Options{Max: -1}, PNG) }, nil, "max -1"},
		{"label twice in panel", func() ([]byte, error) {
			return Groups([]Panel{{Title: "A", Bars: []Bar{{Label: "x"}, {Label: "x"}}}}, Options{}, PNG)
		}, nil, `label "x" twice`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := tc.render()
			switch {
			case err == nil:
				t.Fatalf("got %d bytes and no error", len(b))
			case tc.is != nil && !errors.Is(err, tc.is):
				t.Errorf("error = %v, want %v", err, tc.is)
			case tc.is == nil && !strings.Contains(err.Error(), tc.substr):
				t.Errorf("error = %q, want it to contain %q", err, tc.substr)
			}
		})
	}
}

func TestParseFormat(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    Format
		wantErr bool
	}{{"png", PNG, false}, {"SVG", SVG, false}, {"gif", 0, true}} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseFormat(tc.in)
			if (err != nil) != tc.wantErr || got != tc.want {
				t.Errorf("ParseFormat(%q) = %v, %v; want %v, error %v", tc.in, got, err, tc.want, tc.wantErr)
			}
		})
	}
	if PNG.ContentType() != "image/png" || SVG.ContentType() != "image/svg+xml" {
		t.Errorf("content types = %q, %q", PNG.ContentType(), SVG.ContentType())
	}
}
