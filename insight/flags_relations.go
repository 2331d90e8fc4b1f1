package insight

import (
	"fmt"
	"sort"
	"strings"

	"github.com/kamhq/kam"
)

// The kinds of flag raised from an account's paying, people, deals and
// contracts.
const (
	PaymentsLater       FlagKind = "payments_later"
	KeyContactLeft      FlagKind = "key_contact_left"
	ContactOverdue      FlagKind = "contact_overdue"
	OpportunitySlipping FlagKind = "opportunity_slipping"
	ContractNotice      FlagKind = "contract_notice"
)

// PaymentDelay flags an account paying later: its invoices due in the last
// 180 days were paid on average at least 10 days later than those due in the
// year before, and at least 7 days late. It needs three invoices in each
// period; an invoice still unpaid counts as late up to the as-of day.
func PaymentDelay(invoices []Invoice, asOf kam.Date) *Flag {
	recentFrom, earlierFrom := asOf.AddDays(-180), asOf.AddDays(-545)
	var recent, earlier []float64
	for _, inv := range invoices {
		if asOf.Before(inv.Due) || asOf.Before(inv.Issued) || !earlierFrom.Before(inv.Due) {
			continue
		}
		paid := inv.Paid
		if paid.IsZero() || asOf.Before(paid) {
			paid = asOf
		}
		late := float64(max(0, inv.Due.DaysUntil(paid)))
		if recentFrom.Before(inv.Due) {
			recent = append(recent, late)
		} else {
			earlier = append(earlier, late)
		}
	}
	if len(recent) < 3 || len(earlier) < 3 {
		return nil
	}
	now, before := mean(recent), mean(earlier)
	if now < 7 || now-before < 10 {
		return nil
	}
	sev := SeverityMedium
	if now >= 30 {
		sev = SeverityHigh
	}
	return &Flag{Kind: PaymentsLater, Severity: sev, Evidence: fmt.Sprintf(
		"invoices due in the last 180 days paid %.0f days late on average (%d invoices), against %.0f days in the year before (%d invoices)",
		now, len(recent), before, len(earlier))}
}

// ContactsLeft flags each key contact — a decision maker, a champion, or a
// strong relationship — who left the company in the last 90 days.
func ContactsLeft(people []Person, asOf kam.Date) []Flag {
	var out []Flag
	for _, p := range people {
		if !p.Left || !p.Key() || p.LeftOn.IsZero() || asOf.Before(p.LeftOn) || p.LeftOn.DaysUntil(asOf) > 90 {
			continue
		}
		// Say why the contact mattered: a role that makes it key, or the
		// strength of the relationship.
		role := strings.ReplaceAll(string(p.Role), "_", " ") // "decision maker"
		if p.Role != kam.BuyingDecisionMaker && p.Role != kam.BuyingChampion {
			role = strings.TrimPrefix(fmt.Sprintf("%s, relationship strength %d", role, p.Strength), ", ")
		}
		out = append(out, Flag{Kind: KeyContactLeft, Severity: SeverityHigh, Cause: causeOf(KeyContactLeft, p.ID, p.Name),
			Evidence: fmt.Sprintf("%s (%s) left the company on %s", p.Name, role, p.LeftOn)})
	}
	return out
}

// NoContact flags an account nobody has called, visited, met or emailed for
// longer than its cadence (cadence days; 0 takes the tier's default,
// Cadence; own marks the account's own cadence). An account never contacted
// is flagged only in the key and strategic tiers, where that is an omission
// rather than the rule.
func NoContact(tier string, cadence int, own bool, last kam.Date, asOf kam.Date) *Flag {
	cadence = cadenceOf(cadence, tier)
	if last.IsZero() {
		if tier != "key" && tier != "strategic" {
			return nil
		}
		return &Flag{Kind: ContactOverdue, Severity: SeverityMedium, Evidence: fmt.Sprintf(
			"no contact recorded; %s contacted every %d days", cadenceSubject(tier, own), cadence)}
	}
	days := last.DaysUntil(asOf)
	if days <= cadence {
		return nil
	}
	sev := SeverityMedium
	if days > 2*cadence {
		sev = SeverityHigh
	}
	return &Flag{Kind: ContactOverdue, Severity: sev, Evidence: fmt.Sprintf(
		"no contact for %d days (last %s); %s contacted every %d days", days, last, cadenceSubject(tier, own), cadence)}
}

// Slipping flags large open opportunities whose close keeps moving: the
// expected close day moved at least 30 days past the first one given, or has
// passed with the deal still open. Large is at least minAmount, or a quarter
// of the account's last 12 months' revenue when that is more.
func Slipping(deals []Deal, revenue12M, minAmount kam.Money, asOf kam.Date, currency string) []Flag {
	large := max(minAmount, revenue12M/4)
	var out []Flag
	for _, d := range deals {
		if !d.Open || d.Amount < large || d.Close.IsZero() {
			continue
		}
		var why string
		switch {
		case d.Close.Before(asOf):
			why = fmt.Sprintf("was expected to close on %s, %d days ago, and is still open", d.Close, d.Close.DaysUntil(asOf))
		case !d.FirstClose.IsZero() && d.FirstClose.DaysUntil(d.Close) >= 30:
			why = fmt.Sprintf("close moved from %s to %s (%d days later)", d.FirstClose, d.Close, d.FirstClose.DaysUntil(d.Close))
		default:
			continue
		}
		out = append(out, Flag{Kind: OpportunitySlipping, Severity: SeverityMedium, Cause: causeOf(OpportunitySlipping, d.ID, d.Name),
			Evidence: fmt.Sprintf("%s (%s, %d%%) %s", d.Name, amount(d.Amount, currency), d.Probability, why)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Cause < out[j].Cause })
	return out
}

// Notice flags active contracts whose notice day (the end less the notice
// period) is within 30 days or has passed while the contract runs: the time
// to renew, renegotiate or hear of a cancellation. A contract that does not
// renew by itself is high severity once inside its notice period.
func Notice(contracts []Agreement, asOf kam.Date, currency string) []Flag {
	var out []Flag
	for _, c := range contracts {
		if !c.Active || c.End.IsZero() || c.End.Before(asOf) {
			continue
		}
		notice := c.End.AddDays(-c.NoticeDays)
		if asOf.DaysUntil(notice) > 30 {
			continue
		}
		renew := "does not renew by itself"
		if c.AutoRenew {
			renew = "renews by itself unless cancelled"
		}
		var when string
		sev := SeverityMedium
		if asOf.Before(notice) {
			when = fmt.Sprintf("its notice period starts on %s, in %d days", notice, asOf.DaysUntil(notice))
		} else {
			when = fmt.Sprintf("it is inside its notice period since %s", notice)
			if !c.AutoRenew {
				sev = SeverityHigh
			}
		}
		out = append(out, Flag{Kind: ContractNotice, Severity: sev, Cause: causeOf(ContractNotice, c.ID, c.Name),
			Evidence: fmt.Sprintf("contract %s (%s) ends on %s and %s; %s", c.Name, amount(c.Value, currency), c.End, renew, when)})
	}
	return out
}

func mean(xs []float64) float64 {
	var sum float64
	for _, x := range xs {
		sum += x
	}
	return sum / float64(len(xs))
}
