package chart

import "testing"

// BenchmarkShares renders the ten-item shares chart of a typical result page.
func BenchmarkShares(b *testing.B) {
	bars := sampleBars()
	opt := Options{Title: "Vad är viktigast för unga vuxna i Järva?", ValueSuffix: "%",
		Note: "Relativt värde: andelar som summerar till 100. Strecken visar 95 %-intervall."}
	for _, f := range []Format{PNG, SVG} {
		b.Run(f.String(), func(b *testing.B) {
			b.ReportAllocs()
			var size int
			for b.Loop() {
				out, err := Shares(bars, opt, f)
				if err != nil {
					b.Fatal(err)
				}
				size = len(out)
			}
			b.ReportMetric(float64(size), "bytes/image")
		})
	}
}
