package forecast

// The simple methods: naive, seasonal naive, the mean, and Croston/SBA for
// intermittent buying. Each fills out (one point per horizon month) from the
// history y and returns a fit carrying what the interval needs: the in-sample
// one-step errors and the parameters that say how errors compound.

// Season is the length of a season in months: buying repeats by the year.
const Season = 12

// fit is one method fitted to one history.
type fit struct {
	method Method
	// sse and nerr are the sum of squared in-sample one-step errors and
	// their count, for the interval's sigma.
	sse  float64
	nerr int
	// Smoothing parameters (0 where the method has none); phi is the trend
	// damping.
	alpha, beta, gamma, phi float64
	// period is the length of the pattern seasonal naive repeats: Season,
	// or the fallback min(len(y), horizon) with a short history.
	period int
	// size and interval are Croston's smoothed order size and months
	// between orders.
	size, interval float64
}

// naive repeats the last month: the forecast of a random walk.
func naive(y, out []float64) fit {
	f := fit{method: Naive}
	last := y[len(y)-1]
	for i := range out {
		out[i] = last
	}
	for t := 1; t < len(y); t++ {
		e := y[t] - y[t-1]
		f.sse += e * e
		f.nerr++
	}
	return f
}

// seasonalNaive repeats the same month a season earlier. With fewer than
// Season months of history it falls back to repeating the last
// min(len(y), h) months in order — for a quarter, "next quarter is like the
// last one" — which is the best a history without a year in it can say.
// The in-sample errors are the differences at that period.
func seasonalNaive(y, out []float64) fit {
	n := len(y)
	p := Season
	if n < Season {
		p = min(n, len(out))
	}
	f := fit{method: SeasonalNaive, period: p}
	for i := range out {
		out[i] = y[n-p+i%p]
	}
	for t := p; t < n; t++ {
		e := y[t] - y[t-p]
		f.sse += e * e
		f.nerr++
	}
	return f
}

// mean forecasts every month at the history's average: what is left when
// there are too few months to fit anything.
func mean(y, out []float64) fit {
	f := fit{method: Mean}
	m := avg(y)
	for i := range out {
		out[i] = m
	}
	for _, v := range y {
		e := v - m
		f.sse += e * e
		f.nerr++
	}
	return f
}

// crostonAlphas is the grid Croston's smoothing constant is chosen from;
// intermittent series need small ones (Syntetos and Boylan use 0.05–0.2).
var crostonAlphas = [...]float64{0.05, 0.1, 0.2, 0.3}

// croston is Croston's method with the Syntetos–Boylan approximation (SBA):
// order sizes z and months between orders p are smoothed separately, at
// the months an order (a non-zero month) comes, and the monthly rate is
// (1 - α/2)·z/p, the factor removing Croston's known upward bias. It
// starts from the history's average size and average interval, so that a
// short history does not start from one arbitrary order. α is the grid
// value with the least in-sample squared one-step error.
func croston(y, out []float64) fit {
	best := fit{method: Croston, sse: inf}
	for _, a := range crostonAlphas {
		z, p, sse, nerr := crostonWith(y, a)
		if sse < best.sse {
			best = fit{method: Croston, sse: sse, nerr: nerr, alpha: a, size: z, interval: p}
		}
	}
	rate := sba(best.size, best.interval, best.alpha)
	for i := range out {
		out[i] = rate
	}
	return best
}

// crostonWith runs Croston/SBA with a given α and returns the final size,
// interval and in-sample one-step squared error.
func crostonWith(y []float64, a float64) (z, p, sse float64, nerr int) {
	count := 0
	for _, v := range y {
		if v != 0 {
			z += v
			count++
		}
	}
	if count == 0 {
		return 0, float64(len(y)), 0, 0
	}
	z /= float64(count)
	p = float64(len(y)) / float64(count)
	q := 1.0 // months since the previous order, counting this one
	for _, v := range y {
		e := v - sba(z, p, a)
		sse += e * e
		nerr++
		if v != 0 {
			z += a * (v - z)
			p += a * (q - p)
			q = 1
		} else {
			q++
		}
	}
	return z, p, sse, nerr
}

// sba is the Syntetos–Boylan rate for size z every p months.
func sba(z, p, a float64) float64 {
	if p < 1 {
		p = 1
	}
	return (1 - a/2) * z / p
}

// avg is the arithmetic mean, 0 for no values.
func avg(y []float64) float64 {
	if len(y) == 0 {
		return 0
	}
	s := 0.0
	for _, v := range y {
		s += v
	}
	return s / float64(len(y))
}

// nonZero counts the months with any net revenue; positive counts the
// months that bought more than they credited.
func nonZero(y []float64) (nonzero, positive int) {
	for _, v := range y {
		if v != 0 {
			nonzero++
		}
		if v > 0 {
			positive++
		}
	}
	return nonzero, positive
}
