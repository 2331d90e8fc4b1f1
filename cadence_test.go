package kam

import (
	"strings"
	"testing"
	"time"
)

func TestTierCadenceAndPeriods(t *testing.T) {
	tc, err := ParseTierCadence([]byte(`{"key": 7}`))
	if err != nil || tc.Days("key") != 7 || tc.Days("core") != 60 || tc.Days("") != 90 || tc.Days("gold") != 90 {
		t.Errorf("parse: %v, %v", tc, err)
	}
	for _, bad := range []string{`{"key": 0}`, `{"key": 367}`, `{"key": "a week"}`, `{"gold": 7}`, `[7]`} {
		if _, err := ParseTierCadence([]byte(bad)); ErrorCode(err) != EINVALID {
			t.Errorf("%s: %v", bad, err)
		}
	}
	if _, err := ParseLostReasons([]byte(`["Price", " "]`)); ErrorCode(err) != EINVALID {
		t.Errorf("an empty reason: %v", err)
	}
	// Report periods are months and fiscal quarters: with an April start,
	// 2026-11-30 lies in FY2027's third quarter, October to December.
	april := FiscalCalendar{StartMonth: time.April}
	for day, want := range map[string]string{"2026-02-14 month": "2026-02-01 2026-02-28 2026-02", "2026-11-30 quarter": "2026-10-01 2026-12-31 FY2026-Q4",
		"2024-02-29 quarter": "2024-01-01 2024-03-31 FY2024-Q1", "2026-11-30 quarter april": "2026-10-01 2026-12-31 FY2027-Q3",
		"2026-05-02 quarter april": "2026-04-01 2026-06-30 FY2027-Q1"} {
		d, _ := ParseDate(day[:10])
		kind, cal := strings.CutSuffix(day[11:], " april")
		calendar := DefaultFiscalCalendar()
		if cal {
			calendar = april
		}
		p, err := calendar.ReportPeriod(kind, d)
		if got := p.First.String() + " " + p.Last.String() + " " + p.Key(); err != nil || got != want {
			t.Errorf("%s: %s, %v", day, got, err)
		}
	}
	if _, err := april.ReportPeriod("week", NewDate(2026, 1, 1)); ErrorCode(err) != EINVALID {
		t.Errorf("a week: %v", err)
	}
	// Every 10 days from 03-01; period 03-10 to 03-31: called 03-15 (4 days
	// late, counted from 03-11), then due 03-25, 6 days late at the end.
	on := func(s string) Date { d, _ := ParseDate(s); return d }
	l := Lateness([]Date{on("2026-03-01"), on("2026-03-15")}, on("2026-03-01"), Date{}, 10, on("2026-03-10"), on("2026-03-31"))
	if l.Contacts != 1 || l.MaxDaysLate != 6 || l.LateNow != 6 {
		t.Errorf("lateness: %+v", l)
	}
	if w := CadenceWords(21); w != "every 3 weeks" {
		t.Errorf("words: %s", w)
	}
}
