// Package recommend tells an account manager what an account could buy next
// and when: cross-sell recommendations from item-to-item co-occurrence, the
// whitespace matrix of accounts against product families, and the date and
// likely contents of each account's next order. Like package insight, it is
// pure functions of histories and an as-of date, so that every figure can be
// recomputed for any day and every number read out as a sentence: no
// database, no randomness, no trained weights beyond counts of accounts.
//
// A store streams each account's history once, as Lines, into Summarise and
// the Builder; the Model it builds answers Recommend for any account, and
// NextOrder and Whitespace work from the same summaries.
package recommend

import (
	"sort"

	"github.com/kamhq/kam"
)

// Line is one invoice or credit-note line of an account: the form the store
// already holds, so that it needs no second representation of the history.
// Returns and cancellations have a negative Quantity and Amount.
type Line struct {
	// Order groups lines into one order (an invoice number); lines with no
	// Order are grouped by Date, one order per day.
	Order   string
	Product string
	// Family is the product's family; "" when it has none, which keeps the
	// line out of the whitespace matrix but not out of recommendations.
	Family   string
	Date     kam.Date
	Quantity int64
	Amount   kam.Money
}

// Order is one basket: the products an account bought on one order, net of
// returns on that order. It is what NextOrder reads.
type Order struct {
	Date     kam.Date  `json:"date"`
	Products []string  `json:"products"`
	Amount   kam.Money `json:"amount"`
}

// FamilySpend is an account's net revenue in one product family.
type FamilySpend struct {
	Family  string    `json:"family"`
	Revenue kam.Money `json:"revenue"`
}

// Account is the compact summary of one account's buying to an as-of date
// that the Builder and Whitespace need: a store can compute it one account at
// a time and drop the lines.
type Account struct {
	ID int64 `json:"account_id"`
	// Products are those bought with a positive net quantity over the whole
	// history to the as-of date (bought and fully returned is not bought),
	// sorted.
	Products []string `json:"products"`
	// Families is net revenue per family, families with positive revenue
	// only, sorted by family.
	Families []FamilySpend `json:"families"`
	// Revenue is the account's net revenue; Unassigned the part of it on
	// products with no family.
	Revenue    kam.Money `json:"revenue"`
	Unassigned kam.Money `json:"unassigned"`
}

// Summarise reduces an account's lines to its Account summary as of a day:
// lines after asOf are ignored, as if not yet happened, and so are undated
// ones, which cannot be placed before it.
func Summarise(id int64, lines []Line, asOf kam.Date) Account {
	a := Account{ID: id}
	qty := map[string]int64{}
	fam := map[string]kam.Money{}
	for _, l := range lines {
		if asOf.Before(l.Date) || l.Date.IsZero() {
			continue
		}
		if l.Product != "" {
			qty[l.Product] += l.Quantity
		}
		a.Revenue += l.Amount
		if l.Family == "" {
			a.Unassigned += l.Amount
		} else {
			fam[l.Family] += l.Amount
		}
	}
	for p, q := range qty {
		if q > 0 {
			a.Products = append(a.Products, p)
		}
	}
	sort.Strings(a.Products)
	for f, r := range fam {
		if r > 0 {
			a.Families = append(a.Families, FamilySpend{f, r})
		}
	}
	sort.Slice(a.Families, func(i, j int) bool { return a.Families[i].Family < a.Families[j].Family })
	return a
}

// Orders groups an account's lines on or before asOf into orders, oldest
// first (ties by order key). A product is in an order when its net quantity
// on the order is positive; an order with none — a credit note, a fully
// cancelled invoice — is left out, since it is not a purchase.
func Orders(lines []Line, asOf kam.Date) []Order {
	type key struct {
		order string
		day   kam.Date
	}
	type basket struct {
		key
		qty    map[string]int64
		amount kam.Money
	}
	byKey := map[key]*basket{}
	for _, l := range lines {
		if asOf.Before(l.Date) || l.Date.IsZero() {
			continue
		}
		k := key{order: l.Order}
		if l.Order == "" {
			k.day = l.Date
		}
		b := byKey[k]
		if b == nil {
			b = &basket{key: key{l.Order, l.Date}, qty: map[string]int64{}}
			byKey[k] = b
		}
		if l.Date.Before(b.day) {
			b.day = l.Date
		}
		if l.Product != "" {
			b.qty[l.Product] += l.Quantity
		}
		b.amount += l.Amount
	}
	baskets := make([]*basket, 0, len(byKey))
	for _, b := range byKey {
		baskets = append(baskets, b)
	}
	sort.Slice(baskets, func(i, j int) bool {
		if di, dj := baskets[i].day, baskets[j].day; !di.Time().Equal(dj.Time()) {
			return di.Before(dj)
		}
		return baskets[i].order < baskets[j].order
	})
	var out []Order
	for _, b := range baskets {
		o := Order{Date: b.day, Amount: b.amount}
		for p, q := range b.qty {
			if q > 0 {
				o.Products = append(o.Products, p)
			}
		}
		if len(o.Products) == 0 {
			continue
		}
		sort.Strings(o.Products)
		out = append(out, o)
	}
	return out
}
