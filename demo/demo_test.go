package demo_test

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/demo"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// today is the demo's "now" in the tests, so that they do not depend on the
// clock; todaySQL is its day as an SQL literal both engines compare with dates.
var today = time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)

const todaySQL = "'2026-11-23'"

const testAccounts = 80

func generate(t testing.TB, s *store.Store, seed uint64) *demo.Result {
	t.Helper()
	res, err := demo.Generate(context.Background(), s, demo.Options{Seed: seed, Accounts: testAccounts, Today: today})
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	return res
}

func TestGenerate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		res := generate(t, s, 7)
		db := s.DB()
		t.Run("counts", func(t *testing.T) {
			for table, want := range map[string]int{"org_units": res.OrgUnits, "accounts": res.Accounts,
				"contacts": res.Contacts, "activities": res.Activities, "orders": res.Orders, "order_lines": res.OrderLines,
				"opportunities": res.Opportunities, "contracts": res.Contracts, "cases": res.Cases} {
				if got := count(t, db, "SELECT COUNT(*) FROM "+table); got != want || got == 0 {
					t.Errorf("%s: %d rows, result says %d", table, got, want)
				}
			}
			if res.Accounts != testAccounts || res.Password != demo.DefaultPassword {
				t.Errorf("result: %d accounts, password %q", res.Accounts, res.Password)
			}
		})
		t.Run("users", func(t *testing.T) { checkUsers(t, s, res) })
		t.Run("orders", func(t *testing.T) {
			if n := count(t, db, `SELECT COUNT(*) FROM accounts a WHERE status <> 'prospect'
				AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.account_id = a.id)`); n != 0 {
				t.Errorf("%d customers have no orders", n)
			}
			if n := count(t, db, `SELECT COUNT(*) FROM orders o JOIN accounts a ON a.id = o.account_id WHERE a.status = 'prospect'`); n != 0 {
				t.Errorf("prospects have %d orders", n)
			}
			if n := count(t, db, "SELECT COUNT(*) FROM orders WHERE kind = 'credit_note' AND total >= 0"); n != 0 {
				t.Errorf("%d credit notes do not reduce revenue", n)
			}
			if n := count(t, db, "SELECT COUNT(*) FROM orders WHERE order_date > "+todaySQL); n != 0 {
				t.Errorf("%d orders after today", n)
			}
		})
		t.Run("pareto", func(t *testing.T) {
			rev := slices.Sorted(maps.Values(revenueByAccount(t, db)))
			slices.Reverse(rev)
			var top, all int64
			for i, r := range rev {
				if i < (len(rev)+4)/5 {
					top += r
				}
				all += r
			}
			if share := float64(top) / float64(all); share < 0.6 || share > 0.9 {
				t.Errorf("the top 20%% of accounts buy %.0f%% of the revenue, want 60–90%%", share*100)
			}
		})
		t.Run("hierarchy", func(t *testing.T) {
			rows := query(t, db, `SELECT p.id, COUNT(*), COUNT(DISTINCT c.country) FROM accounts c
				JOIN accounts p ON p.id = c.parent_id GROUP BY p.id`)
			if len(rows) < 2 {
				t.Fatalf("%d global accounts have subsidiaries, want at least 2", len(rows))
			}
			for _, r := range rows {
				if r[1] != r[2] || r[1] == "1" {
					t.Errorf("global account %s: %s subsidiaries in %s countries", r[0], r[1], r[2])
				}
			}
		})
		t.Run("statuses", func(t *testing.T) {
			for _, q := range []string{"status = 'lost' AND lost_competitor <> '' AND lost_reason <> ''",
				"status = 'at_risk'", "status = 'prospect'", "status = 'onboarding'", "tier = 'key'"} {
				if count(t, db, "SELECT COUNT(*) FROM accounts WHERE "+q) == 0 {
					t.Errorf("no account with %s", q)
				}
			}
		})
		t.Run("records", func(t *testing.T) { checkRecords(t, db) })
		t.Run("determinism", func(t *testing.T) {
			same := storetest.Open(t, s.Dialect())
			generate(t, same, 7)
			if a, b := dump(t, db), dump(t, same.DB()); a != b {
				t.Errorf("two demos of the same seed differ:\n%s", firstDiff(a, b))
			}
			other := storetest.Open(t, s.Dialect())
			generate(t, other, 8)
			if maps.Equal(revenueByAccount(t, db), revenueByAccount(t, other.DB())) {
				t.Error("demos of different seeds have the same revenue per account")
			}
		})
	})
}

func TestGenerateRefusesADatabaseWithAccounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		err := s.Load(ctx, kam.System(), func(l *store.Loader) error {
			return l.Account(&kam.Account{Name: "Real Customer", Currency: "EUR"})
		})
		if err != nil {
			t.Fatal(err)
		}
		_, err = demo.Generate(ctx, s, demo.Options{Accounts: 20, Today: today})
		if kam.ErrorCode(err) != kam.ECONFLICT || !strings.Contains(kam.ErrorMessage(err), "already has users or accounts") {
			t.Fatalf("generate on a database with accounts: %v", err)
		}
		if n := count(t, s.DB(), "SELECT COUNT(*) FROM users"); n != 0 {
			t.Errorf("the refused demo left %d users", n)
		}
	})
}

// A fresh install with its first user but no accounts yet must not receive the
// demo users, whose password is published.
func TestGenerateRefusesADatabaseWithUsers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if err := s.CreateUser(ctx, kam.System(), &kam.User{Username: "ops", Role: kam.RoleAdmin}, "a real admin password"); err != nil {
			t.Fatal(err)
		}
		_, err := demo.Generate(ctx, s, demo.Options{Accounts: 20, Today: today})
		if kam.ErrorCode(err) != kam.ECONFLICT {
			t.Fatalf("generate on a database with a user: %v", err)
		}
		if n := count(t, s.DB(), "SELECT COUNT(*) FROM users"); n != 1 {
			t.Errorf("%d users after the refused demo, want the 1 that was there", n)
		}
	})
}

func BenchmarkGenerate(b *testing.B) {
	for _, engine := range storetest.Engines() {
		b.Run(engine, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				s := storetest.Open(b, engine)
				b.StartTimer()
				res, err := demo.Generate(context.Background(), s, demo.Options{Accounts: 300, Today: today})
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(res.OrderLines), "lines/op")
			}
		})
	}
}

// checkUsers checks the demo's users: their roles, that sellers report to
// the director, and that every one can sign in with the demo password.
func checkUsers(t *testing.T, s *store.Store, res *demo.Result) {
	roles := map[string]int{}
	for _, u := range res.Users {
		roles[u.Role]++
		if u.Name == "" {
			t.Errorf("user %s has no name", u.Username)
		}
	}
	want := map[string]int{"admin": 1, "director": 1, "kam": 3, "am": 8, "viewer": 1}
	if !maps.Equal(roles, want) {
		t.Errorf("roles %v, want %v", roles, want)
	}
	if n := count(t, s.DB(), `SELECT COUNT(*) FROM users u JOIN users m ON m.id = u.manager_id
		WHERE u.role IN ('am', 'kam') AND m.role = 'director'`); n != 11 {
		t.Errorf("%d sellers report to the director, want 11", n)
	}
	for _, u := range []string{"admin", "director", "kam1", "am1", "viewer"} {
		if _, err := s.Authenticate(context.Background(), u, res.Password); err != nil {
			t.Errorf("%s cannot sign in: %v", u, err)
		}
	}
}

// checkRecords checks the links between records that a user would notice
// if they were wrong.
func checkRecords(t *testing.T, db *sql.DB) {
	checks := map[string]string{
		"accounts without exactly one decision maker at the top": `SELECT COUNT(*) FROM accounts a WHERE (SELECT COUNT(*) FROM contacts c
			WHERE c.account_id = a.id AND c.buying_role = 'decision_maker' AND c.reports_to IS NULL) <> 1`,
		"contacts reporting to someone at another account": `SELECT COUNT(*) FROM contacts c JOIN contacts b ON b.id = c.reports_to
			WHERE b.account_id <> c.account_id`,
		"paid invoices whose payments do not add up": `SELECT COUNT(*) FROM invoices i WHERE paid_on IS NOT NULL
			AND amount <> (SELECT SUM(amount) FROM payments p WHERE p.invoice_id = i.id)`,
		"unpaid invoices with payments": `SELECT COUNT(*) FROM invoices i WHERE paid_on IS NULL
			AND EXISTS (SELECT 1 FROM payments p WHERE p.invoice_id = i.id)`,
		"key accounts of KAMs with fewer than 2 team members": `SELECT COUNT(*) FROM accounts a JOIN users u ON u.id = a.owner_id
			WHERE u.role = 'kam' AND (SELECT COUNT(*) FROM account_team_members m WHERE m.account_id = a.id) < 2`,
		"open deals with the wrong probability": `SELECT COUNT(*) FROM opportunities WHERE
			probability <> CASE stage WHEN 'prospecting' THEN 10 WHEN 'qualification' THEN 25 WHEN 'proposal' THEN 50
			WHEN 'negotiation' THEN 75 WHEN 'won' THEN 100 ELSE 0 END`,
	}
	for what, q := range checks {
		if n := count(t, db, q); n != 0 {
			t.Errorf("%d %s", n, what)
		}
	}
	for what, q := range map[string]string{
		"overdue unpaid invoices": "SELECT COUNT(*) FROM invoices WHERE paid_on IS NULL AND due_on < " + todaySQL,
		"overdue open tasks":      "SELECT COUNT(*) FROM tasks WHERE done_at IS NULL AND due < " + todaySQL,
		"slipped open deals":      "SELECT COUNT(*) FROM opportunities WHERE stage NOT IN ('won', 'lost') AND close_date < " + todaySQL,
		"current targets":         "SELECT COUNT(*) FROM targets WHERE period_end >= " + todaySQL,
		"lost deals":              "SELECT COUNT(*) FROM opportunities WHERE stage = 'lost' AND competitor <> ''",
		"plan actions of a team member who may only read the account": `SELECT COUNT(*) FROM plan_items i
			JOIN account_plans p ON p.id = i.plan_id JOIN account_team_members m ON m.account_id = p.account_id AND m.user_id = i.owner_id
			WHERE i.kind = 'action' AND m.access = 'read'`,
	} {
		if count(t, db, q) == 0 {
			t.Errorf("no %s", what)
		}
	}
	inNotice := 0
	rows, err := db.Query("SELECT end_date, notice_days FROM contracts WHERE status = 'active'")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var c kam.Contract
		if err := rows.Scan(&c.EndDate, &c.NoticeDays); err != nil {
			t.Fatal(err)
		}
		if d := kam.DateOf(today); !d.Before(c.NoticeDate()) && d.Before(c.EndDate) {
			inNotice++
		}
	}
	if inNotice == 0 {
		t.Error("no contract is inside its notice period today")
	}
}

// revenueByAccount sums each account's orders and credit notes, keyed by
// account name so that two databases can be compared.
func revenueByAccount(t *testing.T, db *sql.DB) map[string]int64 {
	out := map[string]int64{}
	for _, r := range query(t, db, `SELECT a.name, SUM(o.total) FROM orders o JOIN accounts a ON a.id = o.account_id GROUP BY a.name`) {
		var v int64
		fmt.Sscan(r[1], &v)
		out[r[0]] = v
	}
	return out
}

// wallClock are the columns the store stamps with the time of loading, and the
// password hashes, which are salted at random: the only parts of a demo that
// may differ between two runs of the same seed.
var wallClock = map[string]bool{"org_units.created_at": true, "users.created_at": true, "users.updated_at": true,
	"users.password_hash": true, "account_team_members.added_at": true, "targets.created_at": true}

// dump returns the whole demo as text, every table in a fixed order.
func dump(t *testing.T, db *sql.DB) string {
	var b strings.Builder
	for _, table := range []string{"org_units", "users", "products", "accounts", "account_external_ids", "account_domains",
		"account_assignments", "account_team_members", "contacts", "activities", "activity_contacts", "tasks", "orders",
		"order_lines", "invoices", "payments", "opportunities", "contracts", "cases", "targets"} {
		rows, err := db.Query("SELECT * FROM " + table + " WHERE 1 = 0")
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		rows.Close()
		var keep, order []string
		for i, c := range cols {
			if !wallClock[table+"."+c] {
				keep = append(keep, c)
			}
			order = append(order, fmt.Sprint(i+1))
		}
		for _, r := range query(t, db, "SELECT "+strings.Join(keep, ", ")+" FROM "+table+" ORDER BY "+strings.Join(order[:min(3, len(keep))], ", ")) {
			fmt.Fprintf(&b, "%s: %s\n", table, strings.Join(r, " | "))
		}
	}
	return b.String()
}

// count runs a query that returns one number.
func count(t *testing.T, db *sql.DB, q string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// query returns every row of a query as text, NULL for nulls.
func query(t *testing.T, db *sql.DB, q string) [][]string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = cmp.Or(v.String, "NULL")
			if v.Valid {
				row[i] = v.String
			}
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return out
}

// firstDiff shows the first line where two dumps differ.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n  %s\n  %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("%d lines against %d", len(al), len(bl))
}
