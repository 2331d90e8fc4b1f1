package kam

import (
	"testing"
	"time"
)

// TestFiscalQuartersAprilStart checks an April fiscal year by hand: FY2027
// runs from 1 April 2026 to 31 March 2027, its Q1 is April to June 2026
// and its Q4 January to March 2027.
func TestFiscalQuartersAprilStart(t *testing.T) {
	cal := FiscalCalendar{StartMonth: time.April}
	for _, tc := range []struct {
		p                  Period
		first, last, label string
		key                string
	}{
		{cal.Year(2027), "2026-04-01", "2027-03-31", "FY2027 (Apr 2026–Mar 2027)", "FY2027"},
		{cal.Quarter(2027, 1), "2026-04-01", "2026-06-30", "FY2027 Q1 (Apr–Jun 2026)", "FY2027-Q1"},
		{cal.Quarter(2027, 3), "2026-10-01", "2026-12-31", "FY2027 Q3 (Oct–Dec 2026)", "FY2027-Q3"},
		{cal.Quarter(2027, 4), "2027-01-01", "2027-03-31", "FY2027 Q4 (Jan–Mar 2027)", "FY2027-Q4"},
		{cal.At(PeriodQuarter, NewDate(2026, time.March, 31)), "2026-01-01", "2026-03-31", "FY2026 Q4 (Jan–Mar 2026)", "FY2026-Q4"},
		{cal.At(PeriodYear, NewDate(2026, time.April, 1)), "2026-04-01", "2027-03-31", "FY2027 (Apr 2026–Mar 2027)", "FY2027"},
		{cal.Month(2026, time.February), "2026-02-01", "2026-02-28", "February 2026", "2026-02"},
		{cal.Shift(cal.Quarter(2027, 4), 1), "2027-04-01", "2027-06-30", "FY2028 Q1 (Apr–Jun 2027)", "FY2028-Q1"},
		{cal.Shift(cal.Quarter(2027, 1), -1), "2026-01-01", "2026-03-31", "FY2026 Q4 (Jan–Mar 2026)", "FY2026-Q4"},
		{FiscalCalendar{StartMonth: time.November}.Quarter(2027, 1), "2026-11-01", "2027-01-31", "FY2027 Q1 (Nov 2026–Jan 2027)", "FY2027-Q1"},
		{DefaultFiscalCalendar().Year(2026), "2026-01-01", "2026-12-31", "FY2026 (Jan–Dec 2026)", "FY2026"},
		{DefaultFiscalCalendar().Quarter(2026, 2), "2026-04-01", "2026-06-30", "FY2026 Q2 (Apr–Jun 2026)", "FY2026-Q2"},
	} {
		if tc.p.First.String() != tc.first || tc.p.Last.String() != tc.last || tc.p.Label() != tc.label || tc.p.Key() != tc.key {
			t.Errorf("period %s–%s %q %q, want %s–%s %q %q", tc.p.First, tc.p.Last, tc.p.Label(), tc.p.Key(), tc.first, tc.last, tc.label, tc.key)
		}
	}
	for key, want := range map[string]Period{"FY2027-Q1": cal.Quarter(2027, 1), "fy2027": cal.Year(2027), "2026-02": cal.Month(2026, time.February)} {
		if got, err := cal.ParsePeriod(key); err != nil || got != want {
			t.Errorf("parse %q: %+v %v, want %+v", key, got, err, want)
		}
	}
	if p, err := cal.PeriodOf(NewDate(2026, time.April, 1), NewDate(2026, time.June, 30)); err != nil || p.Key() != "FY2027-Q1" {
		t.Errorf("April to June: %+v %v", p, err)
	}
	if _, err := cal.PeriodOf(NewDate(2026, time.January, 1), NewDate(2026, time.December, 31)); ErrorField(err) != "period" {
		t.Errorf("a calendar year with an April start: %v", err)
	}
	if _, err := cal.PeriodOf(NewDate(2026, time.May, 1), NewDate(2026, time.July, 31)); ErrorField(err) != "period" {
		t.Errorf("May to July with an April start: %v", err)
	}
	for _, bad := range []string{"", "2026", "FY27", "FY2027-Q5", "2026-13", "Q1 2026"} {
		if _, err := cal.ParsePeriod(bad); ErrorField(err) != "period" {
			t.Errorf("period %q: %v", bad, err)
		}
	}
	for body, want := range map[string]time.Month{"": time.January, `{"start_month": 4}`: time.April} {
		if c, err := ParseFiscalCalendar([]byte(body)); err != nil || c.StartMonth != want {
			t.Errorf("setting %q: %v %v", body, c, err)
		}
	}
	for _, bad := range []string{`{"start_month": 13}`, `{"start_month": "April"}`, `{}`, `4`} {
		if _, err := ParseFiscalCalendar([]byte(bad)); err == nil {
			t.Errorf("setting %s taken", bad)
		}
	}
}

func TestTargetValidate(t *testing.T) {
	cal := FiscalCalendar{StartMonth: time.April}
	today := NewDate(2026, time.May, 10)
	q := cal.Quarter(2027, 1)
	ok := func() *Target {
		return &Target{UserID: 1, Kind: TargetRevenue, Basis: BasisOrders, Amount: MustMoney("1000"), Currency: "EUR",
			PeriodStart: q.First, PeriodEnd: q.Last}
	}
	if err := ok().Validate(cal, today); err != nil {
		t.Fatal(err)
	}
	for field, change := range map[string]func(*Target){
		"user_id":  func(t *Target) { t.OrgUnitID = 2 },
		"kind":     func(t *Target) { t.Kind = TargetObjective },
		"amount":   func(t *Target) { t.Amount = 0 },
		"currency": func(t *Target) { t.Currency = "eur" },
		"basis":    func(t *Target) { t.Basis = "margin" },
		"period":   func(t *Target) { t.PeriodEnd = t.PeriodEnd.AddDays(-1) },
	} {
		tg := ok()
		change(tg)
		if got := ErrorField(tg.Validate(cal, today)); got != field {
			t.Errorf("%s: field %q", field, got)
		}
	}
	closed := ok()
	closed.PeriodStart, closed.PeriodEnd = cal.Month(2026, time.April).First, cal.Month(2026, time.April).Last
	if err := closed.Validate(cal, today); ErrorField(err) != "period" || ErrorMessage(err)[:10] != "April 2026" {
		t.Errorf("closed month: %v", err)
	}
	objective := &Target{AccountID: 3, Kind: TargetObjective, Basis: BasisOrders, Description: "Win the Lyon site",
		PeriodStart: q.First, PeriodEnd: q.Last}
	if err := objective.Validate(cal, today); err != nil {
		t.Errorf("an objective without an amount: %v", err)
	}
}

func TestQuotaFor(t *testing.T) {
	cal := DefaultFiscalCalendar()
	target := func(p Period, amount string) *Target {
		return &Target{PeriodStart: p.First, PeriodEnd: p.Last, Amount: MustMoney(amount)}
	}
	year := target(cal.Year(2026), "1200")
	q1, q2 := target(cal.Quarter(2026, 1), "300"), target(cal.Quarter(2026, 2), "330")
	jan, apr := target(cal.Month(2026, time.January), "90"), target(cal.Month(2026, time.April), "100")
	may := target(cal.Month(2026, time.May), "110")
	feb := FiscalCalendar{StartMonth: time.February}
	for _, tc := range []struct {
		name    string
		targets []*Target
		period  Period
		amount  string
		source  string
	}{
		{"the year set", []*Target{year, q1, q2}, cal.Year(2026), "1200", QuotaSet},
		{"quarters inside, months under them not twice", []*Target{q1, jan, q2, apr, may}, cal.Year(2026), "630", QuotaSum},
		{"months of a quarter", []*Target{apr, may, year}, cal.Quarter(2026, 2), "210", QuotaSum},
		{"a quarter of the year pro rata", []*Target{year}, cal.Quarter(2026, 2), "299.1781", QuotaProRata},
		{"nothing", []*Target{q1}, cal.Quarter(2026, 3), "0", ""},
		// A fiscal year from February: calendar Q2 2026 (Apr–Jun) takes 30 of
		// FY Q1's 89 days (Feb–Apr) and 61 of FY Q2's 92 (May–Jul), and not
		// the year's share besides: 90,000 × 30/89 + 90,000 × 61/92.
		{"a calendar quarter across two fiscal ones", []*Target{
			target(feb.Year(2027), "360000"), target(feb.Quarter(2027, 1), "90000"), target(feb.Quarter(2027, 2), "90000")},
			cal.Quarter(2026, 2), "90010.9917", QuotaProRata},
	} {
		q := QuotaFor(tc.targets, tc.period.First, tc.period.Last)
		if q.Amount != MustMoney(tc.amount) || q.Source != tc.source {
			t.Errorf("%s: %s %q, want %s %q", tc.name, q.Amount, q.Source, tc.amount, tc.source)
		}
	}
}
