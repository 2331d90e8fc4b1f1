package ingest

import (
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
)

func TestParseValues(t *testing.T) {
	for in, want := range map[string]string{"17850.0": "17850", " 17850 ": "17850", "C536379": "C536379", "1.5": "1.5", "00042.00": "00042", ".0": ".0"} {
		if got := ParseID(in); got != want {
			t.Errorf("ParseID(%q) = %q, want %q", in, got, want)
		}
	}
	day := kam.NewDate(2010, time.December, 1)
	for _, in := range []string{"2010-12-01", "2010-12-01 08:26:00", "2010-12-01T08:26:00Z", "2010/12/01", "20101201", "01.12.2010"} {
		if got, err := ParseDay(in); err != nil || got != day {
			t.Errorf("ParseDay(%q) = %s, %v", in, got, err)
		}
	}
	if got, _ := ParseDay("2010-12-01T00:30:00+02:00"); got != day {
		t.Errorf("a time early in the day east of UTC moved to %s", got)
	}
	for _, bad := range []string{"12/01/2010", "yesterday", "", "2010-13-01"} {
		if _, err := ParseDay(bad); err == nil {
			t.Errorf("ParseDay(%q) accepted", bad)
		}
	}
	for in, want := range map[string]string{
		"2.55": "2.55", "1,234.50": "1234.5", "1.234,50": "1234.5", "12,50": "12.5", "1,250": "1250",
		"€ 3,5": "3.5", "-0.125": "-0.125", "USD 1,000,000.00": "1000000", "0,125": "0.125", "-0,500": "-0.5",
	} {
		got, err := ParseAmount(in)
		if err != nil || got != kam.MustMoney(want) {
			t.Errorf("ParseAmount(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "abc", "1.2.3,4,5", "12.34567"} {
		if _, err := ParseAmount(bad); err == nil {
			t.Errorf("ParseAmount(%q) accepted", bad)
		}
	}
	for in, want := range map[string]int64{"6": 6, "-12": -12, "6.0": 6} {
		if got, err := ParseQuantity(in); err != nil || got != want {
			t.Errorf("ParseQuantity(%q) = %d, %v", in, got, err)
		}
	}
	if _, err := ParseQuantity("6.5"); err == nil {
		t.Error("fractional quantity accepted")
	}
}

func TestRejectsName(t *testing.T) {
	for in, want := range map[string]string{
		"accounts.csv":         "accounts.rejects.csv",
		"online_retail.csv.gz": "online_retail.rejects.csv",
		"Book1.xlsx":           "Book1.rejects.xlsx",
		"export":               "export.rejects.csv",
	} {
		ext := ".rejects.csv"
		if strings.HasSuffix(in, ".xlsx") {
			ext = ".rejects.xlsx"
		}
		if got := RejectsName(in, ext); got != want {
			t.Errorf("RejectsName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNumbersFollowTheFilesConvention(t *testing.T) {
	for _, c := range []struct {
		in           string
		decimalComma bool
		want         kam.Money
	}{
		{"1.234", false, 12340},        // a decimal point: one and a bit
		{"1.234", true, 1234_0000},     // a decimal comma: the point groups thousands
		{"1,250", false, 1250_0000},    // the comma groups thousands
		{"1,250", true, 12500},         // the comma is the decimal mark
		{"1.234,50", false, 1234_5000}, // both: the last is the decimal mark
		{"1,234.50", true, 1234_5000},  // whatever the file
		{"12,5", false, 12_5000},       // one digit after a comma cannot group
		{"0,125", false, 1250},         // nor can a comma after a zero
		{"1.234.567", true, 1234567_0000},
	} {
		got, err := ParseAmountIn(c.in, c.decimalComma)
		if err != nil || got != c.want {
			t.Errorf("ParseAmountIn(%q, %v) = %v, %v; want %v", c.in, c.decimalComma, got, err, c.want)
		}
	}
	if n, err := ParseQuantityIn("1.000", true); err != nil || n != 1000 {
		t.Errorf("1.000 pieces with a decimal comma: %d %v", n, err)
	}
	if n, err := ParseQuantityIn("1.000", false); err != nil || n != 1 {
		t.Errorf("1.000 pieces with a decimal point: %d %v", n, err)
	}
	tab, err := OpenCSV("de.csv", strings.NewReader("Artikel;Menge;Preis\nA;1.000;1.234,50\n"))
	if err != nil || !tab.(interface{ DecimalComma() bool }).DecimalComma() {
		t.Errorf("a semicolon file is read with a decimal comma: %v", err)
	}
}
