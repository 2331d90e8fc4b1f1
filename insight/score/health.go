package score

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
)

// HealthInput is what the store supplies about one account for its health
// score on a day. Counts below zero are read as zero.
type HealthInput struct {
	// Rollup is the account's buying to the day of the score
	// (insight.Roll); its AsOf is that day.
	Rollup insight.Rollup
	// Currency is the ISO code of the rollup's amounts, for the sentences
	// only; may be empty.
	Currency string

	// PaidInvoices12M and PaidInvoicesPrev12M count the invoices paid in
	// the 365 days to AsOf and in the 365 days before those.
	PaidInvoices12M, PaidInvoicesPrev12M int
	// DaysLate12M and DaysLatePrev12M are the average days those invoices
	// were paid after their due date, in days (negative: paid early).
	DaysLate12M, DaysLatePrev12M float64
	// OverdueInvoices counts invoices past due and still unpaid on AsOf.
	// With no invoice paid in the last 12 months and none overdue there is
	// no payment data, and the payment part is left out.
	OverdueInvoices int

	// OpenCases counts the account's cases (complaints, conflicts,
	// technical questions) open on AsOf; OverdueCases those of them past
	// their due date. An account without cases has nothing open: that
	// scores full marks, not "no data".
	OpenCases, OverdueCases int

	// DaysSinceContact is the days from the latest call, visit, meeting or
	// email to AsOf; -1 (any negative) when none was ever recorded.
	DaysSinceContact int
	// CadenceDays is how often, in days, the account's tier should hear
	// from its manager (insight.Cadence); 0 or less means 90.
	CadenceDays int

	// ActiveContacts counts the account's contacts still at the company.
	ActiveContacts int
	// RolesCovered lists the buying roles those contacts hold; repeats and
	// empty roles are ignored.
	RolesCovered []kam.BuyingRole
	// RolesExpected lists the roles a well-covered buying centre has; nil
	// means DefaultExpectedRoles.
	RolesExpected []kam.BuyingRole
}

// HealthWeights are the weights of the health parts. Only their ratios
// matter: 30/20/15/20/15 and 6/4/3/4/3 score the same. A zero weight turns a
// part off.
type HealthWeights struct {
	PurchaseTrend float64 `json:"purchase_trend"`
	Payment       float64 `json:"payment"`
	Cases         float64 `json:"cases"`
	Engagement    float64 `json:"engagement"`
	Coverage      float64 `json:"coverage"`
}

// DefaultHealthWeights weigh buying most, since revenue is what a decline
// shows in first, then paying and being in touch, then open cases and the
// breadth of the relationship.
var DefaultHealthWeights = HealthWeights{PurchaseTrend: 30, Payment: 20, Cases: 15, Engagement: 20, Coverage: 15}

// Validate refuses negative or non-numeric weights, naming the part, and
// weights that are all zero, which would leave nothing to score.
func (w HealthWeights) Validate() error {
	var sum float64
	for _, f := range []struct {
		key string
		v   float64
	}{{PartPurchaseTrend, w.PurchaseTrend}, {PartPayment, w.Payment}, {PartCases, w.Cases}, {PartEngagement, w.Engagement}, {PartCoverage, w.Coverage}} {
		switch {
		case !finite(f.v):
			return fmt.Errorf("health weight %s is not a number", f.key)
		case f.v < 0:
			return fmt.Errorf("health weight %s is %s: weights cannot be negative (use 0 to leave a part out)", f.key, num(f.v))
		}
		sum += f.v
	}
	if sum == 0 {
		return errors.New("health weights are all zero: give at least one part a positive weight")
	}
	return nil
}

// ParseHealthWeights reads weights from JSON such as {"payment": 0,
// "engagement": 30}. Parts left out keep their default weight; unknown
// names and invalid weights are errors.
func ParseHealthWeights(data []byte) (HealthWeights, error) {
	w := DefaultHealthWeights
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return HealthWeights{}, fmt.Errorf("health weights: %w", jsonError(err))
	}
	return w, w.Validate()
}

// DefaultExpectedRoles are the buying-centre roles a key account should have
// an active contact in: who decides, who sways the decision, who uses what
// we sell and who speaks for us when we are not in the room.
var DefaultExpectedRoles = []kam.BuyingRole{kam.BuyingDecisionMaker, kam.BuyingInfluencer, kam.BuyingUser, kam.BuyingChampion}

// The keys of the health parts, as in Part.Key.
const (
	PartPurchaseTrend = "purchase_trend"
	PartPayment       = "payment"
	PartCases         = "cases"
	PartEngagement    = "engagement"
	PartCoverage      = "coverage"
)

// Band is a coarse reading of a health score, for colours and filters.
type Band string

// The bands: good from GoodFrom, watch from WatchFrom, poor below; unknown
// when no part had data.
const (
	BandGood    Band = "good"
	BandWatch   Band = "watch"
	BandPoor    Band = "poor"
	BandUnknown Band = "unknown"
)

// GoodFrom and WatchFrom are the lowest health scores of the good and the
// watch bands.
const (
	GoodFrom  = 70
	WatchFrom = 40
)

// BandOf places a health score in its band.
func BandOf(score float64) Band {
	switch {
	case !finite(score):
		return BandUnknown
	case score >= GoodFrom:
		return BandGood
	case score >= WatchFrom:
		return BandWatch
	}
	return BandPoor
}

// HealthScore is an account's health on a day: a 0–100 score, its band, and
// the parts it is the weighted sum of.
type HealthScore struct {
	Score float64 `json:"score"`
	Band  Band    `json:"band"`
	Parts []Part  `json:"parts"`
	// Note says which parts were left out for lack of data, if any.
	Note string `json:"note,omitempty"`
	// Explanation sums the score up in one sentence.
	Explanation string `json:"explanation"`
}

// Health scores an account's health as the weighted mean of five parts, each
// 0–100:
//
//   - purchase trend: 75 + 150 × growth of the last 12 months' revenue on
//     the 12 months before (flat 75, −50% or worse 0, +16.7% or better 100);
//   - payment: 100 − 2 per day paid late on average in the last 12 months −
//     15 per invoice overdue now;
//   - cases: 100 − 10 per open case − 20 more per overdue case;
//   - engagement: 100 within the tier's cadence, then down in a straight
//     line to 0 at three times the cadence; 0 with no contact recorded;
//   - coverage: the share of the expected buying roles held by active
//     contacts, × 100.
//
// A part without enough data is left out and the others' weights scaled up,
// and the result says so. It fails only on invalid weights.
func Health(in HealthInput, w HealthWeights) (HealthScore, error) {
	if err := w.Validate(); err != nil {
		return HealthScore{}, err
	}
	parts := []Part{
		purchaseTrend(in, w.PurchaseTrend),
		payment(in, w.Payment),
		cases(in, w.Cases),
		engagement(in, w.Engagement),
		coverage(in, w.Coverage),
	}
	total, note, ok := combine(parts)
	hs := HealthScore{Score: total, Band: BandOf(total), Parts: parts, Note: note}
	if !ok {
		hs.Band = BandUnknown
		hs.Explanation = "No health score. " + note
		return hs, nil
	}
	hs.Explanation = fmt.Sprintf("Health %s of 100, %s (good from %d, watch from %d, poor below).", num(total), hs.Band, GoodFrom, WatchFrom)
	return hs, nil
}

func purchaseTrend(in HealthInput, weight float64) Part {
	const key, name = PartPurchaseTrend, "purchase trend"
	r := in.Rollup
	now, before := money(r.Revenue12M, in.Currency), money(r.RevenuePrev12M, in.Currency)
	if !r.HasGrowth || !finite(r.Growth) {
		switch {
		case r.DaysSinceLast < 0 && r.Revenue12M == 0 && r.RevenuePrev12M == 0:
			return noData(key, name, weight, "no orders yet")
		case r.DaysSinceLast < 0:
			return noData(key, name, weight, fmt.Sprintf("no orders, only credit notes (%s in the last 12 months)", now))
		case r.Revenue12M == 0 && r.RevenuePrev12M == 0:
			return noData(key, name, weight, fmt.Sprintf("no revenue in the last 24 months (last order %s ago)", plural(r.DaysSinceLast, "day", "days")))
		}
		return noData(key, name, weight, fmt.Sprintf("%s in the last 12 months but no revenue in the 12 months before to compare with (%s)", now, before))
	}
	s := clamp(75+150*r.Growth, 0, 100)
	return Part{Key: key, Name: name, Weight: weight, Score: round(s, 1), Raw: round(r.Growth, 4), Unit: "ratio", EnoughData: true,
		Explanation: fmt.Sprintf("Revenue of the last 12 months %s against %s the 12 months before: %s. Flat scores 75, each point of growth adds 1.5 (0 at -50%%, 100 at +16.7%%).",
			now, before, pct(r.Growth))}
}

func payment(in HealthInput, weight float64) Part {
	const key, name = PartPayment, "payment behaviour"
	paid, overdue := max(in.PaidInvoices12M, 0), max(in.OverdueInvoices, 0)
	if paid == 0 && overdue == 0 {
		return noData(key, name, weight, "no invoice paid in the last 12 months and none overdue")
	}
	late := 0.0
	var b strings.Builder
	if paid > 0 {
		if !finite(in.DaysLate12M) {
			return noData(key, name, weight, "the average days late of the last 12 months is not a number")
		}
		late = in.DaysLate12M
		if late >= 0 {
			fmt.Fprintf(&b, "%s paid %s days late on average in the last 12 months", plural(paid, "invoice", "invoices"), num(round(late, 1)))
		} else {
			fmt.Fprintf(&b, "%s paid %s days early on average in the last 12 months", plural(paid, "invoice", "invoices"), num(round(-late, 1)))
		}
		if in.PaidInvoicesPrev12M > 0 && finite(in.DaysLatePrev12M) {
			fmt.Fprintf(&b, ", against %s days late the 12 months before", num(round(in.DaysLatePrev12M, 1)))
		}
	} else {
		b.WriteString("No invoice paid in the last 12 months")
	}
	fmt.Fprintf(&b, "; %s overdue now. Each day late costs 2 points, each overdue invoice 15.", plural(overdue, "invoice", "invoices"))
	s := clamp(100-2*math.Max(late, 0)-15*float64(overdue), 0, 100)
	return Part{Key: key, Name: name, Weight: weight, Score: round(s, 1), Raw: round(late, 1), Unit: "days late", EnoughData: true, Explanation: b.String()}
}

func cases(in HealthInput, weight float64) Part {
	const key, name = PartCases, "case load"
	overdue := max(in.OverdueCases, 0)
	open := max(in.OpenCases, overdue)
	p := Part{Key: key, Name: name, Weight: weight, Raw: float64(open), Unit: "open cases", EnoughData: true}
	p.Score = clamp(100-10*float64(open)-20*float64(overdue), 0, 100)
	if open == 0 {
		p.Explanation = "No open cases."
		return p
	}
	p.Explanation = fmt.Sprintf("%s open, %d of them overdue. Each open case costs 10 points, each overdue one 20 more.", plural(open, "case", "cases"), overdue)
	return p
}

func engagement(in HealthInput, weight float64) Part {
	const key, name = PartEngagement, "engagement recency"
	cadence := in.CadenceDays
	if cadence <= 0 {
		cadence = insight.Cadence("")
	}
	p := Part{Key: key, Name: name, Weight: weight, Unit: "days since contact", EnoughData: true}
	days := in.DaysSinceContact
	if days < 0 {
		p.Raw = -1
		p.Explanation = fmt.Sprintf("No contact recorded; the account should hear from us every %d days.", cadence)
		return p
	}
	p.Raw = float64(days)
	if days <= cadence {
		p.Score = 100
		p.Explanation = fmt.Sprintf("Last contact %s ago, within the %d-day cadence.", plural(days, "day", "days"), cadence)
		return p
	}
	p.Score = round(clamp(100*(1-float64(days-cadence)/float64(2*cadence)), 0, 100), 1)
	p.Explanation = fmt.Sprintf("Last contact %d days ago, %d past the %d-day cadence; the score falls to 0 at %d days.", days, days-cadence, cadence, 3*cadence)
	return p
}

func coverage(in HealthInput, weight float64) Part {
	const key, name = PartCoverage, "buying-centre coverage"
	expected := in.RolesExpected
	if expected == nil {
		expected = DefaultExpectedRoles
	}
	var want []kam.BuyingRole
	for _, r := range expected {
		if r != "" && !slices.Contains(want, r) {
			want = append(want, r)
		}
	}
	if len(want) == 0 {
		return noData(key, name, weight, "no buying roles are expected")
	}
	var have, miss []string
	for _, r := range want {
		if slices.Contains(in.RolesCovered, r) {
			have = append(have, roleName(r))
		} else {
			miss = append(miss, roleName(r))
		}
	}
	p := Part{Key: key, Name: name, Weight: weight, Raw: float64(len(have)), Unit: fmt.Sprintf("of %d roles", len(want)), EnoughData: true}
	p.Score = round(100*float64(len(have))/float64(len(want)), 1)
	switch {
	case max(in.ActiveContacts, 0) == 0 && len(have) == 0:
		p.Explanation = fmt.Sprintf("No active contacts: none of the %d expected roles (%s) is covered.", len(want), joinAnd(miss))
	case len(miss) == 0:
		p.Explanation = fmt.Sprintf("All %d expected roles covered (%s).", len(want), joinAnd(have))
	case len(have) == 0:
		p.Explanation = fmt.Sprintf("%s active, but none in an expected role; missing %s.", plural(in.ActiveContacts, "contact", "contacts"), joinAnd(miss))
	default:
		p.Explanation = fmt.Sprintf("%d of %d expected roles covered (%s); missing %s.", len(have), len(want), joinAnd(have), joinAnd(miss))
	}
	return p
}

// roleName is a buying role in plain words: "decision maker".
func roleName(r kam.BuyingRole) string { return strings.ReplaceAll(string(r), "_", " ") }

// money formats an amount in whole units with its currency: "EUR 12,345".
func money(m kam.Money, currency string) string {
	return currencyPrefix(currency) + num(math.Round(m.Float()))
}

func currencyPrefix(currency string) string {
	if currency == "" {
		return ""
	}
	return currency + " "
}
