package server_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/portfolio"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// countRows counts a table's rows matching a condition.
func countRows(t *testing.T, s *store.Store, table, where string, args ...any) int {
	t.Helper()
	var n int
	must(t, s.DB().QueryRow(s.Rebind("SELECT COUNT(*) FROM "+table+" WHERE "+where), args...).Scan(&n))
	return n
}

func TestOrderIngestAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		s.Insights = portfolio.Compute(portfolio.Options{})
		write, admin := f.writeTokens(t)
		ctx := context.Background()
		must(t, s.Load(ctx, kam.System(), func(l *store.Loader) error {
			return l.Product(&kam.Product{SKU: "PT-400", Name: "Pressure transmitter PT-400", ListPrice: kam.MustMoney("250"), Currency: "EUR"})
		}))
		today := kam.DateOf(s.Now())
		batch := fmt.Sprintf(`{"data": [
			{"source": "erp", "external_id": "SO-9001", "account": {"source": "erp", "external_id": "C-10042"}, "order_date": %q, "currency": "EUR",
			 "lines": [{"sku": "PT-400", "quantity": 4, "unit_price": "250.00"}, {"description": "Freight", "quantity": 1, "unit_price": 80}]},
			{"source": "erp", "external_id": "SO-9002", "account_id": %d, "order_date": %q, "currency": "EUR",
			 "lines": [{"sku": "PT-400", "quantity": 2, "unit_price": "240", "discount_bp": 500}]}]}`,
			today.AddDays(-1), f.sub.ID, today.AddDays(-2))

		wantError(t, "an AM's token", f.call(t, "POST", "/api/v1/orders", write, batch), 403, kam.EFORBIDDEN, "")
		first := f.call(t, "POST", "/api/v1/orders", admin, batch, "Idempotency-Key", "sync-2026-12-07-1")
		if first.status != 200 || !strings.Contains(first.raw, `"external_id":"SO-9001","result":"new"`) ||
			!strings.Contains(first.raw, `"external_id":"SO-9002","result":"new"`) {
			t.Fatalf("ingest: %d %s", first.status, first.raw)
		}
		if n := countRows(t, s, "orders", "external_id IN ('SO-9001', 'SO-9002')"); n != 2 {
			t.Fatalf("%d orders written, want 2", n)
		}
		// The account's roll-up counts the new order before the answer.
		roll, err := s.FindRollup(ctx, kam.System(), f.group.ID)
		must(t, err)
		// 25,000 before, + 4 × 250 + 80; the subsidiary's 2 × 240 − 5% joins the group's tree.
		if roll.Own.LastOrder != today.AddDays(-1) || roll.Own.Revenue12M != kam.MustMoney("26080") || roll.Tree.Revenue12M != kam.MustMoney("26536") {
			t.Errorf("roll-up after ingest: last order %s, revenue %s, tree %s; want %s, 26080.00, 26536.00",
				roll.Own.LastOrder, roll.Own.Revenue12M, roll.Tree.Revenue12M, today.AddDays(-1))
		}

		// A retry gets the same answer and writes nothing.
		again := f.call(t, "POST", "/api/v1/orders", admin, batch, "Idempotency-Key", "sync-2026-12-07-1")
		if again.status != 200 || again.raw != first.raw || again.header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("replay: %d %q %s", again.status, again.header.Get("Idempotent-Replayed"), again.raw)
		}
		if n := countRows(t, s, "orders", "external_id IN ('SO-9001', 'SO-9002')"); n != 2 {
			t.Errorf("%d orders after the retry, want 2", n)
		}
		other := strings.Replace(batch, `"quantity": 4`, `"quantity": 5`, 1)
		wantError(t, "key reused with another body", f.call(t, "POST", "/api/v1/orders", admin, other, "Idempotency-Key", "sync-2026-12-07-1"),
			422, kam.EIDEMPOTENCY, "Idempotency-Key")
		// Without a key the same orders upsert: unchanged, then changed.
		if c := f.call(t, "POST", "/api/v1/orders", admin, batch); !strings.Contains(c.raw, `"result":"unchanged"`) {
			t.Errorf("sent again without a key: %s", c.raw)
		}
		if c := f.call(t, "POST", "/api/v1/orders", admin, other); !strings.Contains(c.raw, `"external_id":"SO-9001","result":"changed"`) {
			t.Errorf("a changed order: %s", c.raw)
		}

		// One bad item refuses the batch, listing every fault; nothing is written.
		bad := fmt.Sprintf(`{"data": [
			{"external_id": "SO-9101", "account_id": %d, "order_date": %q, "currency": "EUR", "lines": [{"sku": "PT-400", "quantity": 1, "unit_price": 250}]},
			{"external_id": "SO-9102", "account_id": 999999, "order_date": %q, "currency": "EUR", "lines": [{"sku": "PT-400", "quantity": 1, "unit_price": 250}]},
			{"external_id": "SO-9103", "account_id": %d, "order_date": %q, "currency": "EUR", "lines": [{"sku": "NOPE", "quantity": 1, "unit_price": 250}]},
			{"external_id": "SO-9104", "account_id": %d, "order_date": "yesterday", "currency": "EUR", "lines": []}]}`,
			f.group.ID, today, today, f.group.ID, today, f.group.ID)
		refused := f.call(t, "POST", "/api/v1/orders", admin, bad, "Idempotency-Key", "bad-1")
		for _, want := range []string{`"index":1,"code":"invalid","field":"account_id"`, `"index":2,"code":"invalid","field":"lines[0].sku"`, `"index":3,"code":"invalid"`} {
			if refused.status != 400 || !strings.Contains(refused.raw, want) {
				t.Errorf("refused batch: %d, want %s in %s", refused.status, want, refused.raw)
			}
		}
		if n := countRows(t, s, "orders", "external_id LIKE 'SO-91%'"); n != 0 {
			t.Errorf("a refused batch wrote %d orders", n)
		}
		// The refusal is not kept: the corrected batch may use the key.
		fixed := fmt.Sprintf(`{"external_id": "SO-9101", "account_id": %d, "order_date": %q, "currency": "EUR", "lines": [{"sku": "PT-400", "quantity": 1, "unit_price": 250}]}`,
			f.group.ID, today)
		if c := f.call(t, "POST", "/api/v1/orders", admin, fixed, "Idempotency-Key", "bad-1"); c.status != 200 || !strings.Contains(c.raw, `"result":"new"`) {
			t.Errorf("one order on its own: %d %s", c.status, c.raw)
		}
		wantError(t, "not a batch", f.call(t, "POST", "/api/v1/orders", admin, `[1, 2]`), 400, kam.EINVALID, "")
		wantError(t, "unknown field in an item", f.call(t, "POST", "/api/v1/orders", admin, `{"data": [{"external_id": "X", "colour": 1}]}`), 400, kam.EINVALID, "")

		// Invoices: an overdue one counts in the roll-up.
		inv := fmt.Sprintf(`{"source": "erp", "external_id": "INV-1", "number": "2026-0001", "account": {"source": "erp", "external_id": "C-10042"},
			"order_external_id": "SO-9001", "issued_on": %q, "due_on": %q, "amount": "1080.00", "currency": "EUR"}`, today.AddDays(-60), today.AddDays(-30))
		if c := f.call(t, "POST", "/api/v1/invoices", admin, inv); c.status != 200 || !strings.Contains(c.raw, `"result":"new"`) {
			t.Fatalf("invoice: %d %s", c.status, c.raw)
		}
		roll, err = s.FindRollup(ctx, kam.System(), f.group.ID)
		must(t, err)
		if roll.Own.OverdueInvoices != 1 || roll.Own.OverdueAmount != kam.MustMoney("1080") {
			t.Errorf("overdue after the invoice: %d, %s", roll.Own.OverdueInvoices, roll.Own.OverdueAmount)
		}
	})
}

// TestOrderIngestConcurrentRetries sends the same keyed batch from several
// clients at once: one applies it, the others get its answer.
func TestOrderIngestConcurrentRetries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		_, admin := f.writeTokens(t)
		body := fmt.Sprintf(`{"external_id": "SO-7000", "account_id": %d, "order_date": %q, "currency": "EUR",
			"lines": [{"description": "Service", "quantity": 1, "unit_price": 100}]}`, f.group.ID, kam.DateOf(s.Now()))
		var wg sync.WaitGroup
		answers := make([]apiCall, 6)
		for i := range answers {
			wg.Go(func() { answers[i] = f.call(t, "POST", "/api/v1/orders", admin, body, "Idempotency-Key", "same") })
		}
		wg.Wait()
		replayed := 0
		for _, a := range answers {
			if a.status != 200 || a.raw != answers[0].raw {
				t.Errorf("answer %d %s, want the first's %s", a.status, a.raw, answers[0].raw)
			}
			if a.header.Get("Idempotent-Replayed") == "true" {
				replayed++
			}
		}
		if replayed != len(answers)-1 {
			t.Errorf("%d answers replayed, want %d", replayed, len(answers)-1)
		}
		if n := countRows(t, s, "orders", "external_id = 'SO-7000'"); n != 1 {
			t.Errorf("%d orders, want 1", n)
		}
	})
}
