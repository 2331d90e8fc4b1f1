package portfolio_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/portfolio"
	"github.com/kamhq/kam/store"
)

// benchStore opens the database named by KAM_BENCH_DB — a demo made with
// `kam demo --accounts 200000` (about 10M order lines), copied first, since
// the benchmarks write — and skips without it.
func benchStore(b *testing.B) *store.Store {
	dsn := os.Getenv("KAM_BENCH_DB")
	if dsn == "" {
		b.Skip("set KAM_BENCH_DB to a demo database (kam demo --accounts 200000) to run")
	}
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := st.Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

// bareAggregation is the plain SQL over the same data a recompute reads:
// every order line joined to its order and summed by account and day, and
// each of the other tables a history holds summed by account.
var bareAggregation = []string{
	`SELECT o.account_id, o.order_date, SUM(l.amount), SUM(l.quantity), COUNT(*)
		FROM orders o JOIN order_lines l ON l.order_id = o.id GROUP BY o.account_id, o.order_date`,
	`SELECT account_id, COUNT(*), SUM(total), MAX(order_date) FROM orders GROUP BY account_id`,
	`SELECT account_id, COUNT(*), SUM(amount), MAX(due_on) FROM invoices GROUP BY account_id`,
	`SELECT account_id, COUNT(*), SUM(CASE WHEN left_company THEN 1 ELSE 0 END) FROM contacts GROUP BY account_id`,
	`SELECT account_id, kind, MAX(occurred_at) FROM activities GROUP BY account_id, kind`,
	`SELECT account_id, COUNT(*), SUM(amount * probability) FROM opportunities WHERE closed_at IS NULL GROUP BY account_id`,
	`SELECT account_id, COUNT(*), MAX(end_date) FROM contracts GROUP BY account_id`,
	`SELECT account_id, COUNT(*) FROM cases WHERE status NOT IN ('resolved', 'closed') GROUP BY account_id`,
}

// runBare runs each aggregation and reads every row it returns.
func runBare(b *testing.B, st *store.Store) (rows int) {
	ctx := context.Background()
	for _, q := range bareAggregation {
		r, err := st.DB().QueryContext(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		cols, _ := r.Columns()
		dest := make([]any, len(cols))
		for i := range dest {
			dest[i] = new(any)
		}
		for r.Next() {
			if err := r.Scan(dest...); err != nil {
				b.Fatal(err)
			}
			rows++
		}
		if err := r.Err(); err != nil {
			b.Fatal(err)
		}
	}
	return rows
}

// BenchmarkRecompute measures a full recompute — every account's history
// streamed, its roll-up, flags and health computed and written, then the
// hierarchies summed — against the bare SQL aggregation of the same order
// lines, in the same run. The target: within 2× of it.
//
//	KAM_BENCH_DB=sqlite:/tmp/big.db go test ./portfolio -run '^$' -bench Recompute -benchtime 1x
func BenchmarkRecompute(b *testing.B) {
	st := benchStore(b)
	ctx := context.Background()
	asOf := kam.DateOf(time.Now().UTC())
	compute := portfolio.Compute(portfolio.Options{})
	for b.Loop() {
		start := time.Now()
		groups := runBare(b, st)
		bare := time.Since(start)
		start = time.Now()
		stats, err := st.Recompute(ctx, asOf, compute)
		if err != nil {
			b.Fatal(err)
		}
		full := time.Since(start)
		b.ReportMetric(bare.Seconds(), "bare-s")
		b.ReportMetric(full.Seconds(), "recompute-s")
		b.ReportMetric(full.Seconds()/bare.Seconds(), "ratio")
		b.ReportMetric(float64(stats.Accounts), "accounts")
		b.ReportMetric(float64(groups), "bare-groups")
	}
}

// BenchmarkRefreshAfterOrder measures the incremental update after one new
// order: the order written, then its account's roll-up, flags and health
// and its ancestors' hierarchy figures refreshed. The target: under 5 ms.
func BenchmarkRefreshAfterOrder(b *testing.B) {
	st := benchStore(b)
	ctx := context.Background()
	var ids []int64
	err := st.EachAccount(ctx, kam.System(), kam.AccountFilter{Limit: 500}, func(a *kam.Account) error {
		if len(ids) < 500 && a.ParentID != 0 {
			ids = append(ids, a.ID)
		}
		return nil
	})
	if err != nil || len(ids) == 0 {
		b.Fatalf("no subsidiary accounts to order for: %v", err)
	}
	compute := portfolio.Compute(portfolio.Options{})
	today := kam.DateOf(time.Now().UTC())
	var refresh time.Duration
	i := 0
	for b.Loop() {
		id := ids[i%len(ids)]
		i++
		err := st.Load(ctx, kam.System(), func(l *store.Loader) error {
			return l.Order(&kam.Order{AccountID: id, OrderDate: today, Currency: "EUR",
				Lines: []*kam.OrderLine{{Quantity: 3, UnitPrice: kam.Money(120 * kam.MoneyScale)}}})
		})
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if err := st.Refresh(ctx, []int64{id}, today, compute); err != nil {
			b.Fatal(err)
		}
		refresh += time.Since(start)
	}
	b.ReportMetric(float64(refresh.Microseconds())/float64(b.N)/1000, "refresh-ms/op")
}

// BenchmarkQueue measures one account manager's contact queue, the top 20
// from the scores stored with the roll-ups, as My day and kam queue read
// it. The target: under 10 ms.
func BenchmarkQueue(b *testing.B) {
	st := benchStore(b)
	ctx := context.Background()
	name := os.Getenv("KAM_BENCH_USER") // default am1, the demo's largest book but one
	if name == "" {
		name = "am1"
	}
	u, err := st.FindUserByUsername(ctx, name)
	if err != nil {
		b.Fatal(err)
	}
	p, err := st.PrincipalFor(ctx, u.ID)
	if err != nil {
		b.Fatal(err)
	}
	today := kam.DateOf(time.Now().UTC())
	rows := 0
	for b.Loop() {
		q, err := portfolio.Queue(ctx, st, p, today, true, 20)
		if err != nil {
			b.Fatal(err)
		}
		rows = len(q)
	}
	b.ReportMetric(float64(rows), "rows")
	b.ReportMetric(float64(len(p.OrgSubtree)), "org-units")
}
