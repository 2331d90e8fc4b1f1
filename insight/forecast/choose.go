package forecast

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
)

// candidates lists the methods the backtest tries on y when its shortest
// fit has nmin months, in the order that wins a tie (simplest first): Holt
// needs four months of history to show a trend (at an origin with fewer
// than three it is scored as the simple smoothing it falls back to),
// Holt-Winters two seasons at every origin, multiplicative seasonality a
// history without a zero or negative month, and Croston a history with
// some months without orders. Naive is not among them: one month carried
// over a quarter is the noisiest estimate of a level there is, and it wins
// short backtests by luck (on the Online Retail holdouts it was picked for
// half the accounts, and picking it made the forecast worse); PredictWith
// still offers it.
func candidates(y []float64, nmin int) []Method {
	out := make([]Method, 0, 6)
	out = append(out, SES)
	nonzero, positive := nonZero(y)
	if nonzero < len(y) {
		out = append(out, Croston)
	}
	if len(y) >= 4 {
		out = append(out, Holt)
	}
	if nmin >= 2*Season {
		out = append(out, HoltWintersAdditive)
		if positive == len(y) {
			out = append(out, HoltWintersMultiplicative)
		}
	}
	return append(out, SeasonalNaive)
}

// fitMethod fits one method to y and fills out, falling back where the
// history cannot carry the method: Holt under three months and
// Holt-Winters under two seasons (or multiplicative with a month at or
// below zero) become simple smoothing.
func fitMethod(m Method, y, out []float64) fit {
	switch m {
	case Naive:
		return naive(y, out)
	case SeasonalNaive:
		return seasonalNaive(y, out)
	case Mean:
		return mean(y, out)
	case Croston:
		return croston(y, out)
	case Holt:
		if len(y) >= 3 {
			return holt(y, out)
		}
	case HoltWintersAdditive, HoltWintersMultiplicative:
		_, positive := nonZero(y)
		mult := m == HoltWintersMultiplicative
		if len(y) >= 2*Season && (!mult || positive == len(y)) {
			return holtWinters(y, out, mult)
		}
	}
	return ses(y, out)
}

// methods lists every method PredictWith takes.
var methods = []Method{Mean, Naive, SeasonalNaive, SES, Holt, HoltWintersAdditive, HoltWintersMultiplicative, Croston}

// maxPool is the most methods a forecast averages, and poolRatio how much
// worse than the best a method's backtest error may be for it to join.
const (
	maxPool   = 3
	poolRatio = 2
)

// choice is what the backtest chose: the methods pooled, each fitted to the
// whole history, and the evidence.
type choice struct {
	fits []fit
	// empirical is the root mean square error of the pooled forecast's
	// total at the origins with a whole horizon after them (0 if none).
	empirical float64
	scores    []Score
	origins   int
	// of is how many candidates there were.
	of int
}

// choose picks the methods for y by rolling-origin backtest: from each of
// the last opt.Origins months (each origin keeping at least two months to
// fit on), every candidate is fitted to the months before the origin and
// its forecast total of the months from the origin (up to the horizon) is
// compared with what was sold. Totals, not single months, are scored
// because the quarter's total is what is forecast: a method that gets the
// amount right but a month early is not wrong.
//
// The forecast is then the average of the candidates with the least sum of
// absolute errors — the best, and those after it whose error is at most
// poolRatio times the best's, never the worst candidate, at most maxPool
// — rather than the single winner: with a handful of origins the winner is
// often a matter of luck, and averaging the methods that did about as well
// (forecast pooling; Kourentzes, Barrow and Petropoulos, 2019) is
// steadier, while a method far ahead, such as seasonal naive on a pattern
// that repeats exactly, is not diluted. On the Online Retail holdouts the
// pool beat the single winner at every as-of month from March to
// September 2011. Each member is refitted on the whole history; out gets
// the average.
func choose(y, out []float64, opt Options) choice {
	n, h := len(y), opt.Horizon
	lo := max(2, n-min(opt.Origins, 24))
	cands := candidates(y, lo)
	c := choice{origins: n - lo, of: len(cands)}
	abs := make([]float64, len(cands))
	totals := make([]float64, len(cands)*c.origins) // [origin][candidate]
	actuals := make([]float64, c.origins)
	buf := make([]float64, h)
	for o := lo; o < n; o++ {
		k := min(h, n-o)
		actuals[o-lo] = sum(y[o : o+k])
		for i, m := range cands {
			fitMethod(m, y[:o], buf)
			got := 0.0
			for _, v := range buf[:k] {
				got += max(v, 0)
			}
			totals[(o-lo)*len(cands)+i] = got
			abs[i] += math.Abs(actuals[o-lo] - got)
		}
	}
	order := make([]int, len(cands))
	c.scores = make([]Score, len(cands))
	for i, m := range cands {
		order[i] = i
		c.scores[i] = Score{Method: m, Error: toMoney(abs[i])}
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(abs[a], abs[b]) })
	pool := order[:1]
	for _, i := range order[1:max(1, min(maxPool, len(cands)-1))] {
		if abs[i] > poolRatio*abs[order[0]] {
			break
		}
		pool = append(pool, i)
	}
	for i := range out {
		out[i] = 0
	}
	full := 0
	for o := lo; o+h <= n; o++ {
		got := 0.0
		for _, i := range pool {
			got += totals[(o-lo)*len(cands)+i]
		}
		e := actuals[o-lo] - got/float64(len(pool))
		c.empirical += e * e
		full++
	}
	if full > 0 {
		c.empirical = math.Sqrt(c.empirical / float64(full))
	}
	for _, i := range pool {
		ft := fitMethod(cands[i], y, buf)
		c.fits = append(c.fits, ft)
		for j, v := range buf {
			out[j] += max(v, 0) / float64(len(pool))
		}
	}
	return c
}

// sigmaTotal is the standard error of the horizon total from the method's
// own error model: one-step errors with the in-sample standard deviation
// σ, compounding as the method's state absorbs them. A surprise in month
// i moves every later forecast by c(k) (k months on), so the total's error
// is Σᵢ eᵢ·(1 + Σ_{k=1}^{h−i} c(k)) and, errors independent, its variance
// σ²·Σᵢ (1 + Σ c(k))². The mean adds its own estimation error, σ²h²/n.
// With fewer than two in-sample errors σ is taken as the mean month
// (a coefficient of variation of one), and an average of under
// MinHistory months is never trusted to vary less than that.
func sigmaTotal(f fit, y []float64, h int) float64 {
	sigma := math.Abs(avg(y))
	if f.nerr >= 2 {
		sigma = math.Sqrt(f.sse / float64(f.nerr))
		if f.method == Mean && len(y) < MinHistory {
			sigma = max(sigma, math.Abs(avg(y)))
		}
	}
	if f.method == Mean {
		n := float64(max(len(y), 1))
		return sigma * math.Sqrt(float64(h)+float64(h*h)/n)
	}
	v := 0.0
	for i := 1; i <= h; i++ {
		cum := 1.0
		for k := 1; k <= h-i; k++ {
			cum += f.c(k)
		}
		v += cum * cum
	}
	return sigma * math.Sqrt(v)
}

// c is how much of a surprise k months ago a method carries into today's
// forecast (Hyndman and Athanasopoulos, table 9.8, for the additive
// models; the multiplicative model is treated like the additive one, an
// approximation that holds for seasonal indices near one).
func (f fit) c(k int) float64 {
	switch f.method {
	case Naive:
		return 1
	case SeasonalNaive:
		if k%max(f.period, 1) == 0 {
			return 1
		}
		return 0
	case SES, Croston:
		return f.alpha
	case Holt, HoltWintersAdditive, HoltWintersMultiplicative:
		c := f.alpha + f.beta*dampSum(f.phi, k)
		if f.method != Holt && k%Season == 0 {
			c += f.gamma
		}
		return c
	}
	return 0
}

// dampSum is φ + φ² + … + φᵏ.
func dampSum(phi float64, k int) float64 {
	s, p := 0.0, 1.0
	for range k {
		p *= phi
		s += p
	}
	return s
}

func sum(y []float64) float64 {
	s := 0.0
	for _, v := range y {
		s += v
	}
	return s
}

// Plain words for a forecast, so that an account manager reading `kam
// forecast` sees why the number is what it is without knowing the methods.

// why says how the forecast was made and on what evidence.
func why(f Forecast, fits []fit, y []float64, c choice, forced Method) string {
	switch f.Method {
	case None:
		return f.Reason
	case Mean:
		return fmt.Sprintf("Average month of the %d month(s) of history, repeated; %s", len(y), f.Reason)
	}
	var b strings.Builder
	if len(fits) == 1 {
		name, detail := phrase(fits[0], y)
		b.WriteString(strings.ToUpper(name[:1]) + name[1:] + ": " + detail)
	} else {
		b.WriteString("Average of ")
		for i, ft := range fits {
			switch {
			case i == len(fits)-1:
				b.WriteString(" and ")
			case i > 0:
				b.WriteString(", ")
			}
			name, detail := phrase(ft, y)
			b.WriteString(name + " (" + detail + ")")
		}
	}
	switch {
	case forced != "" && !slices.Contains(methods, forced):
		fmt.Fprintf(&b, " (%q is not a method kam knows)", forced)
	case forced != "" && forced != f.Method:
		fmt.Fprintf(&b, " (%s asked for; the history is too short for it)", forced)
	case forced != "":
		b.WriteString(" (method set by the caller)")
	case c.of > 0 && len(fits) == 1:
		fmt.Fprintf(&b, " — the least backtest error of %d methods over %d origin(s)", c.of, c.origins)
	case c.of > 0:
		fmt.Fprintf(&b, " — the %d of %d methods with the least backtest error over %d origin(s)", len(fits), c.of, c.origins)
	}
	if f.Reason != "" && f.Method != Mean {
		b.WriteString("; " + f.Reason)
	}
	return b.String()
}

// phrase names one fitted method and gives its evidence.
func phrase(ft fit, y []float64) (name, detail string) {
	switch ft.method {
	case Naive:
		return "naive", fmt.Sprintf("the last month, %s, repeated", money(y[len(y)-1]))
	case SeasonalNaive:
		if ft.period == Season {
			return "seasonal naive", "each month as the same month a year earlier"
		}
		return "seasonal naive", fmt.Sprintf("under a year of history, the last %d month(s) repeated", ft.period)
	case SES:
		return "exponential smoothing", fmt.Sprintf("α=%.2g, a weighted average of past months, recent ones weighing more", ft.alpha)
	case Holt:
		return "Holt, damped trend", fmt.Sprintf("α=%.2g, β=%.2g, φ=%.2g, a level and a trend that fades", ft.alpha, ft.beta, ft.phi)
	case HoltWintersAdditive, HoltWintersMultiplicative:
		name = "Holt-Winters, additive seasonality"
		if ft.method == HoltWintersMultiplicative {
			name = "Holt-Winters, multiplicative seasonality"
		}
		return name, fmt.Sprintf("α=%.2g, β=%.2g, γ=%.2g, φ=%.2g, level, fading trend and a 12-month pattern",
			ft.alpha, ft.beta, ft.gamma, ft.phi)
	case Croston:
		_, positive := nonZero(y)
		return "Croston/SBA", fmt.Sprintf("ordered in %d of the last %d months, about %s every %.1f months",
			positive, len(y), money(ft.size), max(ft.interval, 1))
	}
	return "the average month", fmt.Sprintf("of %d", len(y))
}

func money(v float64) string { return toMoney(v).FormatGrouped() }
