package kam

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Targets are set for whole periods: a calendar month, a fiscal quarter or
// a fiscal year. The fiscal year starts in a month the fiscal_year setting
// names (January until an administrator sets another) and is named after
// the calendar year it ends in: with an April start, FY2027 runs from
// April 2026 to March 2027 and its first quarter is April to June 2026.

// PeriodKind is the length of a target's period.
type PeriodKind string

// The kinds of period a target covers.
const (
	PeriodMonth   PeriodKind = "month"
	PeriodQuarter PeriodKind = "quarter"
	PeriodYear    PeriodKind = "year"
)

// PeriodKinds lists the kinds of period, shortest first.
var PeriodKinds = []PeriodKind{PeriodMonth, PeriodQuarter, PeriodYear}

// Period is a whole month, fiscal quarter or fiscal year.
type Period struct {
	Kind  PeriodKind `json:"kind"`
	First Date       `json:"first"`
	Last  Date       `json:"last"`
	// FiscalYear names the fiscal year of a quarter or year (2027 for
	// FY2027); Number is a quarter's number (1 to 4) or a month's (1 to 12).
	FiscalYear int `json:"fiscal_year,omitempty"`
	Number     int `json:"number,omitempty"`
}

// Key is the period as addresses and the API write it: 2026-04 for a
// month, FY2027-Q1 for a quarter, FY2027 for a year.
func (p Period) Key() string {
	switch p.Kind {
	case PeriodMonth:
		return p.First.Time().Format("2006-01")
	case PeriodQuarter:
		return fmt.Sprintf("FY%d-Q%d", p.FiscalYear, p.Number)
	}
	return fmt.Sprintf("FY%d", p.FiscalYear)
}

// Label is the period for people: "April 2026", "FY2027 Q1 (Apr–Jun
// 2026)", "FY2027 (Apr 2026–Mar 2027)".
func (p Period) Label() string {
	switch p.Kind {
	case PeriodMonth:
		return p.First.Time().Format("January 2006")
	case PeriodQuarter:
		return fmt.Sprintf("FY%d Q%d (%s)", p.FiscalYear, p.Number, MonthSpan(p.First, p.Last))
	}
	return fmt.Sprintf("FY%d (%s)", p.FiscalYear, MonthSpan(p.First, p.Last))
}

// IsZero reports whether the period is unset.
func (p Period) IsZero() bool { return p.First.IsZero() }

// Closed reports whether the period ended before today.
func (p Period) Closed(today Date) bool { return p.Last.Before(today) }

// MonthSpan writes the months from first to last: "Apr–Jun 2026", or
// "Nov 2026–Jan 2027" across a year's end.
func MonthSpan(first, last Date) string {
	f, l := first.Time(), last.Time()
	if f.Year() == l.Year() {
		return f.Format("Jan") + "–" + l.Format("Jan 2006")
	}
	return f.Format("Jan 2006") + "–" + l.Format("Jan 2006")
}

// SettingFiscalYear is the key of the fiscal year's setting.
const SettingFiscalYear = "fiscal_year"

// FiscalCalendar says when the fiscal year starts; its quarters follow.
type FiscalCalendar struct {
	StartMonth time.Month `json:"start_month"`
}

// DefaultFiscalCalendar is the fiscal year until an administrator sets
// one: the calendar year.
func DefaultFiscalCalendar() FiscalCalendar { return FiscalCalendar{StartMonth: time.January} }

// ParseFiscalCalendar reads the fiscal_year setting, such as
// {"start_month": 4}; an empty body is the default.
func ParseFiscalCalendar(body []byte) (FiscalCalendar, error) {
	if len(body) == 0 {
		return DefaultFiscalCalendar(), nil
	}
	var in struct {
		StartMonth json.RawMessage `json:"start_month"`
	}
	var m int
	if err := json.Unmarshal(body, &in); err != nil || in.StartMonth == nil {
		return FiscalCalendar{}, fmt.Errorf("the fiscal year is an object with the month it starts in, such as {\"start_month\": 4} for April")
	}
	if err := json.Unmarshal(in.StartMonth, &m); err != nil || m < 1 || m > 12 {
		return FiscalCalendar{}, fmt.Errorf("start_month is a month's number from 1 (January) to 12 (December), not %s", in.StartMonth)
	}
	return FiscalCalendar{StartMonth: time.Month(m)}, nil
}

// monthIndex counts months from year 0, so that months can be added.
func monthIndex(d Date) int { return d.Time().Year()*12 + int(d.Time().Month()) - 1 }

// monthStart is the first day of a month index.
func monthStart(i int) Date { return NewDate(i/12, time.Month(i%12+1), 1) }

// yearStart is the month index where fiscal year fy begins.
func (c FiscalCalendar) yearStart(fy int) int {
	start := fy*12 + int(c.StartMonth) - 1
	if c.StartMonth != time.January {
		start -= 12 // FY2027 with an April start begins in April 2026
	}
	return start
}

// FiscalYearOf is the fiscal year a day falls in.
func (c FiscalCalendar) FiscalYearOf(d Date) int {
	y := d.Time().Year()
	if c.StartMonth != time.January && d.Time().Month() >= c.StartMonth {
		y++
	}
	return y
}

// span is the period of n months from the month index first.
func span(kind PeriodKind, first, n, fy, number int) Period {
	return Period{Kind: kind, First: monthStart(first), Last: monthStart(first + n).AddDays(-1), FiscalYear: fy, Number: number}
}

// Month is a calendar month.
func (c FiscalCalendar) Month(year int, m time.Month) Period {
	return span(PeriodMonth, year*12+int(m)-1, 1, 0, int(m))
}

// Quarter is quarter q (1 to 4) of fiscal year fy.
func (c FiscalCalendar) Quarter(fy, q int) Period {
	return span(PeriodQuarter, c.yearStart(fy)+3*(q-1), 3, fy, q)
}

// Year is fiscal year fy.
func (c FiscalCalendar) Year(fy int) Period { return span(PeriodYear, c.yearStart(fy), 12, fy, 0) }

// At is the period of a kind that holds a day.
func (c FiscalCalendar) At(kind PeriodKind, d Date) Period {
	fy := c.FiscalYearOf(d)
	switch kind {
	case PeriodMonth:
		return c.Month(d.Time().Year(), d.Time().Month())
	case PeriodQuarter:
		return c.Quarter(fy, (monthIndex(d)-c.yearStart(fy))/3+1)
	}
	return c.Year(fy)
}

// Shift is the period of the same kind n periods later (earlier for n < 0).
func (c FiscalCalendar) Shift(p Period, n int) Period {
	months := map[PeriodKind]int{PeriodMonth: 1, PeriodQuarter: 3, PeriodYear: 12}[p.Kind]
	return c.At(p.Kind, monthStart(monthIndex(p.First)+n*months))
}

// ParsePeriod reads a period's key: 2026-04, FY2027-Q1 or FY2027 (any case).
func (c FiscalCalendar) ParsePeriod(key string) (Period, error) {
	s := strings.ToUpper(strings.TrimSpace(key))
	bad := FieldError("period", "There is no period %q: write a month as 2026-04, a fiscal quarter as FY2027-Q1 or a fiscal year as FY2027.", key)
	if fy, ok := strings.CutPrefix(s, "FY"); ok {
		year, q, isQuarter := strings.Cut(fy, "-Q")
		y, err := strconv.Atoi(year)
		if err != nil || len(year) != 4 || y < 1901 {
			return Period{}, bad
		}
		if !isQuarter {
			return c.Year(y), nil
		}
		n, err := strconv.Atoi(q)
		if err != nil || len(q) != 1 || n < 1 || n > 4 {
			return Period{}, bad
		}
		return c.Quarter(y, n), nil
	}
	t, err := time.Parse("2006-01", s)
	if err != nil || t.Year() < 1900 {
		return Period{}, bad
	}
	return c.Month(t.Year(), t.Month()), nil
}

// PeriodOf is the whole month, fiscal quarter or fiscal year that runs
// from first to last; any other span of days is an error that says what
// a period is.
func (c FiscalCalendar) PeriodOf(first, last Date) (Period, error) {
	if first.IsZero() || last.IsZero() {
		return Period{}, FieldError("period", "A target needs a period: a month, a fiscal quarter or a fiscal year.")
	}
	for _, kind := range PeriodKinds {
		if p := c.At(kind, first); sameDay(p.First, first) && sameDay(p.Last, last) {
			return p, nil
		}
	}
	return Period{}, FieldError("period", "%s to %s is not a whole month, fiscal quarter or fiscal year; "+
		"a fiscal year starts on 1 %s and its quarters follow it.", first.Time().Format("2 Jan 2006"),
		last.Time().Format("2 Jan 2006"), c.StartMonth)
}

// Describe is the label of the period from first to last: the period's
// when it is whole, else the days (a target set before the fiscal year
// moved).
func (c FiscalCalendar) Describe(first, last Date) string {
	if p, err := c.PeriodOf(first, last); err == nil {
		return p.Label()
	}
	return first.Time().Format("2 Jan 2006") + "–" + last.Time().Format("2 Jan 2006")
}

// sameDay reports whether two dates are the same day.
func sameDay(a, b Date) bool { return a.Time().Equal(b.Time()) }
