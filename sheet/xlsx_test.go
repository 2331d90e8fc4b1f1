package sheet_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/ingest"
	"github.com/kamhq/kam/sheet"
	"github.com/xuri/excelize/v2"
)

// writeXLSX writes rows of cols as an XLSX workbook with one sheet.
func writeXLSX(t testing.TB, name string, cols []sheet.Column, rows [][]any) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := sheet.NewXLSX(&buf, name, cols)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := w.Row(r...); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestXLSXWritesTypedCells(t *testing.T) {
	data := writeXLSX(t, "Accounts", allTypes, allTypesRows)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const s = "Accounts"
	if l := f.GetSheetList(); !slices.Equal(l, []string{s}) {
		t.Fatalf("sheets %q", l)
	}
	if st := cellStyle(t, f, s, "H1"); st.Font == nil || !st.Font.Bold {
		t.Error("header not bold")
	}
	if p, err := f.GetPanes(s); err != nil || !p.Freeze || p.YSplit != 1 || p.TopLeftCell != "A2" {
		t.Errorf("panes %+v %v", p, err)
	}
	for col, want := range map[string]float64{"A": 24, "B": 10, "D": 14, "G": 17, "H": 9} {
		if w, err := f.GetColWidth(s, col); err != nil || w != want {
			t.Errorf("column %s width %v, want %v", col, w, want)
		}
	}
	// cell, its type (Unset: no t attribute, a number), stored value, number
	// format (built-in ID or custom code) and the text Excel shows.
	for _, c := range []struct {
		cell     string
		typ      excelize.CellType
		raw      string
		numFmt   int
		custom   string
		formated string
	}{
		{"A1", excelize.CellTypeInlineString, "Account", 0, "", "Account"},
		{"A2", excelize.CellTypeInlineString, "Müller GmbH, Berlin", 0, "", "Müller GmbH, Berlin"},
		{"B2", excelize.CellTypeUnset, "17850", 1, "", "17850"},
		{"C2", excelize.CellTypeUnset, "0.3", 0, "", "0.3"},
		{"D2", excelize.CellTypeUnset, "1234567.5", 4, "", "1,234,567.50"},
		{"F2", excelize.CellTypeUnset, "40886", 0, "yyyy-mm-dd", "2011-12-09"},
		{"G2", excelize.CellTypeUnset, "40513.35138888889", 0, "yyyy-mm-dd hh:mm", "2010-12-01 08:26"},
		{"H2", excelize.CellTypeUnset, "0.255", 0, "0.0%", "25.5%"},
		{"A3", excelize.CellTypeInlineString, `=HYPERLINK("http://x")`, 0, "", `=HYPERLINK("http://x")`},
		{"D3", excelize.CellTypeUnset, "0.125", 4, "", "0.13"},
		{"F3", excelize.CellTypeUnset, "45352", 0, "yyyy-mm-dd", "2024-03-01"},
		{"A4", excelize.CellTypeInlineString, "-12.5", 0, "", "-12.5"},
		{"D4", excelize.CellTypeUnset, "-3", 4, "", "-3.00"},
		{"C3", excelize.CellTypeUnset, "-2.5", 0, "", "-2.5"},
		{"C6", excelize.CellTypeUnset, "14285.7142857143", 0, "", "14285.7142857143"},
	} {
		typ, _ := f.GetCellType(s, c.cell)
		raw, _ := f.GetCellValue(s, c.cell, excelize.Options{RawCellValue: true})
		shown, _ := f.GetCellValue(s, c.cell)
		st := cellStyle(t, f, s, c.cell)
		custom := ""
		if st.CustomNumFmt != nil {
			custom = *st.CustomNumFmt
		}
		if typ != c.typ || raw != c.raw || st.NumFmt != c.numFmt || custom != c.custom || shown != c.formated {
			t.Errorf("%s: type %v %q format %d %q shown %q\nwant type %v %q format %d %q shown %q",
				c.cell, typ, raw, st.NumFmt, custom, shown, c.typ, c.raw, c.numFmt, c.custom, c.formated)
		}
	}
	if fm, err := f.GetCellFormula(s, "A3"); fm != "" || err != nil {
		t.Errorf("text became the formula %q %v", fm, err)
	}
	for _, empty := range []string{"G3", "C4", "F4", "B6", "D6"} {
		if v, _ := f.GetCellValue(s, empty); v != "" {
			t.Errorf("%s: %q, want an empty cell", empty, v)
		}
	}
}

func cellStyle(t testing.TB, f *excelize.File, sheetName, cell string) *excelize.Style {
	t.Helper()
	id, err := f.GetCellStyle(sheetName, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestXLSXReadsBackWithIngest checks that kam's importer reads an XLSX export
// back to ISO dates and plain numbers.
func TestXLSXReadsBackWithIngest(t *testing.T) {
	data := writeXLSX(t, "", allTypes, allTypesRows)
	tb, err := ingest.OpenXLSX("export.xlsx", bytes.NewReader(data), "")
	if err != nil {
		t.Fatal(err)
	}
	defer tb.Close()
	if h := tb.Header(); !slices.Equal(h, []string{"Account", "Orders", "Score", "Revenue", "Currency", "Renewal", "Last contact", "Share"}) {
		t.Fatalf("header %q", h)
	}
	want := [][]string{
		// Percent cells read back as percentages, as a user sees them.
		{"Müller GmbH, Berlin", "17850", "0.3", "1234567.5", "EUR", "2011-12-09", "2010-12-01 08:26:00", "25.5%"},
		{`=HYPERLINK("http://x")`, "3", "-2.5", "0.125", "GBP", "2024-03-01", "", "100%"},
		{"-12.5", "-4", "", "-3", "", "", "", ""},
		{"+49 30 1234", "0", "0.0000001", "0", "USD", "", "2026-01-02 03:04:05", "0%"},
		{"@mention", "", "14285.7142857143", "", "TAB", "", "", ""},
	}
	for i := 0; ; i++ {
		r, err := tb.Next()
		if errors.Is(err, io.EOF) {
			if i != len(want) {
				t.Fatalf("%d rows, want %d", i, len(want))
			}
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if r.Line != i+2 || !slices.Equal(r.Values, want[i]) {
			t.Errorf("line %d %q\nwant line %d %q", r.Line, r.Values, i+2, want[i])
		}
		if i == 0 {
			m, err1 := ingest.ParseAmount(r.Values[3])
			d, err2 := ingest.ParseDay(r.Values[5])
			tm, err3 := ingest.ParseTime(r.Values[6])
			if m != kam.MustMoney("1234567.5") || d != kam.NewDate(2011, 12, 9) || !tm.Equal(time.Date(2010, 12, 1, 8, 26, 0, 0, time.UTC)) {
				t.Errorf("parsed %v %v %v (%v %v %v)", m, d, tm, err1, err2, err3)
			}
		}
	}
}

func TestXLSXSheetName(t *testing.T) {
	cols := []sheet.Column{{Name: "Reason"}}
	f, err := excelize.OpenReader(bytes.NewReader(writeXLSX(t, "", cols, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if l := f.GetSheetList(); !slices.Equal(l, []string{"Sheet1"}) {
		t.Errorf("sheets %q", l)
	}
	for _, bad := range []string{"a/b", "x[1]", strings.Repeat("n", 32)} {
		if _, err := sheet.NewXLSX(io.Discard, bad, cols); err == nil || !strings.Contains(err.Error(), "cannot name a sheet") {
			t.Errorf("sheet name %q: %v", bad, err)
		}
	}
}

// TestXLSXOpensInLibreOffice converts an export to CSV with LibreOffice, when
// it is installed, and checks what a user would see.
func TestXLSXOpensInLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if soffice, err = exec.LookPath("libreoffice"); err != nil {
			t.Skip("LibreOffice is not installed")
		}
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "export.xlsx")
	if err := os.WriteFile(in, writeXLSX(t, "", allTypes, allTypesRows[:1]), 0o600); err != nil {
		t.Fatal(err)
	}
	// The filter options: comma-separated, quoted, UTF-8 (76), cells as shown.
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "export.csv"))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("%q %v", b, err)
	}
	want := []string{"Müller GmbH, Berlin", "17850", "0.3", "1,234,567.50", "EUR", "2011-12-09", "2010-12-01 08:26", "25.5%"}
	if !slices.Equal(recs[1], want) {
		t.Errorf("LibreOffice shows %q, want %q", recs[1], want)
	}
}

// bigRow is a row of benchCols.
func bigRow(i int) []any {
	day := kam.NewDate(2020, 1, 1).AddDays(i % 2000)
	return []any{"Account number " + string(rune('A'+i%26)), int64(i), float64(i) / 7, kam.Money(i * 1234),
		"EUR", day, day.Time().Add(time.Duration(i) * time.Second), float64(i%100) / 100}
}

// TestXLSXStreamsLargeExports writes a million rows and checks that the heap
// stays small while it does: rows go to a temporary file, and the workbook
// straight to its writer.
func TestXLSXStreamsLargeExports(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a million rows")
	}
	out, err := os.Create(filepath.Join(t.TempDir(), "big.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	w, err := sheet.NewXLSX(out, "Big", allTypes)
	if err != nil {
		t.Fatal(err)
	}
	var peak uint64
	var ms runtime.MemStats
	for i := range 1_000_000 {
		if err := w.Row(bigRow(i)...); err != nil {
			t.Fatal(err)
		}
		if i%100_000 == 0 {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&ms)
	peak = max(peak, ms.HeapAlloc)
	fi, _ := out.Stat()
	t.Logf("%d MB file, peak live heap %d MB", fi.Size()>>20, peak>>20)
	if peak > 100<<20 {
		t.Errorf("peak live heap %d MB; the rows are held in memory", peak>>20)
	}
}

// BenchmarkXLSXWriter writes 100,000 rows of 8 columns of mixed types.
func BenchmarkXLSXWriter(b *testing.B) {
	const n = 100_000
	rows := make([][]any, 1000)
	for i := range rows {
		rows[i] = bigRow(i)
	}
	b.ReportAllocs()
	for b.Loop() {
		w, err := sheet.NewXLSX(io.Discard, "Bench", allTypes)
		if err != nil {
			b.Fatal(err)
		}
		for i := range n {
			if err := w.Row(rows[i%len(rows)]...); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
}
