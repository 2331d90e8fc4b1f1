package forecast

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
)

func day(y int, m time.Month, d int) kam.Date { return kam.NewDate(y, m, d) }

func sale(d kam.Date, amount string) insight.Sale {
	return insight.Sale{Date: d, Amount: kam.MustMoney(amount)}
}

func TestLastComplete(t *testing.T) {
	cases := []struct {
		asOf kam.Date
		want string
	}{
		{day(2011, 9, 1), "2011-08"},
		{day(2011, 9, 15), "2011-08"},
		{day(2011, 8, 31), "2011-08"}, // the last day closes its month
		{day(2011, 12, 31), "2011-12"},
		{day(2011, 2, 28), "2011-02"},
		{day(2012, 2, 28), "2012-01"}, // a leap year's February has a 29th
		{day(2012, 1, 1), "2011-12"},
	}
	for _, c := range cases {
		if got := LastComplete(c.asOf).String(); got != c.want {
			t.Errorf("LastComplete(%s) = %s, want %s", c.asOf, got, c.want)
		}
	}
}

func TestMonth(t *testing.T) {
	m := MonthOf(day(2011, 9, 17))
	if m.Year() != 2011 || m.Mon() != time.September || m.String() != "2011-09" {
		t.Errorf("MonthOf = %d: %d %v %s", m, m.Year(), m.Mon(), m)
	}
	if got := (m + 4).String(); got != "2012-01" {
		t.Errorf("2011-09 + 4 = %s", got)
	}
	if got := Month(-1).String(); got != "-001-12" {
		t.Errorf("Month(-1) = %s", got) // floor division: December of year −1
	}
	b, _ := json.Marshal(m)
	var back Month
	if err := json.Unmarshal(b, &back); err != nil || back != m || string(b) != `"2011-09"` {
		t.Errorf("JSON %s read back as %s (%v)", b, back, err)
	}
	if err := back.UnmarshalText([]byte("Sept")); err == nil {
		t.Error("read a month from Sept")
	}
}

func TestMonthly(t *testing.T) {
	sales := []insight.Sale{
		sale(day(2008, 1, 5), "999"),     // before the 36 months: left out
		sale(day(2011, 3, 10), "0"),      // a zero sale still starts the history
		sale(day(2011, 5, 2), "100"),     //
		sale(day(2011, 5, 20), "-30"),    // a credit note nets off
		sale(day(2011, 7, 1), "-50"),     // a month of credit only
		sale(day(2011, 8, 31), "40.5"),   // the last complete month
		sale(day(2011, 9, 1), "1000"),    // the current month: not history
		sale(day(2011, 10, 1), "1000"),   // after as-of
		sale(day(2300, 1, 1), "1000000"), // far future
	}
	s := Monthly(sales, day(2011, 9, 1), 0)
	if s.Start.String() != "2011-03" || s.End().String() != "2011-09" {
		t.Errorf("months %s to %s, want 2011-03 to the forecast from 2011-09", s.Start, s.End())
	}
	want := []float64{0, 0, 70, 0, -50, 40.5}
	if len(s.Values) != len(want) {
		t.Fatalf("values %v, want %v", s.Values, want)
	}
	for i := range want {
		if s.Values[i] != want[i] {
			t.Errorf("values %v, want %v", s.Values, want)
			break
		}
	}
	// As of the last day of August the same months count.
	if s2 := Monthly(sales, day(2011, 8, 31), 0); s2.End() != s.End() || len(s2.Values) != 6 {
		t.Errorf("as of 2011-08-31: %s, %d months", s2.Start, len(s2.Values))
	}
	// A window of 4 months starts in May.
	if s4 := Monthly(sales, day(2011, 9, 1), 4); s4.Start.String() != "2011-05" || len(s4.Values) != 4 {
		t.Errorf("4 months: start %s, %d months", s4.Start, len(s4.Values))
	}
	// Nothing in the window: an empty series ending before the as-of month.
	if e := Monthly(sales, day(2200, 1, 1), 0); len(e.Values) != 0 || e.End().String() != "2200-01" {
		t.Errorf("far future as-of: %+v", e)
	}
	// Amounts at the int64 limit add without overflow.
	huge := []insight.Sale{{Date: day(2011, 5, 1), Amount: math.MaxInt64}, {Date: day(2011, 5, 2), Amount: math.MaxInt64}}
	if h := Monthly(huge, day(2011, 9, 1), 0); h.Values[0] <= 0 || math.IsInf(h.Values[0], 0) {
		t.Errorf("two max amounts sum to %v", h.Values[0])
	}
}

func TestToMoney(t *testing.T) {
	cases := []struct {
		in   float64
		want kam.Money
	}{
		{1.23456, 12346},
		{-0.00005, -1},
		{math.NaN(), 0},
		{math.Inf(1), 9.2e18},
		{-1e300, -9.2e18},
	}
	for _, c := range cases {
		if got := toMoney(c.in); got != c.want {
			t.Errorf("toMoney(%v) = %d, want %d", c.in, got, c.want)
		}
	}
}
