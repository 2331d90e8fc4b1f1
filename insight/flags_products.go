package insight

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/kamhq/kam"
)

// The kinds of flag raised from what an account buys, product by product.
const (
	StoppedProduct FlagKind = "stopped_product"
	PriceErosion   FlagKind = "price_erosion"
	NewFamily      FlagKind = "new_family"
)

// maxProductFlags caps the product flags of one kind per account, the
// largest first, so that one account cannot fill a user's list.
const maxProductFlags = 3

// Stopped flags the products an account bought regularly and has stopped
// buying while it still orders other things: bought on at least four days,
// worth at least 5% of what it bought over the year, and not bought for
// three of its usual intervals (at least 90 days), though the account has
// ordered since. An account that stopped buying altogether is flagged as an
// overdue order instead.
func Stopped(lines []Line, sales []Sale, asOf kam.Date, currency string) []Flag {
	roll := Roll(sales, asOf)
	if roll.LastOrder.IsZero() {
		return nil
	}
	lines = byDate(lines)
	// One pass finds the products quiet for 90 days or more that were bought
	// on four days or more; only those are looked at closely.
	type seen struct {
		last kam.Date
		days int
	}
	products := map[string]*seen{}
	for _, l := range lines {
		if asOf.Before(l.Date) || l.Quantity <= 0 || l.Product == "" {
			continue
		}
		p := products[l.Product]
		if p == nil {
			p = &seen{}
			products[l.Product] = p
		}
		if p.last != l.Date {
			p.last, p.days = l.Date, p.days+1
		}
	}
	type stopped struct {
		p    ProductRoll
		lost kam.Money
	}
	var found []stopped
	total := yearRevenue(lines, roll.LastOrder)
	for sku, p := range products {
		if p.days < 4 || p.last.DaysUntil(asOf) <= 90 || !p.last.Before(roll.LastOrder) || total <= 0 {
			continue
		}
		pr := productHistory(lines, sku, asOf)
		if pr.Interval <= 0 || float64(p.last.DaysUntil(asOf)) <= math.Max(90, 3*pr.Interval) {
			continue
		}
		bought := productRevenue(lines, sku, p.last.AddDays(-365), p.last)
		if float64(bought) < 0.05*float64(total) {
			continue
		}
		found = append(found, stopped{pr, bought})
	}
	sort.Slice(found, func(i, j int) bool {
		if found[i].lost != found[j].lost {
			return found[i].lost > found[j].lost
		}
		return found[i].p.Product < found[j].p.Product
	})
	var out []Flag
	for _, s := range found[:min(len(found), maxProductFlags)] {
		sev := SeverityMedium
		if float64(s.lost) >= 0.2*float64(total) {
			sev = SeverityHigh
		}
		out = append(out, Flag{Kind: StoppedProduct, Severity: sev, Cause: string(StoppedProduct) + ":" + s.p.Product,
			Evidence: fmt.Sprintf("%s not bought for %d days (last %s), though the account still orders; it bought it on %d days, usually every %.0f days, %s in the year before",
				productLabel(s.p.Name, s.p.Product), s.p.Last.DaysUntil(asOf), s.p.Last, s.p.Days, s.p.Interval, amount(s.lost, currency))})
	}
	return out
}

// productHistory rolls up one product of an account's lines.
func productHistory(lines []Line, sku string, asOf kam.Date) ProductRoll {
	var own []Line
	for _, l := range lines {
		if l.Product == sku {
			own = append(own, l)
		}
	}
	if rolls := RollProducts(own, asOf); len(rolls) == 1 {
		return rolls[0]
	}
	return ProductRoll{Product: sku}
}

// byDate returns lines in date order, sorting a copy only when they are not.
func byDate(lines []Line) []Line {
	if sort.SliceIsSorted(lines, func(i, j int) bool { return lines[i].Date.Before(lines[j].Date) }) {
		return lines
	}
	out := append([]Line(nil), lines...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out
}

// Erosion flags products whose average selling price in the last 90 days is
// at least 10% below the year before, with at least two purchase days in
// each period; the list price is named when known. The largest losses come
// first.
func Erosion(lines []Line, asOf kam.Date, currency string) []Flag {
	return ErosionAllowing(lines, nil, asOf, currency)
}

// ErosionAllowing is Erosion allowing for approved discounts: each line
// sold while a discount covered its product is judged at the price it
// would have had without the deepest such discount, so that a lower price
// the discount explains is not erosion. What it does not explain still is,
// and the evidence says how much remains.
func ErosionAllowing(lines []Line, discounts []Discount, asOf kam.Date, currency string) []Flag {
	recentFrom, earlierFrom := asOf.AddDays(-90), asOf.AddDays(-455)
	type agg struct {
		name, sku          string
		list               kam.Money
		recentQty, earlQty int64
		recentRev, earlRev kam.Money
		recentAdj, earlAdj float64 // revenue without the approved discounts
		recentDays         int
		earlDays           int
		lastDay            kam.Date
	}
	by := map[string]*agg{}
	for _, l := range byDate(lines) {
		if asOf.Before(l.Date) || !earlierFrom.Before(l.Date) || l.Quantity <= 0 || l.Amount <= 0 || l.Product == "" {
			continue
		}
		a := by[l.Product]
		if a == nil {
			a = &agg{name: l.Name, sku: l.Product, list: l.ListPrice}
			by[l.Product] = a
		}
		newDay := a.lastDay != l.Date
		a.lastDay = l.Date
		undiscounted := float64(l.Amount) * 10000 / float64(10000-discountOn(discounts, l))
		if recentFrom.Before(l.Date) {
			a.recentQty += l.Quantity
			a.recentRev += l.Amount
			a.recentAdj += undiscounted
			if newDay {
				a.recentDays++
			}
		} else {
			a.earlQty += l.Quantity
			a.earlRev += l.Amount
			a.earlAdj += undiscounted
			if newDay {
				a.earlDays++
			}
		}
	}
	type eroded struct {
		a             *agg
		before, after float64 // average unit prices
		change        float64 // allowing for approved discounts
		lost          kam.Money
	}
	var found []eroded
	for _, a := range by {
		if a.recentDays < 2 || a.earlDays < 2 {
			continue
		}
		before := float64(a.earlRev) / float64(a.earlQty)
		after := float64(a.recentRev) / float64(a.recentQty)
		adjBefore, adjAfter := a.earlAdj/float64(a.earlQty), a.recentAdj/float64(a.recentQty)
		if adjAfter > 0.9*adjBefore {
			continue
		}
		found = append(found, eroded{a, before, after, adjAfter/adjBefore - 1, kam.Money((adjBefore - adjAfter) * float64(a.recentQty))})
	}
	sort.Slice(found, func(i, j int) bool {
		if found[i].lost != found[j].lost {
			return found[i].lost > found[j].lost
		}
		return found[i].a.sku < found[j].a.sku
	})
	var out []Flag
	for _, e := range found[:min(len(found), maxProductFlags)] {
		change := e.after/e.before - 1
		sev := SeverityLow
		if e.change <= -0.2+1e-9 { // the float of −20% is a hair above it
			sev = SeverityMedium
		}
		evidence := fmt.Sprintf("%s sold at %s a unit in the last 90 days against %s in the year before, %+.0f%%",
			productLabel(e.a.name, e.a.sku), price(e.after, currency), price(e.before, currency), change*100)
		if math.Abs(e.change-change) > 1e-9 {
			evidence += fmt.Sprintf(" (%+.0f%% allowing for approved discounts)", e.change*100)
		}
		if e.a.list > 0 {
			evidence += fmt.Sprintf("; list price %s", price(float64(e.a.list), currency))
		}
		out = append(out, Flag{Kind: PriceErosion, Severity: sev, Cause: string(PriceErosion) + ":" + e.a.sku, Evidence: evidence})
	}
	return out
}

// discountOn is the depth of the deepest approved discount covering a
// line's product on its day, in basis points; 0 for none.
func discountOn(discounts []Discount, l Line) int64 {
	var depth int64
	for _, d := range discounts {
		if l.Date.Before(d.From) || d.To.Before(l.Date) || d.DepthBP >= 10000 {
			continue
		}
		if len(d.Products) == 0 || slices.Contains(d.Products, l.Product) {
			depth = max(depth, d.DepthBP)
		}
	}
	return depth
}

// FirstFamily flags the first purchase of a product family in the last 30
// days by an account that has bought for at least 90 days before: an
// opening to build on. Lines without a family are ignored.
func FirstFamily(lines []Line, asOf kam.Date) []Flag {
	first := map[string]kam.Date{}
	var firstAny kam.Date
	for _, l := range lines {
		if asOf.Before(l.Date) || l.Quantity <= 0 {
			continue
		}
		if firstAny.IsZero() || l.Date.Before(firstAny) {
			firstAny = l.Date
		}
		if l.Family == "" {
			continue
		}
		if d, ok := first[l.Family]; !ok || l.Date.Before(d) {
			first[l.Family] = l.Date
		}
	}
	since := asOf.AddDays(-30)
	var families []string
	for family, d := range first {
		if since.Before(d) && firstAny.DaysUntil(d) >= 90 {
			families = append(families, family)
		}
	}
	sort.Strings(families)
	var out []Flag
	for _, family := range families {
		out = append(out, Flag{Kind: NewFamily, Severity: SeverityLow, Cause: string(NewFamily) + ":" + family,
			Evidence: fmt.Sprintf("first purchase from the %s family on %s, after %d days as a customer", family, first[family], firstAny.DaysUntil(first[family]))})
	}
	return out
}

// yearRevenue is the net revenue of the lines in the 365 days to a day.
func yearRevenue(lines []Line, to kam.Date) kam.Money {
	var sum kam.Money
	from := to.AddDays(-365)
	for _, l := range lines {
		if from.Before(l.Date) && !to.Before(l.Date) {
			sum += l.Amount
		}
	}
	return sum
}

// productRevenue is one product's net revenue over (from, to].
func productRevenue(lines []Line, product string, from, to kam.Date) kam.Money {
	var sum kam.Money
	for _, l := range lines {
		if l.Product == product && from.Before(l.Date) && !to.Before(l.Date) {
			sum += l.Amount
		}
	}
	return sum
}

// productLabel names a product for evidence: "Blue mug (SKU 84029)".
func productLabel(name, sku string) string {
	if name == "" || name == sku {
		return "product " + sku
	}
	return fmt.Sprintf("%s (%s)", name, sku)
}

// price writes a unit price in money units (scaled) with two decimals.
func price(scaled float64, currency string) string {
	s := fmt.Sprintf("%.2f", scaled/kam.MoneyScale)
	if currency == "" {
		return s
	}
	return currency + " " + s
}
