package forecast

import (
	"math"
	"slices"
)

// WAPE is the weighted absolute percentage error Σ|actual − forecast| /
// Σ|actual|: the share of what was sold that the forecast missed, weighting
// big accounts and months by their size, which is what a revenue forecast
// is judged on (unlike MAPE, it is defined when some actuals are zero).
// Pairs run to the shorter slice; ok is false when the actuals sum to
// nothing to divide by, or when a value is not finite.
func WAPE(actual, forecast []float64) (wape float64, ok bool) {
	var num, den float64
	for i := range min(len(actual), len(forecast)) {
		num += math.Abs(actual[i] - forecast[i])
		den += math.Abs(actual[i])
	}
	return ratio(num, den)
}

// MASE is the mean absolute scaled error (Hyndman and Koehler, 2006): the
// forecast's mean absolute error over the horizon divided by the in-sample
// mean absolute one-step error of seasonal naive on the history — lag
// season when the history is longer than a season, else lag 1 (naive) —
// so that accounts of any size compare, and below 1 means better than the
// naive method did in sample. ok is false when the history is too short to
// scale by (fewer than two months) or never changed (a zero scale), or
// when a value is not finite.
func MASE(actual, forecast, history []float64, season int) (mase float64, ok bool) {
	lag := 1
	if season > 1 && len(history) > season {
		lag = season
	}
	if len(history) <= lag {
		return 0, false
	}
	var scale float64
	for t := lag; t < len(history); t++ {
		scale += math.Abs(history[t] - history[t-lag])
	}
	scale /= float64(len(history) - lag)
	n := min(len(actual), len(forecast))
	if n == 0 {
		return 0, false
	}
	var mae float64
	for i := range n {
		mae += math.Abs(actual[i] - forecast[i])
	}
	return ratio(mae/float64(n), scale)
}

// ratio divides, refusing a zero or non-finite denominator and a
// non-finite result.
func ratio(num, den float64) (float64, bool) {
	if den == 0 || math.IsNaN(den) || math.IsInf(den, 0) {
		return 0, false
	}
	r := num / den
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return 0, false
	}
	return r, true
}

// Accuracy adds up how a set of forecasts did against what the accounts
// then sold, for a portfolio's figures: WAPE of the accounts' horizon
// totals (the quantity kam forecasts), WAPE of their single months, and
// the mean and median of the accounts' MASE. The zero value is empty.
type Accuracy struct {
	// Accounts counts the forecasts added; Scaled those with a MASE.
	Accounts, Scaled int
	// The sums the WAPEs divide.
	TotalError, TotalActual, MonthError, MonthActual float64
	mases                                            []float64
}

// Add counts one account: the actual monthly revenue of the horizon, the
// forecast months, and the history the forecast read (for MASE's scale).
func (a *Accuracy) Add(actual, forecast, history []float64) {
	a.Accounts++
	n := min(len(actual), len(forecast))
	var at, ft float64
	for i := range n {
		at += actual[i]
		ft += forecast[i]
		a.MonthError += math.Abs(actual[i] - forecast[i])
		a.MonthActual += math.Abs(actual[i])
	}
	a.TotalError += math.Abs(at - ft)
	a.TotalActual += math.Abs(at)
	if m, ok := MASE(actual[:n], forecast[:n], history, Season); ok {
		a.Scaled++
		a.mases = append(a.mases, m)
	}
}

// WAPE of the accounts' horizon totals (0 with nothing sold).
func (a *Accuracy) WAPE() float64 { r, _ := ratio(a.TotalError, a.TotalActual); return r }

// MonthlyWAPE is the WAPE of the accounts' single months.
func (a *Accuracy) MonthlyWAPE() float64 { r, _ := ratio(a.MonthError, a.MonthActual); return r }

// MeanMASE is the mean MASE of the accounts that have one; a few accounts
// whose history hardly moved can dominate it, hence MedianMASE beside it.
func (a *Accuracy) MeanMASE() float64 { r, _ := ratio(sum(a.mases), float64(len(a.mases))); return r }

// MedianMASE is the median MASE of the accounts that have one.
func (a *Accuracy) MedianMASE() float64 {
	if len(a.mases) == 0 {
		return 0
	}
	s := slices.Clone(a.mases)
	slices.Sort(s)
	mid := len(s) / 2
	if len(s)%2 == 1 {
		return s[mid]
	}
	return (s[mid-1] + s[mid]) / 2
}
