package ingest

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

func textInput(name, body string) Input {
	return Input{Name: name, Size: int64(len(body)), Open: func() (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader(body)), nil
	}}
}

// memRejects collects rejects files in memory, by input name.
type memRejects map[string]*bytes.Buffer

func (m memRejects) sink(name, _ string, header []string) (RejectWriter, error) {
	return CSVRejects(header, func() (io.WriteCloser, error) {
		b := &bytes.Buffer{}
		m[name] = b
		return nopWriteCloser{b}, nil
	}), nil
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }

// A day's orders from an ERP with the mistakes files have: lines of one
// order apart, a negative price, a day/month date, half a unit, a line
// without a customer.
const badOrders = `Order No;Customer;Date;SKU;Description;Qty;Unit Price
A-1;C1;2026-03-02;P-1;Widget;2;10,50
A-2;C2;2026-03-02;P-2;Gadget;1;99,00
A-1;C1;2026-03-02;P-2;Gadget;1;99,00
A-3;C1;2026-03-03;P-1;Widget;5;-1,00
A-3;C1;2026-03-03;P-2;Gadget;1;99,00
A-4;C2;03/04/2026;P-1;Widget;1;10,50
A-5;C2;2026-03-05;P-1;Widget;2.5;10,50
A-6;;2026-03-05;P-1;Widget;1;10,50
`

func TestImportOrdersRejectsBadRowsAndTakesTheFixedFile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		sys := kam.System()
		// The customers and products exist; the file only has orders.
		accounts := "id,name,country\nC1,Cobalt Works,DE\nC2,Zinc Partners,FR\n"
		products := "sku,name,price\nP-1,Widget,10.50\nP-2,Gadget,99\n"
		for kind, body := range map[Kind]string{KindAccounts: accounts, KindProducts: products} {
			if _, err := Run(ctx, s, sys, []Input{textInput(string(kind)+".csv", body)}, Options{Kind: kind, Source: "erp"}); err != nil {
				t.Fatal(err)
			}
		}
		rejects := memRejects{}
		opts := Options{Kind: KindOrders, Source: "erp", Rejects: rejects.sink}
		sum, err := Run(ctx, s, sys, []Input{textInput("orders.csv", badOrders)}, opts)
		if err != nil {
			t.Fatal(err)
		}
		if c := sum.Kinds[KindOrders]; c.New != 2 || c.Rejected != 5 {
			t.Errorf("orders %+v, want A-1 (scattered lines) and A-2 new, 5 lines rejected", *c)
		}
		want := map[int]string{
			5: "Unit Price: a unit price cannot be negative",
			6: "order A-3 was not imported because line 5 is rejected",
			7: "Date: date \"03/04/2026\" could be day/month or month/day",
			8: "Qty: quantity \"2.5\" is not a whole number",
			9: "Customer: the line has no customer id",
		}
		got := map[int]string{}
		for _, r := range sum.Rejects {
			got[r.Line] = r.Column + ": " + r.Reason
			if r.Column == "" {
				got[r.Line] = r.Reason
			}
		}
		for line, prefix := range want {
			if !strings.HasPrefix(got[line], prefix) {
				t.Errorf("line %d rejected as %q, want %q…", line, got[line], prefix)
			}
		}
		var total int64
		if err := s.DB().QueryRow(s.Rebind("SELECT total FROM orders WHERE source = 'erp' AND external_id = ?"), "A-1").Scan(&total); err != nil || total != 120_0000 {
			t.Errorf("order A-1 total %d (%v), want 120.00: both of its lines, though apart", total, err)
		}

		// The rejects file is the input plus where and why: fix it and import it.
		b := rejects["orders.csv"]
		if b == nil {
			t.Fatal("no rejects file written")
		}
		recs, err := csv.NewReader(bytes.NewReader(b.Bytes())).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 6 || strings.Join(recs[0], ",") != "Order No,Customer,Date,SKU,Description,Qty,Unit Price,kam_line,kam_error" {
			t.Fatalf("rejects file:\n%s", b)
		}
		fixed := strings.NewReplacer("-1,00", "1,00", "03/04/2026", "2026-04-03", "2.5", "2", "A-6,,", "A-6,C1,").Replace(b.String())
		sum, err = Run(ctx, s, sys, []Input{textInput("fixed.csv", fixed)}, Options{Kind: KindOrders, Source: "erp"})
		if err != nil {
			t.Fatal(err)
		}
		if c := sum.Kinds[KindOrders]; c.New != 4 || c.Rejected != 0 {
			t.Errorf("fixed file: %+v (rejects %v), want A-3, A-4, A-5, A-6 new", *c, sum.Rejects)
		}

		// A changed line changes its order and nothing else.
		changed := strings.Replace(badOrders, "A-2;C2;2026-03-02;P-2;Gadget;1;99,00", "A-2;C2;2026-03-02;P-2;Gadget;3;99,00", 1)
		sum, err = Run(ctx, s, sys, []Input{textInput("orders.csv", changed)}, Options{Kind: KindOrders, Source: "erp"})
		if err != nil {
			t.Fatal(err)
		}
		if c := sum.Kinds[KindOrders]; c.Changed != 1 || c.Unchanged != 1 || c.New != 0 {
			t.Errorf("re-import with one changed order: %+v, want 1 changed, 1 unchanged", *c)
		}
		if err := s.DB().QueryRow(s.Rebind("SELECT total FROM orders WHERE source = 'erp' AND external_id = ?"), "A-2").Scan(&total); err != nil || total != 297_0000 {
			t.Errorf("order A-2 total %d (%v), want 297.00", total, err)
		}
	})
}

func TestImportFileLevelErrorsSayWhatToChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		cases := []struct {
			name, body string
			opts       Options
			want       string
		}{
			{"contacts.csv", "first name,last name,email\nAnn,Lee,ann@x.com\n", Options{Kind: KindOrders},
				"no column for order_id, account_external_id, order_date, quantity, unit_price"},
			{"accounts.csv", "name\nAcme\n", Options{Kind: KindAccounts, Map: map[string]string{"Firma": "name"}},
				`the file has no column "Firma"`},
			{"data.json", `{"rows": []}`, Options{Kind: KindAccounts}, "a JSON file must be a Salesforce SObject tree export"},
			{"x.csv", "a,b\n1,2\n", Options{Kind: "invoice"}, `unknown import kind "invoice"; use one of accounts, activities, contacts, invoices`},
		}
		for _, c := range cases {
			_, err := Run(ctx, s, kam.System(), []Input{textInput(c.name, c.body)}, c.opts)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s: %v, want an error saying %q", c.name, err, c.want)
			}
		}
		if n := count(t, s, "SELECT COUNT(*) FROM accounts"); n != 0 {
			t.Errorf("refused files wrote %d accounts", n)
		}
	})
}

func TestAnOrderIsWholeOrNotAtAll(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		sys := kam.System()
		if _, err := Run(ctx, s, sys, []Input{textInput("a.csv", "id,name\nC1,Cobalt Works\n")}, Options{Kind: KindAccounts, Source: "erp"}); err != nil {
			t.Fatal(err)
		}
		// Order 9 has a line in Windows-1252 where the file is UTF-8 (the
		// reader decided on UTF-8 from the first 64 KB of clean text).
		var b strings.Builder
		b.WriteString("order,customer,date,description,qty,price\n")
		for i := range 1500 {
			b.WriteString("A-" + strconv.Itoa(i) + ",C1,2026-01-02,Widget with a long description to fill the sample,1,10\n")
		}
		b.WriteString("9,C1,2026-01-02,Plain,1,20\n9,C1,2026-01-02,Caf\xe9,2,30\n")
		sum, err := Run(ctx, s, sys, []Input{textInput("orders.csv", b.String())}, Options{Kind: KindOrders, Source: "erp"})
		if err != nil {
			t.Fatal(err)
		}
		if c := sum.Kinds[KindOrders]; c.New != 1500 || c.Rejected != 2 {
			t.Errorf("orders %+v, want order 9 rejected with both its lines", *c)
		}
		if n := count(t, s, "SELECT COUNT(*) FROM orders WHERE external_id = '9'"); n != 0 {
			t.Errorf("order 9 was written without its broken line")
		}

		// An order whose lines are in two files of one import is refused in
		// the second, not cut down to the second file's lines.
		part1 := textInput("part1.csv", "order,customer,date,qty,price\nB-1,C1,2026-02-01,1,10\nB-1,C1,2026-02-01,2,10\n")
		part2 := textInput("part2.csv", "order,customer,date,qty,price\nB-1,C1,2026-02-01,3,10\n")
		sum, err = Run(ctx, s, sys, []Input{part1, part2}, Options{Kind: KindOrders, Source: "erp"})
		if err != nil {
			t.Fatal(err)
		}
		if c := sum.Kinds[KindOrders]; c.New != 1 || c.Rejected != 1 || !strings.Contains(sum.Rejects[0].Reason, "order B-1 is in part1.csv too") {
			t.Errorf("split order: %+v %v", *c, sum.Rejects)
		}
		var total int64
		if err := s.DB().QueryRow(s.Rebind("SELECT total FROM orders WHERE external_id = ?"), "B-1").Scan(&total); err != nil || total != 30_0000 {
			t.Errorf("order B-1 total %d (%v), want 30.00 from part1.csv", total, err)
		}
	})
}
