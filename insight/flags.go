package insight

import (
	"fmt"
	"math"
	"slices"

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

// FlagKinds lists every kind of change flag.
var FlagKinds = []FlagKind{VolumeDrop, VolumeSpike, OrderOverdue, StoppedProduct, PriceErosion, NewFamily,
	PaymentsLater, KeyContactLeft, ContactOverdue, OpportunitySlipping, ContractNotice, CaseOverdue,
	OnboardingLate}

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
	// MinVolume is the floor: an account whose own past predicts less than
	// this in a window raises no volume flags, so that small accounts do not
	// drown the list (default 1,000). It reads the account's own history,
	// not the market, so that whether an account is judged at all does not
	// move with the rest of the portfolio.
	MinVolume kam.Money
	// DropRatio and SpikeRatio: a window below DropRatio × expected is a drop
	// (default 0.6), above SpikeRatio × expected a spike (default 1.5).
	DropRatio, SpikeRatio float64
	// Market, when set, is the whole portfolio's movement as of the same
	// day: an account's expectation moves with it (a December rush, a
	// summer lull), so that what every account does is not a change of one.
	Market *Market
	// Strict also requires the window to lie beyond every past window of
	// the same length (off by default): fewer flags, each one something the
	// account's own last year never showed.
	Strict bool
	// MinOrders is how many order days the base year needs before its
	// average says anything (default 4).
	MinOrders int
}

func (o FlagOptions) withDefaults() FlagOptions {
	if o.MinVolume == 0 {
		o.MinVolume = 1000 * kam.MoneyScale
	}
	if o.DropRatio == 0 {
		o.DropRatio = 0.6
	}
	if o.SpikeRatio == 0 {
		o.SpikeRatio = 1.5
	}
	if o.MinOrders == 0 {
		o.MinOrders = 4
	}
	return o
}

// Market is how a portfolio's buying moved as of a day: the median, over its
// accounts, of each account's latest window against what its own past
// predicts (0.8 = the typical account bought 20% less than its own past
// predicts). The median account rather than the portfolio's total, because
// the total also moves with accounts won and lost and with a few large ones:
// on Online Retail as of 2011-12-09 expectations moved with the total made
// drops of accounts that had not changed (drop precision 0.65), while the
// median account's factor was 0.99 (docs/BENCHMARKS.md).
type Market struct {
	asOf   kam.Date
	factor float64
	n      int
}

// minMarket is how many accounts a market's median needs before it moves
// anyone's expectation.
const minMarket = 20

// NewMarket measures the market as of a day from the sales of every account
// of a portfolio (see MarketBuilder).
func NewMarket(asOf kam.Date, accounts ...[]Sale) *Market {
	b := NewMarketBuilder(asOf)
	for _, sales := range accounts {
		b.Add(sales)
	}
	return b.Market()
}

// MarketBuilder measures a market from accounts given one at a time, for a
// caller that streams its portfolio: it keeps one number per account.
// Accounts whose own history predicts nothing of a window (too young, too
// few orders, below the default volume floor; see Volume) do not count.
type MarketBuilder struct {
	asOf   kam.Date
	day    int
	opt    FlagOptions
	ratios []float64
}

// NewMarketBuilder starts measuring a market as of a day.
func NewMarketBuilder(asOf kam.Date) *MarketBuilder {
	return &MarketBuilder{asOf: asOf, day: dayNumber(asOf), opt: FlagOptions{}.withDefaults()}
}

// Add counts one account's sales.
func (b *MarketBuilder) Add(sales []Sale) {
	if w, ok := measureWindow(indexSales(sales, b.asOf), b.day, b.opt); ok {
		b.ratios = append(b.ratios, max(0, float64(w.actual)/float64(w.base)))
	}
}

// Market returns the market of the accounts added so far.
func (b *MarketBuilder) Market() *Market {
	return &Market{asOf: b.asOf, factor: medianRatio(b.ratios), n: len(b.ratios)}
}

// Factor is the typical account's latest window against its own past (1
// when unknown), and the number of accounts it was measured on.
func (m *Market) Factor() (factor float64, accounts int) {
	if m == nil {
		return 1, 0
	}
	return m.factor, m.n
}

// on is the factor expectations move by as of a day: 1 without a market, for
// a market of another day, or one measured on too few accounts.
func (m *Market) on(asOf kam.Date) float64 {
	if m == nil || m.asOf != asOf || m.n < minMarket || m.factor <= 0 {
		return 1
	}
	return m.factor
}

// Volume compares an account's revenue in its latest window with what its
// own past year predicts, and flags a drop or a spike.
//
// The window is three of the account's usual order intervals (read from its
// orders up to 90 days before the day judged), at least 90 days and at most
// half a year, so that it holds about three orders: an account ordering
// every two months is not flagged for one quiet month, and a lumpy account
// is judged on enough lumps. What the past predicts is the base year's
// revenue per day (the year before the window, or since the first order)
// times the window, moved with the market when one is given. The past
// windows of the same length, a week apart across the base year, give the
// account's usual range (the 10th to 90th percentile of those windows),
// quoted in the evidence and deciding the severity with the ratio: a drop
// under a quarter of the expectation is high only when it is also below the
// usual range, so that an empty quarter of an account whose quarters are
// often empty stays medium; a spike over three times the expectation is
// medium only when it is also above the usual range.
//
// Measured on Online Retail (docs/BENCHMARKS.md), a test of the window
// against the distribution of the account's own past windows (robust z on
// a log scale) told injected changes from the accounts' own swings no better
// than this ratio did, so the ratio decides and the range explains. Without
// a window's worth of history before the window, four order days in the
// base year and the floor there is no flag.
func Volume(sales []Sale, asOf kam.Date, opt FlagOptions) *Flag {
	return volume(indexSales(sales, asOf), asOf, opt.withDefaults())
}

func volume(x *salesIndex, asOf kam.Date, opt FlagOptions) *Flag {
	w, ok := measureWindow(x, dayNumber(asOf), opt)
	if !ok {
		return nil
	}
	factor := opt.Market.on(asOf)
	move := func(m kam.Money) kam.Money { return kam.Money(float64(m) * factor) }
	expected := move(w.base)
	if expected <= 0 {
		return nil
	}
	lo, hi := move(quantile(w.past, 0.1)), move(quantile(w.past, 0.9))
	least, most := move(w.past[0]), move(w.past[len(w.past)-1])
	ratio := float64(w.actual) / float64(expected)
	market := ""
	if math.Abs(factor-1) >= 0.05 {
		market = fmt.Sprintf("the portfolio %+.0f%%; ", (factor-1)*100)
	}
	usual := amount(lo, opt.Currency)
	if amount(hi, "") != amount(lo, "") {
		usual += " to " + amount(hi, "")
	}
	evidence := fmt.Sprintf("orders in the last %d days %s against %s expected (%susually %s), %+.0f%%",
		w.days, amount(w.actual, opt.Currency), amount(expected, opt.Currency), market, usual, (ratio-1)*100)
	switch {
	case ratio < opt.DropRatio && (!opt.Strict || w.actual < least):
		sev := SeverityMedium
		if ratio < 0.25 && w.actual < lo {
			sev = SeverityHigh
		}
		return &Flag{Kind: VolumeDrop, Severity: sev, Evidence: evidence}
	case ratio > opt.SpikeRatio && (!opt.Strict || w.actual > most):
		sev := SeverityLow
		if ratio > 3 && w.actual > hi {
			sev = SeverityMedium
		}
		return &Flag{Kind: VolumeSpike, Severity: sev, Evidence: evidence}
	}
	return nil
}

// window is the latest window of an account's buying beside its past.
type window struct {
	days   int
	from   int       // the window is (from, asOf], in day numbers
	start  kam.Date  // the same day as a date
	actual kam.Money // revenue in the window
	base   kam.Money // what the base year predicts of it, before the market
	// past holds the revenue of the windows as long in the base year, a
	// week apart, sorted; never empty.
	past []kam.Money
}

// volumeWindow measures the latest window of sales as of a day; ok is false
// without enough history or below the volume floor.
func volumeWindow(sales []Sale, asOf kam.Date, opt FlagOptions) (window, bool) {
	return measureWindow(indexSales(sales, asOf), dayNumber(asOf), opt.withDefaults())
}

// measureWindow is volumeWindow on indexed sales. Whether an account is
// judged reads only its history before the window (the interval that sizes
// the window reads orders up to 90 days before asOf, which for a window
// longer than 90 days includes its first days).
func measureWindow(x *salesIndex, asOf int, opt FlagOptions) (w window, ok bool) {
	w.days = 90
	if interval, _, ok := gapStats(x.ordersTo(asOf - 90)); ok {
		w.days = min(182, max(w.days, int(math.Ceil(3*interval))))
	}
	w.from = asOf - w.days
	w.start = kam.NewDate(1970, 1, 1).AddDays(w.from)
	before := x.ordersTo(w.from)
	if len(before) == 0 || before[0] >= w.from-w.days {
		return w, false // not a window's worth of history before the window
	}
	baseFrom := max(w.from-365, before[0]-1) // the base year is (baseFrom, from]
	if len(before)-len(x.ordersTo(baseFrom)) < opt.MinOrders {
		return w, false // too few orders to expect anything of the window
	}
	baseline := x.revenue(baseFrom, w.from)
	w.base = kam.Money(float64(baseline) * float64(w.days) / float64(w.from-baseFrom))
	if w.base < opt.MinVolume || w.base <= 0 {
		return w, false
	}
	w.actual = x.revenue(w.from, asOf)
	w.past = windowRange(x, baseFrom, w.from, w.days)
	return w, len(w.past) > 0
}

// windowRange returns the revenue of every window of the given length that
// fits in (from, to], ending at to and stepping back a week, sorted: the
// account's own range of windows like the one judged.
func windowRange(x *salesIndex, from, to, days int) []kam.Money {
	out := make([]kam.Money, 0, (to-from-days)/7+1)
	for end := to; end-days >= from; end -= 7 {
		out = append(out, x.revenue(end-days, end))
	}
	slices.Sort(out)
	return out
}

// Overdue flags an expected order that has not come: the time since the
// last order far beyond the account's usual interval (twice it, and four
// spreads beyond it, and at least 30 days). It needs three order days.
//
// It is raised beside a volume drop, not folded into it: the drop says how
// much less the account buys, the overdue order since when it has not
// ordered at all, and the overdue flag resolves itself on the next order
// while the drop lasts until the volume is back.
func Overdue(sales []Sale, asOf kam.Date) *Flag {
	return overdue(indexSales(sales, asOf), asOf)
}

func overdue(x *salesIndex, asOf kam.Date) *Flag {
	interval, spread, ok := gapStats(x.order)
	if !ok {
		return nil
	}
	since := dayNumber(asOf) - x.order[len(x.order)-1]
	limit := math.Max(30, math.Max(2*interval, interval+4*spread))
	if float64(since) <= limit {
		return nil
	}
	sev := SeverityMedium
	if float64(since) > 3*limit/2 {
		sev = SeverityHigh
	}
	return &Flag{Kind: OrderOverdue, Severity: sev, Evidence: fmt.Sprintf(
		"no order for %d days; this account usually orders every %.0f days (±%.0f)", since, interval, spread)}
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
// drop or spike, an overdue order. The sales are indexed once for both.
func Flags(sales []Sale, asOf kam.Date, opt FlagOptions) []Flag {
	x := indexSales(sales, asOf)
	var out []Flag
	for _, f := range []*Flag{volume(x, asOf, opt.withDefaults()), overdue(x, asOf)} {
		if f != nil {
			out = append(out, *f)
		}
	}
	return out
}
