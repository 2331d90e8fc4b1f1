package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
)

// Discount requests are made by whoever may change the account, routed to
// their approver (approval_route.go), and decided by that approver or an
// administrator. Each step is a row of discount_steps and entries in the
// audit log, in the same transaction as the change; a decision is a guarded
// UPDATE on the request's status and version, so that of two approvers
// deciding at once only the first applies and the second is told
// (ESTALE). The requester is told of a decision by a task; an approved
// discount queues its account's roll-up, since price erosion flags allow
// for it.

// CreateDiscountRequest asks for a discount on an account p may change and
// routes it to its approver. The kind defaults to promotional; the
// opportunity or contract, when given, must be the account's, and the
// products must exist (none: all products). It emits approval.requested.
func (s *Store) CreateDiscountRequest(ctx context.Context, p *kam.Principal, r *kam.DiscountRequest) error {
	if err := requireWrite(p); err != nil {
		return err
	}
	if p.UserID == 0 {
		return kam.Errorf(kam.EFORBIDDEN, "A discount is requested by a user, who is told of the decision.")
	}
	r.Reason = strings.TrimSpace(r.Reason)
	if r.Kind == "" {
		r.Kind = "promotional"
	}
	slices.Sort(r.ProductIDs)
	r.ProductIDs = slices.Compact(r.ProductIDs)
	if err := r.Validate(); err != nil {
		return err
	}
	rule, err := s.DiscountRule(ctx)
	if err != nil {
		return err
	}
	requester, err := s.FindUserByID(ctx, p.UserID)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(c conn) error {
		if err := checkAccountWrite(ctx, c, p, r.AccountID); err != nil {
			return kam.FieldError("account_id", "%s", kam.ErrorMessage(err))
		}
		if lost, err := accountLost(ctx, c, r.AccountID); err != nil {
			return err
		} else if lost {
			return lostAccountRefusal()
		}
		if err := checkDiscountRefs(ctx, c, r); err != nil {
			return err
		}
		route, err := routeDiscount(ctx, c, requester, r.DepthBP, rule)
		if err != nil {
			return err
		}
		now := s.Now()
		r.RequesterID, r.ApproverID, r.ApproverLevel, r.RouteReason = p.UserID, route.approverID, route.level, route.reason
		r.Status, r.CounterBP, r.GrantedBP, r.Comment, r.DecidedBy, r.DecidedAt = kam.DiscountPending, 0, 0, "", 0, nil
		r.CreatedAt, r.UpdatedAt, r.Version = now, now, 1
		r.ID, err = c.insert(ctx, `INSERT INTO discount_requests (account_id, opportunity_id, contract_id, requester_id, approver_id,
			approver_level, route_reason, kind, depth_bp, product_ids, starts_on, ends_on, reason, status, created_at, updated_at, version)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, r.AccountID, nullID(r.OpportunityID), nullID(r.ContractID), r.RequesterID,
			nullID(r.ApproverID), r.ApproverLevel, r.RouteReason, r.Kind, r.DepthBP, idList(r.ProductIDs), r.StartsOn, r.EndsOn,
			r.Reason, r.Status, now, now, r.Version)
		if err != nil {
			return fmt.Errorf("create discount request: %w", err)
		}
		if err := s.discountStep(ctx, c, p, r, kam.StepRequest, r.DepthBP, r.Reason, change{field: "status", new: r.Status},
			change{field: "depth_bp", new: strconv.FormatInt(r.DepthBP, 10)}, change{field: "approver_id", new: idText(r.ApproverID)},
			change{field: "route_reason", new: r.RouteReason}); err != nil {
			return err
		}
		return s.emit(ctx, c, kam.EventApprovalRequested, r.ID, func() (any, error) {
			ev := *r
			err := c.queryRow(ctx, "SELECT name FROM accounts WHERE id = ?", r.AccountID).Scan(&ev.AccountName)
			return ev, err
		})
	})
}

// checkDiscountRefs checks that a request's opportunity and contract are
// live records of its account and that its products exist, filling in
// their names.
func checkDiscountRefs(ctx context.Context, c conn, r *kam.DiscountRequest) error {
	for _, ref := range []struct {
		id           int64
		table, field string
		what         string
	}{{r.OpportunityID, "opportunities", "opportunity_id", "an opportunity"}, {r.ContractID, "contracts", "contract_id", "a contract"}} {
		if ref.id == 0 {
			continue
		}
		err := c.queryRow(ctx, "SELECT name FROM "+ref.table+" WHERE id = ? AND account_id = ? AND deleted_at IS NULL",
			ref.id, r.AccountID).Scan(&r.ForName)
		if err != nil {
			return kam.FieldError(ref.field, "%d is not %s of this account.", ref.id, ref.what)
		}
	}
	if len(r.ProductIDs) == 0 {
		r.Products = nil
		return nil
	}
	skus, err := productSKUs(ctx, c, r.ProductIDs)
	if err != nil {
		return err
	}
	r.Products = r.Products[:0]
	for _, id := range r.ProductIDs {
		sku, ok := skus[id]
		if !ok {
			return kam.FieldError("product_ids", "There is no product %d.", id)
		}
		r.Products = append(r.Products, sku)
	}
	return nil
}

// DecideDiscount applies an approver's decision to a pending request:
// approve (the depth asked is granted), reject, or counter with another
// depth within the decider's authority; reject and counter need a comment.
// Someone without authority is EFORBIDDEN with the reason, a decision made
// from an older version ESTALE, and one on a request no longer pending
// ECONFLICT; nothing is written then. The requester gets a task saying
// what was decided.
func (s *Store) DecideDiscount(ctx context.Context, p *kam.Principal, id int64, d kam.DiscountDecision) (*kam.DiscountRequest, error) {
	d.Comment = strings.TrimSpace(d.Comment)
	switch {
	case !slices.Contains(kam.DecisionActions, d.Action):
		return nil, kam.FieldError("action", "The decision is approve, reject or counter.")
	case d.Action != kam.StepApprove && d.Comment == "":
		return nil, kam.FieldError("comment", "Say why, in a comment: the requester reads it.")
	case len(d.Comment) > 2000:
		return nil, kam.FieldError("comment", "A comment has at most 2,000 characters.")
	case d.Action == kam.StepCounter && (d.CounterBP <= 0 || d.CounterBP >= 10000):
		return nil, kam.FieldError("counter_bp", "A counter is a percentage above 0 and below 100.")
	}
	rule, err := s.DiscountRule(ctx)
	if err != nil {
		return nil, err
	}
	return s.changeDiscount(ctx, p, id, d.Version, func(r *kam.DiscountRequest) (string, int64, error) {
		if err := MayDecide(p, r); err != nil {
			return "", 0, err
		}
		if r.Status != kam.DiscountPending {
			return "", 0, kam.Errorf(kam.ECONFLICT, "This request is no longer waiting for a decision: it is %s.", r.Status)
		}
		r.DecidedBy, r.Comment = p.UserID, d.Comment
		now := s.Now()
		r.DecidedAt = &now
		switch d.Action {
		case kam.StepApprove:
			r.Status, r.GrantedBP = kam.DiscountApproved, r.DepthBP
			return kam.StepApprove, r.DepthBP, nil
		case kam.StepReject:
			r.Status = kam.DiscountRejected
			return kam.StepReject, r.DepthBP, nil
		}
		limit := rule.Limit(r.ApproverLevel)
		if p.IsAdmin() {
			limit = rule.Limit(kam.ApproverAdmin)
		}
		switch {
		case d.CounterBP == r.DepthBP:
			return "", 0, kam.FieldError("counter_bp", "A counter offers another depth than the %s asked; to grant that, approve.", r.DepthPercent())
		case d.CounterBP > limit:
			return "", 0, kam.FieldError("counter_bp", "You may grant up to %s; a deeper discount goes to the level above.", kam.PercentOf(limit))
		}
		r.Status, r.CounterBP = kam.DiscountCountered, d.CounterBP
		return kam.StepCounter, d.CounterBP, nil
	})
}

// AcceptCounter is the requester's acceptance of a counter: the request is
// approved at the counter's depth.
func (s *Store) AcceptCounter(ctx context.Context, p *kam.Principal, id, version int64, comment string) (*kam.DiscountRequest, error) {
	return s.changeDiscount(ctx, p, id, version, func(r *kam.DiscountRequest) (string, int64, error) {
		if err := requesterOnly(p, r, "accept its counter"); err != nil {
			return "", 0, err
		}
		if r.Status != kam.DiscountCountered {
			return "", 0, kam.Errorf(kam.ECONFLICT, "There is no counter to accept: the request is %s.", r.Status)
		}
		r.Status, r.GrantedBP, r.Comment = kam.DiscountApproved, r.CounterBP, strings.TrimSpace(comment)
		return kam.StepAccept, r.CounterBP, nil
	})
}

// WithdrawDiscount is the requester's withdrawal of a pending or countered
// request; an administrator may withdraw one too.
func (s *Store) WithdrawDiscount(ctx context.Context, p *kam.Principal, id, version int64, comment string) (*kam.DiscountRequest, error) {
	return s.changeDiscount(ctx, p, id, version, func(r *kam.DiscountRequest) (string, int64, error) {
		if p.IsAdmin() {
			if err := requireWrite(p); err != nil { // an administrator's read-only token
				return "", 0, err
			}
		} else if err := requesterOnly(p, r, "withdraw it"); err != nil {
			return "", 0, err
		}
		if !r.IsOpen() {
			return "", 0, kam.Errorf(kam.ECONFLICT, "The request is %s already; only a pending or countered request can be withdrawn.", r.Status)
		}
		r.Status, r.Comment = kam.DiscountWithdrawn, strings.TrimSpace(comment)
		return kam.StepWithdraw, r.DepthBP, nil
	})
}

// requesterOnly refuses anyone but a request's requester.
func requesterOnly(p *kam.Principal, r *kam.DiscountRequest, doing string) error {
	if err := requireWrite(p); err != nil {
		return err
	}
	if p.UserID == 0 || p.UserID != r.RequesterID {
		name := r.RequesterName
		if name == "" {
			name = "the requester"
		}
		return kam.Errorf(kam.EFORBIDDEN, "Only %s, who asked for this discount, may %s.", name, doing)
	}
	return nil
}

// changeDiscount loads a request p may see, checks version, lets apply
// change it in memory (returning the step's action and depth), and writes
// it with a guarded UPDATE, its step, its audit entries and, for a
// decision, the requester's task.
func (s *Store) changeDiscount(ctx context.Context, p *kam.Principal, id, version int64,
	apply func(r *kam.DiscountRequest) (string, int64, error)) (*kam.DiscountRequest, error) {
	var out *kam.DiscountRequest
	err := s.inTx(ctx, func(c conn) error {
		r, err := s.findDiscount(ctx, c, p, id)
		if err != nil {
			return err
		}
		if version != r.Version {
			return staleError("Discount request", id, version, r.Version)
		}
		// Every change of a request takes its account's row first (on
		// PostgreSQL), so that two deciders, and marking the account lost,
		// queue in one order instead of deadlocking.
		lost, err := accountLost(ctx, c, r.AccountID)
		if err != nil {
			return err
		}
		old := *r
		action, depth, err := apply(r)
		if err != nil {
			return err
		}
		if lost && r.Status == "approved" && old.Status != "approved" {
			return lostAccountRefusal()
		}
		now := s.Now()
		res, err := c.exec(ctx, `UPDATE discount_requests SET status = ?, counter_bp = ?, granted_bp = ?, comment = ?, decided_by = ?,
			decided_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ? AND status = ?`,
			r.Status, nullID(r.CounterBP), nullID(r.GrantedBP), r.Comment, nullID(r.DecidedBy), nullTime(r.DecidedAt), now,
			id, r.Version, old.Status)
		if err != nil {
			return fmt.Errorf("update discount request %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n != 1 { // decided by a transaction that committed while this one waited
			return staleError("Discount request", id, version, version+1)
		}
		r.Version++
		r.UpdatedAt = now
		var changes []change
		for _, ch := range []change{{"status", old.Status, r.Status}, {"counter_bp", idText(old.CounterBP), idText(r.CounterBP)},
			{"granted_bp", idText(old.GrantedBP), idText(r.GrantedBP)}} {
			if ch.old != ch.new {
				changes = append(changes, ch)
			}
		}
		if err := s.discountStep(ctx, c, p, r, action, depth, r.Comment, changes...); err != nil {
			return err
		}
		if err := s.closeRequesterTask(ctx, c, p, r); err != nil {
			return err
		}
		if slices.Contains(kam.DecisionActions, action) {
			if err := s.tellRequester(ctx, c, p, r); err != nil {
				return err
			}
		}
		if r.Status == kam.DiscountApproved {
			if err := queueRollups(ctx, c, map[int64]bool{r.AccountID: true}, now); err != nil {
				return err
			}
		}
		if out, err = s.findDiscount(ctx, c, p, id); err != nil {
			out = r // the decider may not see the account; answer what was written
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if out.Status == kam.DiscountApproved {
		s.refreshQueued(ctx, out.AccountID)
	}
	return out, nil
}

// discountStep records a step of a request and audits it.
func (s *Store) discountStep(ctx context.Context, c conn, p *kam.Principal, r *kam.DiscountRequest, action string, depth int64,
	comment string, changes ...change) error {
	var actor any
	if p.UserID != 0 {
		actor = p.UserID
	}
	if _, err := c.exec(ctx, "INSERT INTO discount_steps (request_id, at, actor_id, action, depth_bp, comment) VALUES (?,?,?,?,?,?)",
		r.ID, s.Now(), actor, action, depth, comment); err != nil {
		return fmt.Errorf("record a step of discount request %d: %w", r.ID, err)
	}
	if comment != "" {
		changes = append(changes, change{field: "comment", new: comment})
	}
	return s.audit(ctx, c, p, "discount_request", r.ID, action, changes...)
}

// decisionWords say what a decision did, for the requester's task.
var decisionWords = map[string]string{
	kam.DiscountApproved: "approved", kam.DiscountRejected: "rejected", kam.DiscountCountered: "countered",
}

// closeRequesterTask completes the task that waited on the requester (a
// counter to accept or withdraw), now that the request has moved on, and
// forgets it; a task done already stays as it is.
func (s *Store) closeRequesterTask(ctx context.Context, c conn, p *kam.Principal, r *kam.DiscountRequest) error {
	var taskID int64
	err := c.queryRow(ctx, "SELECT COALESCE(task_id, 0) FROM discount_requests WHERE id = ?", r.ID).Scan(&taskID)
	if err != nil || taskID == 0 {
		return err
	}
	if _, err := c.exec(ctx, "UPDATE discount_requests SET task_id = NULL WHERE id = ?", r.ID); err != nil {
		return fmt.Errorf("forget the task of discount request %d: %w", r.ID, err)
	}
	res, err := c.exec(ctx, "UPDATE tasks SET done_at = ?, version = version + 1 WHERE id = ? AND done_at IS NULL AND deleted_at IS NULL",
		s.Now(), taskID)
	if err != nil {
		return fmt.Errorf("close the task of discount request %d: %w", r.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	return s.auditTask(ctx, c, p, r.AccountID, taskID, "complete_task", change{field: fmt.Sprintf("task %d", taskID), new: "done"})
}

// tellRequester gives the requester a task due today saying what was
// decided, on the request's account. The task of a counter waits on the
// requester's answer: the request remembers it, so that it closes with
// the answer (closeRequesterTask).
func (s *Store) tellRequester(ctx context.Context, c conn, p *kam.Principal, r *kam.DiscountRequest) error {
	title := fmt.Sprintf("Discount for %s %s: %s", r.AccountName, decisionWords[r.Status], r.DepthPercent())
	switch r.Status {
	case kam.DiscountCountered:
		title = fmt.Sprintf("Discount for %s countered: %s instead of %s; accept or withdraw it", r.AccountName, r.CounterPercent(), r.DepthPercent())
	case kam.DiscountRejected:
		title = fmt.Sprintf("Discount for %s rejected (%s asked)", r.AccountName, r.DepthPercent())
	}
	id, err := c.insert(ctx, "INSERT INTO tasks (account_id, assignee_id, title, due, created_at) VALUES (?,?,?,?,?)",
		r.AccountID, r.RequesterID, title, kam.DateOf(s.Now()), s.Now())
	if err != nil {
		return fmt.Errorf("tell the requester of discount request %d: %w", r.ID, err)
	}
	if r.Status == kam.DiscountCountered {
		if _, err := c.exec(ctx, "UPDATE discount_requests SET task_id = ? WHERE id = ?", id, r.ID); err != nil {
			return fmt.Errorf("remember the task of discount request %d: %w", r.ID, err)
		}
	}
	return s.auditTask(ctx, c, p, r.AccountID, id, "add_task", change{field: fmt.Sprintf("task %d", id), new: title})
}

// idList writes ids as a comma list, as product_ids stores them.
func idList(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

// parseIDList reads a comma list of ids; what is not an id is skipped.
func parseIDList(s string) []int64 {
	var out []int64
	for part := range strings.SplitSeq(s, ",") {
		if id, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64); err == nil && id > 0 {
			out = append(out, id)
		}
	}
	return out
}

// productSKUs reads the SKUs of products by id.
func productSKUs(ctx context.Context, c conn, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := c.query(ctx, "SELECT id, sku FROM products WHERE id IN ("+placeholders(len(ids))+")", args...)
	if err != nil {
		return nil, fmt.Errorf("read products: %w", err)
	}
	err = eachRow(rows, func() error {
		var id int64
		var sku string
		err := rows.Scan(&id, &sku)
		out[id] = sku
		return err
	})
	return out, err
}

// accountLost reads, for update (PostgreSQL), whether an account is lost:
// a discount is neither asked for nor granted on a lost account, and
// marking it lost and granting one must not pass each other.
func accountLost(ctx context.Context, c conn, accountID int64) (bool, error) {
	var status kam.AccountStatus
	if err := c.queryRow(ctx, "SELECT status FROM accounts WHERE id = ?"+c.d.forUpdate(), accountID).Scan(&status); err != nil {
		return false, fmt.Errorf("read the status of account %d: %w", accountID, err)
	}
	return status == kam.StatusLost, nil
}

// lostAccountRefusal is the refusal of a discount on a lost account.
func lostAccountRefusal() error {
	return kam.FieldError("account_id", "This account is lost: a discount is granted once it is won back (reactivate it first).")
}
