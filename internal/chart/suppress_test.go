package chart

import (
	"strings"
	"testing"
)

// Numbers of suppressed bars and panels that must never appear.
var secretNumbers = []string{"37", "33", "41"}

func TestSharesSuppressedBarShowsTextNotNumbers(t *testing.T) {
	bars := []Bar{
		{Label: "Må bra", Value: 20.5, Low: 18.2, High: 22.6},
		{Label: "Trygghet i området", Value: 37.7, Low: 33.3, High: 41.1, Suppressed: true},
		{Label: "Vänner och gemenskap", Value: 12.1, Low: 10.4, High: 14.8},
	}
	b, err := Shares(bars, Options{SuppressedText: "för få svar", ValueSuffix: "%"}, SVG)
	if err != nil {
		t.Fatal(err)
	}
	doc := parseSVG(t, b)
	all := doc.allText()
	for _, n := range secretNumbers {
		if strings.Contains(all, n) {
			t.Errorf("SVG text contains %q of the suppressed bar: %q", n, all)
		}
	}
	// Every text on the suppressed bar's row: its label and the
	// suppressed text, and no digit.
	row := textsOnRowOf(t, doc, "Trygghet i området")
	var bodies []string
	for _, tx := range row {
		bodies = append(bodies, tx.body)
		if hasDigit(tx.body) {
			t.Errorf("text %q on the suppressed row has a digit", tx.body)
		}
	}
	if got := strings.Join(bodies, "|"); got != "Trygghet i området|för få svar" {
		t.Errorf("texts on the suppressed row = %q, want label and suppressed text", got)
	}
	if last := doc.texts[len(doc.texts)-1].body; last != "för få svar" {
		t.Errorf("last text = %q; want the suppressed bar sorted last", last)
	}
}

// textsOnRowOf returns the texts whose baseline is within 4 px of the text
// with the given body.
func textsOnRowOf(t *testing.T, doc svgDoc, body string) []svgText {
	t.Helper()
	y := -1
	for _, tx := range doc.texts {
		if tx.body == body {
			y = tx.y
		}
	}
	if y < 0 {
		t.Fatalf("no text %q", body)
	}
	var out []svgText
	for _, tx := range doc.texts {
		if tx.y >= y-4 && tx.y <= y+4 {
			out = append(out, tx)
		}
	}
	return out
}

func TestGroupsSuppressedPanelShowsTextNotNumbers(t *testing.T) {
	shown := []Bar{
		{Label: "Må bra", Value: 20.5, Low: 18.2, High: 22.6},
		{Label: "Vänner och gemenskap", Value: 12.1, Low: 10.4, High: 14.8},
	}
	hidden := []Bar{
		{Label: "Må bra", Value: 37.7, Low: 33.3, High: 41.1},
		{Label: "Vänner och gemenskap", Value: 41.9, Low: 37.2, High: 43.3},
	}
	panels := []Panel{
		{Title: "Unga kvinnor 16–24", Bars: shown},
		{Title: "Unga män 16–24", Bars: hidden, Suppressed: true},
	}
	b, err := Groups(panels, Options{Width: 700, ValueSuffix: "%"}, SVG)
	if err != nil {
		t.Fatal(err)
	}
	doc := parseSVG(t, b)
	all := doc.allText()
	for _, n := range secretNumbers {
		if strings.Contains(all, n) {
			t.Errorf("SVG text contains %q of the suppressed panel: %q", n, all)
		}
	}
	// The suppressed panel is the right column: every text from its title's
	// x rightwards is the title or the suppressed text.
	left := -1
	for _, tx := range doc.texts {
		if tx.body == "Unga män 16–24" {
			left = tx.x
		}
	}
	if left < 350 {
		t.Fatalf("title of the suppressed panel at x = %d, want a right-hand column", left)
	}
	var inPanel []string
	for _, tx := range doc.texts {
		if tx.x >= left-20 {
			inPanel = append(inPanel, tx.body)
		}
	}
	if got := strings.Join(inPanel, "|"); got != "Unga män 16–24|för få svar" {
		t.Errorf("texts in the suppressed panel = %q, want only its title and the suppressed text", got)
	}
}

func TestGroupsAllSuppressedHasNoNumbers(t *testing.T) {
	panels := []Panel{
		{Title: "Unga män 16–24", Bars: sampleBars(), Suppressed: true},
		{Title: "Icke-binära 16–24", Bars: sampleBars(), Suppressed: true},
	}
	b, err := Groups(panels, Options{Title: "Målgrupper", SuppressedText: "för få svar"}, SVG)
	if err != nil {
		t.Fatal(err)
	}
	suppressed := 0
	for _, tx := range parseSVG(t, b).texts {
		switch tx.body {
		case "Unga män 16–24", "Icke-binära 16–24":
			continue
		case "för få svar":
			suppressed++
		}
		if hasDigit(tx.body) {
			t.Errorf("text %q has a digit; no numbers may show when every panel is suppressed", tx.body)
		}
	}
	if suppressed != 2 {
		t.Errorf("suppressed text shown %d times, want once per panel (2)", suppressed)
	}
}

func TestAllBarsSuppressedHasNoNumbers(t *testing.T) {
	bars := []Bar{
		{Label: "Må bra", Value: 37.7, Low: 33.3, High: 41.1, Suppressed: true},
		{Label: "Stöd från Försäkringskassan", Value: -4.1, Low: -7.3, High: -1.2, Marked: true, Suppressed: true},
	}
	opt := Options{Title: "Alla dolda", ValueSuffix: "%", MarkedText: "säker", UnmarkedText: "osäker", GroupA: "A", GroupB: "B"}
	for name, render := range map[string]func(Options, Format) ([]byte, error){
		"Shares":     func(o Options, f Format) ([]byte, error) { return Shares(bars, o, f) },
		"Difference": func(o Options, f Format) ([]byte, error) { return Difference(bars, o, f) },
	} {
		t.Run(name, func(t *testing.T) {
			b, err := render(opt, SVG)
			if err != nil {
				t.Fatal(err)
			}
			suppressed := 0
			for _, tx := range parseSVG(t, b).texts {
				if tx.body == "för få svar" {
					suppressed++
				}
				if hasDigit(tx.body) {
					t.Errorf("text %q has a digit; want no numbers when every bar is suppressed", tx.body)
				}
			}
			if suppressed != len(bars) {
				t.Errorf("suppressed text shown %d times, want %d", suppressed, len(bars))
			}
		})
	}
}
