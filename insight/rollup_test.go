package insight

import (
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
)

func day(y int, m time.Month, d int) kam.Date { return kam.NewDate(y, m, d) }

func units(n int64) kam.Money { return kam.Money(n * kam.MoneyScale) }

func TestRollByHand(t *testing.T) {
	sales := []Sale{
		{Date: day(2024, 3, 10), Amount: units(500), Products: []string{"A"}}, // the year before
		{Date: day(2025, 1, 10), Amount: units(100), Products: []string{"A"}}, // in the year
		{Date: day(2025, 2, 9), Amount: units(200), Products: []string{"B"}},  // +30 days
		{Date: day(2025, 3, 21), Amount: units(300), Products: []string{"A"}}, // +40 days
		{Date: day(2025, 3, 25), Amount: units(-50)},                          // a credit note
		{Date: day(2025, 4, 20), Amount: units(400), Products: []string{"C"}}, // +30 days
		{Date: day(2025, 7, 1), Amount: units(9999), Products: []string{"D"}}, // after as-of: ignored
	}
	r := Roll(sales, day(2025, 6, 30))
	if r.Revenue12M != units(950) || r.RevenuePrev12M != units(500) {
		t.Errorf("revenue %v, previous %v; want 950 and 500", r.Revenue12M, r.RevenuePrev12M)
	}
	if !r.HasGrowth || r.Growth != 0.9 {
		t.Errorf("growth %v (%v), want +90%%", r.Growth, r.HasGrowth)
	}
	if r.Orders12M != 4 || r.Products != 3 {
		t.Errorf("%d orders and %d products in the year, want 4 and 3 (the credit note is no order)", r.Orders12M, r.Products)
	}
	// Order days 2024-03-10, 2025-01-10, 02-09, 03-21, 04-20: gaps 306, 30, 40, 30.
	if !r.HasInterval || r.Interval != 35 || r.Spread != 5 {
		t.Errorf("interval %v ± %v, want median 35 (of 30, 30, 40, 306) and spread 5", r.Interval, r.Spread)
	}
	if r.LastOrder != day(2025, 4, 20) || r.DaysSinceLast != 71 || r.FirstOrder != day(2024, 3, 10) {
		t.Errorf("first %v last %v, %d days since", r.FirstOrder, r.LastOrder, r.DaysSinceLast)
	}
	if len(r.Monthly) != 24 || r.Monthly[23] != (MonthRevenue{2025, 6, 0}) || r.Monthly[20] != (MonthRevenue{2025, 3, units(250)}) {
		t.Errorf("months: last %+v, March %+v", r.Monthly[23], r.Monthly[20])
	}
}

func TestRollWithoutHistory(t *testing.T) {
	for name, sales := range map[string][]Sale{
		"no orders":    nil,
		"one order":    {{Date: day(2025, 5, 1), Amount: units(10)}},
		"only returns": {{Date: day(2025, 5, 1), Amount: units(-10)}},
		"future order": {{Date: day(2030, 1, 1), Amount: units(10)}},
	} {
		r := Roll(sales, day(2025, 6, 30))
		if r.HasInterval || r.HasGrowth {
			t.Errorf("%s: interval or growth from nothing: %+v", name, r)
		}
		if Volume(sales, day(2025, 6, 30), FlagOptions{}) != nil || Overdue(sales, day(2025, 6, 30)) != nil {
			t.Errorf("%s: a flag without history", name)
		}
	}
}

// monthly makes an account that orders amount on the 5th of every month.
func monthly(from kam.Date, months int, amount func(i int) kam.Money) []Sale {
	var out []Sale
	t := from.Time()
	for i := range months {
		d := kam.DateOf(t.AddDate(0, i, 0))
		out = append(out, Sale{Date: d, Amount: amount(i)})
	}
	return out
}

func TestVolumeFlagsByHand(t *testing.T) {
	asOf := day(2025, 12, 31)
	steady := func(int) kam.Money { return units(3000) }
	// 24 months from 2024-01-05, 3,000 a month. The usual interval is 31
	// days, so the window is 3 × 31 = 93 days (from 2025-09-29, holding the
	// orders of Oct, Nov, Dec) and the year before it expects
	// 12 × 3,000 × 93 / 365 = 9,173. Of its 39 past windows of 93 days a
	// week apart, two catch four orders (12,000: three months span fewer
	// than 93 days, so a few end days do), the others three: its usual
	// range, the 10th to 90th percentile, is 9,000.
	if f := Volume(monthly(day(2024, 1, 5), 24, steady), asOf, FlagOptions{}); f != nil {
		t.Errorf("steady account flagged: %+v", f)
	}
	dropped := monthly(day(2024, 1, 5), 24, func(i int) kam.Money {
		if i >= 21 {
			return units(1000)
		}
		return units(3000)
	})
	f := Volume(dropped, asOf, FlagOptions{Currency: "GBP"})
	if f == nil || f.Kind != VolumeDrop || f.Severity != SeverityMedium ||
		f.Evidence != "orders in the last 93 days GBP 3,000 against GBP 9,173 expected (usually GBP 9,000), -67%" {
		t.Fatalf("a third of the volume: %+v", f)
	}
	doubled := monthly(day(2024, 1, 5), 24, func(i int) kam.Money {
		if i >= 21 {
			return units(7000)
		}
		return units(3000)
	})
	if f := Volume(doubled, asOf, FlagOptions{}); f == nil || f.Kind != VolumeSpike || !strings.Contains(f.Evidence, "21,000 against 9,173 expected (usually 9,000), +129%") {
		t.Errorf("more than double: %+v", f)
	}
	small := monthly(day(2024, 1, 5), 21, func(int) kam.Money { return units(100) })
	if f := Volume(small, asOf, FlagOptions{}); f != nil {
		t.Errorf("an account below the floor stopped buying and was flagged: %+v", f)
	}
}

func TestOverdueByHand(t *testing.T) {
	// An order every 20 days from 2025-01-01; the last on 2025-08-29. On
	// 2025-09-30 (32 days) that is within twice the interval (40); on
	// 2025-12-01 (94 days) it is beyond one and a half times that: high.
	var sales []Sale
	for d := day(2025, 1, 1); !day(2025, 9, 9).Before(d); d = d.AddDays(20) {
		sales = append(sales, Sale{Date: d, Amount: units(500)})
	}
	if f := Overdue(sales, day(2025, 9, 30)); f != nil {
		t.Errorf("22 days after the last order: %+v", f)
	}
	f := Overdue(sales, day(2025, 12, 1))
	if f == nil || f.Kind != OrderOverdue || f.Severity != SeverityHigh ||
		f.Evidence != "no order for 94 days; this account usually orders every 20 days (±0)" {
		t.Errorf("94 days after: %+v", f)
	}
}
