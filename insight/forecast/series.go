package forecast

import (
	"fmt"
	"math"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
)

// Month is a calendar month as a count of months since January of year 0,
// so that months subtract and add as plain integers: series are indexed by
// month, and a gap between two orders is a difference of two Months.
type Month int

// MonthOf returns the calendar month of a day.
func MonthOf(d kam.Date) Month {
	t := d.Time()
	return Month(t.Year()*12 + int(t.Month()) - 1)
}

// Year returns the month's year (with Mon, the month back as a calendar
// month).
func (m Month) Year() int { return floorDiv(int(m), 12) }

// Mon returns the month of the year, January = 1.
func (m Month) Mon() time.Month { return time.Month(int(m) - 12*m.Year() + 1) }

// String writes the month as YYYY-MM, the form kam prints months in.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year(), int(m.Mon())) }

// MarshalText makes a Month print as "YYYY-MM" in JSON rather than as the
// internal count, which means nothing to a reader.
func (m Month) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText reads "YYYY-MM", so that a printed forecast reads back.
func (m *Month) UnmarshalText(b []byte) error {
	t, err := time.Parse("2006-01", string(b))
	if err != nil {
		return fmt.Errorf("month %q is not in the form YYYY-MM", b)
	}
	*m = MonthOf(kam.DateOf(t))
	return nil
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// LastComplete is the last calendar month that is over on asOf: asOf's own
// month when asOf is its last day, else the month before. History ends with
// it and the forecast horizon starts the month after, so that a month is
// never half history and half forecast.
func LastComplete(asOf kam.Date) Month {
	m := MonthOf(asOf)
	if asOf.Time().AddDate(0, 0, 1).Day() == 1 {
		return m
	}
	return m - 1
}

// Series is an account's net revenue per calendar month in currency units
// (credit notes subtract), oldest first, as the methods read it. Values are
// float64 because every method is arithmetic on them; amounts are exact
// only to about 15 significant digits, which is far below forecast error.
type Series struct {
	// Start is the month of Values[0].
	Start Month `json:"start"`
	// Values are the monthly net revenues; a month without sales is 0.
	Values []float64 `json:"values"`
}

// End is the month after the series' last month: the first month to forecast.
func (s Series) End() Month { return s.Start + Month(len(s.Values)) }

// DefaultHistory is how many complete months Monthly reads when the caller
// does not say: three seasons, enough for Holt-Winters to fit two and be
// backtested on the third, while old enough buying stops mattering.
// MaxHistory caps what a caller may ask for — ten years — so that a wild
// option cannot allocate gigabytes or slow a batch of accounts down.
const (
	DefaultHistory = 36
	MaxHistory     = 120
)

// Monthly builds the series a forecast reads: net revenue of each calendar
// month from the first month with a sale to LastComplete(asOf), at most
// maxMonths months (DefaultHistory when maxMonths <= 0, at most
// MaxHistory), oldest first.
//
// Exactly: month M counts sales dated in M and on or before asOf; months
// after LastComplete(asOf) (the current, incomplete month) and sales after
// asOf are left out, as are sales before the first of the maxMonths
// months. Leading months without any sale are dropped — an account that
// started buying in May has no history before May, not zero revenue — but
// trailing ones are kept, since a customer that stopped buying matters.
// Sales of zero amount still mark the month the account started.
//
// Monthly sums in float64, so amounts near the int64 limit cannot overflow.
func Monthly(sales []insight.Sale, asOf kam.Date, maxMonths int) Series {
	if maxMonths <= 0 {
		maxMonths = DefaultHistory
	}
	maxMonths = min(maxMonths, MaxHistory)
	last := LastComplete(asOf)
	first := last - Month(maxMonths) + 1
	values := make([]float64, maxMonths)
	start := last + 1
	for _, s := range sales {
		if asOf.Before(s.Date) {
			continue
		}
		m := MonthOf(s.Date)
		if m < first || m > last {
			continue
		}
		i := int(m - first)
		values[i] += s.Amount.Float()
		if m < start {
			start = m
		}
	}
	return Series{Start: start, Values: values[start-first:]}
}

// toMoney converts currency units back to Money, rounding to the smallest
// unit and clamping to what an int64 holds, so that no float, however
// large, turns into a wrapped or undefined integer. NaN becomes 0.
func toMoney(v float64) kam.Money {
	const limit = 9.2e18 // just below math.MaxInt64
	x := v * kam.MoneyScale
	switch {
	case math.IsNaN(x):
		return 0
	case x >= limit:
		return kam.Money(limit)
	case x <= -limit:
		return -kam.Money(limit)
	}
	return kam.Money(math.Round(x))
}
