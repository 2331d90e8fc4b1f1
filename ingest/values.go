package ingest

import (
	"fmt"
	"strconv"
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
// or code around it. With one kind of separator only, a comma followed by
// exactly three digits groups thousands and any other comma is the decimal
// point.
func ParseAmount(s string) (kam.Money, error) {
	orig := s
	s = strings.TrimSpace(s)
	for _, sym := range []string{"€", "£", "$", "EUR", "GBP", "USD", "CHF"} {
		s = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(s, sym), sym))
	}
	s = strings.ReplaceAll(s, " ", "")
	dot, comma := strings.LastIndexByte(s, '.'), strings.LastIndexByte(s, ',')
	switch {
	case strings.Count(s, ",") > 1 && strings.Count(s, ".") > 1:
		return 0, fmt.Errorf("amount %q is not a number", strings.TrimSpace(orig))
	case dot >= 0 && comma >= 0 && comma > dot: // 1.234,50
		if strings.Count(s, ",") > 1 {
			return 0, fmt.Errorf("amount %q is not a number", strings.TrimSpace(orig))
		}
		s = strings.ReplaceAll(s[:comma], ".", "") + "." + s[comma+1:]
	case dot >= 0 && comma >= 0: // 1,234.50
		s = strings.ReplaceAll(s, ",", "")
	case comma >= 0 && (len(s)-comma-1 != 3 || strings.Count(s, ",") == 1 && strings.HasPrefix(strings.TrimLeft(s, "+-"), "0")):
		s = s[:comma] + "." + s[comma+1:]
	default:
		s = strings.ReplaceAll(s, ",", "")
	}
	m, err := kam.ParseMoney(s)
	if err != nil {
		return 0, fmt.Errorf("amount %q is not a number", strings.TrimSpace(orig))
	}
	return m, nil
}

// ParseQuantity reads a whole quantity; "6.0" is 6, "6.5" is an error.
func ParseQuantity(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if whole, frac, ok := strings.Cut(s, "."); ok && strings.Trim(frac, "0") == "" {
		s = whole
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("quantity %q is not a whole number", s)
	}
	return n, nil
}
