package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
)

// Computed is what kam computes of one account on a recompute: its own
// figures, its flags and its health. (What it buys product by product is
// computed when its page is read, from its order lines: it is one account's
// detail, and rewriting it for every account on each recompute would cost
// more than the rest together.)
type Computed struct {
	Own   insight.Figures
	Flags []insight.Flag
	// Health is the account's health score (0–100) with its parts as JSON;
	// HasHealth is false when there was too little to judge.
	Health     int
	HealthBody []byte
	HasHealth  bool
	// Queue is what the contact queue knows of the account (its flags
	// left empty: the store adds those open once stored, so that an
	// acknowledged or dismissed flag no longer calls for a contact). Nil
	// for an account that is never in a queue (a lost one).
	Queue *insight.QueueInput
	// Forecast is the account's forecast of the months ahead, one entry a
	// month; the stored months are replaced by these.
	Forecast []ForecastMonth
}

// ForecastMonth is one month of an account's stored forecast: the point
// forecast in currency units and the month's share of its standard error.
type ForecastMonth struct {
	Month     int // months from year 0, as forecast.Month counts
	Point, SD float64
}

// ComputeFunc computes an account's results from its history as of a day.
type ComputeFunc func(a *kam.Account, h *insight.History, asOf kam.Date) Computed

// RecomputeStats counts what a recompute did.
type RecomputeStats struct {
	Accounts, Raised, Resolved int
	// Hierarchies counts the accounts with subsidiaries whose figures were
	// summed over their tree.
	Hierarchies int
}

// recomputeBatch is how many accounts one transaction of a recompute
// writes.
const recomputeBatch = 500

// Recompute rebuilds every account's roll-up, flags and health as of a
// day, then sums the figures of each hierarchy up its tree. Reading runs
// beside computing and writing: one goroutine streams the accounts'
// histories, another computes each account and writes them in batches of
// recomputeBatch, each batch one transaction.
func (s *Store) Recompute(ctx context.Context, asOf kam.Date, compute ComputeFunc) (RecomputeStats, error) {
	s.rollupMu.Lock()
	defer s.rollupMu.Unlock()
	var st RecomputeStats
	started := s.Now()
	items := make(chan historyItem, recomputeBatch)
	var failed atomic.Bool
	var writeErr error
	written := make(chan struct{})
	go func() {
		defer close(written)
		writeErr = s.computeAndSave(ctx, asOf, compute, items, &st)
		if writeErr != nil {
			failed.Store(true)
			for range items { // let the reader finish
			}
		}
	}()
	parents := map[int64]int64{} // account → parent, for accounts in a hierarchy
	accounts := 0
	err := s.EachHistory(ctx, kam.System(), asOf, func(a *kam.Account, h *insight.History) error {
		if failed.Load() {
			return errors.New("stopped: writing failed")
		}
		accounts++
		if a.ParentID != 0 {
			parents[a.ID] = a.ParentID
		}
		items <- historyItem{a, h}
		return nil
	})
	close(items)
	<-written
	st.Accounts = accounts
	if writeErr != nil {
		err = writeErr
	}
	if err != nil {
		return st, fmt.Errorf("recompute: %w", err)
	}
	n, err := s.sumHierarchies(ctx, parents)
	st.Hierarchies = n
	if err != nil {
		return st, fmt.Errorf("recompute hierarchies: %w", err)
	}
	if _, err := s.write.ExecContext(ctx, s.d.rebind("DELETE FROM rollup_queue WHERE queued_at <= ?"), started); err != nil {
		return st, fmt.Errorf("recompute: %w", err)
	}
	return st, nil
}

// historyItem is one account's history on its way to be computed.
type historyItem struct {
	a *kam.Account
	h *insight.History
}

// computeAndSave computes each account read from items and writes the
// results in batches, counting the flags raised and resolved into st.
func (s *Store) computeAndSave(ctx context.Context, asOf kam.Date, compute ComputeFunc, items <-chan historyItem, st *RecomputeStats) error {
	type pending struct {
		id int64
		c  Computed
	}
	var batch []pending
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := s.inTxPrepared(ctx, func(c conn) error {
			for _, p := range batch {
				r, d, err := s.saveComputed(ctx, c, p.id, asOf, p.c)
				if err != nil {
					return err
				}
				st.Raised, st.Resolved = st.Raised+r, st.Resolved+d
			}
			return nil
		})
		batch = batch[:0]
		return err
	}
	for it := range items {
		batch = append(batch, pending{it.a.ID, compute(it.a, it.h, asOf)})
		if len(batch) == recomputeBatch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// Refresh recomputes the accounts given — after new orders, say — and the
// hierarchy figures of their ancestors, leaving every other account alone.
// Accounts are read and written in batches, each batch in one transaction.
func (s *Store) Refresh(ctx context.Context, ids []int64, asOf kam.Date, compute ComputeFunc) error {
	s.rollupMu.Lock()
	defer s.rollupMu.Unlock()
	started := s.Now()
	for len(ids) > 0 {
		n := min(len(ids), recomputeBatch)
		chunk := ids[:n]
		ids = ids[n:]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		type pending struct {
			id int64
			c  Computed
		}
		var done []pending
		err := s.eachHistory(ctx, "a.id IN ("+placeholders(len(chunk))+")", args, len(chunk) <= 50, asOf, func(a *kam.Account, h *insight.History) error {
			done = append(done, pending{a.ID, compute(a, h, asOf)})
			return nil
		})
		if err != nil {
			return err
		}
		err = s.inTxPrepared(ctx, func(c conn) error {
			for _, p := range done {
				if _, _, err := s.saveComputed(ctx, c, p.id, asOf, p.c); err != nil {
					return err
				}
			}
			for _, p := range done {
				if err := s.sumAncestors(ctx, c, p.id); err != nil {
					return err
				}
			}
			return unqueue(ctx, c, chunk, started)
		})
		if err != nil {
			return fmt.Errorf("refresh roll-ups: %w", err)
		}
	}
	return nil
}

// unqueue takes refreshed accounts off the roll-up queue, unless a change
// queued them again after the refresh started.
func unqueue(ctx context.Context, c conn, ids []int64, started time.Time) error {
	for _, id := range ids {
		if _, err := c.exec(ctx, "DELETE FROM rollup_queue WHERE account_id = ? AND queued_at <= ?", id, started); err != nil {
			return err
		}
	}
	return nil
}

// saveComputed writes an account's results. Its tree figures are left empty,
// meaning the same as its own, until sumHierarchies or sumAncestors add its
// subsidiaries': most accounts have none, and writing their figures twice
// would double a recompute's writes.
func (s *Store) saveComputed(ctx context.Context, c conn, id int64, asOf kam.Date, r Computed) (raised, resolved int, err error) {
	var open []insight.Flag
	if raised, resolved, err = s.syncFlags(ctx, c, id, r.Flags, &open); err != nil {
		return 0, 0, err
	}
	var queue insight.QueueItem
	if r.Queue != nil {
		in := *r.Queue
		in.Stored, in.Flags = true, open
		if q := insight.Queue([]insight.QueueInput{in}, asOf); len(q) == 1 {
			queue = q[0]
		}
	}
	if queue.Reasons == nil {
		queue.Reasons = []string{}
	}
	reasons, err := json.Marshal(queue.Reasons)
	if err != nil {
		return 0, 0, err
	}
	body, err := json.Marshal(r.Own)
	if err != nil {
		return 0, 0, err
	}
	var health any
	if r.HasHealth {
		health = r.Health
	}
	var lastContact kam.Date
	for _, d := range r.Own.LastContact {
		if lastContact.Before(d) {
			lastContact = d
		}
	}
	if _, err := c.exec(ctx, `INSERT INTO account_rollups (account_id, as_of, revenue_12m, tree_revenue_12m, last_order, last_contact, health,
		queue_score, queue_reasons, body, tree_body, computed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id) DO UPDATE SET as_of = excluded.as_of, revenue_12m = excluded.revenue_12m,
		tree_revenue_12m = excluded.tree_revenue_12m, last_order = excluded.last_order, last_contact = excluded.last_contact,
		health = excluded.health, queue_score = excluded.queue_score, queue_reasons = excluded.queue_reasons,
		body = excluded.body, tree_body = excluded.tree_body, computed_at = excluded.computed_at`,
		id, asOf, int64(r.Own.Revenue12M), int64(r.Own.Revenue12M), r.Own.LastOrder, lastContact, health,
		queue.Score, string(reasons), string(body), "", s.Now()); err != nil {
		return 0, 0, err
	}
	if _, err := c.exec(ctx, "DELETE FROM account_forecasts WHERE account_id = ?", id); err != nil {
		return 0, 0, err
	}
	for _, m := range r.Forecast {
		if _, err := c.exec(ctx, "INSERT INTO account_forecasts (account_id, month, point, sd) VALUES (?, ?, ?, ?)", id, m.Month, m.Point, m.SD); err != nil {
			return 0, 0, err
		}
	}
	if r.HasHealth {
		if _, err := c.exec(ctx, `INSERT INTO account_health (account_id, as_of, score, body) VALUES (?, ?, ?, ?)
			ON CONFLICT (account_id, as_of) DO UPDATE SET score = excluded.score, body = excluded.body`,
			id, asOf, r.Health, string(r.HealthBody)); err != nil {
			return 0, 0, err
		}
	}
	return raised, resolved, nil
}

// Rollup is an account's stored roll-up: its own figures and its
// hierarchy's.
type Rollup struct {
	AccountID  int64
	Own, Tree  insight.Figures
	Health     *int
	ComputedAt time.Time
}

// FindRollup returns the stored roll-up of an account p may see; ENOTFOUND
// if it has none yet (no recompute since it was created).
func (s *Store) FindRollup(ctx context.Context, p *kam.Principal, id int64) (*Rollup, error) {
	if _, err := s.FindAccountByID(ctx, p, id); err != nil {
		return nil, err
	}
	r := &Rollup{AccountID: id}
	var own, tree string
	var health *int64
	err := s.reader().queryRow(ctx, "SELECT body, tree_body, health, computed_at FROM account_rollups WHERE account_id = ?", id).
		Scan(&own, &tree, &health, &r.ComputedAt)
	if errors.Is(err, sql.ErrNoRows) || err == nil && own == "" { // an empty row: never computed (00018)
		return nil, kam.Errorf(kam.ENOTFOUND, "Account %d has no roll-up yet; run kam recompute.", id)
	} else if err != nil {
		return nil, fmt.Errorf("roll-up of account %d: %w", id, err)
	}
	if health != nil {
		h := int(*health)
		r.Health = &h
	}
	if err := json.Unmarshal([]byte(own), &r.Own); err != nil {
		return nil, fmt.Errorf("roll-up of account %d: %w", id, err)
	}
	if tree == "" {
		tree = own // an account without subsidiaries is its own tree
	}
	if err := json.Unmarshal([]byte(tree), &r.Tree); err != nil {
		return nil, fmt.Errorf("roll-up of account %d: %w", id, err)
	}
	return r, nil
}
