package kam

import (
	"encoding/json"
	"testing"
)

func TestParseMoney(t *testing.T) {
	for in, want := range map[string]Money{
		"0": 0, "1": 10000, "2.55": 25500, "0.125": 1250, "-3.5": -35000, "1,234.5678": 12345678,
		".5": 5000, "+7": 70000, "10.50000": 105000, " 42 ": 420000,
	} {
		got, err := ParseMoney(in)
		if err != nil || got != want {
			t.Errorf("ParseMoney(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "abc", "1.23456", "1e5", "--1", "1.2.3", ".", "99999999999999999999"} {
		if _, err := ParseMoney(bad); err == nil {
			t.Errorf("ParseMoney(%q) accepted", bad)
		}
	}
}

func TestMoneyFormatsAndRounds(t *testing.T) {
	cases := []struct {
		m       Money
		str     string
		grouped string
	}{
		{MustMoney("12.5"), "12.50", "13"},
		{MustMoney("0.125"), "0.125", "0"},
		{MustMoney("-1234567.49"), "-1234567.49", "-1,234,567"},
		{0, "0.00", "0"},
	}
	for _, c := range cases {
		if c.m.String() != c.str || c.m.FormatGrouped() != c.grouped {
			t.Errorf("%d: %q %q, want %q %q", c.m, c.m.String(), c.m.FormatGrouped(), c.str, c.grouped)
		}
	}
	// 3 × 19.995 less 10% = 53.9865; exact to the ten-thousandth.
	l := OrderLine{Quantity: 3, UnitPrice: MustMoney("19.995"), DiscountBP: 1000}
	if got := l.ComputeAmount(); got != MustMoney("53.9865") {
		t.Errorf("line amount %s", got)
	}
	if got := MustMoney("0.0001").Percent(5000); got != 1 {
		t.Errorf("half of the smallest unit rounds to %d, want 1", got)
	}
}

func TestNames(t *testing.T) {
	for in, want := range map[string]string{
		"ACME Gmbh.":               "acme",
		"Acme":                     "acme",
		"Société Générale S.A.":    "societe generale",
		"The Widget Company, Inc.": "widget",
		"Müller & Söhne KG":        "muller sohne",
		"Ltd":                      "ltd",
	} {
		if got := NormalizeCompanyName(in); got != want {
			t.Errorf("NormalizeCompanyName(%q) = %q, want %q", in, got, want)
		}
	}
	if got := SearchKey("  Ångström   AB "); got != "angstrom ab" {
		t.Errorf("SearchKey = %q", got)
	}
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"0", "12.5", "-0.125", "1,234.5678", "2.55", "abc", "1e5", ".5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMoney(s)
		if err != nil {
			return
		}
		// Whatever parses must print back to the same amount.
		again, err := ParseMoney(m.String())
		if err != nil || again != m {
			t.Fatalf("%q → %d → %q → %d, %v", s, m, m.String(), again, err)
		}
	})
}

func TestMoneyJSONIsExactCurrencyUnits(t *testing.T) {
	b, err := json.Marshal(struct {
		A Money `json:"a"`
		B Money `json:"b"`
	}{MustMoney("12.5"), MustMoney("-0.125")})
	if err != nil || string(b) != `{"a":12.50,"b":-0.125}` {
		t.Fatalf("marshal = %s, %v", b, err)
	}
	var back struct{ A, B Money }
	if err := json.Unmarshal(b, &back); err != nil || back.A != MustMoney("12.5") || back.B != MustMoney("-0.125") {
		t.Fatalf("unmarshal = %+v, %v", back, err)
	}
}
