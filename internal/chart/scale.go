package chart

import "math"

// maxIntervals is the most tick intervals an axis gets, however long.
const maxIntervals = 8

// axis is a linear value axis with round ticks, mapped onto pixels [p0, p1].
type axis struct {
	lo, hi   float64
	step     float64
	decimals int // decimals a tick label needs
	p0, p1   int
}

// niceAxis returns an axis from lo to hi, widened to whole ticks, of
// length pixels with ticks at least labelPx apart: the smallest round step
// that leaves labelPx between ticks and makes at most maxIntervals. integer
// restricts steps to whole numbers.
func niceAxis(lo, hi float64, length, labelPx int, integer bool) axis {
	if hi-lo < 1e-9 {
		hi = lo + 1
	}
	raw := (hi - lo) / 20
	for {
		a := axisWithStep(lo, hi, niceStep(raw, integer))
		n := (a.hi - a.lo) / a.step
		if n <= 1 || (n <= maxIntervals && float64(length)/n >= float64(labelPx)) {
			return a
		}
		raw = a.step * 1.001
	}
}

// axisWithStep widens lo and hi to multiples of step.
func axisWithStep(lo, hi, step float64) axis {
	a := axis{
		lo:   step * math.Floor(lo/step+1e-9),
		hi:   step * math.Ceil(hi/step-1e-9),
		step: step,
	}
	for a.decimals = 0; a.decimals < 4; a.decimals++ {
		scaled := step * math.Pow10(a.decimals)
		if math.Abs(scaled-math.Round(scaled)) < 1e-6 {
			break
		}
	}
	return a
}

// niceStep is the smallest of 1, 2, 5 times a power of ten that is at least
// raw; 25, 250… are allowed too, but not 2.5 or 0.25, whose ticks would need
// an extra decimal.
func niceStep(raw float64, integer bool) float64 {
	if integer && raw <= 1 {
		return 1
	}
	mag := math.Pow10(int(math.Floor(math.Log10(raw))))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		s := m * mag
		if (m == 2.5 && mag < 10) || (integer && s != math.Trunc(s)) {
			continue
		}
		if s >= raw*(1-1e-9) {
			return s
		}
	}
	return 10 * mag
}

// ticks returns the tick values from lo to hi.
func (a axis) ticks() []float64 {
	n := int(math.Round((a.hi - a.lo) / a.step))
	out := make([]float64, 0, n+1)
	for i := 0; i <= n; i++ {
		v := a.lo + float64(i)*a.step
		out = append(out, math.Round(v*1e9)/1e9)
	}
	return out
}

// px maps a value to a pixel, clamped to the axis ends.
func (a axis) px(v float64) int {
	v = math.Max(a.lo, math.Min(a.hi, v))
	return a.p0 + int(math.Round((v-a.lo)/(a.hi-a.lo)*float64(a.p1-a.p0)))
}
