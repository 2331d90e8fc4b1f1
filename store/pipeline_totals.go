package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/kamhq/kam"
)

// pipelineTotals fills the totals and the owners of a pipeline from the
// deals that match, grouped by stage and by owner too: the stages listed
// and the owner's deals are picked from the groups, and the owners to
// choose from are those of every group listed.
//
// On SQLite the open deals are summed from pipeline_sums (migration 00020),
// which triggers keep per account owner, org unit, deal owner, stage,
// currency and close month, when the filter is one those keys can answer:
// no single account, and close dates bounded by whole months. The deals of
// team accounts outside those keys and the recently closed deals are read
// as deals. Otherwise whole, every matching deal, is aggregated.
func (s *Store) pipelineTotals(ctx context.Context, p *kam.Principal, f OpportunityFilter, list *OpportunityList, stages []string, base, whole pipelineQuery) error {
	t := newTotalsFold(stages, f.OwnerID)
	var err error
	if s.d == sqliteDialect && f.AccountID == 0 && wholeMonths(f.CloseFrom, f.CloseTo) {
		err = s.summedTotals(ctx, p, f, base, t)
	} else {
		err = t.read(s.reader().query(ctx, `SELECT o.stage, o.currency, COALESCE(o.owner_id, 0), COUNT(*),
			CAST(SUM(o.amount) AS BIGINT), CAST(SUM(o.amount * o.probability) AS BIGINT)`+
			whole.sql("GROUP BY o.currency, o.owner_id, o.stage"), whole.args...)) // not by stage first: SQLite would read the deals through its index
	}
	if err != nil {
		return fmt.Errorf("pipeline totals: %w", err)
	}
	return t.finish(ctx, s, list)
}

// summedTotals folds the open deals' sums, the open deals of team accounts
// the sums' scope leaves out, and the deals closed since f.ClosedSince.
func (s *Store) summedTotals(ctx context.Context, p *kam.Principal, f OpportunityFilter, base pipelineQuery, t *totalsFold) error {
	const dealGroups = `SELECT o.stage, o.currency, COALESCE(o.owner_id, 0), COUNT(*),
		CAST(SUM(o.amount) AS BIGINT), CAST(SUM(o.amount * o.probability) AS BIGINT)`
	keys, keyArgs := scopePredicate(p, "ps", "ps.owner_id = ? OR ps.owner_id = ?")
	q := pipelineQuery{from: "pipeline_sums ps", where: []string{"ps.deals <> 0", keys}, args: keyArgs}
	if !f.CloseFrom.IsZero() {
		q.add("ps.close_month >= ?", f.CloseFrom.String()[:7])
	}
	if !f.CloseTo.IsZero() {
		q.add("ps.close_month <= ? AND ps.close_month <> ''", f.CloseTo.String()[:7])
	}
	err := t.read(s.reader().query(ctx, "SELECT ps.stage, ps.currency, ps.deal_owner_id, SUM(ps.deals), SUM(ps.amount), SUM(ps.weighted)"+
		q.sql("GROUP BY ps.currency, ps.deal_owner_id, ps.stage"), q.args...))
	if err != nil {
		return err
	}
	if !p.IsAdmin() {
		// Accounts on the user's teams that the keys do not cover.
		covered, coveredArgs := scopePredicate(p, "a", "a.owner_id = ? OR a.owner_id = ?")
		team := base.clone()
		team.from = "account_team_members tm CROSS JOIN accounts a CROSS JOIN opportunities o"
		team.add("tm.user_id = ? AND a.id = tm.account_id AND o.closed_at IS NULL", p.UserID)
		// COALESCE: an account with no owner or unit gives NULL, not false.
		team.add("NOT COALESCE("+covered+", FALSE)", coveredArgs...)
		if err := t.read(s.reader().query(ctx, dealGroups+team.sql("GROUP BY o.currency, o.owner_id, o.stage"), team.args...)); err != nil {
			return err
		}
	}
	if f.OpenOnly {
		return nil
	}
	closed := base.clone()
	closed.from = "opportunities o CROSS JOIN accounts a"
	pred, args := accountScope(p, "a")
	closed.add(pred, args...)
	closed.add("o.closed_at >= ?", f.ClosedSince)
	return t.read(s.reader().query(ctx, dealGroups+closed.sql("GROUP BY o.currency, o.owner_id, o.stage"), closed.args...))
}

// wholeMonths reports whether a close-date range is bounded by whole
// months (or open), as the sums' close months can answer.
func wholeMonths(from, to kam.Date) bool {
	return (from.IsZero() || from.Time().Day() == 1) && (to.IsZero() || to.AddDays(1).Time().Day() == 1)
}

// totalsFold adds up groups of deals into a pipeline's totals and owners.
type totalsFold struct {
	stages  []string
	ownerID int64
	totals  map[stageCurrency]*StageTotal
	owners  map[int64]int
}

type stageCurrency struct{ stage, currency string }

func newTotalsFold(stages []string, ownerID int64) *totalsFold {
	return &totalsFold{stages: stages, ownerID: ownerID, totals: map[stageCurrency]*StageTotal{}, owners: map[int64]int{}}
}

// read folds rows of (stage, currency, owner, deals, amount, amount ×
// probability) as a query returns them.
func (t *totalsFold) read(rows *sql.Rows, err error) error {
	if err != nil {
		return err
	}
	return eachRow(rows, func() error {
		var stage, currency string
		var owner, amountTimesPct int64
		var n int
		var amount kam.Money
		if err := rows.Scan(&stage, &currency, &owner, &n, &amount, &amountTimesPct); err != nil {
			return err
		}
		if n == 0 || !slices.Contains(t.stages, stage) {
			return nil
		}
		if owner != 0 {
			t.owners[owner] += n
		}
		if t.ownerID != 0 && owner != t.ownerID {
			return nil
		}
		k := stageCurrency{stage, currency}
		tot := t.totals[k]
		if tot == nil {
			tot = &StageTotal{Stage: stage, Currency: currency}
			t.totals[k] = tot
		}
		tot.Deals += n
		tot.Amount += amount
		tot.Weighted += kam.Money(amountTimesPct) // in hundredths until rounded in finish
		return nil
	})
}

// finish writes the totals, rounded and in stage order, and the owners by
// name into list.
func (t *totalsFold) finish(ctx context.Context, s *Store, list *OpportunityList) error {
	for _, tot := range t.totals {
		tot.Weighted = (tot.Weighted + 50) / 100 // amounts are never negative
		list.Totals = append(list.Totals, *tot)
	}
	slices.SortFunc(list.Totals, func(a, b StageTotal) int {
		return cmp.Or(cmp.Compare(slices.Index(kam.Stages, a.Stage), slices.Index(kam.Stages, b.Stage)), cmp.Compare(a.Currency, b.Currency))
	})
	for id, n := range t.owners {
		name, err := s.userName(ctx, id)
		if err != nil {
			return err
		}
		list.Owners = append(list.Owners, DealOwner{ID: id, Name: name, Deals: n})
	}
	slices.SortFunc(list.Owners, func(a, b DealOwner) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.ID, b.ID))
	})
	return nil
}
