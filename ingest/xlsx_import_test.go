package ingest

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/sheet"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// bufCloser is a buffer that a RejectWriter may close.
type bufCloser struct{ bytes.Buffer }

func (*bufCloser) Close() error { return nil }

func TestXLSXImportRejectsAsXLSXAndTakesTheFix(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		// A spreadsheet of contacts as a sales team keeps it, with one
		// contact whose account does not exist.
		var in bytes.Buffer
		w, err := sheet.NewXLSX(&in, "Contacts", []sheet.Column{{Name: "Email"}, {Name: "First Name"}, {Name: "Last Name"}, {Name: "Company"}})
		if err != nil {
			t.Fatal(err)
		}
		w.Row("ann@cobalt.example", "Ann", "Lee", "Cobalt Works")
		w.Row("bo@zinc.example", "Bo", "Berg", "Zinc Partner")
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := Run(ctx, s, kam.System(), []Input{textInput("a.csv", "name\nCobalt Works\nZinc Partners\n")}, Options{Kind: KindAccounts}); err != nil {
			t.Fatal(err)
		}
		rejects := &bufCloser{}
		opts := Options{Kind: KindContacts, Rejects: func(name, format string, header []string) (RejectWriter, error) {
			rw, ext := RejectsFor(format, header, func() (io.WriteCloser, error) { return rejects, nil })
			if ext != ".rejects.xlsx" {
				t.Errorf("rejects of an XLSX input go to %s", ext)
			}
			return rw, nil
		}}
		sum, err := Run(ctx, s, kam.System(), []Input{bytesInput("contacts.xlsx", in.Bytes())}, opts)
		if err != nil {
			t.Fatal(err)
		}
		if c := sum.Kinds[KindContacts]; c.New != 1 || c.Rejected != 1 || sum.Rejects[0].Line != 3 || sum.Rejects[0].Column != "Company" {
			t.Fatalf("contacts %+v, rejects %+v; want Bo's row (sheet row 3, column Company) rejected", *c, sum.Rejects)
		}
		table, err := OpenXLSX("rejects.xlsx", bytes.NewReader(rejects.Bytes()), "")
		if err != nil {
			t.Fatal(err)
		}
		row, err := table.Next()
		if err != nil || row.Values[3] != "Zinc Partner" || row.Values[4] != "3" || row.Values[5] != `Company: No account is named "Zinc Partner"; import the accounts first.` {
			t.Fatalf("rejects sheet row %q (%v)", row.Values, err)
		}
		// Fix the company's name in the rejects workbook and import it.
		var fixed bytes.Buffer
		w, _ = sheet.NewXLSX(&fixed, "Rejected rows", []sheet.Column{{Name: "Email"}, {Name: "First Name"}, {Name: "Last Name"}, {Name: "Company"}, {Name: "kam_line"}, {Name: "kam_error"}})
		w.Row(row.Values[0], row.Values[1], row.Values[2], "Zinc Partners", row.Values[4], row.Values[5])
		w.Close()
		sum, err = Run(ctx, s, kam.System(), []Input{bytesInput("fixed.xlsx", fixed.Bytes())}, Options{Kind: KindContacts})
		if err != nil {
			t.Fatal(err)
		}
		if c := sum.Kinds[KindContacts]; c.New != 1 || c.Rejected != 0 {
			t.Errorf("fixed rejects: %+v, want Bo new", *c)
		}
	})
}

func bytesInput(name string, b []byte) Input {
	return Input{Name: name, Size: int64(len(b)), Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }}
}
