package ingest

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store/storetest"
)

// BenchmarkCopyLoadOnlineRetail is PostgreSQL's fastest possible load of the
// same records, for comparison with the import: the lines parsed beforehand,
// ids assigned in memory, and accounts, products, orders and order lines
// written with COPY in one transaction. No checks of any kind.
func BenchmarkCopyLoadOnlineRetail(b *testing.B) {
	if !strings.Contains(strings.Join(storetest.Engines(), ","), "postgres") {
		b.Skip("PostgreSQL only: set KAM_TEST_POSTGRES_URL")
	}
	orders, lines := readRetailOrders(b, sharedData(b, "online-retail/online_retail.csv.gz"))
	for b.Loop() {
		b.StopTimer()
		s := storetest.Open(b, "postgres")
		b.StartTimer()
		start := time.Now()
		if err := copyLoad(s.DB(), orders); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(lines)/time.Since(start).Seconds(), "lines/s")
	}
}

func copyLoad(db *sql.DB, orders []*retailOrder) error {
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		tx, err := pc.Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(ctx)
		now := time.Now().UTC()
		accounts, products := map[string]int64{}, map[string]int64{}
		var accountRows, productRows, orderRows, lineRows [][]any
		for i, o := range orders {
			if accounts[o.customer] == 0 {
				id := int64(len(accounts) + 1)
				accounts[o.customer] = id
				name := "Customer " + o.customer
				accountRows = append(accountRows, []any{id, name, kam.NormalizeCompanyName(name), kam.SearchKey(name), o.country, "active", "GBP", now, now})
			}
			kind := "order"
			if strings.HasPrefix(o.number, "C") {
				kind = "credit_note"
			}
			var total kam.Money
			for n, ln := range o.lines {
				if products[ln.sku] == 0 {
					id := int64(len(products) + 1)
					products[ln.sku] = id
					productRows = append(productRows, []any{id, ln.sku, ln.description, int64(ln.price), "GBP", now})
				}
				amount := ln.price.Times(ln.qty)
				total += amount
				lineRows = append(lineRows, []any{int64(i + 1), n + 1, products[ln.sku], ln.description, ln.qty, int64(ln.price), int64(amount)})
			}
			orderRows = append(orderRows, []any{int64(i + 1), accounts[o.customer], "online-retail", o.number, kind, o.date.Time(), "GBP", int64(total), now})
		}
		copies := []struct {
			table string
			cols  []string
			rows  [][]any
		}{
			{"accounts", []string{"id", "name", "normalized_name", "search_name", "country", "status", "currency", "created_at", "updated_at"}, accountRows},
			{"products", []string{"id", "sku", "name", "list_price", "currency", "created_at"}, productRows},
			{"orders", []string{"id", "account_id", "source", "external_id", "kind", "order_date", "currency", "total", "created_at"}, orderRows},
			{"order_lines", []string{"order_id", "line_no", "product_id", "description", "quantity", "unit_price", "amount"}, lineRows},
		}
		for _, c := range copies {
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{c.table}, c.cols, pgx.CopyFromRows(c.rows)); err != nil {
				return err
			}
		}
		return tx.Commit(ctx)
	})
}
