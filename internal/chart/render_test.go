package chart

import (
	"os"
	"path/filepath"
	"testing"
	"time"
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

// TestRenderFiles renders every chart type in both formats to t.TempDir()
// (and to $VFV_CHART_DIR when set) so they can be looked at; run with -v to
// see the paths.
func TestRenderFiles(t *testing.T) {
	dir := t.TempDir()
	if d := os.Getenv("VFV_CHART_DIR"); d != "" {
		dir = d
	}
	opt := Options{ValueSuffix: "%", Note: "Relativt värde: andelar som summerar till 100. Strecken visar 95 %-intervall."}
	days, sites := sampleDays()
	charts := map[string]func(Format) ([]byte, error){
		"shares": func(f Format) ([]byte, error) {
			o := opt
			o.Title = "Vad är viktigast för unga vuxna i Järva?"
			return Shares(sampleBars(), o, f)
		},
		"groups": func(f Format) ([]byte, error) {
			o := opt
			o.Title = "Relativt värde per målgrupp"
			return Groups(samplePanels(), o, f)
		},
		"difference": func(f Format) ([]byte, error) {
			o := opt
			o.Title, o.ValueSuffix, o.GroupA, o.GroupB = "Skillnad unga kvinnor − unga män", " p.e.", "unga kvinnor", "unga män"
			return Difference(sampleDifference(), o, f)
		},
		"shares-narrow": func(f Format) ([]byte, error) {
			bars := sampleBars()
			bars[7].Suppressed = true
			bars = append(bars, Bar{Label: "الصحة الجيدة", Value: 3.1, Low: 2.2, High: 4.0})
			return Shares(bars, Options{Title: "Smal: 360 px bred, lång titel som får radbrytas", Width: 360, Height: 480, ValueSuffix: " %"}, f)
		},
		"groups-grid": func(f Format) ([]byte, error) {
			p := samplePanels()
			p = append(p, p[0], p[1])
			p[3].Title, p[4].Title = "Unga kvinnor 16–24 i Rinkeby-Kista stadsdelsområde", "Unga män 16–24"
			return Groups(p, Options{Title: "Five groups", Lang: "en", ValueSuffix: "%", Width: 700, Max: 30}, f)
		},
		"timeline": func(f Format) ([]byte, error) {
			return Timeline(days, sites, Options{Title: "Svar per dag och plats"}, f)
		},
	}
	for name, render := range charts {
		for _, f := range []Format{PNG, SVG} {
			b, err := render(f)
			if err != nil {
				t.Fatalf("%s %s: %v", name, f, err)
			}
			p := filepath.Join(dir, name+"."+f.String())
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("wrote %s (%d bytes)", p, len(b))
		}
	}
}
