package insight

import (
	"math"
	"slices"
	"testing"

	"github.com/kamhq/kam"
)

// flagsAsOf is the day the hand-made accounts below are judged.
var flagsAsOf = day(2025, 12, 31)

// everyFiveDays makes an account that orders every 5 days, ending on
// flagsAsOf, for two years (146 orders), each of amount(days before asOf).
//
// Hand-computed: the usual interval is 5 days, so the window is 90 days
// (three intervals is less), from 2025-10-02: (asOf-90, asOf] holds the 18
// orders 0, 5, ..., 85 days before asOf. The base year is
// (asOf-455, asOf-90]: 73 orders. At 500 each it expects
// 73 × 500 × 90 / 365 = 9,000, and each of its 40 past windows of 90 days,
// a week apart, holds 18 orders: 9,000, so the usual range is 9,000.
func everyFiveDays(amount func(daysBefore int) kam.Money) []Sale {
	var out []Sale
	for k := 145; k >= 0; k-- {
		out = append(out, Sale{Date: flagsAsOf.AddDays(-5 * k), Amount: amount(5 * k)})
	}
	return out
}

// changed is 500 an order before the window and factor × 500 in it.
func changed(factor float64) []Sale {
	return everyFiveDays(func(before int) kam.Money {
		if before < 90 {
			return kam.Money(float64(units(500)) * factor)
		}
		return units(500)
	})
}

func TestVolumeOnASteadyAccountByHand(t *testing.T) {
	gbp := FlagOptions{Currency: "GBP"}
	if f := Volume(changed(1), flagsAsOf, gbp); f != nil {
		t.Errorf("steady account flagged: %+v", f)
	}
	for _, c := range []struct {
		name     string
		factor   float64
		kind     FlagKind
		severity string
		evidence string
	}{
		// 4,500 is half: under 0.6 of the expectation, a drop; not under a
		// quarter, so medium.
		{"halved", 0.5, VolumeDrop, SeverityMedium, "orders in the last 90 days GBP 4,500 against GBP 9,000 expected (usually GBP 9,000), -50%"},
		// Nothing: under a quarter and below the usual range, high.
		{"stopped", 0, VolumeDrop, SeverityHigh, "orders in the last 90 days GBP 0 against GBP 9,000 expected (usually GBP 9,000), -100%"},
		// 18,000 is over 1.5 times the expectation: a spike, low.
		{"doubled", 2, VolumeSpike, SeverityLow, "orders in the last 90 days GBP 18,000 against GBP 9,000 expected (usually GBP 9,000), +100%"},
		// 36,000 is over three times and above the usual range: medium.
		{"quadrupled", 4, VolumeSpike, SeverityMedium, "orders in the last 90 days GBP 36,000 against GBP 9,000 expected (usually GBP 9,000), +300%"},
	} {
		f := Volume(changed(c.factor), flagsAsOf, gbp)
		if f == nil || f.Kind != c.kind || f.Severity != c.severity || f.Evidence != c.evidence {
			t.Errorf("%s: %+v, want %s %s %q", c.name, f, c.kind, c.severity, c.evidence)
		}
	}
	// -30% is 0.7 of the expectation: within the ratios, no flag.
	if f := Volume(changed(0.7), flagsAsOf, gbp); f != nil {
		t.Errorf("-30%% flagged: %+v", f)
	}
	// The stopped account is also overdue: 90 days since its last order
	// (on the window's first day) against a 5-day rhythm; beyond 1.5 × 30.
	f := Overdue(changed(0), flagsAsOf)
	if f == nil || f.Severity != SeverityHigh || f.Evidence != "no order for 90 days; this account usually orders every 5 days (±0)" {
		t.Errorf("stopped, overdue: %+v", f)
	}
	if got := Flags(changed(0), flagsAsOf, gbp); len(got) != 2 || got[0].Kind != VolumeDrop || got[1].Kind != OrderOverdue {
		t.Errorf("Flags on the stopped account: %+v", got)
	}
}

func TestVolumeWithTheMarketByHand(t *testing.T) {
	// The whole portfolio buys half its usual: the expectation is 4,500, and
	// a halved account has not changed against it.
	half := &Market{asOf: flagsAsOf, factor: 0.5, n: 100}
	if f := Volume(changed(0.5), flagsAsOf, FlagOptions{Market: half}); f != nil {
		t.Errorf("halved with a halved market: %+v", f)
	}
	f := Volume(changed(0), flagsAsOf, FlagOptions{Currency: "GBP", Market: half})
	if f == nil || f.Evidence != "orders in the last 90 days GBP 0 against GBP 4,500 expected (the portfolio -50%; usually GBP 4,500), -100%" {
		t.Errorf("stopped with a halved market: %+v", f)
	}
	// A market of another day, or of too few accounts, moves nothing.
	for _, m := range []*Market{{asOf: flagsAsOf.AddDays(-1), factor: 0.5, n: 100}, {asOf: flagsAsOf, factor: 0.5, n: 19}} {
		if f := Volume(changed(0.5), flagsAsOf, FlagOptions{Market: m}); f == nil || f.Kind != VolumeDrop {
			t.Errorf("market %+v moved the expectation: %+v", m, f)
		}
	}
}

func TestNewMarketIsTheMedianAccount(t *testing.T) {
	accounts := func(steady, halved int) [][]Sale {
		var out [][]Sale
		for range steady {
			out = append(out, changed(1))
		}
		for range halved {
			out = append(out, changed(0.5))
		}
		// Accounts without a history to expect anything of do not count.
		return append(out, nil, []Sale{{Date: flagsAsOf, Amount: units(5000)}})
	}
	if f, n := NewMarket(flagsAsOf, accounts(15, 10)...).Factor(); f != 1 || n != 25 {
		t.Errorf("15 steady, 10 halved: market %v of %d accounts, want 1 of 25", f, n)
	}
	if f, n := NewMarket(flagsAsOf, accounts(10, 15)...).Factor(); f != 0.5 || n != 25 {
		t.Errorf("10 steady, 15 halved: market %v of %d accounts, want 0.5 of 25", f, n)
	}
	if f, n := (*Market)(nil).Factor(); f != 1 || n != 0 {
		t.Errorf("no market: %v, %d", f, n)
	}
}

func TestVolumeOnALumpyAccountByHand(t *testing.T) {
	// 30,000 every 91 days, the last 30 days ago: a quiet month. The usual
	// interval, 91 days, makes the window 182 days (three intervals capped
	// at half a year), holding the orders 30 and 121 days ago: 60,000. The
	// base year (asOf-547, asOf-182] holds those 212, 303, 394 and 485
	// days ago: 120,000 × 182 / 365 = 59,836 expected. No flag, and no
	// order is overdue (twice 91 days is 182).
	var sales []Sale
	for k := 8; k >= 0; k-- {
		sales = append(sales, Sale{Date: flagsAsOf.AddDays(-30 - 91*k), Amount: units(30000)})
	}
	if got := Flags(sales, flagsAsOf, FlagOptions{}); len(got) != 0 {
		t.Errorf("lumpy account flagged for a quiet month: %+v", got)
	}
	if w, ok := volumeWindow(sales, flagsAsOf, FlagOptions{}); !ok || w.days != 182 || w.actual != units(60000) {
		t.Errorf("lumpy window %+v (%v), want 182 days holding 60,000", w, ok)
	}
	// Strict asks for the window to leave the account's whole range too.
	if f := Volume(sales, flagsAsOf, FlagOptions{Strict: true}); f != nil {
		t.Errorf("strict: %+v", f)
	}
}

func TestVolumeBelowTheFloor(t *testing.T) {
	// 50 an order expects 900 in a window, under the default 1,000: its
	// volume is not judged, even when it stops. (Overdue has no floor.)
	small := everyFiveDays(func(before int) kam.Money {
		if before < 90 {
			return 0
		}
		return units(50)
	})
	if f := Volume(small, flagsAsOf, FlagOptions{}); f != nil {
		t.Errorf("an account below the floor stopped buying and was flagged: %+v", f)
	}
	if f := Volume(small, flagsAsOf, FlagOptions{MinVolume: units(500)}); f == nil || f.Kind != VolumeDrop {
		t.Errorf("with a floor of 500: %+v", f)
	}
}

func TestFlagsWithoutUsableHistory(t *testing.T) {
	credit := func(before int) kam.Money { return units(-500) }
	for name, sales := range map[string][]Sale{
		"no sales":     nil,
		"one order":    {{Date: flagsAsOf.AddDays(-200), Amount: units(5000)}},
		"only returns": everyFiveDays(credit),
		// Orders of 100 with a credit note of 300 after each: the base year
		// nets negative, so nothing can be expected of the window.
		"negative totals": append(everyFiveDays(func(int) kam.Money { return units(100) }),
			everyFiveDays(func(before int) kam.Money { return units(-300) })...),
		"orders after the day judged": {{Date: flagsAsOf.AddDays(1), Amount: units(5000)}, {Date: flagsAsOf.AddDays(2), Amount: units(5000)}},
	} {
		if got := Flags(sales, flagsAsOf, FlagOptions{}); len(got) != 0 {
			t.Errorf("%s: %+v", name, got)
		}
	}
}

func TestSalesIndex(t *testing.T) {
	d := dayNumber(flagsAsOf)
	x := indexSales([]Sale{
		{Date: flagsAsOf.AddDays(-10), Amount: units(100)},
		{Date: flagsAsOf.AddDays(-30), Amount: units(200)},
		{Date: flagsAsOf.AddDays(-10), Amount: units(-50)}, // a credit note: no order day
		{Date: flagsAsOf.AddDays(-20), Amount: units(-70)},
		{Date: flagsAsOf.AddDays(5), Amount: units(999)}, // after the day judged
	}, flagsAsOf)
	if !slices.Equal(x.order, []int{d - 30, d - 10}) {
		t.Errorf("order days %v", x.order)
	}
	for _, c := range []struct {
		from, to int
		want     kam.Money
	}{{d - 30, d, units(-20)}, {d - 31, d, units(180)}, {d - 31, d - 10, units(180)}, {d - 31, d - 11, units(130)}, {d, d + 10, 0}, {d, d - 5, 0}} {
		if got := x.revenue(c.from, c.to); got != c.want {
			t.Errorf("revenue (%d, %d] = %v, want %v", c.from-d, c.to-d, got, c.want)
		}
	}
	if got := len(x.ordersTo(d - 11)); got != 1 {
		t.Errorf("%d orders to 11 days before", got)
	}
	if dayNumber(kam.NewDate(1970, 1, 2)) != 1 || dayNumber(kam.NewDate(1969, 12, 31)) != -1 {
		t.Error("day numbers around 1970")
	}
}

func TestMedianInPlaceAgreesWithASort(t *testing.T) {
	seed := uint64(1)
	next := func(n int) float64 { // a small linear congruential generator
		seed = seed*6364136223846793005 + 1442695040888963407
		return float64(seed>>33) / float64(1<<31) * float64(n)
	}
	for n := range 40 {
		for _, spread := range []int{3, 1000} { // many ties, few
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = math.Floor(next(spread))
			}
			want := Median(slices.Clone(xs))
			if got := medianInPlace(xs); got != want {
				t.Fatalf("n %d spread %d: median %v, want %v", n, spread, got, want)
			}
		}
	}
}
