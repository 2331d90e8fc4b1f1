package store

import (
	"context"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
)

// sideHistory holds, by account, the records of a history other than
// orders: few enough per account to read in one pass each.
type sideHistory struct {
	asOf          kam.Date
	invoices      map[int64][]insight.Invoice
	contacts      map[int64][]insight.Person
	contacted     map[int64]map[string]kam.Date
	opportunities map[int64][]insight.Deal
	contracts     map[int64][]insight.Agreement
	cases         map[int64][2]int // open, overdue
	caseList      map[int64][]insight.Issue
	cadence       kam.TierCadence // the cadence setting
	ownCadence    map[int64]int   // accounts' own cadences

	// discounts are the approved discounts, which explain lower prices.
	discounts map[int64][]insight.Discount

	// steps are the onboarding steps not done, by account.
	steps map[int64][]insight.Milestone
}

// take starts an account's history with its side records.
func (s *sideHistory) take(a *kam.Account) *insight.History {
	h := &insight.History{AccountID: a.ID, Name: a.Name, Tier: a.Tier, Status: a.Status, Currency: a.Currency,
		Invoices: s.invoices[a.ID], Contacts: s.contacts[a.ID], Contacted: s.contacted[a.ID],
		Opportunities: s.opportunities[a.ID], Contracts: s.contracts[a.ID], Cases: s.caseList[a.ID]}
	h.OpenCases, h.OverdueCases = s.cases[a.ID][0], s.cases[a.ID][1]
	h.Discounts = s.discounts[a.ID]
	h.Steps = s.steps[a.ID]
	h.CadenceDays, h.OwnCadence = s.cadence.Days(a.Tier), false
	if days, ok := s.ownCadence[a.ID]; ok {
		h.CadenceDays, h.OwnCadence = days, true
	}
	return h
}

// readSideHistory reads the side records of the accounts pred selects, as
// they stood on asOf as far as their own dates tell: invoices issued,
// contacts who had left, activities and cases by then, contracts started.
// Contacts and deals are read as they are now (their past states are not
// kept), so a backtest sees today's pipeline.
func (s *Store) readSideHistory(ctx context.Context, pred string, args []any, asOf kam.Date) (*sideHistory, error) {
	c := s.reader()
	end := asOf.AddDays(1).Time() // timestamps before the next day's start
	h := &sideHistory{asOf: asOf, invoices: map[int64][]insight.Invoice{}, contacts: map[int64][]insight.Person{},
		contacted: map[int64]map[string]kam.Date{}, opportunities: map[int64][]insight.Deal{},
		contracts: map[int64][]insight.Agreement{}, cases: map[int64][2]int{}, caseList: map[int64][]insight.Issue{}}
	scoped := func(q string, first ...any) (string, []any) {
		return strings.Replace(q, "SCOPE", "a.deleted_at IS NULL AND "+pred, 1), append(first, args...)
	}
	each := func(q string, first []any, scan func(scan func(...any) error) error) error {
		q, all := scoped(q, first...)
		rows, err := c.query(ctx, q, all...)
		if err != nil {
			return err
		}
		return eachRow(rows, func() error { return scan(rows.Scan) })
	}
	var id int64
	var err error
	if h.cadence, err = s.TierCadence(ctx); err != nil {
		return nil, err
	}
	h.ownCadence = map[int64]int{}
	err = each(`SELECT a.id, a.cadence_days FROM accounts a WHERE a.cadence_days IS NOT NULL AND SCOPE`, nil, func(scan func(...any) error) error {
		var days int
		if err := scan(&id, &days); err != nil {
			return err
		}
		h.ownCadence[id] = days
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = each(`SELECT i.account_id, CAST(i.issued_on AS TEXT), CAST(i.due_on AS TEXT), CAST(i.paid_on AS TEXT), i.amount FROM invoices i JOIN accounts a ON a.id = i.account_id
		WHERE i.issued_on <= ? AND SCOPE ORDER BY i.account_id, i.due_on`, []any{asOf}, func(scan func(...any) error) error {
		var v insight.Invoice
		if err := scan(&id, &v.Issued, &v.Due, &v.Paid, &v.Amount); err != nil {
			return err
		}
		h.invoices[id] = append(h.invoices[id], v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = each(`SELECT c.account_id, c.id, c.first_name, c.last_name, c.buying_role, c.strength, c.left_company, c.left_at
		FROM contacts c JOIN accounts a ON a.id = c.account_id
		WHERE c.deleted_at IS NULL AND SCOPE ORDER BY c.account_id, c.id`, nil, func(scan func(...any) error) error {
		var v insight.Person
		var first, last, role string
		if err := scan(&id, &v.ID, &first, &last, &role, &v.Strength, &v.Left, &v.LeftOn); err != nil {
			return err
		}
		v.Name, v.Role = strings.TrimSpace(first+" "+last), kam.BuyingRole(role)
		if v.Left && asOf.Before(v.LeftOn) {
			v.Left, v.LeftOn = false, kam.Date{} // left after the day judged
		}
		h.contacts[id] = append(h.contacts[id], v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = each(`SELECT t.account_id, t.kind, MAX(t.occurred_at) FROM activities t JOIN accounts a ON a.id = t.account_id
		WHERE t.deleted_at IS NULL AND t.kind <> 'note' AND t.occurred_at < ? AND SCOPE GROUP BY t.account_id, t.kind`, []any{end}, func(scan func(...any) error) error {
		var kind string
		var last kam.Date
		if err := scan(&id, &kind, &last); err != nil {
			return err
		}
		if h.contacted[id] == nil {
			h.contacted[id] = map[string]kam.Date{}
		}
		h.contacted[id][kind] = last
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = each(`SELECT o.account_id, o.id, o.name, o.amount, o.probability, o.closed_at IS NULL, o.close_date, o.first_close_date
		FROM opportunities o JOIN accounts a ON a.id = o.account_id
		WHERE o.deleted_at IS NULL AND SCOPE ORDER BY o.account_id, o.id`, nil, func(scan func(...any) error) error {
		var v insight.Deal
		if err := scan(&id, &v.ID, &v.Name, &v.Amount, &v.Probability, &v.Open, &v.Close, &v.FirstClose); err != nil {
			return err
		}
		h.opportunities[id] = append(h.opportunities[id], v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = each(`SELECT k.account_id, k.id, k.name, k.end_date, k.notice_days, k.auto_renew, k.status = 'active', k.value
		FROM contracts k JOIN accounts a ON a.id = k.account_id
		WHERE k.deleted_at IS NULL AND k.start_date <= ? AND SCOPE ORDER BY k.account_id, k.id`, []any{asOf}, func(scan func(...any) error) error {
		var v insight.Agreement
		if err := scan(&id, &v.ID, &v.Name, &v.End, &v.NoticeDays, &v.AutoRenew, &v.Active, &v.Value); err != nil {
			return err
		}
		h.contracts[id] = append(h.contracts[id], v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = each(`SELECT k.account_id, k.id, k.subject, k.severity, k.due FROM cases k JOIN accounts a ON a.id = k.account_id
		WHERE k.deleted_at IS NULL AND k.status NOT IN ('resolved','closed') AND k.opened_at < ? AND SCOPE ORDER BY k.account_id, k.id`,
		[]any{end}, func(scan func(...any) error) error {
			var v insight.Issue
			if err := scan(&id, &v.ID, &v.Subject, &v.Severity, &v.Due); err != nil {
				return err
			}
			n := h.cases[id]
			n[0]++
			if !v.Due.IsZero() && v.Due.Before(asOf) {
				n[1]++
			}
			h.cases[id] = n
			h.caseList[id] = append(h.caseList[id], v)
			return nil
		})
	if err != nil {
		return nil, err
	}
	if h.steps, err = s.readOpenSteps(ctx, c, pred, args, end); err != nil {
		return nil, err
	}
	if h.discounts, err = readDiscountHistory(ctx, c, pred, args, end); err != nil {
		return nil, err
	}
	return h, nil
}
