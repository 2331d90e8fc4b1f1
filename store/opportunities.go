package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kamhq/kam"
)

// The pipeline: the deals of the accounts a principal may see, by stage,
// with their totals, and a deal moved from one stage to another. A deal is
// visible when its account is and may be moved by whoever may change its
// account (scope.go). A move names the version it was made from: a deal
// changed meanwhile is refused (ECONFLICT), never silently overwritten.

// recentlyClosed is how long a won or lost deal stays on the board by
// default.
const recentlyClosed = 90 * 24 * time.Hour

// Deals listed per stage: by default, and at most.
const (
	defaultStageLimit = 200
	maxStageLimit     = 1000
)

// OpportunityFilter chooses the deals of a pipeline. The zero filter is
// every open deal and those won or lost in the last 90 days, on every
// account the principal may see.
type OpportunityFilter struct {
	OwnerID   int64    // the deal's owner; 0 for every owner
	AccountID int64    // one account's deals; 0 for all
	Stages    []string // the stages listed; empty for all of kam.Stages
	OpenOnly  bool     // leave out won and lost deals
	// ClosedSince keeps the won and lost deals closed at or after it; zero
	// means 90 days ago.
	ClosedSince time.Time
	// CloseFrom and CloseTo bound the close date, both days included; a
	// zero day leaves that side open.
	CloseFrom, CloseTo kam.Date
	// Limit is the most deals listed per stage (default 200, at most 1000);
	// the totals count every deal that matches.
	Limit int
}

// StageTotal is what the deals of one stage in one currency add up to.
// Amounts in different currencies are never added together.
type StageTotal struct {
	Stage, Currency string
	Deals           int
	Amount          kam.Money
	// Weighted is the amounts times their win probabilities, summed.
	Weighted kam.Money
}

// DealOwner is an owner of deals in a pipeline, for its owner filter.
type DealOwner struct {
	ID    int64
	Name  string
	Deals int
}

// PipelineDeal is a deal of a pipeline, with its account's and owner's
// names and whether the principal may move it.
type PipelineDeal struct {
	OpportunityRow
	// Movable is false on the deals of accounts the principal may see but
	// not change (a viewer's, a team member's with read access).
	Movable bool
}

// OpportunityList is a pipeline as filtered.
type OpportunityList struct {
	// Deals are up to the filter's limit per stage, in stage order: open
	// deals by close date, the soonest first, won and lost deals the
	// latest first; undated deals last.
	Deals []*PipelineDeal
	// Totals are per stage (in stage order) and currency, over every deal
	// that matches, listed or not.
	Totals []StageTotal
	// More counts, per stage, the deals that match beyond those listed.
	More map[string]int
	// Owners are the owners of the deals the filter matches without its
	// owner, by name: the choices of an owner filter.
	Owners []DealOwner
}

// opportunityColumns are read by scanOpportunityRow, in order.
const opportunityColumns = `o.id, o.account_id, a.name, o.name, o.kind, o.stage, o.amount, o.currency, o.probability,
	o.close_date, COALESCE(o.owner_id, 0), o.competitor, o.lost_reason, o.source, o.external_id, o.version, o.created_at, o.updated_at`

func scanOpportunityRow(r rowScanner) (*OpportunityRow, error) {
	var o OpportunityRow
	var closeDate sql.Null[kam.Date]
	if err := r.Scan(&o.ID, &o.AccountID, &o.AccountName, &o.Name, &o.Kind, &o.Stage, &o.Amount, &o.Currency, &o.Probability,
		&closeDate, &o.OwnerID, &o.Competitor, &o.LostReason, &o.Source, &o.ExternalID, &o.Version, &o.CreatedAt, &o.UpdatedAt); err != nil {
		return nil, err
	}
	o.CloseDate = closeDate.V
	o.CreatedAt, o.UpdatedAt = o.CreatedAt.UTC(), o.UpdatedAt.UTC()
	return &o, nil
}

// isClosedStage reports whether a stage closes a deal.
func isClosedStage(stage string) bool { return stage == "won" || stage == "lost" }

// smallPipeline is how many matching deals one query reads whole, to be
// cut per stage here; a larger pipeline is listed stage by stage.
const smallPipeline = 2000

// FindOpportunities lists the pipeline of the accounts p may see: up to
// the filter's limit of deals per stage, with every matching deal's totals
// per stage and currency and how many were left out.
//
// The totals are one aggregate over the matching deals, read from the
// accounts when the scope is a portfolio (own and team accounts, or one
// account) and from the deals when it is an org subtree or everything.
// Open deals have no closed_at, and the stage is left to the grouping, so
// that the (stage, close_date) index cannot tempt SQLite into reading
// every deal of the company through it. The totals tell how many deals
// there are to list: up to smallPipeline, one query reads them all in the
// same way; beyond, each stage walks the (stage, close_date) index in list
// order, testing each deal's account with the row-wise scope, and stops at
// the limit, since so many matches are dense enough in the index to be
// found early.
func (s *Store) FindOpportunities(ctx context.Context, p *kam.Principal, f OpportunityFilter) (*OpportunityList, error) {
	switch {
	case f.Limit == 0:
		f.Limit = defaultStageLimit
	case f.Limit < 0 || f.Limit > maxStageLimit:
		return nil, kam.FieldError("limit", "Limit must be between 1 and %d.", maxStageLimit)
	}
	for _, st := range f.Stages {
		if !slices.Contains(kam.Stages, st) {
			return nil, kam.FieldError("stage", "Stage must be one of %s.", strings.Join(kam.Stages, ", "))
		}
	}
	if !f.CloseFrom.IsZero() && !f.CloseTo.IsZero() && f.CloseTo.Before(f.CloseFrom) {
		return nil, kam.FieldError("close_to", "The close date range ends before it starts.")
	}
	if f.ClosedSince.IsZero() {
		f.ClosedSince = s.Now().Add(-recentlyClosed)
	}
	var stages []string
	for _, st := range kam.Stages {
		if (len(f.Stages) == 0 || slices.Contains(f.Stages, st)) && !(f.OpenOnly && isClosedStage(st)) {
			stages = append(stages, st)
		}
	}
	list := &OpportunityList{Deals: []*PipelineDeal{}, Totals: []StageTotal{}, More: map[string]int{}, Owners: []DealOwner{}}
	if len(stages) == 0 {
		return list, nil
	}

	// The conditions every query shares, less the scope's and the owner's.
	q := pipelineQuery{where: []string{"a.id = o.account_id", "o.deleted_at IS NULL", "a.deleted_at IS NULL"}}
	if f.AccountID != 0 {
		q.add("o.account_id = ?", f.AccountID)
	}
	if !f.CloseFrom.IsZero() {
		q.add("o.close_date >= ?", f.CloseFrom)
	}
	if !f.CloseTo.IsZero() {
		q.add("o.close_date <= ?", f.CloseTo)
	}
	whole := q.clone() // every deal of the stages listed
	pred, args := accountListScope(p, "a")
	whole.add(pred, args...)
	if f.OpenOnly {
		whole.add("o.closed_at IS NULL")
	} else {
		whole.add("(o.closed_at IS NULL OR o.closed_at >= ?)", f.ClosedSince)
	}
	whole.from = "opportunities o CROSS JOIN accounts a"
	if (!p.IsAdmin() && !p.SeesOrgSubtree()) || f.AccountID != 0 {
		whole.from = "accounts a CROSS JOIN opportunities o" // from a portfolio
	}

	if err := s.pipelineTotals(ctx, p, f, list, stages, q, whole); err != nil {
		return nil, err
	}
	count, total := map[string]int{}, 0
	for _, t := range list.Totals {
		count[t.Stage] += t.Deals
		total += t.Deals
	}
	if f.OwnerID != 0 {
		q.add("o.owner_id = ?", f.OwnerID)
		whole.add("o.owner_id = ?", f.OwnerID)
	}
	var err error
	switch {
	case total == 0:
	case total <= smallPipeline:
		err = s.smallPipelineDeals(ctx, p, list, stages, whole, f.Limit)
	default:
		// The walks test each deal's account, with the row-wise scope.
		q.from = "opportunities o CROSS JOIN accounts a"
		pred, args := accountScope(p, "a")
		q.add(pred, args...)
		for _, st := range stages {
			if count[st] == 0 {
				continue
			}
			deals, err := s.stageDeals(ctx, p, st, q, f)
			if err != nil {
				return nil, err
			}
			list.Deals = append(list.Deals, deals...)
		}
	}
	if err != nil {
		return nil, err
	}
	listed := map[string]int{}
	for _, o := range list.Deals {
		listed[o.Stage]++
		if o.OwnerName, err = s.userName(ctx, o.OwnerID); err != nil {
			return nil, err
		}
	}
	for st, n := range count {
		if more := n - listed[st]; more > 0 {
			list.More[st] = more
		}
	}
	return list, nil
}

// pipelineQuery is a query's FROM and WHERE clauses, with their arguments.
type pipelineQuery struct {
	from  string
	where []string
	args  []any
}

func (q *pipelineQuery) add(cond string, args ...any) {
	q.where = append(q.where, cond)
	q.args = append(q.args, args...)
}

func (q pipelineQuery) clone() pipelineQuery {
	return pipelineQuery{from: q.from, where: slices.Clone(q.where), args: slices.Clone(q.args)}
}

// sql is the query's text after SELECT: FROM, WHERE and rest.
func (q pipelineQuery) sql(rest string) string {
	return " FROM " + q.from + " WHERE " + strings.Join(q.where, " AND ") + " " + rest
}

// compareDeals orders the deals of one stage as a list shows them: open
// deals by close date, the soonest first, closed ones the latest first;
// undated deals last, ties by id in the same direction.
func compareDeals(a, b *PipelineDeal) int {
	if az, bz := a.CloseDate.IsZero(), b.CloseDate.IsZero(); az != bz {
		if az {
			return 1
		}
		return -1
	}
	c := cmp.Or(a.CloseDate.Time().Compare(b.CloseDate.Time()), cmp.Compare(a.ID, b.ID))
	if isClosedStage(a.Stage) {
		return -c
	}
	return c
}

// smallPipelineDeals reads every matching deal in one query, and lists up
// to limit of each stage.
func (s *Store) smallPipelineDeals(ctx context.Context, p *kam.Principal, list *OpportunityList, stages []string, q pipelineQuery, limit int) error {
	all, err := s.queryPipelineDeals(ctx, p, q, "")
	if err != nil {
		return err
	}
	slices.SortFunc(all, func(a, b *PipelineDeal) int {
		return cmp.Or(cmp.Compare(slices.Index(kam.Stages, a.Stage), slices.Index(kam.Stages, b.Stage)), compareDeals(a, b))
	})
	listed := map[string]int{}
	for _, d := range all {
		if slices.Contains(stages, d.Stage) && listed[d.Stage] < limit {
			listed[d.Stage]++
			list.Deals = append(list.Deals, d)
		}
	}
	return nil
}

// stageDeals lists up to the limit of one stage's deals in list order
// (see compareDeals), walking the (stage, close_date) index and stopping
// at the limit: forwards for open deals, backwards for closed ones.
// Undated deals follow in a second query.
func (s *Store) stageDeals(ctx context.Context, p *kam.Principal, stage string, q pipelineQuery, f OpportunityFilter) ([]*PipelineDeal, error) {
	q = q.clone()
	q.add("o.stage = ?", stage)
	dir := "ASC"
	if isClosedStage(stage) {
		q.add("o.closed_at >= ?", f.ClosedSince)
		dir = "DESC"
	}
	dated := q.clone()
	dated.add("o.close_date IS NOT NULL")
	// The limit is a literal, as in FindAccounts, so that PostgreSQL plans
	// for a page rather than for every deal of the stage.
	out, err := s.queryPipelineDeals(ctx, p, dated, "ORDER BY o.close_date "+dir+", o.id "+dir+" LIMIT "+strconv.Itoa(f.Limit))
	if err != nil || len(out) == f.Limit {
		return out, err
	}
	q.add("o.close_date IS NULL")
	undated, err := s.queryPipelineDeals(ctx, p, q, "ORDER BY o.id "+dir+" LIMIT "+strconv.Itoa(f.Limit-len(out)))
	return append(out, undated...), err
}

// queryPipelineDeals reads the deals of a query, each with whether p may
// move it.
func (s *Store) queryPipelineDeals(ctx context.Context, p *kam.Principal, q pipelineQuery, rest string) ([]*PipelineDeal, error) {
	wpred, wargs := accountWriteScope(p, "a")
	rows, err := s.reader().query(ctx, "SELECT "+opportunityColumns+", CASE WHEN "+wpred+" THEN 1 ELSE 0 END"+q.sql(rest),
		append(slices.Clone(wargs), q.args...)...)
	if err != nil {
		return nil, fmt.Errorf("find opportunities: %w", err)
	}
	var out []*PipelineDeal
	err = eachRow(rows, func() error {
		var d PipelineDeal
		o, err := scanOpportunityRow(rowFunc(func(dest ...any) error { return rows.Scan(append(dest, &d.Movable)...) }))
		if err == nil {
			d.OpportunityRow = *o
			out = append(out, &d)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find opportunities: %w", err)
	}
	return out, nil
}

// rowFunc is a function as a rowScanner.
type rowFunc func(dest ...any) error

func (f rowFunc) Scan(dest ...any) error { return f(dest...) }

// FindOpportunity returns one deal on an account p may see, or ENOTFOUND.
func (s *Store) FindOpportunity(ctx context.Context, p *kam.Principal, id int64) (*OpportunityRow, error) {
	pred, args := accountScope(p, "a")
	o, err := scanOpportunityRow(s.reader().queryRow(ctx, "SELECT "+opportunityColumns+
		" FROM opportunities o JOIN accounts a ON a.id = o.account_id WHERE o.id = ? AND o.deleted_at IS NULL AND a.deleted_at IS NULL AND "+pred,
		append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kam.Errorf(kam.ENOTFOUND, "Opportunity %d not found.", id)
	} else if err != nil {
		return nil, fmt.Errorf("find opportunity %d: %w", id, err)
	}
	if o.OwnerName, err = s.userName(ctx, o.OwnerID); err != nil {
		return nil, err
	}
	return o, nil
}

// MoveOpportunity moves a deal on an account p may change to another stage,
// if the deal is still at version: the version p saw. A deal changed since
// is refused with ECONFLICT, saying where it is now and, when the audit log
// knows, who moved it when; the stored deal comes back with that error so
// that the caller can show it. A deal p cannot see is not found.
//
// The probability follows the stage when it was the old stage's default
// (kam.DefaultProbability) and is kept when someone set their own; a won
// deal is certain and a lost one worthless, so closing sets 100 or 0.
// Closing sets closed_at, reopening clears it. The move is in the audit log
// of the deal, and the account is queued for its roll-up (the weighted
// pipeline is in it) in the same transaction, then refreshed at once
// unless a recompute or refresh is running, in which case the queue keeps
// it for the next (refresh.go).
func (s *Store) MoveOpportunity(ctx context.Context, p *kam.Principal, id int64, stage string, version int64) (*kam.Opportunity, error) {
	if err := checkStage(stage); err != nil {
		return nil, err
	}
	if version <= 0 {
		return nil, kam.FieldError("version", "Give the version of the deal you are moving, so that a change made meanwhile is not overwritten.")
	}
	var out *kam.Opportunity
	moved := false
	err := s.inTx(ctx, func(c conn) error {
		o, err := s.writableDeal(ctx, c, p, id)
		if err != nil {
			return err
		}
		out = o
		if o.Version != version {
			return s.staleDeal(ctx, c, o)
		}
		if o.Stage == stage {
			return nil // already there: nothing to change
		}
		old, now := o.Stage, s.Now()
		changes, closedAt := moveStage(o, stage, now)
		res, err := c.exec(ctx, `UPDATE opportunities SET stage = ?, probability = ?, closed_at = ?, version = version + 1, updated_at = ?
			WHERE id = ? AND version = ?`, stage, o.Probability, closedAt, now, id, version)
		if err != nil {
			return fmt.Errorf("move opportunity %d: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 { // changed by a transaction that committed while this one waited
			cur, err := s.storedOpportunity(ctx, c, id)
			if err != nil {
				return err
			}
			out = cur
			return s.staleDeal(ctx, c, cur)
		}
		o.Version, o.UpdatedAt = o.Version+1, now
		if err := s.audit(ctx, c, p, "opportunity", id, "update", changes...); err != nil {
			return err
		}
		if err := s.emitStageChanged(ctx, c, o, old); err != nil {
			return err
		}
		moved = true
		return queueRollups(ctx, c, map[int64]bool{o.AccountID: true}, now)
	})
	if kam.ErrorCode(err) == kam.ECONFLICT {
		return out, err
	}
	if err != nil {
		return nil, err
	}
	if moved {
		s.refreshQueued(ctx, out.AccountID)
	}
	return out, nil
}

// storedOpportunity reads a deal in a transaction, whatever its account's
// scope (the caller checks it).
func (s *Store) storedOpportunity(ctx context.Context, c conn, id int64) (*kam.Opportunity, error) {
	var o kam.Opportunity
	var closeDate sql.Null[kam.Date]
	err := c.queryRow(ctx, `SELECT o.id, o.account_id, o.name, o.kind, o.stage, o.amount, o.currency, o.probability, o.close_date,
		COALESCE(o.owner_id, 0), o.competitor, o.lost_reason, o.source, o.external_id, o.version, o.created_at, o.updated_at
		FROM opportunities o WHERE o.id = ? AND o.deleted_at IS NULL`, id).
		Scan(&o.ID, &o.AccountID, &o.Name, &o.Kind, &o.Stage, &o.Amount, &o.Currency, &o.Probability, &closeDate,
			&o.OwnerID, &o.Competitor, &o.LostReason, &o.Source, &o.ExternalID, &o.Version, &o.CreatedAt, &o.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kam.Errorf(kam.ENOTFOUND, "Opportunity %d not found.", id)
	} else if err != nil {
		return nil, fmt.Errorf("find opportunity %d: %w", id, err)
	}
	o.CloseDate = closeDate.V
	o.CreatedAt, o.UpdatedAt = o.CreatedAt.UTC(), o.UpdatedAt.UTC()
	return &o, nil
}

// staleDeal is the ECONFLICT of a move made from an older version of o:
// where the deal is now and, when its last change is in the audit log, who
// made it and when.
func (s *Store) staleDeal(ctx context.Context, c conn, o *kam.Opportunity) error {
	who := ""
	var actor int64
	var at time.Time
	err := c.queryRow(ctx, `SELECT COALESCE(actor_id, 0), at FROM audit_log WHERE entity = 'opportunity' AND entity_id = ?
		ORDER BY at DESC, id DESC LIMIT 1`, o.ID).Scan(&actor, &at)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return fmt.Errorf("read audit of opportunity %d: %w", o.ID, err)
	case !at.Before(o.UpdatedAt) && actor != 0:
		name, err := s.userName(ctx, actor)
		if err != nil {
			return err
		}
		who = " by " + name
	}
	when := o.UpdatedAt.UTC().Format("2 Jan 2006 15:04 UTC")
	return kam.Errorf(kam.ECONFLICT, "This deal was changed since you opened it (now in %s, changed%s on %s). Reload to see the newer version.",
		upperFirst(o.Stage), who, when)
}

// refreshQueued refreshes the roll-up of an account a change has just
// queued. While a recompute or another refresh runs it does nothing rather
// than make a user wait for it: the account stays queued, and a recompute
// that started before the change leaves it queued too, so the next settle
// or recompute brings it up to date. A failed refresh likewise leaves it
// queued; the change itself is committed either way.
func (s *Store) refreshQueued(ctx context.Context, ids ...int64) {
	if s.Insights == nil || !s.rollupMu.TryLock() {
		return
	}
	s.rollupMu.Unlock() // Refresh takes it again; a refresh starting meanwhile only delays this one
	_ = s.Refresh(context.WithoutCancel(ctx), ids, kam.DateOf(s.Now()), s.Insights)
}
