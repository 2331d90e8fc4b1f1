package store

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight/forecast"
)

// The figures targets are measured on, read per account and summed by the
// caller: net orders, won deals, weighted open deals, and the stored
// forecast for the rest of a period. Each is kept in its own currency.

// ForecastWindow is the part of a period that the stored account
// forecasts (kept by recompute for the months ahead) cover: the months
// From to To, of which the month under way, Partial, counts only Share of
// its forecast, for its days after today.
type ForecastWindow struct {
	From, To, Partial forecast.Month
	Share             float64
	// Has says the period has days ahead that the forecast reaches; Cut
	// that it runs on beyond the forecast's reach, which ends at To.
	Has, Cut bool
}

// NewForecastWindow is the forecast window of the days first to last seen
// on today, for forecasts that reach months ahead (the month under way
// counted as the first).
func NewForecastWindow(first, last, today kam.Date, reach int) ForecastWindow {
	start, end := forecast.LastComplete(today)+1, forecast.MonthOf(last)
	w := ForecastWindow{From: max(start, forecast.MonthOf(first)), To: end, Partial: forecast.MonthOf(today), Share: 1}
	top := start + forecast.Month(reach) - 1
	if last.Before(today) || w.From > end || w.From > top {
		return ForecastWindow{Partial: w.Partial, Share: 1}
	}
	w.Has = true
	if end > top {
		w.To, w.Cut = top, true
	}
	if w.From == w.Partial {
		t := today.Time()
		days := time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
		w.Share = float64(days-t.Day()) / float64(days)
	}
	return w
}

// byCurrency is amounts kept apart by currency.
type byCurrency map[string]kam.Money

// figureSums are figures summed over accounts, each in its currency:
// actual is net orders (orders less credit notes) to today, won the deals
// won, pipeline the open deals due in the rest of the period weighted by
// their probability, forecast the stored forecast for the rest of the
// period in currency units (in the accounts' own currencies).
type figureSums struct {
	actual, won, pipeline byCurrency
	forecast              map[string]float64
}

// newSums is empty figures.
func newSums() *figureSums {
	return &figureSums{actual: byCurrency{}, won: byCurrency{}, pipeline: byCurrency{}, forecast: map[string]float64{}}
}

// add sums o into f.
func (f *figureSums) add(o *figureSums) {
	for _, pair := range [][2]byCurrency{{f.actual, o.actual}, {f.won, o.won}, {f.pipeline, o.pipeline}} {
		for cur, m := range pair[1] {
			pair[0][cur] += m
		}
	}
	for cur, v := range o.forecast {
		f.forecast[cur] += v
	}
}

// currencies are the currencies f has any figure in.
func (f *figureSums) currencies() []string {
	var out []string
	for _, m := range []byCurrency{f.actual, f.won, f.pipeline} {
		for cur := range m {
			out = append(out, cur)
		}
	}
	for cur := range f.forecast {
		out = append(out, cur)
	}
	return out
}

// accountFacts are one account's figures for a period.
type accountFacts struct {
	*figureSums
	owner int64
	// unit is where the account counts in the org tree: its own org unit,
	// else its owner's.
	unit     int64
	currency string
}

// readFacts reads the figures of the live accounts that pred (over
// accounts a, with args) holds for, for the days first to last seen on
// today.
func (s *Store) readFacts(ctx context.Context, pred string, args []any, first, last, today kam.Date, w ForecastWindow) (map[int64]*accountFacts, error) {
	c := s.reader()
	facts := map[int64]*accountFacts{}
	rows, err := c.query(ctx, `SELECT a.id, COALESCE(a.owner_id, 0), COALESCE(a.org_unit_id, u.org_unit_id, 0), a.currency
		FROM accounts a LEFT JOIN users u ON u.id = a.owner_id WHERE a.deleted_at IS NULL AND `+pred, args...)
	if err != nil {
		return nil, fmt.Errorf("read accounts: %w", err)
	}
	err = eachRow(rows, func() error {
		var id int64
		f := &accountFacts{figureSums: newSums()}
		if err := rows.Scan(&id, &f.owner, &f.unit, &f.currency); err != nil {
			return err
		}
		facts[id] = f
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read accounts: %w", err)
	}
	upTo := last
	if today.Before(last) {
		upTo = today
	}
	sums := []struct {
		what  string
		query string
		args  []any
		into  func(*accountFacts) byCurrency
		scale int64
	}{
		{"orders", `SELECT o.account_id, o.currency, CAST(SUM(o.total) AS BIGINT) FROM orders o JOIN accounts a ON a.id = o.account_id
			WHERE o.order_date >= ? AND o.order_date <= ?`, []any{first, upTo}, func(f *accountFacts) byCurrency { return f.actual }, 1},
		{"won deals", `SELECT o.account_id, o.currency, CAST(SUM(o.amount) AS BIGINT) FROM opportunities o JOIN accounts a ON a.id = o.account_id
			WHERE o.deleted_at IS NULL AND o.stage = 'won' AND o.close_date >= ? AND o.close_date <= ?`, []any{first, last},
			func(f *accountFacts) byCurrency { return f.won }, 1},
		{"open deals", `SELECT o.account_id, o.currency, CAST(SUM(o.amount * o.probability) AS BIGINT) FROM opportunities o
			JOIN accounts a ON a.id = o.account_id WHERE o.deleted_at IS NULL AND o.stage NOT IN ('won', 'lost')
			AND o.close_date >= ? AND o.close_date <= ?`, []any{laterOf(first, today), last},
			func(f *accountFacts) byCurrency { return f.pipeline }, 100},
	}
	for _, sum := range sums {
		if sum.scale == 100 && last.Before(today) {
			continue // a closed period has no deals still to come
		}
		rows, err := c.query(ctx, sum.query+` AND a.deleted_at IS NULL AND `+pred+` GROUP BY o.account_id, o.currency`, append(sum.args, args...)...)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", sum.what, err)
		}
		err = eachRow(rows, func() error {
			var id, amount int64
			var cur string
			if err := rows.Scan(&id, &cur, &amount); err != nil {
				return err
			}
			if f := facts[id]; f != nil {
				sum.into(f)[cur] += kam.Money((amount + sum.scale/2) / sum.scale)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", sum.what, err)
		}
	}
	if !w.Has {
		return facts, nil
	}
	rows, err = c.query(ctx, `SELECT f.account_id, SUM(f.point * CASE WHEN f.month = ? THEN CAST(? AS DOUBLE PRECISION) ELSE 1.0 END)
		FROM account_forecasts f JOIN accounts a ON a.id = f.account_id
		WHERE f.month >= ? AND f.month <= ? AND a.deleted_at IS NULL AND `+pred+` GROUP BY f.account_id`,
		append([]any{int(w.Partial), w.Share, int(w.From), int(w.To)}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("read forecasts: %w", err)
	}
	err = eachRow(rows, func() error {
		var id int64
		var point float64
		if err := rows.Scan(&id, &point); err != nil {
			return err
		}
		if f := facts[id]; f != nil && !math.IsNaN(point) {
			f.forecast[f.currency] += point
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read forecasts: %w", err)
	}
	return facts, nil
}

// factTotals are the figures of the accounts of a scope summed per owner
// and per org unit the account counts in (before the org tree is summed).
type factTotals struct {
	byOwner, byUnit map[int64]*figureSums
}

// readFactTotals reads the figures of the accounts pred holds for (see
// readFacts) and sums them per owner and per unit.
func (s *Store) readFactTotals(ctx context.Context, pred string, args []any, first, last, today kam.Date, w ForecastWindow) (*factTotals, error) {
	facts, err := s.readFacts(ctx, pred, args, first, last, today, w)
	if err != nil {
		return nil, err
	}
	out := &factTotals{byOwner: map[int64]*figureSums{}, byUnit: map[int64]*figureSums{}}
	into := func(m map[int64]*figureSums, id int64, f *accountFacts) {
		if m[id] == nil {
			m[id] = newSums()
		}
		m[id].add(f.figureSums)
	}
	for _, f := range facts {
		if f.owner != 0 {
			into(out.byOwner, f.owner, f)
		}
		into(out.byUnit, f.unit, f)
	}
	return out, nil
}

// laterOf is the later of two days.
func laterOf(a, b kam.Date) kam.Date {
	if a.Before(b) {
		return b
	}
	return a
}

// accountTrees maps each of the roots to itself and every live account
// below it in the account hierarchy.
func (s *Store) accountTrees(ctx context.Context, roots []int64) (map[int64][]int64, error) {
	out := map[int64][]int64{}
	if len(roots) == 0 {
		return out, nil
	}
	args := make([]any, len(roots))
	for i, id := range roots {
		args[i] = id
	}
	rows, err := s.reader().query(ctx, `WITH RECURSIVE tree(root, id) AS (
			SELECT id, id FROM accounts WHERE id IN (`+placeholders(len(roots))+`)
			UNION SELECT tree.root, a.id FROM accounts a JOIN tree ON a.parent_id = tree.id WHERE a.deleted_at IS NULL)
		SELECT root, id FROM tree ORDER BY root, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read account hierarchies: %w", err)
	}
	err = eachRow(rows, func() error {
		var root, id int64
		if err := rows.Scan(&root, &id); err != nil {
			return err
		}
		out[root] = append(out[root], id)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read account hierarchies: %w", err)
	}
	return out, nil
}
