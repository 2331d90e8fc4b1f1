package web

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight/forecast"
)

// funcs are the helpers templates format values with. They return plain
// strings, which html/template escapes; none returns trusted HTML.
var funcs = template.FuncMap{
	"label":       label,
	"money":       money,
	"date":        date,
	"dots":        dots,
	"month":       forecastMonth,
	"capitalise":  capitalise,
	"flagKind":    flagKind,
	"dateOf":      kam.DateOf,
	"flagActions": flagActions,
	"caseForm":    caseFormFor,
}

// label turns a stored code such as "at_risk" or "decision_maker" into a
// label for people ("At risk", "Decision maker"); an empty code is a dash. It
// takes any string type (kam.AccountStatus, kam.BuyingRole, ...).
func label(code any) string {
	s := strings.ReplaceAll(fmt.Sprint(code), "_", " ")
	if s == "" {
		return "—"
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// money formats an amount in whole units with thousands separators, followed
// by its currency: "1,234,567 EUR".
func money(m kam.Money, currency string) string {
	return m.FormatGrouped() + " " + currency
}

// date formats a day, or a dash when it is not set.
func date(d kam.Date) string {
	if d.IsZero() {
		return "—"
	}
	return d.String()
}

// dots returns five flags, the first n set, to draw a 1-to-5 rating.
func dots(n int) []bool {
	out := make([]bool, 5)
	for i := range min(max(n, 0), 5) {
		out[i] = true
	}
	return out
}

// forecastMonth names a forecast's month: "Mar 2026".
func forecastMonth(m forecast.Month) string {
	return monthName(m.Year(), int(m.Mon()))
}

// delta is the change of one figure against the same figure a period before.
type delta struct {
	Text string // "+12.3%", "−4.0%", "new" or "" when there is nothing to compare
	Up   bool
	Down bool
}

// change compares cur with prev. It works in whole currency units with
// integers, so that no amount passes through float64.
func change(cur, prev kam.Money) delta {
	c, p := cur.Units(), prev.Units()
	switch {
	case p == 0 && c == 0:
		return delta{}
	case p <= 0:
		return delta{Text: "new", Up: c > 0}
	}
	// Per mille, rounded half away from zero; ample range for any revenue.
	diff := (c - p) * 1000
	pm := (diff + sign(diff)*p/2) / p
	d := delta{Up: pm > 0, Down: pm < 0}
	abs, mark := pm, "+"
	if pm < 0 {
		abs, mark = -pm, "−"
	} else if pm == 0 {
		mark = "±"
	}
	d.Text = fmt.Sprintf("%s%d.%d%%", mark, abs/10, abs%10)
	return d
}

func sign(n int64) int64 {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}
