package forecast

// Exponential smoothing in error-correction form (Hyndman and
// Athanasopoulos, Forecasting: Principles and Practice, ch. 8): simple,
// Holt with a damped trend, and Holt-Winters with a damped trend and
// additive or multiplicative seasonality. Parameters come from a small
// grid, the point with the least in-sample squared one-step error; a grid
// is enough at monthly resolution and costs microseconds, where an
// optimiser would cost more and could wander off on three data points.

import "math"

var (
	sesAlphas  = [...]float64{0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9}
	holtAlphas = [...]float64{0.1, 0.2, 0.3, 0.5, 0.8}
	holtBetas  = [...]float64{0.02, 0.05, 0.1, 0.2}
	holtPhis   = [...]float64{0.8, 0.9, 0.98}
	hwAlphas   = [...]float64{0.1, 0.3, 0.5}
	hwBetas    = [...]float64{0.01, 0.05}
	hwGammas   = [...]float64{0.05, 0.2}
	hwPhis     = [...]float64{0.9, 0.98}
)

// ses is simple exponential smoothing: the level l moves a share α of each
// month's surprise, l ← l + α(y − l), starting at the first month; every
// horizon month is forecast at the final level.
func ses(y, out []float64) fit {
	best := fit{method: SES, sse: inf}
	level := 0.0
	for _, a := range sesAlphas {
		l, sse, nerr := sesWith(y, a)
		if sse < best.sse {
			best = fit{method: SES, sse: sse, nerr: nerr, alpha: a}
			level = l
		}
	}
	for i := range out {
		out[i] = level
	}
	return best
}

func sesWith(y []float64, a float64) (level, sse float64, nerr int) {
	level = y[0]
	for _, v := range y[1:] {
		e := v - level
		sse += e * e
		nerr++
		level += a * e
	}
	return level, sse, nerr
}

// holt is Holt's linear method with a damped trend: level l and trend b,
// one-step forecast l + φb, then l ← l + φb + αe and b ← φb + βe. It starts
// at the first month with no trend, so a trend must show in the data to be
// learnt; the forecast k months out is l + (φ + … + φ^k)·b, a trend that
// fades rather than running on for ever, which is what makes damped trends
// the safer default for sales.
func holt(y, out []float64) fit {
	best := fit{method: Holt, sse: inf}
	var level, trend float64
	for _, a := range holtAlphas {
		for _, b := range holtBetas {
			if b > a {
				continue
			}
			for _, phi := range holtPhis {
				l, tr, sse, nerr := holtWith(y, a, b, phi, best.sse)
				if sse < best.sse {
					best = fit{method: Holt, sse: sse, nerr: nerr, alpha: a, beta: b, phi: phi}
					level, trend = l, tr
				}
			}
		}
	}
	damped := 0.0
	pow := 1.0
	for i := range out {
		pow *= best.phi
		damped += pow
		out[i] = level + damped*trend
	}
	return best
}

// holtWith runs Holt's damped method with given parameters. It stops
// early, returning an sse of at least limit, once the error passes limit:
// the grid search only needs to know that the point lost.
func holtWith(y []float64, a, b, phi, limit float64) (level, trend, sse float64, nerr int) {
	level = y[0]
	for _, v := range y[1:] {
		f := level + phi*trend
		e := v - f
		sse += e * e
		nerr++
		if sse >= limit {
			return level, trend, sse, nerr
		}
		level = f + a*e
		trend = phi*trend + b*e
	}
	return level, trend, sse, nerr
}

// holtWinters adds a 12-month seasonal pattern to the damped Holt method;
// it needs two full seasons (the caller checks). The first two seasons set
// the start: level at the first season's mean, trend from the change of
// mean between the two seasons, seasonal indices as each month of the
// first season against the trend line (differences when additive, ratios
// when multiplicative). Multiplicative seasonality is only tried on a
// history whose every month is positive, since a ratio to a zero or
// negative month means nothing.
func holtWinters(y, out []float64, multiplicative bool) fit {
	m := HoltWintersAdditive
	if multiplicative {
		m = HoltWintersMultiplicative
	}
	best := fit{method: m, sse: inf}
	var state hwState
	for _, a := range hwAlphas {
		for _, b := range hwBetas {
			for _, g := range hwGammas {
				for _, phi := range hwPhis {
					s, sse, nerr, ok := hwWith(y, a, b, g, phi, multiplicative, best.sse)
					if ok && sse < best.sse {
						best = fit{method: m, sse: sse, nerr: nerr, alpha: a, beta: b, gamma: g, phi: phi}
						state = s
					}
				}
			}
		}
	}
	if best.sse == inf { // no grid point stayed well-defined: carry the level
		return ses(y, out)
	}
	damped, pow := 0.0, 1.0
	n := len(y)
	for i := range out {
		pow *= best.phi
		damped += pow
		base := state.level + damped*state.trend
		s := state.season[(n+i)%Season]
		if multiplicative {
			out[i] = base * s
		} else {
			out[i] = base + s
		}
	}
	return best
}

type hwState struct {
	level, trend float64
	season       [Season]float64
}

// hwWith runs Holt-Winters with given parameters over y (len ≥ 2 seasons);
// ok is false when a multiplicative run meets a base at or below zero, or
// when the error passes limit (the grid point lost: no need to go on).
func hwWith(y []float64, a, b, g, phi float64, mult bool, limit float64) (s hwState, sse float64, nerr int, ok bool) {
	m1, m2 := avg(y[:Season]), avg(y[Season:2*Season])
	s.trend = (m2 - m1) / Season
	for i := range Season {
		line := m1 + (float64(i)-5.5)*s.trend
		if mult {
			if line <= 0 {
				return s, 0, 0, false
			}
			s.season[i] = y[i] / line
		} else {
			s.season[i] = y[i] - line
		}
	}
	s.level = m1 + 5.5*s.trend // the trend line at the season's last month
	for t := Season; t < len(y); t++ {
		base := s.level + phi*s.trend
		i := t % Season
		var f float64
		if mult {
			if base <= 0 || s.season[i] <= 1e-9 {
				return s, 0, 0, false
			}
			f = base * s.season[i]
		} else {
			f = base + s.season[i]
		}
		e := y[t] - f
		sse += e * e
		nerr++
		if sse >= limit {
			return s, sse, nerr, false
		}
		if mult {
			s.level = base + a*e/s.season[i]
			s.trend = phi*s.trend + b*e/s.season[i]
			s.season[i] += g * e / base
		} else {
			s.level = base + a*e
			s.trend = phi*s.trend + b*e
			s.season[i] += g * e
		}
	}
	ok = finite(sse) && finite(s.level) && finite(s.trend)
	for _, v := range s.season {
		ok = ok && finite(v)
	}
	return s, sse, nerr, ok
}

// finite reports whether v is neither NaN nor infinite.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
