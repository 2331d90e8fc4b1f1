package forecast

import (
	"math"
	"slices"

	"github.com/kamhq/kam"
)

// Deal is an open opportunity as a forecast sees it: what it is worth, how
// likely it is to be won, and when it is expected to close.
type Deal struct {
	Amount kam.Money
	// Probability is the win probability in percent (clamped to 0–100).
	Probability int
	Close       kam.Date
}

// AddPipeline adds the probability-weighted value of open deals expected
// to close inside the forecast's horizon, because a run-rate forecast from
// past orders cannot see business the account has not placed yet. Each
// deal adds Amount × Probability to the month it closes in; a deal whose
// close date has already passed but is still open is counted in the first
// horizon month (if it closes, it closes now), and one closing after the
// horizon is left out. Deals without a positive amount or without a close
// date add nothing (when they land is unknown), and a month is capped, as
// every forecast month is, at 38 trillion.
//
// The interval widens by each deal's own uncertainty — won or not, a
// Bernoulli outcome with variance Amount²·p·(1−p) — taken as independent of
// the run-rate error and of each other, so StdErr becomes
// √(StdErr² + Σ Amount²·p·(1−p)).
//
// Pass only deals that are new business on top of the account's usual
// buying (new products, upsell, new accounts): a renewal of what the
// account already orders is in its history, and adding it would count it
// twice. f is not changed; the result is a new forecast.
func AddPipeline(f Forecast, deals []Deal) Forecast {
	if len(f.Months) == 0 || len(deals) == 0 {
		return f
	}
	months := make([]float64, len(f.Months))
	added, variance := 0.0, 0.0
	for _, d := range deals {
		if d.Amount <= 0 || d.Close.IsZero() {
			continue
		}
		// The deal's month, or the first horizon month at or after it.
		m := MonthOf(d.Close)
		i := slices.IndexFunc(f.Months, func(p MonthPoint) bool { return p.Month >= m })
		if i < 0 {
			continue
		}
		p := float64(min(max(d.Probability, 0), 100)) / 100
		a := min(d.Amount.Float(), maxValue)
		months[i] += a * p
		added += a * p
		variance += a * a * p * (1 - p)
	}
	if added == 0 && variance == 0 {
		return f
	}
	out := f
	out.Months = slices.Clone(f.Months)
	before, after := 0.0, 0.0
	for i := range out.Months {
		v := out.Months[i].Point.Float()
		before += v
		out.Months[i].Point = toMoney(min(v+months[i], maxValue))
		after += out.Months[i].Point.Float()
	}
	out.Pipeline = toMoney(f.Pipeline.Float() + after - before)
	out.Total = toMoney(after)
	se := f.StdErr.Float()
	out.StdErr = toMoney(math.Sqrt(se*se + variance))
	out.setIntervals()
	return out
}

// Aggregate is the forecast of a group of accounts — one account manager's,
// an org unit's, the company's — built by adding account forecasts, so that
// every level of the organisation reads the same numbers. The zero value
// is an empty group ready for Add.
//
// Its interval assumes the accounts' errors are independent: the group's
// variance is the sum of theirs, so StdErr is the square root of the sum
// of squared standard errors (equivalently of the unclamped half-widths).
// Errors that share a cause — a market-wide slump, a season every account
// feels — are correlated in truth, so a large group's interval is
// optimistic; it is the usual bottom-up assumption, and stated.
type Aggregate struct {
	Key      string `json:"key,omitempty"`
	Accounts int    `json:"accounts"`
	// NotEnoughHistory counts the accounts whose forecast has a Reason.
	NotEnoughHistory int `json:"not_enough_history"`
	// Methods counts the accounts by the method chosen for them.
	Methods    map[Method]int `json:"methods"`
	Months     []MonthPoint   `json:"months"`
	Total      kam.Money      `json:"total"`
	Pipeline   kam.Money      `json:"pipeline"`
	StdErr     kam.Money      `json:"std_err"`
	Interval80 Interval       `json:"interval_80"`
	Interval95 Interval       `json:"interval_95"`

	// Sums in float64, so that 200,000 large accounts cannot overflow.
	months                    []float64
	total, pipeline, variance float64
}

// Add counts one account's forecast into the group. Forecasts of
// different horizons add month by month; the group's months are the union.
func (a *Aggregate) Add(f Forecast) {
	a.Accounts++
	if f.Reason != "" {
		a.NotEnoughHistory++
	}
	if a.Methods == nil {
		a.Methods = map[Method]int{}
	}
	a.Methods[f.Method]++
	for _, p := range f.Months {
		i, found := slices.BinarySearchFunc(a.Months, p.Month, func(q MonthPoint, m Month) int { return int(q.Month - m) })
		if !found {
			a.Months = slices.Insert(a.Months, i, MonthPoint{Month: p.Month})
			a.months = slices.Insert(a.months, i, 0)
		}
		a.months[i] += p.Point.Float()
		a.Months[i].Point = toMoney(a.months[i])
	}
	a.total += f.Total.Float()
	a.pipeline += f.Pipeline.Float()
	se := f.StdErr.Float()
	a.variance += se * se
	a.Total, a.Pipeline = toMoney(a.total), toMoney(a.pipeline)
	a.StdErr = toMoney(math.Sqrt(a.variance))
	a.Interval80, a.Interval95 = intervals(a.total, math.Sqrt(a.variance))
}

// Sum adds forecasts into one group: the total of a manager's or an org
// unit's accounts.
func Sum(key string, fs []Forecast) Aggregate {
	a := Aggregate{Key: key}
	for _, f := range fs {
		a.Add(f)
	}
	return a
}
