package insight

import (
	"fmt"
	"math"

	"github.com/kamhq/kam"
)

// FlagKind names what changed.
type FlagKind string

// The kinds of change flag computed from an account's buying.
const (
	VolumeDrop   FlagKind = "volume_drop"
	VolumeSpike  FlagKind = "volume_spike"
	OrderOverdue FlagKind = "order_overdue"
)

// Severities of a flag.
const (
	SeverityLow    = "low"
	SeverityMedium = "medium"
	SeverityHigh   = "high"
)

// Flag is a significant change on an account, with the figures behind it in
// words a user reads.
type Flag struct {
	Kind     FlagKind
	Severity string
	// Cause tells apart flags of one kind on one account, such as two
	// products stopped: there is one open flag per cause. Empty means the
	// kind is the cause.
	Cause string
	// Evidence says why, with figures: "orders in the last 90 days
	// GBP 12,400 against GBP 31,800 expected, −61%".
	Evidence string
}

// FlagOptions tune the flags; the zero value takes the defaults.
type FlagOptions struct {
	// Currency labels amounts in the evidence.
	Currency string
	// MinVolume is the floor: an account expected to buy less than this in
	// a window raises no volume flags, so that small accounts do not drown
	// the list (default 1,000).
	MinVolume kam.Money
	// DropRatio and SpikeRatio: a window below DropRatio × expected is a drop
	// (default 0.6), above SpikeRatio × expected a spike (default 1.8).
	DropRatio, SpikeRatio float64
	// Market, when set, is the whole portfolio's buying: an account's
	// expectation moves with it (a December rush, a summer lull), so that
	// what every account does is not a change of one.
	Market *Market
	// Strict also requires the window to lie beyond every past window of
	// the same length (off by default).
	Strict bool
	// MinOrders is how many order days the base year needs before its
	// average says anything (default 4).
	MinOrders int
}

// Market is the daily net revenue of a whole portfolio.
type Market struct{ days map[kam.Date]kam.Money }

// NewMarket sums the sales of every account by day.
func NewMarket(accounts ...[]Sale) *Market {
	m := &Market{days: map[kam.Date]kam.Money{}}
	for _, sales := range accounts {
		for _, s := range sales {
			m.days[s.Date] += s.Amount
		}
	}
	return m
}

// rate is the market's mean daily revenue over (from, to].
func (m *Market) rate(from, to kam.Date) float64 {
	var sum kam.Money
	for d, v := range m.days {
		if from.Before(d) && !to.Before(d) {
			sum += v
		}
	}
	return float64(sum) / float64(max(1, from.DaysUntil(to)))
}

// trend is how the market's daily revenue in the window compares with the
// base period before it (1 when unknown).
func (m *Market) trend(base, start, asOf kam.Date) float64 {
	if m == nil {
		return 1
	}
	before := m.rate(base, start)
	if before <= 0 {
		return 1
	}
	return m.rate(start, asOf) / before
}

func (o FlagOptions) withDefaults() FlagOptions {
	if o.MinVolume == 0 {
		o.MinVolume = 1000 * kam.MoneyScale
	}
	if o.DropRatio == 0 {
		o.DropRatio = 0.6
	}
	if o.SpikeRatio == 0 {
		o.SpikeRatio = 1.8
	}
	if o.MinOrders == 0 {
		o.MinOrders = 4
	}
	return o
}

// Volume compares an account's revenue in the latest window with what its
// own past year predicts, and flags a drop or a spike. The window is 90 days,
// or three of the account's usual order intervals if that is longer (up to
// half a year), so that an account ordering every two months is not flagged
// for one quiet month. The change must also lie outside every window of the
// same length in the past year: lumpy B2B ordering moves a lot by itself.
// Without a year of history (at least two windows) there is no flag.
func Volume(sales []Sale, asOf kam.Date, opt FlagOptions) *Flag {
	opt = opt.withDefaults()
	v, ok := volumeWindow(sales, asOf, opt)
	if !ok {
		return nil
	}
	ratio := float64(v.actual) / float64(v.expected)
	evidence := fmt.Sprintf("orders in the last %d days %s against %s expected, %+.0f%%", v.days,
		amount(v.actual, opt.Currency), amount(v.expected, opt.Currency), (ratio-1)*100)
	switch {
	case ratio < opt.DropRatio && (!opt.Strict || v.actual < v.lo):
		sev := SeverityMedium
		if ratio < 0.25 {
			sev = SeverityHigh
		}
		return &Flag{Kind: VolumeDrop, Severity: sev, Evidence: evidence}
	case ratio > opt.SpikeRatio && (!opt.Strict || v.actual > v.hi):
		sev := SeverityLow
		if ratio > 3 {
			sev = SeverityMedium
		}
		return &Flag{Kind: VolumeSpike, Severity: sev, Evidence: evidence}
	}
	return nil
}

// window is the latest window of an account's buying beside its past.
type window struct {
	days             int
	start            kam.Date  // the window is (start, asOf]
	actual, expected kam.Money // revenue in it, and what the past year predicts
	lo, hi           kam.Money // the least and most of past windows as long
}

// volumeWindow measures the latest window; ok is false without enough
// history or below the volume floor.
func volumeWindow(sales []Sale, asOf kam.Date, opt FlagOptions) (w window, ok bool) {
	// The usual interval comes from the history before the last 90 days, so
	// that the change being measured does not move the window measuring it.
	roll := Roll(sales, asOf.AddDays(-90))
	w.days = 90
	if roll.HasInterval {
		w.days = min(182, max(w.days, int(math.Ceil(3*roll.Interval))))
	}
	w.start = asOf.AddDays(-w.days)
	if roll.FirstOrder.IsZero() || !roll.FirstOrder.Before(w.start.AddDays(-w.days)) {
		return w, false // not enough history before the window
	}
	base := w.start.AddDays(-365)
	if base.Before(roll.FirstOrder) {
		base = roll.FirstOrder.AddDays(-1)
	}
	var baseline kam.Money
	baseDays := map[kam.Date]bool{}
	for _, s := range sales {
		switch {
		case asOf.Before(s.Date):
		case w.start.Before(s.Date):
			w.actual += s.Amount
		case base.Before(s.Date):
			baseline += s.Amount
			if s.Amount > 0 {
				baseDays[s.Date] = true
			}
		}
	}
	if len(baseDays) < opt.MinOrders {
		return w, false // too few orders to expect anything of the window
	}
	w.expected = kam.Money(float64(baseline) * float64(w.days) / float64(base.DaysUntil(w.start)) * opt.Market.trend(base, w.start, asOf))
	if w.expected < opt.MinVolume {
		return w, false
	}
	w.lo, w.hi = windowRange(sales, base, w.start, w.days)
	return w, true
}

// windowRange returns the smallest and largest revenue of the windows of
// the given length that fit between from and to, stepping a month.
func windowRange(sales []Sale, from, to kam.Date, window int) (lo, hi kam.Money) {
	first := true
	for end := to; !end.AddDays(-window).Before(from); end = end.AddDays(-30) {
		var sum kam.Money
		start := end.AddDays(-window)
		for _, s := range sales {
			if start.Before(s.Date) && !end.Before(s.Date) {
				sum += s.Amount
			}
		}
		if first || sum < lo {
			lo = sum
		}
		if first || sum > hi {
			hi = sum
		}
		first = false
	}
	return lo, hi
}

// Overdue flags an expected order that has not come: the time since the
// last order far beyond the account's usual interval (twice it, and four
// spreads beyond it, and at least 30 days). It needs three order days.
func Overdue(sales []Sale, asOf kam.Date) *Flag {
	roll := Roll(sales, asOf)
	if !roll.HasInterval || roll.DaysSinceLast < 0 {
		return nil
	}
	limit := math.Max(30, math.Max(2*roll.Interval, roll.Interval+4*roll.Spread))
	if float64(roll.DaysSinceLast) <= limit {
		return nil
	}
	sev := SeverityMedium
	if float64(roll.DaysSinceLast) > 3*limit/2 {
		sev = SeverityHigh
	}
	return &Flag{Kind: OrderOverdue, Severity: sev, Evidence: fmt.Sprintf(
		"no order for %d days; this account usually orders every %.0f days (±%.0f)", roll.DaysSinceLast, roll.Interval, roll.Spread)}
}

// amount writes money for evidence: "GBP 12,400".
func amount(m kam.Money, currency string) string {
	whole := kam.Money(int64(math.Round(m.Float())) * kam.MoneyScale)
	if currency == "" {
		return whole.FormatGrouped()
	}
	return currency + " " + whole.FormatGrouped()
}

// Flags returns every flag an account's sales raise as of a day: a volume
// drop or spike, an overdue order.
func Flags(sales []Sale, asOf kam.Date, opt FlagOptions) []Flag {
	var out []Flag
	for _, f := range []*Flag{Volume(sales, asOf, opt), Overdue(sales, asOf)} {
		if f != nil {
			out = append(out, *f)
		}
	}
	return out
}
