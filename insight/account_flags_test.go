package insight

import (
	"strings"
	"testing"

	"github.com/kamhq/kam"
)

func on(s string) kam.Date {
	d, err := kam.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func gbp(units int64) kam.Money { return kam.Money(units * kam.MoneyScale) }

// monthlyLines buys sku every 30 days from start, n times, qty at unitPrice.
func monthlyLines(sku string, start kam.Date, n int, qty int64, unit kam.Money) []Line {
	var out []Line
	for i := range n {
		out = append(out, Line{Date: start.AddDays(30 * i), Product: sku, Name: "Mug " + sku, Quantity: qty, Amount: unit.Times(qty)})
	}
	return out
}

func salesOf(lines []Line) []Sale {
	byDay := map[kam.Date]kam.Money{}
	for _, l := range lines {
		byDay[l.Date] += l.Amount
	}
	var out []Sale
	for d, m := range byDay {
		out = append(out, Sale{Date: d, Amount: m})
	}
	return out
}

func TestStoppedProductIsFlaggedWhileTheAccountStillOrders(t *testing.T) {
	start := on("2024-01-01")
	// A is bought 12 times, every 30 days, to 2024-11-26; B goes on to 2025-07-24.
	a := monthlyLines("A", start, 12, 10, gbp(5))
	b := monthlyLines("B", start, 20, 10, gbp(5))
	lines := append(a, b...)
	asOf := on("2025-07-30")
	flags := Stopped(lines, salesOf(lines), asOf, "GBP")
	if len(flags) != 1 || flags[0].Cause != "stopped_product:A" {
		t.Fatalf("flags = %+v, want A stopped", flags)
	}
	// Last bought 2024-11-26 (day 330), 246 days before 2025-07-30; usually every 30 days.
	for _, want := range []string{"Mug A (A) not bought for 246 days", "last 2024-11-26", "on 12 days", "every 30 days", "GBP 600"} {
		if !strings.Contains(flags[0].Evidence, want) {
			t.Errorf("evidence %q lacks %q", flags[0].Evidence, want)
		}
	}
	// High: A's year to its last purchase is 600, against the account's 900
	// in the year to its last order (2024-07-24..2025-07-24: A 5×50, B
	// 13×50), over 20%.
	if flags[0].Severity != SeverityHigh {
		t.Errorf("severity = %s", flags[0].Severity)
	}
	// When the whole account stops, no product is singled out.
	if got := Stopped(a, salesOf(a), asOf, "GBP"); len(got) != 0 {
		t.Errorf("an account that stopped altogether got %+v", got)
	}
	// Bad input: nothing, returns only.
	if got := Stopped(nil, nil, asOf, ""); got != nil {
		t.Errorf("no lines gave %+v", got)
	}
	returns := []Line{{Date: start, Product: "A", Quantity: -5, Amount: -gbp(25)}}
	if got := Stopped(returns, salesOf(returns), asOf, ""); got != nil {
		t.Errorf("returns only gave %+v", got)
	}
}

func TestErosionComparesAveragePricesAndNamesTheList(t *testing.T) {
	asOf := on("2025-06-30")
	lines := []Line{
		// The year before the last 90 days: 20 units for 200 → 10.00 a unit.
		{Date: on("2024-10-01"), Product: "P", Name: "Pump", Quantity: 10, Amount: gbp(100), ListPrice: gbp(11)},
		{Date: on("2025-01-15"), Product: "P", Name: "Pump", Quantity: 10, Amount: gbp(100), ListPrice: gbp(11)},
		// The last 90 days: 30 units for 240 → 8.00 a unit, −20%.
		{Date: on("2025-04-15"), Product: "P", Name: "Pump", Quantity: 10, Amount: gbp(80), ListPrice: gbp(11)},
		{Date: on("2025-06-01"), Product: "P", Name: "Pump", Quantity: 20, Amount: gbp(160), ListPrice: gbp(11)},
		// A steady product and one bought once: no flag.
		{Date: on("2024-10-01"), Product: "Q", Quantity: 1, Amount: gbp(5)},
		{Date: on("2024-11-01"), Product: "Q", Quantity: 1, Amount: gbp(5)},
		{Date: on("2025-05-01"), Product: "Q", Quantity: 1, Amount: gbp(5)},
		{Date: on("2025-06-01"), Product: "Q", Quantity: 1, Amount: gbp(5)},
		{Date: on("2025-06-01"), Product: "R", Quantity: 1, Amount: gbp(1)},
	}
	flags := Erosion(lines, asOf, "GBP")
	if len(flags) != 1 {
		t.Fatalf("flags = %+v", flags)
	}
	want := "Pump (P) sold at GBP 8.00 a unit in the last 90 days against GBP 10.00 in the year before, -20%; list price GBP 11.00"
	if flags[0].Evidence != want || flags[0].Severity != SeverityMedium || flags[0].Cause != "price_erosion:P" {
		t.Errorf("flag = %+v\nwant evidence %q", flags[0], want)
	}
}

func TestFirstFamilyNeedsNinetyDaysOfHistory(t *testing.T) {
	asOf := on("2025-06-30")
	lines := []Line{
		{Date: on("2025-01-01"), Product: "A", Family: "Pumps", Quantity: 1, Amount: gbp(10)},
		{Date: on("2025-06-20"), Product: "B", Family: "Valves", Quantity: 1, Amount: gbp(10)},
		{Date: on("2025-06-21"), Product: "C", Quantity: 1, Amount: gbp(10)}, // no family
	}
	flags := FirstFamily(lines, asOf)
	if len(flags) != 1 || flags[0].Cause != "new_family:Valves" || !strings.Contains(flags[0].Evidence, "after 170 days") {
		t.Fatalf("flags = %+v", flags)
	}
	// A new customer's first families are not news.
	if got := FirstFamily(lines[1:], asOf); len(got) != 0 {
		t.Errorf("a new customer got %+v", got)
	}
}

func TestPaymentDelayComparesHalfYearWithTheYearBefore(t *testing.T) {
	asOf := on("2025-06-30")
	var invoices []Invoice
	// Due in the year before the last 180 days, paid 2 days late.
	for _, due := range []string{"2024-07-01", "2024-09-01", "2024-11-01"} {
		d := on(due)
		invoices = append(invoices, Invoice{Issued: d.AddDays(-30), Due: d, Paid: d.AddDays(2), Amount: gbp(100)})
	}
	// Due in the last 180 days: paid 20 and 25 days late, and one unpaid
	// since 2025-06-15, 15 days late as of 2025-06-30: mean 20.
	invoices = append(invoices,
		Invoice{Issued: on("2025-02-01"), Due: on("2025-03-01"), Paid: on("2025-03-21"), Amount: gbp(100)},
		Invoice{Issued: on("2025-03-01"), Due: on("2025-04-01"), Paid: on("2025-04-26"), Amount: gbp(100)},
		Invoice{Issued: on("2025-05-15"), Due: on("2025-06-15"), Amount: gbp(100)},
	)
	f := PaymentDelay(invoices, asOf)
	if f == nil {
		t.Fatal("no flag")
	}
	want := "invoices due in the last 180 days paid 20 days late on average (3 invoices), against 2 days in the year before (3 invoices)"
	if f.Evidence != want || f.Severity != SeverityMedium {
		t.Errorf("flag = %+v", f)
	}
	if f := PaymentDelay(invoices[:4], asOf); f != nil {
		t.Errorf("too few recent invoices gave %+v", f)
	}
}

func TestRelationshipFlags(t *testing.T) {
	asOf := on("2025-06-30")
	people := []Person{
		{Name: "Ada", Role: kam.BuyingDecisionMaker, Left: true, LeftOn: on("2025-06-01")},
		{Name: "Bob", Role: kam.BuyingUser, Left: true, LeftOn: on("2025-06-01")}, // not key
		{Name: "Cy", Strength: 5, Left: true, LeftOn: on("2025-01-01")},           // too long ago
		{Name: "Di", Role: kam.BuyingChampion},                                    // still there
		{Name: "Ed", Role: kam.BuyingChampion, Left: true},                        // day unknown
		{Name: "Flo", Strength: 4, Left: true, LeftOn: on("2025-07-05")},          // after as-of
	}
	left := ContactsLeft(people, asOf)
	if len(left) != 1 || left[0].Evidence != "Ada (decision maker) left the company on 2025-06-01" {
		t.Errorf("left = %+v", left)
	}
	trusted := ContactsLeft([]Person{{Name: "Gus", Role: kam.BuyingUser, Strength: 5, Left: true, LeftOn: on("2025-06-10")},
		{Name: "Hal", Strength: 4, Left: true, LeftOn: on("2025-06-10")}}, asOf)
	if len(trusted) != 2 || trusted[0].Evidence != "Gus (user, relationship strength 5) left the company on 2025-06-10" ||
		trusted[1].Evidence != "Hal (relationship strength 4) left the company on 2025-06-10" {
		t.Errorf("trusted contacts left = %+v", trusted)
	}

	// Key accounts every 14 days: 31 days is past it, 29 past twice.
	if f := NoContact("key", 0, false, on("2025-05-30"), asOf); f == nil || f.Severity != SeverityHigh || !strings.Contains(f.Evidence, "no contact for 31 days") {
		t.Errorf("no contact = %+v", f)
	}
	if f := NoContact("core", 0, false, on("2025-05-30"), asOf); f != nil {
		t.Errorf("a core account within 60 days got %+v", f)
	}
	if f := NoContact("", 0, false, kam.Date{}, asOf); f != nil {
		t.Errorf("an untiered account never contacted got %+v", f)
	}

	deals := []Deal{
		{Name: "Big", Amount: gbp(50000), Probability: 60, Open: true, FirstClose: on("2025-05-01"), Close: on("2025-08-01")},
		{Name: "Late", Amount: gbp(20000), Probability: 40, Open: true, Close: on("2025-06-10")},
		{Name: "Small", Amount: gbp(500), Probability: 40, Open: true, Close: on("2025-06-10")},
		{Name: "Won", Amount: gbp(90000), Close: on("2025-01-10")},
	}
	slips := Slipping(deals, gbp(40000), gbp(10000), asOf, "GBP")
	if len(slips) != 2 || slips[0].Evidence != "Big (GBP 50,000, 60%) close moved from 2025-05-01 to 2025-08-01 (92 days later)" ||
		slips[1].Evidence != "Late (GBP 20,000, 40%) was expected to close on 2025-06-10, 20 days ago, and is still open" {
		t.Errorf("slipping = %+v", slips)
	}

	contracts := []Agreement{
		{Name: "Supply", End: on("2025-09-30"), NoticeDays: 90, Active: true, Value: gbp(120000)}, // notice 2025-07-02: in 2 days
		{Name: "Service", End: on("2025-08-31"), NoticeDays: 90, Active: true},                    // notice 2025-06-02: inside
		{Name: "Later", End: on("2026-06-30"), NoticeDays: 90, Active: true},                      // far off
		{Name: "Old", End: on("2025-07-31"), NoticeDays: 90, Active: false},                       // not active
	}
	notices := Notice(contracts, asOf, "GBP")
	if len(notices) != 2 || notices[0].Severity != SeverityMedium || notices[1].Severity != SeverityHigh ||
		!strings.Contains(notices[0].Evidence, "notice period starts on 2025-07-02, in 2 days") ||
		!strings.Contains(notices[1].Evidence, "inside its notice period since 2025-06-02") {
		t.Errorf("notices = %+v", notices)
	}
}

func TestAccountFlagsOnEmptyAndLostAccounts(t *testing.T) {
	asOf := on("2025-06-30")
	if got := AccountFlags(&History{Status: kam.StatusActive}, asOf, AccountOptions{}); len(got) != 0 {
		t.Errorf("an empty untiered account got %+v", got)
	}
	h := &History{Status: kam.StatusLost, Tier: "key"}
	if got := AccountFlags(h, asOf, AccountOptions{}); got != nil {
		t.Errorf("a lost account got %+v", got)
	}
	h.Status = kam.StatusActive
	if got := AccountFlags(h, asOf, AccountOptions{}); len(got) != 0 {
		t.Errorf("a key account with no orders nor contacts yet got %+v", got)
	}
	h.Sales = []Sale{{Date: on("2025-01-10"), Amount: gbp(100)}}
	got := AccountFlags(h, asOf, AccountOptions{})
	if len(got) != 1 || got[0].Kind != ContactOverdue || got[0].CauseOf() != "contact_overdue" {
		t.Errorf("a key account never contacted got %+v", got)
	}
}
