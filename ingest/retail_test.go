package ingest

import (
	"compress/gzip"
	"context"
	"encoding/csv"
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// retailFacts are figures computed from the Online Retail file directly, with
// nothing of kam's importer.
type retailFacts struct {
	lines, noCustomer  int
	customers, orders  map[string]bool
	creditNotes        map[string]bool
	netRevenuePence    int64 // Σ quantity × unit price of lines with a customer, in pence
	customer17850Pence int64
}

func readRetailFacts(t *testing.T, path string) *retailFacts {
	t.Helper()
	r, done := openRetail(t, path)
	defer done()
	facts := &retailFacts{customers: map[string]bool{}, orders: map[string]bool{}, creditNotes: map[string]bool{}}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		facts.lines++
		invoice, qty, price, customer := rec[0], rec[3], rec[5], strings.TrimSuffix(rec[6], ".0")
		if customer == "" {
			facts.noCustomer++
			continue
		}
		facts.customers[customer] = true
		facts.orders[invoice] = true
		if strings.HasPrefix(invoice, "C") {
			facts.creditNotes[invoice] = true
		}
		// Prices have at most 3 decimals: work in tenths of a penny.
		whole, frac, _ := strings.Cut(price, ".")
		frac = (frac + "000")[:3]
		p := atoi(t, whole)*1000 + atoi(t, frac)
		amount := atoi(t, qty) * p
		facts.netRevenuePence += amount
		if customer == "17850" {
			facts.customer17850Pence += amount
		}
	}
	return facts
}

// retailHeader is the Online Retail file's header.
var retailHeader = []string{"InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"}

// openRetail opens the gzip-compressed Online Retail file past its header,
// with a plain CSV reader: expected figures come from the file, not from kam.
func openRetail(t testing.TB, path string) (r *csv.Reader, done func()) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	r = csv.NewReader(gz)
	header, err := r.Read()
	if err != nil || !slices.Equal(header, retailHeader) {
		t.Fatalf("header %q (%v), want %q", header, err, retailHeader)
	}
	return r, func() { f.Close() }
}

func atoi(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	neg := strings.HasPrefix(s, "-")
	for _, c := range strings.TrimPrefix(s, "-") {
		if c < '0' || c > '9' {
			t.Fatalf("not a number: %q", s)
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		return -n
	}
	return n
}

func fileInput(t testing.TB, path string) Input {
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return Input{Name: path, Size: info.Size(), Open: func() (io.ReadCloser, error) { return os.Open(path) }}
}

func count(t *testing.T, s *store.Store, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := s.DB().QueryRow(s.Rebind(q), args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func TestImportOnlineRetail(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 541,909 lines")
	}
	path := sharedData(t, "online-retail/online_retail.csv.gz")
	facts := readRetailFacts(t, path)
	profile, _ := ProfileByName("online-retail")
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		opts := Options{Profile: profile}

		// A dry run reports what the import would do and writes nothing.
		dry := opts
		dry.DryRun = true
		sum, err := Run(ctx, s, kam.System(), []Input{fileInput(t, path)}, dry)
		if err != nil {
			t.Fatal(err)
		}
		if got := sum.Kinds[KindOrders].New; got != len(facts.orders) {
			t.Errorf("dry run: %d new orders, want %d", got, len(facts.orders))
		}
		if n := count(t, s, "SELECT COUNT(*) FROM orders"); n != 0 {
			t.Fatalf("dry run wrote %d orders", n)
		}

		sum, err = Run(ctx, s, kam.System(), []Input{fileInput(t, path)}, opts)
		if err != nil {
			t.Fatal(err)
		}
		orders, accounts := sum.Kinds[KindOrders], sum.Kinds[KindAccounts]
		if accounts.New != len(facts.customers) || orders.New != len(facts.orders) || orders.Rejected != facts.noCustomer {
			t.Errorf("summary: %d accounts, %d orders, %d rejected; the file has %d customers, %d orders, %d lines without a customer",
				accounts.New, orders.New, orders.Rejected, len(facts.customers), len(facts.orders), facts.noCustomer)
		}
		if n := count(t, s, "SELECT COUNT(*) FROM accounts"); n != int64(len(facts.customers)) {
			t.Errorf("%d accounts stored, want one per customer: %d", n, len(facts.customers))
		}
		if n := count(t, s, "SELECT COUNT(*) FROM orders WHERE kind = 'credit_note'"); n != int64(len(facts.creditNotes)) {
			t.Errorf("%d credit notes stored, want %d", n, len(facts.creditNotes))
		}
		if n := count(t, s, "SELECT COUNT(*) FROM order_lines"); n != int64(facts.lines-facts.noCustomer) {
			t.Errorf("%d order lines stored, want %d", n, facts.lines-facts.noCustomer)
		}
		// Money is in ten-thousandths; the facts are in tenths of a penny.
		if n := count(t, s, "SELECT SUM(total) FROM orders"); n != facts.netRevenuePence*10 {
			t.Errorf("net revenue %d, want %d (credit notes netted)", n, facts.netRevenuePence*10)
		}
		if n := count(t, s, `SELECT SUM(o.total) FROM orders o JOIN account_external_ids x ON x.account_id = o.account_id
			WHERE x.source = 'online-retail' AND x.external_id = '17850'`); n != facts.customer17850Pence*10 {
			t.Errorf("customer 17850 (written 17850.0 in the file): revenue %d, want %d", n, facts.customer17850Pence*10)
		}

		// The same file again changes nothing.
		again, err := Run(ctx, s, kam.System(), []Input{fileInput(t, path)}, opts)
		if err != nil {
			t.Fatal(err)
		}
		for k, c := range again.Kinds {
			if c.New != 0 || c.Changed != 0 {
				t.Errorf("re-import %s: %+v, want nothing new or changed", k, *c)
			}
		}
		if c := again.Kinds[KindOrders]; c.Unchanged != len(facts.orders) {
			t.Errorf("re-import: %d orders unchanged, want %d", c.Unchanged, len(facts.orders))
		}
		if c := again.Kinds[KindAccounts]; c.Unchanged != len(facts.customers) {
			t.Errorf("re-import: %d accounts unchanged, want every customer: %d", c.Unchanged, len(facts.customers))
		}
	})
}
