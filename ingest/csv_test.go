package ingest

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// readAll reads a whole table for a test.
func readAll(t testing.TB, tb Table) []*Row {
	t.Helper()
	var rows []*Row
	for {
		r, err := tb.Next()
		if errors.Is(err, io.EOF) {
			return rows
		}
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, r)
	}
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func TestOpenCSVDetectsFormat(t *testing.T) {
	want := [][]string{{"Müller GmbH", "12,50"}, {"Dupont; Fils", "3"}}
	cases := map[string][]byte{
		"comma":        []byte("name,amount\n\"Müller GmbH\",\"12,50\"\n\"Dupont; Fils\",3\n"),
		"semicolon":    []byte("name;amount\r\nMüller GmbH;12,50\r\n\"Dupont; Fils\";3\r\n"),
		"tab with BOM": []byte("\xef\xbb\xbfname\tamount\nMüller GmbH\t12,50\nDupont; Fils\t3\n"),
		"windows-1252": []byte("name;amount\nM\xfcller GmbH;12,50\n\"Dupont; Fils\";3\n"),
		"gzip":         gz([]byte("name,amount\nMüller GmbH,\"12,50\"\nDupont; Fils,3\n")),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			tb, err := OpenCSV(name, bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			defer tb.Close()
			if !slices.Equal(tb.Header(), []string{"name", "amount"}) {
				t.Fatalf("header %q", tb.Header())
			}
			rows := readAll(t, tb)
			if len(rows) != 2 {
				t.Fatalf("%d rows", len(rows))
			}
			for i, r := range rows {
				if r.Err != nil || !slices.Equal(r.Values, want[i]) || r.Line != i+2 {
					t.Errorf("row %d: line %d %q %v", i, r.Line, r.Values, r.Err)
				}
			}
		})
	}
}

func TestOpenCSVReportsBadInputClearly(t *testing.T) {
	for name, c := range map[string]struct {
		data []byte
		want string
	}{
		"empty":  {nil, "empty"},
		"binary": {[]byte("PK\x03\x04\x00\x00binary"), "not a text file"},
		"gzip":   {[]byte{0x1f, 0x8b, 0, 0}, "gzip"},
	} {
		_, err := OpenCSV(name, bytes.NewReader(c.data))
		var fe *FileError
		if !errors.As(err, &fe) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want a file error about %q", name, err, c.want)
		}
	}
	// A broken byte past the sniffed part is a row error on its own line, and
	// the rows around it still read; a multi-line quoted field keeps lines true.
	var b strings.Builder
	b.WriteString("name,note\n\"A\",\"two\nlines\"\n")
	for range 3000 {
		b.WriteString("filler,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n")
	}
	b.WriteString("bad,caf\xe9\nlast,ok\n")
	tb, err := OpenCSV("mixed.csv", strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	rows := readAll(t, tb)
	if rows[0].Line != 2 || rows[1].Line != 4 {
		t.Errorf("lines %d, %d; want 2, 4", rows[0].Line, rows[1].Line)
	}
	bad, last := rows[len(rows)-2], rows[len(rows)-1]
	if bad.Err == nil || !strings.Contains(bad.Err.Error(), `"note"`) || bad.Line != 3004 {
		t.Errorf("broken row: line %d err %v", bad.Line, bad.Err)
	}
	if last.Err != nil || last.Values[0] != "last" {
		t.Errorf("row after the broken one: %+v", last)
	}
}

// sharedData returns the path of a file in ../shared/data, or skips the test
// when the data sets are not beside the repository.
func sharedData(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join("..", "..", "shared", "data", rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("real data set not available: %s", rel)
	}
	return p
}

func TestOpenCSVOnRealFiles(t *testing.T) {
	f, err := os.Open(sharedData(t, "online-retail/online_retail.csv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tb, err := OpenCSV("online_retail.csv.gz", f)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(tb.Header(), []string{"InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"}) {
		t.Fatalf("header %q", tb.Header())
	}
	n, bad := 0, 0
	for {
		r, err := tb.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
		if r.Err != nil || len(r.Values) != 8 {
			bad++
		}
	}
	// The data set's README gives 541,909 invoice lines.
	if n != 541909 || bad != 0 {
		t.Fatalf("%d rows, %d unreadable; want 541909, 0", n, bad)
	}

	g, err := os.Open(sharedData(t, "salesforce-lwc-recipes/Accounts-Contacts.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	tb, err = OpenCSV("Accounts-Contacts.csv", g)
	if err != nil {
		t.Fatal(err)
	}
	if h := tb.Header(); len(h) == 0 || strings.HasPrefix(h[0], "\ufeff") {
		t.Fatalf("byte-order mark left in the header: %q", h)
	}
}

func FuzzOpenCSV(f *testing.F) {
	f.Add([]byte("name,amount\nAcme,1\n"))
	f.Add([]byte("a;b\n\"x\ny\";2\n"))
	f.Add([]byte("\xef\xbb\xbfh\tk\nv\tw\n"))
	f.Add(gz([]byte("h\nv\n")))
	for _, rel := range []string{"maven-crm/accounts.csv", "salesforce-apex-recipes/Contacts.csv", "salesforce-lwc-recipes/Accounts-Contacts.csv"} {
		if b, err := os.ReadFile(filepath.Join("..", "..", "shared", "data", rel)); err == nil {
			f.Add(b[:min(len(b), 4096)])
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := OpenCSV("fuzz.csv", bytes.NewReader(data))
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a FileError", err)
			}
			return
		}
		prev := 1
		for {
			r, err := tb.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return
			}
			if r.Line < prev {
				t.Fatalf("line numbers go back: %d after %d", r.Line, prev)
			}
			prev = r.Line
		}
	})
}

func TestUnclosedQuoteIsARejectedRow(t *testing.T) {
	body := "id,name,country\n1,Alpha Oy,FI\n2,\"Beta \"\"Quoted\"\" GmbH,DE\n3,Gamma AB,SE\n4,Delta SA,FR\n"
	tab, err := OpenCSV("x.csv", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var rows []*Row
	for {
		r, err := tab.Next()
		if err != nil {
			break
		}
		rows = append(rows, r)
	}
	if len(rows) != 2 || rows[0].Err != nil || rows[1].Err == nil || rows[1].Line != 3 ||
		!strings.Contains(rows[1].Err.Error(), `a quote in column "name" is not closed`) {
		t.Fatalf("rows %+v", rows)
	}
	// A real multi-line value is fine.
	tab, _ = OpenCSV("y.csv", strings.NewReader("id,name,notes\n1,Alpha,\"first line\nsecond line\"\n"))
	if r, err := tab.Next(); err != nil || r.Err != nil || r.Values[2] != "first line\nsecond line" {
		t.Errorf("multi-line value: %+v %v", r, err)
	}
}

func TestEndlessLineIsRefused(t *testing.T) {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte("name,country\n"))
	chunk := bytes.Repeat([]byte("x"), 1<<20)
	for range 20 {
		zw.Write(chunk)
	}
	zw.Close()
	tab, err := OpenCSV("bomb.csv.gz", &b)
	if err != nil {
		t.Fatal(err)
	}
	_, err = tab.Next()
	var fe *FileError
	if !errors.As(err, &fe) || !strings.Contains(fe.Reason, "a line is longer than 16 MB") {
		t.Errorf("a 20 MB line: %v", err)
	}
}

func TestUTF16UnicodeText(t *testing.T) {
	// Excel's "Unicode Text": UTF-16 little endian with a BOM, tab-separated.
	text := "name\tcountry\r\nMüller GmbH\tDE\r\n"
	b := []byte{0xff, 0xfe}
	for _, r := range text {
		b = append(b, byte(r), byte(r>>8))
	}
	tab, err := OpenCSV("unicode.txt", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	row, err := tab.Next()
	if err != nil || !slices.Equal(tab.Header(), []string{"name", "country"}) || row.Values[0] != "Müller GmbH" || row.Values[1] != "DE" {
		t.Errorf("header %q, row %+v, %v", tab.Header(), row, err)
	}
}

func TestEndlessEmptyLinesAreRefused(t *testing.T) {
	body := "name,country\n" + strings.Repeat("\n", 200_000) + "Acme,DE\n"
	tab, err := OpenCSV("blank.csv", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	_, err = tab.Next()
	var fe *FileError
	if !errors.As(err, &fe) || !strings.Contains(fe.Reason, "empty lines in a row") {
		t.Errorf("200,000 empty lines: %v", err)
	}
	tab, _ = OpenCSV("some.csv", strings.NewReader("name,country\n\n\n\nAcme,DE\n"))
	if r, err := tab.Next(); err != nil || r.Values[0] != "Acme" {
		t.Errorf("a few empty lines: %+v %v", r, err)
	}
}
