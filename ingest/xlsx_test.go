package ingest

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// workbook builds an XLSX file in a test: build fills it, and the bytes of
// the saved workbook are returned.
func workbook(t testing.TB, build func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	build(f)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// must fails the test on an error from building a workbook.
func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// styled sets a cell's value and gives it a number format: a built-in ID, or
// custom code when it is not "".
func styled(t testing.TB, f *excelize.File, sheet, cell string, v any, numFmt int, custom string) {
	t.Helper()
	st := &excelize.Style{NumFmt: numFmt}
	if custom != "" {
		st.CustomNumFmt = &custom
	}
	id, err := f.NewStyle(st)
	must(t, err)
	must(t, f.SetCellValue(sheet, cell, v))
	must(t, f.SetCellStyle(sheet, cell, cell, id))
}

// ordersWorkbook has a first sheet "Sheet1" and a sheet "Orders" whose header
// is on row 2, with every kind of cell an import meets.
func ordersWorkbook(t testing.TB) []byte {
	return workbook(t, func(f *excelize.File) {
		must(t, f.SetSheetRow("Sheet1", "A1", &[]any{"first", "sheet"}))
		must(t, f.SetSheetRow("Sheet1", "A2", &[]any{"x", 1}))
		_, err := f.NewSheet("Orders")
		must(t, err)
		const s = "Orders"
		must(t, f.SetSheetRow(s, "A2", &[]any{" Customer ", "Qty", "Price", "Day", "When", "Note"}))
		must(t, f.SetSheetRow(s, "A3", &[]any{"Müller GmbH", 12}))
		must(t, f.SetCellDefault(s, "C3", "2.5499999999999998")) // as Excel stores 2.55
		styled(t, f, s, "D3", time.Date(2011, 12, 9, 0, 0, 0, 0, time.UTC), 14, "")
		must(t, f.SetCellDefault(s, "E3", "40513.35138888889")) // 2010-12-01 08:26
		styled(t, f, s, "E3", 40513.35138888889, 0, "dd/mm/yyyy hh:mm")
		must(t, f.SetCellValue(s, "F3", "=not a formula"))
		// Row 4 is empty; row 5 is short and its quantity has float noise
		// and a thousands format.
		must(t, f.SetCellValue(s, "A5", "Dupont"))
		must(t, f.SetCellDefault(s, "B5", "17850.000000000004"))
		styled(t, f, s, "B5", 17850.000000000004, 4, "")
		must(t, f.SetCellDefault(s, "C5", "17850.000000000004"))
		// Row 6: other number formats, a time, and text in a date column.
		styled(t, f, s, "A6", 1234567.5, 0, `#,##0.00 "EUR"`)
		styled(t, f, s, "B6", 0.25, 9, "")
		must(t, f.SetCellDefault(s, "C6", "12345678901234567890"))
		styled(t, f, s, "D6", "n/a", 14, "")
		styled(t, f, s, "E6", 0.5, 21, "")
		must(t, f.SetCellValue(s, "F6", true))
	})
}

func TestOpenXLSXReadsValuesAsTheyAre(t *testing.T) {
	tb, err := OpenXLSX("orders.xlsx", bytes.NewReader(ordersWorkbook(t)), "orders")
	if err != nil {
		t.Fatal(err)
	}
	defer tb.Close()
	if h := tb.Header(); !slices.Equal(h, []string{"Customer", "Qty", "Price", "Day", "When", "Note"}) {
		t.Fatalf("header %q", h)
	}
	want := []Row{
		{Line: 3, Values: []string{"Müller GmbH", "12", "2.55", "2011-12-09", "2010-12-01 08:26:00", "=not a formula"}},
		{Line: 5, Values: []string{"Dupont", "17850", "17850", "", "", ""}},
		{Line: 6, Values: []string{"1234567.5", "25%", "12345678901234600000", "n/a", "12:00:00", "TRUE"}}, // 0.25 shown as 25% is 25%
	}
	rows := readAll(t, tb)
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for i, r := range rows {
		if r.Line != want[i].Line || !slices.Equal(r.Values, want[i].Values) || r.Err != nil {
			t.Errorf("row %d: line %d %q %v\nwant line %d %q", i, r.Line, r.Values, r.Err, want[i].Line, want[i].Values)
		}
	}
	// The dates read as kam reads dates.
	if d, err := ParseDay(rows[0].Values[3]); err != nil || d.String() != "2011-12-09" {
		t.Errorf("ParseDay: %v %v", d, err)
	}
	if tm, err := ParseTime(rows[0].Values[4]); err != nil || !tm.Equal(time.Date(2010, 12, 1, 8, 26, 0, 0, time.UTC)) {
		t.Errorf("ParseTime: %v %v", tm, err)
	}
}

func TestOpenXLSXFirstSheetByDefault(t *testing.T) {
	tb, err := OpenXLSX("orders.xlsx", bytes.NewReader(ordersWorkbook(t)), "")
	if err != nil {
		t.Fatal(err)
	}
	defer tb.Close()
	rows := readAll(t, tb)
	if !slices.Equal(tb.Header(), []string{"first", "sheet"}) || len(rows) != 1 || rows[0].Line != 2 || !slices.Equal(rows[0].Values, []string{"x", "1"}) {
		t.Fatalf("header %q rows %+v", tb.Header(), rows)
	}
}

func TestOpenXLSXReportsBadInputClearly(t *testing.T) {
	var notBook bytes.Buffer
	zw := zip.NewWriter(&notBook)
	w, _ := zw.Create("readme.txt")
	w.Write([]byte("hello"))
	zw.Close()
	empty := workbook(t, func(f *excelize.File) {})
	for name, c := range map[string]struct {
		data  []byte
		sheet string
		want  string
	}{
		"csv renamed":   {[]byte("name,amount\nAcme,1\n"), "", "this is not an XLSX workbook; save it as Excel Workbook (.xlsx) or import it as CSV"},
		"empty file":    {nil, "", "not an XLSX workbook"},
		"old xls":       {append(slices.Clone(oleMagic), 0, 0, 0), "", "Excel 97-2003 .xls"},
		"other zip":     {notBook.Bytes(), "", "save it again as Excel Workbook (.xlsx)"},
		"missing sheet": {ordersWorkbook(t), "Invoices", `no sheet "Invoices"; the workbook has sheets Sheet1, Orders`},
		"empty sheet":   {empty, "", `sheet "Sheet1" is empty; it needs a header row`},
	} {
		tb, err := OpenXLSX(name, bytes.NewReader(c.data), c.sheet)
		var fe *FileError
		if !errors.As(err, &fe) || !strings.Contains(err.Error(), c.want) || fe.Name != name {
			t.Errorf("%s: %v, want a file error about %q", name, err, c.want)
		}
		if tb != nil {
			t.Errorf("%s: a table with the error", name)
		}
	}
}

func TestIsXLSX(t *testing.T) {
	if !IsXLSX(ordersWorkbook(t)[:8]) {
		t.Error("an XLSX workbook not recognised")
	}
	for _, head := range []string{"", "PK", "name,amount\n", "\x1f\x8b\x08\x00", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"} {
		if IsXLSX([]byte(head)) {
			t.Errorf("%q taken for XLSX", head)
		}
	}
}

func TestFormatKind(t *testing.T) {
	for code, want := range map[string]dateKind{
		"General":              notDate,
		"#,##0.00":             notDate,
		`0.00 "days"`:          notDate,
		"[$€-407] #,##0.00":    notDate,
		"0.0%":                 percent,
		"0.00E+00":             notDate,
		"@":                    notDate,
		`#,##0\ \h`:            notDate,
		"dd/mm/yyyy":           dayOnly,
		"[$-409]mmmm d, yyyy":  dayOnly,
		"mmm-yy":               dayOnly,
		"mmmm":                 dayOnly,
		"dd/mm/yyyy hh:mm":     dayAndTime,
		"yyyy-mm-dd\\Thh:mm":   dayAndTime,
		"h:mm AM/PM":           timeOfDay,
		"[h]:mm:ss":            timeOfDay,
		"mm:ss.0":              timeOfDay,
		`[Red]"Due "dd.mm.yy`:  dayOnly,
		`"yyyy" 0`:             notDate,
		"d-mmm;@":              dayOnly,
		"[Blue]#,##0;[Red]-0":  notDate,
		"[<=9999999]###-####":  notDate,
		"_(* #,##0_);_(* (0)":  notDate,
		"yyyy-mm-dd hh:mm:ss":  dayAndTime,
		"[hh]:mm":              timeOfDay,
		"[$-F800]dddd, mmmm d": dayOnly,
	} {
		if got := formatKind(code); got != want {
			t.Errorf("formatKind(%q) = %d, want %d", code, got, want)
		}
	}
}

func TestPlainNumber(t *testing.T) {
	for in, want := range map[string]string{
		"1.23456789012346E+20": "123456789012346000000",
		"1.23456789012346E-07": "0.000000123456789012346",
		"-4E+16":               "-40000000000000000",
		"17850":                "17850",
		"Building E+1":         "Building E+1",
		"E+12":                 "E+12",
		"2E+":                  "2E+",
		"1E+400":               "1E+400",
	} {
		if got := plainNumber(in); got != want {
			t.Errorf("plainNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOpenXLSXSkipsHiddenSheets(t *testing.T) {
	b := workbook(t, func(f *excelize.File) {
		must(t, f.SetSheetRow("Sheet1", "A1", &[]any{"country"}))
		must(t, f.SetSheetRow("Sheet1", "A2", &[]any{"Germany"}))
		idx, err := f.NewSheet("Accounts")
		must(t, err)
		must(t, f.SetSheetRow("Accounts", "A1", &[]any{"name"}))
		must(t, f.SetSheetRow("Accounts", "A2", &[]any{"Acme"}))
		f.SetActiveSheet(idx) // Excel hides only sheets that are not active
		must(t, f.SetSheetVisible("Sheet1", false))
	})
	tb, err := OpenXLSX("book.xlsx", bytes.NewReader(b), "")
	if err != nil {
		t.Fatal(err)
	}
	if h := tb.Header(); !slices.Equal(h, []string{"name"}) {
		t.Errorf("header %q, want the visible sheet's", h)
	}
}

func TestOpenXLSXRefusesABombOfPictures(t *testing.T) {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, _ := z.Create("[Content_Types].xml")
	w.Write([]byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`))
	zeros := make([]byte, 1<<20)
	for i := range 300 { // 300 MB of zeros in a zip of a few hundred KB
		w, _ := z.Create(fmt.Sprintf("xl/media/junk%d.bin", i))
		w.Write(zeros)
	}
	z.Close()
	_, err := OpenXLSX("bomb.xlsx", bytes.NewReader(b.Bytes()), "")
	var fe *FileError
	if !errors.As(err, &fe) || !strings.Contains(fe.Reason, "unpack to more than 256 MB") {
		t.Errorf("a zip of 300 MB of zeros: %v", err)
	}
}
