package kam

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Money is an exact amount in ten-thousandths of a currency unit (4 decimal
// places), so that prices with three decimals, as real price lists have, and
// their totals reproduce to the smallest unit. It never passes through float64.
// The currency code travels beside it on the record that holds it.
type Money int64

// MoneyScale is the number of Money units in one currency unit.
const MoneyScale = 10000

// separators are the thousands separators ParseMoney ignores.
var separators = strings.NewReplacer(",", "", "_", "", "'", "", " ", "")

// ParseMoney reads a decimal amount such as "1234.5", "-0.125" or "1,234.50".
// Thousands separators (",", "_", "'", and spaces) are ignored; a value with more
// than four decimal places, or too large for int64, is an error.
func ParseMoney(s string) (Money, error) {
	s = strings.TrimSpace(s)
	if strings.ContainsAny(s, ",_' ") {
		s = separators.Replace(s)
	}
	if s == "" {
		return 0, fmt.Errorf("empty amount")
	}
	neg := false
	switch s[0] {
	case '-':
		neg, s = true, s[1:]
	case '+':
		s = s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" && frac == "" {
		return 0, fmt.Errorf("amount %q has no digits", s)
	}
	if len(frac) > 4 {
		if strings.TrimRight(frac[4:], "0") != "" {
			return 0, fmt.Errorf("amount %q has more than 4 decimal places", s)
		}
		frac = frac[:4]
	}
	for _, part := range []string{whole, frac} {
		for _, r := range part {
			if r < '0' || r > '9' {
				return 0, fmt.Errorf("amount %q is not a number", s)
			}
		}
	}
	if whole == "" {
		whole = "0"
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > math.MaxInt64/MoneyScale-1 {
		return 0, fmt.Errorf("amount %q is too large", s)
	}
	frac += strings.Repeat("0", 4-len(frac))
	f, _ := strconv.ParseInt(frac, 10, 64)
	v := Money(w*MoneyScale + f)
	if neg {
		v = -v
	}
	return v, nil
}

// MustMoney is ParseMoney for constants in code and tests; it panics on bad input.
func MustMoney(s string) Money {
	m, err := ParseMoney(s)
	if err != nil {
		panic(err)
	}
	return m
}

// String formats the amount with the fewest decimals that keep it exact, but at
// least two: 12.5 → "12.50", 0.125 → "0.125".
func (m Money) String() string {
	sign := ""
	u := uint64(m)
	if m < 0 {
		sign, u = "-", uint64(-m)
	}
	frac := fmt.Sprintf("%04d", u%MoneyScale)
	frac = strings.TrimRight(frac, "0")
	for len(frac) < 2 {
		frac += "0"
	}
	return fmt.Sprintf("%s%d.%s", sign, u/MoneyScale, frac)
}

// Units returns the amount rounded half away from zero to whole currency units.
func (m Money) Units() int64 {
	if m < 0 {
		return -int64((-m + MoneyScale/2) / MoneyScale)
	}
	return int64((m + MoneyScale/2) / MoneyScale)
}

// Times returns the amount multiplied by a whole quantity.
func (m Money) Times(qty int64) Money { return Money(int64(m) * qty) }

// Percent applies a discount or rate given in basis points (1/100 of a percent),
// rounding half away from zero to the smallest unit.
func (m Money) Percent(bp int64) Money {
	p := int64(m) * bp
	if p < 0 {
		return Money(-((-p + 5000) / 10000))
	}
	return Money((p + 5000) / 10000)
}

// Float returns the amount in currency units as a float64, for charts and
// statistics only; never store or sum the result.
func (m Money) Float() float64 { return float64(m) / MoneyScale }

// FormatGrouped formats whole units with thousands separators, e.g. "1,234,567",
// for dense tables where cents are noise.
func (m Money) FormatGrouped() string {
	n := m.Units()
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return sign + b.String()
}

// MarshalJSON writes the amount as a JSON number in currency units, exact:
// 12.5 → 12.50.
func (m Money) MarshalJSON() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalJSON reads an amount written as a JSON number or string in
// currency units.
func (m *Money) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "null" {
		return nil
	}
	v, err := ParseMoney(s)
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// CurrencyAmount is an amount in one currency, as totals over records in
// several currencies list them: amounts in different currencies are never
// added together.
type CurrencyAmount struct {
	Currency string `json:"currency"`
	Amount   Money  `json:"amount"`
}
