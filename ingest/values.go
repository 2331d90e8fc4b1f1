package ingest

import (
	"fmt"
	"strings"
	"time"

	"github.com/kamhq/kam"
)

// ParseID cleans an identifier read from a file: spaces trimmed, and a whole
// number written as a float by a spreadsheet or Spark ("17850.0") read as the
// number ("17850").
func ParseID(s string) string {
	s = strings.TrimSpace(s)
	if whole, frac, ok := strings.Cut(s, "."); ok && whole != "" && strings.Trim(frac, "0") == "" && isDigits(whole) {
		return whole
	}
	return s
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// dayLayouts are the unambiguous date forms an import accepts.
var dayLayouts = []string{
	time.DateOnly, time.DateTime, "2006-01-02 15:04", time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04:05.000Z07:00",
	"2006/01/02", "2006/01/02 15:04:05", "20060102", "02.01.2006", "2.1.2006", "02.01.2006 15:04",
}

// ParseTime reads a date or date and time, in the zone it names (UTC when it
// names none), in an unambiguous form (ISO
// 2006-01-02 with or without a time, RFC 3339, 2006/01/02, 20060102, or the
// dotted European 02.01.2006). Slashed day/month forms such as 01/02/2006 are
// refused, because they read differently in Europe and the US.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range dayLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	if strings.Count(s, "/") == 2 {
		return time.Time{}, fmt.Errorf("date %q could be day/month or month/day; write it as YYYY-MM-DD", s)
	}
	return time.Time{}, fmt.Errorf("date %q is not a date; write it as YYYY-MM-DD", s)
}

// ParseDay is ParseTime keeping only the calendar day as written, in the
// time's own zone: "2024-03-01T00:30:00+02:00" is 1 March.
func ParseDay(s string) (kam.Date, error) {
	t, err := ParseTime(s)
	if err != nil {
		return kam.Date{}, err
	}
	y, m, d := t.Date()
	return kam.NewDate(y, m, d), nil
}

// ParseAmount reads a money amount written the way spreadsheets write them:
// "1234.5", "1,234.50", "1.234,50", "12,50", with an optional currency sign
// or code around it. A lone separator followed by exactly three digits
// ("1,250", "1.234") could group thousands or mark decimals; ParseAmount takes
// a comma as grouping and a point as the decimal mark, as files written with
// a decimal point do. Use ParseAmountIn for files written with a decimal comma.
func ParseAmount(s string) (kam.Money, error) { return ParseAmountIn(s, false) }

// ParseAmountIn is ParseAmount for a file whose numbers use a decimal comma
// (decimalComma) or a decimal point: it settles the one ambiguous form, a
// lone separator followed by exactly three digits, by the file's convention.
// Every other form reads the same either way.
func ParseAmountIn(s string, decimalComma bool) (kam.Money, error) {
	orig := s
	s = strings.TrimSpace(s)
	for _, sym := range []string{"€", "£", "$", "EUR", "GBP", "USD", "CHF"} {
		s = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(s, sym), sym))
	}
	s = strings.ReplaceAll(s, " ", "")
	bad := fmt.Errorf("amount %q is not a number; write it as 1234.56", strings.TrimSpace(orig))
	dot, comma := strings.LastIndexByte(s, '.'), strings.LastIndexByte(s, ',')
	dots, commas := strings.Count(s, "."), strings.Count(s, ",")
	switch {
	case dots > 0 && commas > 0: // both: the last one is the decimal mark
		dec, group := ".", ","
		if comma > dot {
			dec, group = ",", "."
		}
		if strings.Count(s, dec) > 1 {
			return 0, bad
		}
		s = strings.ReplaceAll(strings.ReplaceAll(s, group, ""), dec, ".")
	case dots+commas == 0:
	case dots > 1 || commas > 1: // several of one: grouping ("1.234.567")
		s = strings.NewReplacer(".", "", ",", "").Replace(s)
	default: // one separator
		sep, at := ",", comma
		if dots == 1 {
			sep, at = ".", dot
		}
		digits := len(s) - at - 1
		whole := strings.TrimLeft(s[:at], "+-")
		grouping := digits == 3 && whole != "" && whole != "0" && len(whole) <= 3
		if grouping && (sep == "," && !decimalComma || sep == "." && decimalComma) {
			s = s[:at] + s[at+1:] // "1,250" or, with a decimal comma, "1.250"
		} else {
			s = s[:at] + "." + s[at+1:]
		}
	}
	m, err := kam.ParseMoney(s)
	if err != nil {
		return 0, bad
	}
	return m, nil
}

// ParseQuantity reads a whole quantity; "6.0" is 6, "6.5" is an error.
func ParseQuantity(s string) (int64, error) { return ParseQuantityIn(s, false) }

// ParseQuantityIn reads a whole quantity in a file's number convention: with
// a decimal comma "1.000" is a thousand, with a decimal point it is one.
func ParseQuantityIn(s string, decimalComma bool) (int64, error) {
	s = strings.TrimSpace(s)
	m, err := ParseAmountIn(s, decimalComma)
	if err != nil || m%kam.MoneyScale != 0 {
		return 0, fmt.Errorf("quantity %q is not a whole number", s)
	}
	return int64(m / kam.MoneyScale), nil
}
