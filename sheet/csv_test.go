package sheet_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/ingest"
	"github.com/kamhq/kam/sheet"
)

// allTypes is a table with a column of every type.
var allTypes = []sheet.Column{
	{Name: "Account", Type: sheet.Text},
	{Name: "Orders", Type: sheet.Int},
	{Name: "Score", Type: sheet.Decimal},
	{Name: "Revenue", Type: sheet.Money},
	{Name: "Currency", Type: sheet.Text},
	{Name: "Renewal", Type: sheet.Date},
	{Name: "Last contact", Type: sheet.Time},
	{Name: "Share", Type: sheet.Percent},
}

var berlin = time.FixedZone("CET", 3600)

// allTypesRows are rows for allTypes: every type, empty cells, and text a
// spreadsheet could take for a formula.
var allTypesRows = [][]any{
	{"Müller GmbH, Berlin", int64(17850), 0.1 + 0.2, kam.MustMoney("1234567.5"), "EUR",
		kam.NewDate(2011, 12, 9), time.Date(2010, 12, 1, 9, 26, 0, 0, berlin), 0.255},
	{"=HYPERLINK(\"http://x\")", 3, -2.5, kam.MustMoney("0.125"), "GBP",
		time.Date(2024, 3, 1, 0, 30, 0, 0, berlin), time.Time{}, 1.0},
	{"-12.5", int32(-4), nil, kam.MustMoney("-3"), "", kam.Date{}, nil, nil},
	{"+49 30 1234", 0, 1e-7, kam.Money(0), "USD", nil, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), 0.0},
	{"@mention", nil, 100000.0 / 7, nil, "\tTAB", nil, nil, nil},
}

func TestCSVWritesEveryType(t *testing.T) {
	var buf bytes.Buffer
	w, err := sheet.NewCSV(&buf, allTypes)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range allTypesRows {
		if err := w.Row(r...); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := `Account,Orders,Score,Revenue,Currency,Renewal,Last contact,Share
"Müller GmbH, Berlin",17850,0.3,1234567.50,EUR,2011-12-09,2010-12-01T08:26:00Z,0.255
"'=HYPERLINK(""http://x"")",3,-2.5,0.125,GBP,2024-03-01,,1
-12.5,-4,,-3.00,,,,
'+49 30 1234,0,0.0000001,0.00,USD,,2026-01-02T03:04:05Z,0
'@mention,,14285.7142857143,,'	TAB,,,
`
	if got := buf.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if err := w.Row(allTypesRows[0]...); err == nil {
		t.Error("a row written after Close")
	}
}

func TestCSVHeaderOnly(t *testing.T) {
	var buf bytes.Buffer
	w, err := sheet.NewCSV(&buf, []sheet.Column{{Name: "Line"}, {Name: "=Reason"}})
	if err != nil {
		t.Fatal(err)
	}
	// The header is written at once, before any row or Close.
	if buf.String() != "Line,'=Reason\n" {
		t.Errorf("before Close: %q", buf.String())
	}
	if err := w.Close(); err != nil || buf.String() != "Line,'=Reason\n" {
		t.Fatalf("%q %v", buf.String(), err)
	}
}

// TestWritersRefuseWrongValues checks both writers name the column of a value
// of the wrong type, and write nothing of that row.
func TestWritersRefuseWrongValues(t *testing.T) {
	cols := []sheet.Column{{Name: "Name"}, {Name: "Qty", Type: sheet.Int}, {Name: "Price", Type: sheet.Money},
		{Name: "Day", Type: sheet.Date}, {Name: "At", Type: sheet.Time}, {Name: "Share", Type: sheet.Percent}}
	good := []any{"a", 1, kam.Money(1), kam.Date{}, time.Time{}, 0.5}
	cases := []struct {
		col  int
		v    any
		want string
	}{
		{0, 12, `column "Name" (Text) takes a string, not int`},
		{1, 1.5, `column "Qty" (Int) takes an int64 or int, not float64`},
		{2, 12.5, `column "Price" (Money) takes a kam.Money, not float64`},
		{2, "12.50", `column "Price" (Money) takes a kam.Money, not string`},
		{3, "2024-01-01", `column "Day" (Date) takes a kam.Date or time.Time, not string`},
		{4, kam.NewDate(2024, 1, 1), `column "At" (Time) takes a time.Time, not kam.Date`},
		{5, 25, `column "Share" (Percent) takes a float64 fraction, not int`},
	}
	newWriters := map[string]func(io.Writer) (sheet.Writer, error){
		"csv":  func(w io.Writer) (sheet.Writer, error) { return sheet.NewCSV(w, cols) },
		"xlsx": func(w io.Writer) (sheet.Writer, error) { return sheet.NewXLSX(w, "", cols) },
	}
	for name, newWriter := range newWriters {
		var buf bytes.Buffer
		w, err := newWriter(&buf)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			row := append([]any(nil), good...)
			row[c.col] = c.v
			if err := w.Row(row...); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s: %v, want %q", name, err, c.want)
			}
		}
		if err := w.Row("a", 1); err == nil || !strings.Contains(err.Error(), "2 values for 6 columns") {
			t.Errorf("%s: short row: %v", name, err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if name == "csv" && strings.Count(buf.String(), "\n") != 1 {
			t.Errorf("refused rows were written:\n%s", buf.String())
		}
	}
	for _, bad := range [][]sheet.Column{nil, {{Name: ""}}, {{Name: "x", Type: sheet.Percent + 1}}} {
		if _, err := sheet.NewCSV(io.Discard, bad); err == nil {
			t.Errorf("columns %v accepted", bad)
		}
	}
}

// TestCSVReadsBackWithIngest checks that kam's importer reads an export back
// to the values written.
func TestCSVReadsBackWithIngest(t *testing.T) {
	var buf bytes.Buffer
	w, _ := sheet.NewCSV(&buf, allTypes)
	for _, r := range allTypesRows {
		if err := w.Row(r...); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	tb, err := ingest.OpenCSV("export.csv", &buf)
	if err != nil {
		t.Fatal(err)
	}
	defer tb.Close()
	r, err := tb.Next()
	if err != nil {
		t.Fatal(err)
	}
	if m, err := ingest.ParseAmount(r.Values[3]); err != nil || m != kam.MustMoney("1234567.5") {
		t.Errorf("amount %q: %v %v", r.Values[3], m, err)
	}
	if d, err := ingest.ParseDay(r.Values[5]); err != nil || d != kam.NewDate(2011, 12, 9) {
		t.Errorf("day %q: %v %v", r.Values[5], d, err)
	}
	if tm, err := ingest.ParseTime(r.Values[6]); err != nil || !tm.Equal(time.Date(2010, 12, 1, 8, 26, 0, 0, time.UTC)) {
		t.Errorf("time %q: %v %v", r.Values[6], tm, err)
	}
	if _, err := tb.Next(); err != nil {
		t.Fatal(err)
	}
	r, err = tb.Next()
	if err != nil || r.Values[0] != "-12.5" {
		t.Errorf("negative number text: %+v %v", r, err)
	}
	if m, err := ingest.ParseAmount(r.Values[3]); err != nil || m != kam.MustMoney("-3") {
		t.Errorf("amount %q: %v %v", r.Values[3], m, err)
	}
	for {
		if _, err := tb.Next(); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
	}
}

func TestCSVDefusesLeadingMinusFormulas(t *testing.T) {
	var buf bytes.Buffer
	w, err := sheet.NewCSV(&buf, []sheet.Column{{Name: "Note"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"-2+3", "-1+cmd|' /C calc'!A0", "-12.5", "- bullet"} {
		w.Row(v)
	}
	w.Close()
	want := "Note\n'-2+3\n'-1+cmd|' /C calc'!A0\n-12.5\n'- bullet\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}
