package insight

import (
	"fmt"

	"github.com/kamhq/kam"
)

// History is everything the insights know of one account up to a day: its
// buying, paying, people, deals and contracts. The store fills it; every
// insight reads only what lies on or before its as-of date.
type History struct {
	AccountID int64
	Name      string
	Tier      string
	Status    kam.AccountStatus
	Currency  string
	// Sales are orders and credit notes, net, oldest first.
	Sales []Sale
	// Lines are the order lines, oldest first.
	Lines []Line
	// Invoices with their due and payment days.
	Invoices []Invoice
	// Contacts at the account, including those who left.
	Contacts []Person
	// Contacted is the latest contact by channel (call, visit, meeting,
	// email); a note is no contact.
	Contacted map[string]kam.Date
	// CadenceDays is how often, in days, the account should be contacted:
	// its own cadence, or its tier's from the cadence setting; 0 takes the
	// tier's default (Cadence). OwnCadence marks the account's own.
	CadenceDays int
	OwnCadence  bool
	// Opportunities, open and closed.
	Opportunities []Deal
	// Contracts, of any status.
	Contracts []Agreement
	// OpenCases and OverdueCases count the account's unresolved cases, and
	// those past their due day.
	OpenCases, OverdueCases int
	// Cases are the account's unresolved cases, for the overdue flag.
	Cases []Issue
	// Discounts are the account's approved discounts, which explain lower
	// prices to the price erosion flag.
	Discounts []Discount
	// Steps are the account's onboarding steps not done, for the late flag.
	Steps []Milestone
}

// Issue is one unresolved service case.
type Issue struct {
	ID       int64 // the case's id; 0 when not stored
	Subject  string
	Severity string // critical, high, medium or low
	Due      kam.Date
}

// Discount is an approved discount: a depth in basis points on some
// products (by SKU) or, when none is named, on all, from one day to
// another, both included.
type Discount struct {
	Products []string
	DepthBP  int64
	From, To kam.Date
}

// Line is one order line: what was bought, how many, at what price.
type Line struct {
	Date      kam.Date
	Product   string // the product's SKU
	Name      string // the product's name, for evidence
	Family    string // the product family; empty when unknown
	Quantity  int64
	Amount    kam.Money // net of discount; negative on credit notes
	ListPrice kam.Money // the product's list price; 0 when it has none
}

// Invoice is one invoice's dates and amount. Paid is zero while unpaid.
type Invoice struct {
	Issued, Due, Paid kam.Date
	Amount            kam.Money
}

// Person is one contact at the account.
type Person struct {
	ID       int64 // the contact's id; 0 when not stored
	Name     string
	Role     kam.BuyingRole
	Strength int
	Left     bool
	LeftOn   kam.Date // zero when unknown
}

// Key reports whether the contact matters most to the relationship: a
// decision maker, a champion, or a trusted relationship (strength 4 or 5).
func (p Person) Key() bool {
	return p.Role == kam.BuyingDecisionMaker || p.Role == kam.BuyingChampion || p.Strength >= 4
}

// Deal is one opportunity.
type Deal struct {
	ID          int64 // the opportunity's id; 0 when not stored
	Name        string
	Amount      kam.Money
	Probability int // percent
	Open        bool
	// Close is the expected close day now; FirstClose the one it was given
	// when first set, so that a deal that keeps moving shows.
	Close, FirstClose kam.Date
}

// Agreement is one contract.
type Agreement struct {
	ID         int64 // the contract's id; 0 when not stored
	Name       string
	End        kam.Date
	NoticeDays int
	AutoRenew  bool
	Active     bool
	Value      kam.Money
}

// LastContact is the latest contact by any channel; zero for none.
func (h *History) LastContact() kam.Date {
	var last kam.Date
	for _, d := range h.Contacted {
		if last.Before(d) {
			last = d
		}
	}
	return last
}

// Cadence is the account's cadence in days: CadenceDays, or its tier's
// default when that is not set.
func (h *History) Cadence() int { return cadenceOf(h.CadenceDays, h.Tier) }

// WeightedPipeline is the open opportunities' amounts weighted by their
// probability.
func (h *History) WeightedPipeline() kam.Money {
	var sum kam.Money
	for _, d := range h.Opportunities {
		if d.Open {
			sum += d.Amount.Percent(int64(d.Probability) * 100)
		}
	}
	return sum
}

// OverdueInvoices counts the invoices unpaid past their due day as of a
// day, and their amount.
func (h *History) OverdueInvoices(asOf kam.Date) (n int, total kam.Money) {
	for _, inv := range h.Invoices {
		if inv.Due.Before(asOf) && !asOf.Before(inv.Issued) && (inv.Paid.IsZero() || asOf.Before(inv.Paid)) {
			n++
			total += inv.Amount
		}
	}
	return n, total
}

// causeOf names the cause of a flag about one record: by its id when it has
// one, so that two records of the same name are two causes, else by name.
func causeOf(kind FlagKind, id int64, name string) string {
	if id != 0 {
		return fmt.Sprintf("%s:%d", kind, id)
	}
	return string(kind) + ":" + name
}
