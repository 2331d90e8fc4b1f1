package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/kamhq/kam"
)

// objectivesOf returns the live account objectives p may see that cond
// (over targetsFrom, with args) holds for, earliest period first.
func (s *Store) objectivesOf(ctx context.Context, p *kam.Principal, cond string, args ...any) ([]*kam.Target, error) {
	pred, pargs := targetScope(p)
	rows, err := s.reader().query(ctx, `SELECT `+targetColumns+` FROM `+targetsFrom+` WHERE t.account_id IS NOT NULL AND `+cond+
		` AND `+pred+` ORDER BY t.period_start, t.id`, append(args, pargs...)...)
	if err != nil {
		return nil, fmt.Errorf("find objectives: %w", err)
	}
	var out []*kam.Target
	err = eachRow(rows, func() error {
		t, err := scanTarget(rows.Scan)
		out = append(out, t)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find objectives: %w", err)
	}
	return out, nil
}

// AccountObjectives returns the objectives of an account p may see whose
// period has not ended or ended within the last year, earliest first,
// each measured over its own period on the account and every account
// below it. An account p cannot see is ENOTFOUND.
func (s *Store) AccountObjectives(ctx context.Context, p *kam.Principal, accountID int64, q AttainmentQuery) ([]*TargetFigures, error) {
	if _, err := s.FindAccountByID(ctx, p, accountID); err != nil {
		return nil, err
	}
	if q.Today.IsZero() {
		q.Today = kam.DateOf(s.Now())
	}
	objectives, err := s.objectivesOf(ctx, p, "t.account_id = ? AND t.period_end >= ?", accountID, q.Today.AddDays(-366))
	if err != nil {
		return nil, err
	}
	cal, err := s.FiscalCalendar(ctx)
	if err != nil {
		return nil, err
	}
	nameTargets(cal, objectives...)
	return s.ObjectiveFigures(ctx, objectives, q.Today, q.Reach)
}

// ObjectiveFigures measures account objectives, each over its own period,
// on its account and every live account below it in the hierarchy, in the
// objective's currency. The objectives must come from a read scoped to
// the principal; the accounts below count whoever may see them, as the
// account page's tree figures do.
func (s *Store) ObjectiveFigures(ctx context.Context, objectives []*kam.Target, today kam.Date, reach int) ([]*TargetFigures, error) {
	out := []*TargetFigures{}
	if len(objectives) == 0 {
		return out, nil
	}
	roots := []int64{}
	type span struct{ first, last kam.Date }
	periods := map[span][]*kam.Target{}
	var order []span
	for _, t := range objectives {
		roots = append(roots, t.AccountID)
		k := span{t.PeriodStart, t.PeriodEnd}
		if periods[k] == nil {
			order = append(order, k)
		}
		periods[k] = append(periods[k], t)
	}
	slices.Sort(roots)
	roots = slices.Compact(roots)
	trees, err := s.accountTrees(ctx, roots)
	if err != nil {
		return nil, err
	}
	names, err := s.accountNames(ctx, roots)
	if err != nil {
		return nil, err
	}
	var ids []any
	for _, members := range trees {
		for _, id := range members {
			ids = append(ids, id)
		}
	}
	for _, k := range order {
		w := NewForecastWindow(k.first, k.last, today, reach)
		facts, err := summary(ctx, s, fmt.Sprint("objective facts ", ids, k, today, w), func() (map[int64]*accountFacts, error) {
			return s.readFacts(ctx, "a.id IN ("+placeholders(len(ids))+")", ids, k.first, k.last, today, w)
		})
		if err != nil {
			return nil, err
		}
		for _, t := range periods[k] {
			sum := newSums()
			for _, id := range trees[t.AccountID] {
				if f := facts[id]; f != nil {
					sum.add(f.figureSums)
				}
			}
			f := &TargetFigures{AccountID: t.AccountID, Name: names[t.AccountID], Currency: t.Currency, Target: t.Amount,
				HasTarget: t.Amount > 0, Set: t, Basis: t.Basis}
			if f.HasTarget {
				f.TargetSource = kam.QuotaSet
			}
			f.fill(sum)
			out = append(out, f)
		}
	}
	slices.SortStableFunc(out, func(a, b *TargetFigures) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)),
			a.Set.PeriodStart.Time().Compare(b.Set.PeriodStart.Time()), cmp.Compare(a.Set.ID, b.Set.ID))
	})
	return out, nil
}

// accountNames returns the names of accounts by id.
func (s *Store) accountNames(ctx context.Context, ids []int64) (map[int64]string, error) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.reader().query(ctx, "SELECT id, name FROM accounts WHERE id IN ("+placeholders(len(ids))+")", args...)
	if err != nil {
		return nil, fmt.Errorf("read account names: %w", err)
	}
	out := map[int64]string{}
	err = eachRow(rows, func() error {
		var id int64
		var name string
		err := rows.Scan(&id, &name)
		out[id] = name
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read account names: %w", err)
	}
	return out, nil
}
