package demo

import (
	"fmt"
	"math"
	"slices"

	"github.com/kamhq/kam"
)

// season weighs the months of the year: a dip in August, a peak in Q4 when
// budgets are spent. The weights average 1.
var season = [12]float64{0.85, 0.92, 1.05, 1.0, 1.02, 1.05, 0.88, 0.6, 1.05, 1.12, 1.25, 1.21}

// rhythm is how often an account of a tier orders and how many products an
// order holds. Together they give about 50 order lines per account.
type rhythm struct {
	perYear            float64
	minLines, maxLines int
}

var rhythms = map[string]rhythm{
	"key":       {16, 2, 8},
	"strategic": {9, 1, 7},
	"core":      {4.5, 1, 5},
	"standard":  {2.6, 1, 3},
}

// buyer is what an account's orders are made from: the products it buys,
// its negotiated discount and the window in which it orders.
type buyer struct {
	p           *profile
	r           rng
	products    []*product // cheapest first
	discountBP  int64
	first, last kam.Date
	drop        float64 // how far an at-risk account's revenue falls in its last half year
}

// makeOrders makes three years of orders, credit notes, invoices and payments.
func (w *world) makeOrders(b *bundle) {
	p := b.p
	if p.status == kam.StatusProspect {
		return
	}
	r := w.partRNG(p, partOrders)
	by := &buyer{p: p, r: r, products: inFamilies(w.products, buyerFamilies(r, p)),
		discountBP: discountOf(r, p.tier), first: laterOf(w.historyStart, p.since), last: w.today,
		drop: r.uniform(0.35, 0.65)}
	if p.status == kam.StatusLost {
		by.last = p.lostOn
	}
	rh := rhythms[p.tier]
	perYear := rh.perYear * r.noise(0.2)
	var days []kam.Date
	if p.status == kam.StatusOnboarding {
		days = append(days, earlierOf(w.today, p.since.AddDays(r.between(3, 14))))
	}
	for m := monthOf(by.first); !by.last.Before(m); m = monthOf(m.AddDays(32)) {
		from, to := laterOf(m, by.first), earlierOf(monthOf(m.AddDays(32)).AddDays(-1), by.last)
		frac := float64(from.DaysUntil(to)+1) / 30.4
		var month []kam.Date
		for range r.poisson(perYear / 12 * frac * season[m.Time().Month()-1]) {
			month = append(month, r.dayIn(from, to))
		}
		slices.SortFunc(month, func(a, b kam.Date) int { return a.Time().Compare(b.Time()) })
		days = append(days, month...)
	}
	if len(days) == 0 {
		days = append(days, r.dayIn(by.first, by.last))
	}
	for _, d := range days {
		value := w.level(by, d) / perYear * r.noise(0.4)
		o := w.order(by, d, value, rh)
		b.orders = append(b.orders, o)
		w.bill(r, b, len(b.orders)-1)
		if r.chance(0.035) {
			if cn := w.creditNote(by, o); cn != nil {
				b.orders = append(b.orders, cn)
			}
		}
	}
	for _, o := range b.orders {
		if o.OrderDate.DaysUntil(w.today) < 365 {
			p.owner.revenue += int64(o.Total)
		}
	}
}

// buyerFamilies are the product families an account buys from; the others
// are its whitespace for cross-selling.
func buyerFamilies(r rng, p *profile) []int {
	own := p.name.industry.families
	switch p.tier {
	case "key":
		return own
	case "strategic":
		return sample(r, own, r.between(3, 4))
	case "core":
		return sample(r, own, r.between(2, 3))
	}
	return sample(r, own, r.between(1, 2))
}

// discountOf is the negotiated line discount of an account, in basis points.
func discountOf(r rng, tier string) int64 {
	s := discountSteps[tier]
	return int64(r.between(s[0], s[1])) * 50
}

// discountSteps bound the negotiated discount of each tier, in steps of 0.5%.
var discountSteps = map[string][2]int{"key": {16, 36}, "strategic": {10, 24}, "core": {0, 12}, "standard": {0, 6}}

// level is the account's yearly revenue rate on day d: its size now, grown
// or shrunk over the years, ramping up in a new customer's first half year,
// falling in an at-risk account's last half year and before a loss.
func (w *world) level(by *buyer, d kam.Date) float64 {
	p := by.p
	v := p.size * math.Pow(1+p.growth, -float64(d.DaysUntil(w.today))/365)
	if age := p.since.DaysUntil(d); age < 180 {
		v *= 0.4 + 0.6*float64(age)/180
	}
	switch toEnd := d.DaysUntil(by.last); {
	case p.status == kam.StatusAtRisk && toEnd < 180:
		v *= 1 - by.drop*float64(180-toEnd)/180
	case p.status == kam.StatusLost && toEnd < 180:
		v *= 1 - 0.6*float64(180-toEnd)/180
	}
	return v
}

// order makes a sales order worth about value on day d: a few of the
// account's products, in quantities that fill the value, at the price list of
// the day less the account's discount and the odd promotion.
func (w *world) order(by *buyer, d kam.Date, value float64, rh rhythm) *kam.Order {
	r := by.r
	w.orderSeq++
	o := &kam.Order{Source: "erp", ExternalID: fmt.Sprintf("SO-%d", 1_000_000+w.orderSeq), Kind: kam.OrderSale,
		OrderDate: d, Currency: currency, DeliveryStatus: deliveryOf(r, d.DaysUntil(w.today))}
	var cand []*product
	for _, p := range by.products {
		if p.orderable(d) {
			cand = append(cand, p)
		}
	}
	n := r.between(rh.minLines, rh.maxLines)
	used := map[*product]bool{}
	for i := 0; i < n && len(used) < len(cand); i++ {
		budget := value / float64(n) * r.uniform(0.5, 1.5)
		var fits []*product
		for _, p := range cand {
			if !used[p] && p.ListPrice.Float() <= budget {
				fits = append(fits, p)
			}
		}
		for _, p := range cand {
			if len(fits) == 0 && !used[p] {
				fits = []*product{p} // nothing fits: the cheapest left
			}
		}
		// Prefer the dearer products that fit, so quantities stay plausible.
		prod := pick(r, fits[len(fits)/2:])
		used[prod] = true
		o.Lines = append(o.Lines, w.line(by, prod, d, budget))
	}
	for _, ln := range o.Lines {
		o.Total += ln.Amount
	}
	return o
}

// line makes an order line for a product worth about budget.
func (w *world) line(by *buyer, prod *product, d kam.Date, budget float64) *kam.OrderLine {
	r := by.r
	// List prices rise by about 4% every January.
	factor := 1 - 0.04*float64(w.today.Time().Year()-d.Time().Year())
	if r.chance(0.1) {
		factor *= r.uniform(0.97, 1.02) // a negotiated net price
	}
	step := int64(100)
	if prod.ListPrice < 10*kam.MoneyScale {
		step = 1
	}
	price := moneyOf(prod.ListPrice.Float()*factor, step)
	disc := by.discountBP
	if r.chance(0.04) {
		disc += int64(r.between(2, 8)) * 100
	}
	net := max(price.Float()*(1-float64(disc)/10000), 0.01)
	ln := &kam.OrderLine{ProductID: prod.ID, Quantity: max(1, int64(math.Round(budget/net))),
		UnitPrice: price, DiscountBP: min(disc, 10000)}
	ln.Amount = ln.ComputeAmount()
	return ln
}

// deliveryOf is the delivery state of an order placed ago days before today.
func deliveryOf(r rng, ago int) string {
	switch {
	case ago < 10 && r.chance(0.7):
		return "open"
	case ago < 25 && r.chance(0.35):
		return "partial"
	}
	return "delivered"
}

// creditNote returns some of an order's goods, a week to six weeks after it,
// as a credit note with negative quantities; nil when that day is still to come.
func (w *world) creditNote(by *buyer, o *kam.Order) *kam.Order {
	r := by.r
	d := o.OrderDate.AddDays(r.between(7, 45))
	if w.today.Before(d) {
		return nil
	}
	src := pick(r, o.Lines)
	ln := &kam.OrderLine{ProductID: src.ProductID, Quantity: -int64(r.between(1, max(1, int(src.Quantity)/2))),
		UnitPrice: src.UnitPrice, DiscountBP: src.DiscountBP, Description: pick(r, returnReasons)}
	ln.Amount = ln.ComputeAmount()
	w.orderSeq++
	return &kam.Order{Source: "erp", ExternalID: fmt.Sprintf("CN-%d", 1_000_000+w.orderSeq), Kind: kam.OrderCreditNote,
		OrderDate: d, Currency: currency, DeliveryStatus: "delivered", Total: ln.Amount, Lines: []*kam.OrderLine{ln}}
}

var returnReasons = []string{"Returned: damaged in transit", "Returned: wrong item delivered", "Returned: surplus stock",
	"Credit: price correction", "Returned: defective on arrival"}

// monthOf returns the first day of d's month.
func monthOf(d kam.Date) kam.Date {
	t := d.Time()
	return kam.NewDate(t.Year(), t.Month(), 1)
}

// invoiceRec is an invoice of one of the account's orders (a position in
// bundle.orders) with the payments received against it.
type invoiceRec struct {
	inv   *kam.Invoice
	order int
	pays  []*kam.Payment
}

// bill invoices a delivered or partly delivered order a few days after it is
// placed, on the account's payment terms, and pays it the way the account
// pays: most on time, some late, a troubled few late or not at all.
func (w *world) bill(r rng, b *bundle, order int) {
	p, o := b.p, b.orders[order]
	if o.DeliveryStatus == "open" {
		return
	}
	issued := earlierOf(w.today, o.OrderDate.AddDays(r.between(0, 3)))
	w.invoiceSeq++
	inv := &kam.Invoice{Number: fmt.Sprintf("INV-%d-%06d", issued.Time().Year(), w.invoiceSeq), Source: "erp",
		IssuedOn: issued, DueOn: issued.AddDays(termsOf(p)), Amount: o.Total, Currency: currency}
	inv.ExternalID = inv.Number
	rec := invoiceRec{inv: inv, order: order}
	paid, ok := w.payDay(r, p, inv.DueOn)
	if ok {
		inv.PaidOn = paid
		rec.pays = w.payments(r, inv)
	}
	b.invoices = append(b.invoices, rec)
}

// payDay is when the account pays an invoice due on due, and false when it
// has not paid it by today. Troubled accounts leave a third of their invoices
// of the last four months unpaid; older debts were collected in the end.
func (w *world) payDay(r rng, p *profile, due kam.Date) (kam.Date, bool) {
	var d kam.Date
	switch {
	case p.troubled:
		if due.DaysUntil(w.today) < 120 && r.chance(0.35) {
			return kam.Date{}, false
		}
		d = due.AddDays(r.between(10, 100))
	case r.chance(0.18):
		d = due.AddDays(r.between(3, 45))
	default:
		d = due.AddDays(r.between(-20, 2))
	}
	if w.today.Before(d) {
		return kam.Date{}, false
	}
	return d, true
}

// payments settles a paid invoice: in one transfer, or now and then in two.
func (w *world) payments(r rng, inv *kam.Invoice) []*kam.Payment {
	pay := func(d kam.Date, amount kam.Money) *kam.Payment {
		w.paymentSeq++
		return &kam.Payment{PaidOn: d, Amount: amount, Currency: currency, Source: "erp",
			ExternalID: fmt.Sprintf("PAY-%d", 1_000_000+w.paymentSeq)}
	}
	if inv.Amount > 20_000*kam.MoneyScale && r.chance(0.1) {
		first := inv.Amount.Percent(int64(r.between(30, 70)) * 100)
		early := earlierOf(inv.PaidOn, inv.IssuedOn.AddDays(r.between(5, 20)))
		return []*kam.Payment{pay(early, first), pay(inv.PaidOn, inv.Amount-first)}
	}
	return []*kam.Payment{pay(inv.PaidOn, inv.Amount)}
}
