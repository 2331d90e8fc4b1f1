package ingest

import (
	"context"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

func TestImportInvoicesPaymentsActivities(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		sys := kam.System()
		run := func(kind Kind, body string) *Summary {
			t.Helper()
			sum, err := Run(ctx, s, sys, []Input{textInput(string(kind)+".csv", body)}, Options{Kind: kind, Source: "erp"})
			if err != nil {
				t.Fatalf("%s: %v", kind, err)
			}
			return sum
		}
		run(KindAccounts, "id,name\nC1,Cobalt Works\n")
		run(KindOrders, "order,customer,date,qty,price\nSO-1,C1,2026-01-05,2,50\n")
		invoices := "Invoice No,Customer,Order No,Invoice Date,Due Date,Total,Paid On\n" +
			"INV-1,C1,SO-1,2026-01-06,2026-02-05,100.00,2026-02-20\n" +
			"INV-2,C1,,2026-03-01,2026-02-01,40.00,\n" + // due before it was issued
			"INV-3,C9,,2026-03-01,2026-03-31,40.00,\n" // no such customer
		sum := run(KindInvoices, invoices)
		if c := sum.Kinds[KindInvoices]; c.New != 1 || c.Rejected != 2 {
			t.Errorf("invoices %+v, rejects %v", *c, sum.Rejects)
		}
		payments := "Payment ID,Invoice No,Payment Date,Amount\nP-1,INV-1,2026-02-20,100.00\nP-2,INV-7,2026-02-21,5\n"
		if c := run(KindPayments, payments).Kinds[KindPayments]; c.New != 1 || c.Rejected != 1 {
			t.Errorf("payments %+v, want P-1 new and P-2 (unknown invoice) rejected", *c)
		}
		activities := "id,account,type,date,subject\nA-1,Cobalt Works,Phone Call,2026-02-01T09:30:00Z,Renewal talk\nA-2,Cobalt Works,Fax,2026-02-02,Old school\n"
		sum = run(KindActivities, activities)
		if c := sum.Kinds[KindActivities]; c.New != 1 || c.Rejected != 1 || !strings.Contains(sum.Rejects[0].Reason, `activity kind "Fax"`) {
			t.Errorf("activities %+v, rejects %v", *c, sum.Rejects)
		}
		// Again: nothing changes; then a corrected payment amount changes it.
		for kind, body := range map[Kind]string{KindInvoices: invoices, KindPayments: payments, KindActivities: activities} {
			if c := run(kind, body).Kinds[kind]; c.New != 0 || c.Changed != 0 || c.Unchanged != 1 {
				t.Errorf("%s again: %+v, want 1 unchanged", kind, *c)
			}
		}
		if c := run(KindPayments, strings.Replace(payments, "100.00", "90.00", 1)).Kinds[KindPayments]; c.Changed != 1 {
			t.Errorf("corrected payment: %+v, want 1 changed", *c)
		}
		var order, amount int64
		if err := s.DB().QueryRow(`SELECT COALESCE(order_id, 0), amount FROM invoices WHERE external_id = 'INV-1'`).Scan(&order, &amount); err != nil || order == 0 || amount != 100_0000 {
			t.Errorf("INV-1 order %d amount %d (%v), want linked to SO-1 and 100.00", order, amount, err)
		}
	})
}

func TestUsersImportChangesOnlyItsColumns(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		run := func(body string) *kam.Counts {
			t.Helper()
			sum, err := Run(ctx, s, kam.System(), []Input{textInput("users.csv", body)}, Options{Kind: KindUsers})
			if err != nil {
				t.Fatal(err)
			}
			return sum.Kinds[KindUsers]
		}
		run("name,manager,office\nAnna Snelling,Dustin Brinkmann,Central\n")
		// Anna becomes a key account manager (a file with a role column).
		if c := run("username,role\nanna.snelling,kam\n"); c.Changed != 1 {
			t.Errorf("a role column: %+v", *c)
		}
		if c := run("name,manager,office\nAnna Snelling,Dustin Brinkmann,Central\n"); c.Changed != 0 || c.Unchanged != 2 {
			t.Errorf("the same file again: %+v", *c)
		}
		if c := run("username,email\nanna.snelling,anna@example.com\n"); c.Changed != 1 {
			t.Errorf("an email column: %+v", *c)
		}
		var role, name, email string
		if err := s.DB().QueryRow(s.Rebind("SELECT role, display_name, email FROM users WHERE username = ?"), "anna.snelling").Scan(&role, &name, &email); err != nil {
			t.Fatal(err)
		}
		if role != "kam" || name != "Anna Snelling" || email != "anna@example.com" {
			t.Errorf("after the imports: role %q, name %q, email %q; want kam, Anna Snelling, the new email", role, name, email)
		}
	})
}
