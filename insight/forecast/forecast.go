// Package forecast predicts an account's net revenue for the next months —
// by default the next quarter — from its monthly history, as pure functions
// like the rest of insight: the same sales and as-of day always give the
// same forecast, which can be recomputed and checked by hand.
//
// Each account's series gets its own forecast, chosen by a rolling-origin
// backtest on its own history among seasonal naive, exponential smoothing
// (simple, Holt with a damped trend, Holt-Winters when two seasons allow)
// and Croston/SBA for accounts that order in some months only; the methods
// that backtest about as well as the best are averaged (see choose). A
// forecast carries 80% and 95% prediction intervals for the horizon's
// total, can take the probability-weighted open pipeline on top
// (AddPipeline), and sums across accounts for a manager, an org unit or the
// company (Aggregate). WAPE and MASE measure accuracy against what
// happened; on the Online Retail data kam's forecasts beat seasonal naive
// (retail_test.go).
//
// The horizon is the Horizon months after LastComplete(asOf): with an as-of
// day of 2011-09-01 (or any day of September but its last) history ends
// with August and the forecast is for September, October and November.
// Sales of the current month up to asOf are known but not used, so that
// every forecast month is forecast whole.
package forecast

import (
	"fmt"
	"math"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
)

// Method names how a forecast was made; the names are what `kam forecast
// --json` prints.
type Method string

// The methods. None is the zero forecast of an account with nothing to go
// on; Mean is the flagged fallback for fewer than MinHistory months.
const (
	None                      Method = "none"
	Mean                      Method = "mean"
	Naive                     Method = "naive"
	SeasonalNaive             Method = "seasonal_naive"
	SES                       Method = "ses"
	Holt                      Method = "holt_damped"
	HoltWintersAdditive       Method = "holt_winters_additive"
	HoltWintersMultiplicative Method = "holt_winters_multiplicative"
	Croston                   Method = "croston_sba"
	// Combination is the average of the methods the backtest chose,
	// listed in Forecast.Combined.
	Combination Method = "combination"
)

// MinHistory is the fewest months of history a method is chosen for: with
// less, a backtest has nothing to test on, so the forecast is the flagged
// average of what there is.
const MinHistory = 3

// Options set the horizon and how much history is read. The zero value
// means a quarter ahead on three years of history, six backtest origins.
type Options struct {
	// Horizon is the number of months forecast (default 3; at most 24).
	Horizon int
	// History is the most months of history read (default DefaultHistory,
	// at most MaxHistory).
	History int
	// Origins is how many rolling origins the backtest tries (default 6;
	// at most 24).
	Origins int
}

func (o Options) withDefaults() Options {
	if o.Horizon <= 0 {
		o.Horizon = 3
	}
	o.Horizon = min(o.Horizon, 24)
	if o.History <= 0 {
		o.History = DefaultHistory
	}
	o.History = min(o.History, MaxHistory)
	if o.Origins <= 0 {
		o.Origins = 6
	}
	return o
}

// Forecast is one account's (or, summed, a portfolio's) revenue forecast
// for the horizon. Money amounts are net revenue; a forecast never goes
// below zero, since kam forecasts what an account will buy, and credit
// notes follow orders already in the history.
type Forecast struct {
	// AsOf is the day the forecast was made for (zero from Predict).
	AsOf kam.Date `json:"as_of"`
	// Method is how the points were made; Why says it in words, with the
	// evidence (how often the account bought, what the backtest showed).
	Method Method `json:"method"`
	// Combined lists the methods averaged when Method is Combination,
	// best backtest first.
	Combined []Method `json:"combined,omitempty"`
	Why      string   `json:"why"`
	// Reason is set when there is not enough history to choose a method;
	// the forecast is then the zero or average forecast it describes.
	Reason string `json:"reason,omitempty"`
	// HistoryMonths is the length of the series the forecast read.
	HistoryMonths int `json:"history_months"`
	// Months are the point forecasts, one per horizon month, pipeline
	// included; Total is their sum, Pipeline the weighted pipeline in it.
	Months   []MonthPoint `json:"months"`
	Total    kam.Money    `json:"total"`
	Pipeline kam.Money    `json:"pipeline"`
	// StdErr is the standard error of Total: the larger of the method's
	// own error model (sigmaTotal) and the root mean square error of the
	// forecast's totals in the backtest, since in-sample errors flatter.
	// The intervals are Total ± 1.28 and 1.96 standard errors, the lower
	// end clamped at zero as revenue forecast is never negative.
	StdErr     kam.Money `json:"std_err"`
	Interval80 Interval  `json:"interval_80"`
	Interval95 Interval  `json:"interval_95"`
	// Backtest lists each candidate's error over the BacktestOrigins
	// origins, so the choice can be checked; empty when there was none.
	Backtest        []Score `json:"backtest,omitempty"`
	BacktestOrigins int     `json:"backtest_origins,omitempty"`
}

// MonthPoint is one horizon month's point forecast.
type MonthPoint struct {
	Month Month     `json:"month"`
	Point kam.Money `json:"point"`
}

// Interval is a prediction interval for a horizon total: the range the
// total falls in with the stated probability if errors are normal and
// like the history's.
type Interval struct {
	Low  kam.Money `json:"low"`
	High kam.Money `json:"high"`
}

// Score is one candidate method's backtest result: the sum over the
// origins of the absolute error of its forecast total of the months that
// followed the origin (up to Horizon of them).
type Score struct {
	Method Method    `json:"method"`
	Error  kam.Money `json:"error"`
}

// The normal quantiles of the two-sided 80% and 95% intervals.
const (
	z80 = 1.2815515655446004
	z95 = 1.959963984540054
)

// inf is the starting point of a minimum search; never returned.
var inf = math.Inf(1)

// Account forecasts an account from its sales as of a day: Monthly, then
// Predict. It is what `kam forecast` runs for each account.
func Account(sales []insight.Sale, asOf kam.Date, opt Options) Forecast {
	opt = opt.withDefaults()
	f := Predict(Monthly(sales, asOf, opt.History), opt)
	f.AsOf = asOf
	if f.Reason != "" && f.HistoryMonths == 0 {
		last := LastComplete(asOf)
		f.Reason = fmt.Sprintf("no sales in the %d months %s to %s", opt.History, last-Month(opt.History)+1, last)
		f.Why = f.Reason
	}
	return f
}

// Predict forecasts the months after a series, choosing the method by
// backtest. It never panics and never returns NaN or an infinite amount,
// whatever the series holds: NaN months count as 0, and infinite or huge
// ones are clamped to what Money holds.
func Predict(s Series, opt Options) Forecast {
	return predict(s, opt.withDefaults(), "")
}

// PredictWith forecasts with a given method instead of choosing one — for
// comparing methods, as the accuracy benchmark does against seasonal
// naive. The method is used on any history of at least one month; one the
// history is too short for falls back (Holt under three months and
// Holt-Winters under two seasons to simple smoothing), and Why says so.
// Under MinHistory months Reason is set, as with Predict.
func PredictWith(s Series, m Method, opt Options) Forecast {
	return predict(s, opt.withDefaults(), m)
}

func predict(s Series, opt Options, forced Method) Forecast {
	if forced == Combination {
		forced = ""
	}
	y := clean(s.Values)
	h := opt.Horizon
	f := Forecast{HistoryMonths: len(y)}
	points := make([]float64, h)
	_, positive := nonZero(y)
	var fits []fit
	var c choice
	switch {
	case len(y) == 0:
		f.Method, f.Reason = None, "no sales in the history"
	case positive == 0:
		f.Method, f.Reason = None, "no month with net revenue above zero: only credit notes or nothing"
	case forced != "":
		fits = []fit{fitMethod(forced, y, points)}
		f.Method = fits[0].method
		if len(y) < MinHistory {
			f.Reason = fmt.Sprintf("short history: %d month(s)", len(y))
		}
	case len(y) < MinHistory:
		fits = []fit{mean(y, points)}
		f.Method = Mean
		f.Reason = fmt.Sprintf("not enough history: %d month(s), %d needed to choose a method", len(y), MinHistory)
	default:
		c = choose(y, points, opt)
		fits = c.fits
		f.Method, f.Backtest, f.BacktestOrigins = Combination, c.scores, c.origins
		for _, ft := range fits {
			f.Combined = append(f.Combined, ft.method)
		}
		if len(fits) == 1 {
			f.Method, f.Combined = fits[0].method, nil
		}
	}
	if !allFinite(points) {
		// Not reachable with clamped input as far as the fuzz test finds;
		// kept so that no arithmetic surprise can reach a caller.
		fits, c = []fit{mean(y, points)}, choice{}
		f.Method, f.Combined, f.Backtest, f.BacktestOrigins = Mean, nil, nil, 0
	}
	start := s.End()
	f.Months = make([]MonthPoint, h)
	total := 0.0
	for i, v := range points {
		f.Months[i] = MonthPoint{Month: start + Month(i), Point: toMoney(min(max(v, 0), maxValue))}
		total += f.Months[i].Point.Float()
	}
	f.Total = toMoney(total)
	if len(fits) > 0 {
		// The pool's error is at most the average of its members' (the
		// triangle inequality), so their average sigma is a safe bound.
		sigma := 0.0
		for _, ft := range fits {
			sigma += sigmaTotal(ft, y, h) / float64(len(fits))
		}
		if !finite(sigma) || !finite(c.empirical) {
			sigma, c.empirical = math.Abs(f.Total.Float()), 0
		}
		f.StdErr = toMoney(max(sigma, c.empirical))
	}
	f.setIntervals()
	f.Why = why(f, fits, y, c, forced)
	return f
}

// setIntervals derives the intervals from Total and StdErr.
func (f *Forecast) setIntervals() {
	f.Interval80, f.Interval95 = intervals(f.Total.Float(), f.StdErr.Float())
}

// intervals are the 80% and 95% intervals of a total t with standard error
// se, the lower ends clamped at zero: revenue forecast is never negative.
func intervals(t, se float64) (i80, i95 Interval) {
	i80 = Interval{toMoney(max(t-z80*se, 0)), toMoney(t + z80*se)}
	i95 = Interval{toMoney(max(t-z95*se, 0)), toMoney(t + z95*se)}
	return i80, i95
}

// allFinite reports whether every value is finite.
func allFinite(y []float64) bool {
	for _, v := range y {
		if !finite(v) {
			return false
		}
	}
	return true
}

// maxValue is the largest monthly amount, in currency units, a series may
// hold and a month may be forecast at — 38 trillion — so that a total of
// the longest horizon, 24 months, still fits in Money (about 9.2e14 units)
// and squares stay finite.
const maxValue = 3.8e13

// clean returns y, or a copy with non-finite values set to 0 and the rest
// clamped to ±maxValue when any needs it.
func clean(y []float64) []float64 {
	for i, v := range y {
		if !math.IsNaN(v) && v <= maxValue && v >= -maxValue {
			continue
		}
		c := append([]float64(nil), y...)
		for j := i; j < len(c); j++ {
			switch v := c[j]; {
			case math.IsNaN(v):
				c[j] = 0
			case v > maxValue:
				c[j] = maxValue
			case v < -maxValue:
				c[j] = -maxValue
			}
		}
		return c
	}
	return y
}
