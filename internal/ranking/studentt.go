package ranking

import "math"

// tQuantile returns t with P(|T| <= t) = level for Student's t with df
// degrees of freedom; df <= 0 or very large means the normal quantile. It
// solves the distribution function by Newton's method from the
// Cornish–Fisher expansion, to about 1e-12.
func tQuantile(level, df float64) float64 {
	z := normalQuantile(level)
	if df <= 0 || df > 1e7 || math.IsInf(df, 1) {
		return z
	}
	p := (1 + level) / 2
	// Cornish–Fisher start (Abramowitz & Stegun 26.7.5).
	z3, z5 := z*z*z, z*z*z*z*z
	t := z + (z3+z)/(4*df) + (5*z5+16*z3+3*z)/(96*df*df)
	if df < 3 {
		t = math.Max(t, z)
	}
	for range 100 {
		f := tCDF(t, df) - p
		d := tPDF(t, df)
		if d <= 0 {
			break
		}
		step := f / d
		if step > t/2 { // keep t positive
			step = t / 2
		}
		t -= step
		if math.Abs(step) < 1e-12*math.Max(1, t) {
			break
		}
	}
	return t
}

// tPDF is the density of Student's t with df degrees of freedom.
func tPDF(t, df float64) float64 {
	la, _ := math.Lgamma((df + 1) / 2)
	lb, _ := math.Lgamma(df / 2)
	return math.Exp(la - lb - 0.5*math.Log(df*math.Pi) - (df+1)/2*math.Log1p(t*t/df))
}

// tCDF is P(T <= t) for Student's t with df degrees of freedom.
func tCDF(t, df float64) float64 {
	x := df / (df + t*t)
	tail := 0.5 * regIncBeta(df/2, 0.5, x)
	if t >= 0 {
		return 1 - tail
	}
	return tail
}

// regIncBeta is the regularised incomplete beta function I_x(a, b), by the
// continued fraction of Numerical Recipes §6.4 (modified Lentz).
func regIncBeta(a, b, x float64) float64 {
	switch {
	case x <= 0:
		return 0
	case x >= 1:
		return 1
	}
	la, _ := math.Lgamma(a + b)
	lb, _ := math.Lgamma(a)
	lc, _ := math.Lgamma(b)
	front := math.Exp(la - lb - lc + a*math.Log(x) + b*math.Log1p(-x))
	if x < (a+1)/(a+b+2) {
		return front * betaCF(a, b, x) / a
	}
	return 1 - front*betaCF(b, a, 1-x)/b
}

func betaCF(a, b, x float64) float64 {
	const tiny = 1e-300
	c, d := 1.0, 1-(a+b)*x/(a+1)
	if math.Abs(d) < tiny {
		d = tiny
	}
	d = 1 / d
	h := d
	for m := 1; m <= 300; m++ {
		fm := float64(m)
		num := fm * (b - fm) * x / ((a + 2*fm - 1) * (a + 2*fm))
		d, c = 1+num*d, 1+num/c
		d, c = nonTiny(d, tiny), nonTiny(c, tiny)
		d = 1 / d
		h *= d * c
		num = -(a + fm) * (a + b + fm) * x / ((a + 2*fm) * (a + 2*fm + 1))
		d, c = 1+num*d, 1+num/c
		d, c = nonTiny(d, tiny), nonTiny(c, tiny)
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < 1e-15 {
			break
		}
	}
	return h
}

func nonTiny(x, tiny float64) float64 {
	if math.Abs(x) < tiny {
		return tiny
	}
	return x
}
