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
	"github.com/kamhq/kam/insight"
)

// A discount request is seen by whoever sees its account, and by its
// requester and its approver whatever the account: the approver must read
// what they decide. Anything else is ENOTFOUND.

// discountColumns are the columns scanDiscount reads, in its order, over
// discountFrom.
const discountColumns = `d.id, d.account_id, a.name, COALESCE(d.opportunity_id, 0), COALESCE(d.contract_id, 0),
	COALESCE(o.name, k.name, ''), d.requester_id, COALESCE(NULLIF(ru.display_name, ''), ru.username, ''), COALESCE(d.approver_id, 0),
	COALESCE(NULLIF(au.display_name, ''), au.username, ''), d.approver_level, d.route_reason, d.kind, d.depth_bp, d.product_ids,
	d.starts_on, d.ends_on, d.reason, d.status, COALESCE(d.counter_bp, 0), COALESCE(d.granted_bp, 0), d.comment,
	COALESCE(d.decided_by, 0), d.decided_at, d.created_at, d.updated_at, d.version`

// discountFrom joins a request to the names it shows.
const discountFrom = ` FROM discount_requests d JOIN accounts a ON a.id = d.account_id
	LEFT JOIN opportunities o ON o.id = d.opportunity_id LEFT JOIN contracts k ON k.id = d.contract_id
	LEFT JOIN users ru ON ru.id = d.requester_id LEFT JOIN users au ON au.id = d.approver_id`

// scanDiscount reads a row of discountColumns.
func scanDiscount(scan func(...any) error) (*kam.DiscountRequest, error) {
	var r kam.DiscountRequest
	var products string
	var updated *time.Time // NULL on rows from before the column
	err := scan(&r.ID, &r.AccountID, &r.AccountName, &r.OpportunityID, &r.ContractID, &r.ForName, &r.RequesterID, &r.RequesterName,
		&r.ApproverID, &r.ApproverName, &r.ApproverLevel, &r.RouteReason, &r.Kind, &r.DepthBP, &products, &r.StartsOn, &r.EndsOn,
		&r.Reason, &r.Status, &r.CounterBP, &r.GrantedBP, &r.Comment, &r.DecidedBy, &r.DecidedAt, &r.CreatedAt, &updated, &r.Version)
	r.ProductIDs, r.UpdatedAt = parseIDList(products), r.CreatedAt
	if updated != nil {
		r.UpdatedAt = *updated
	}
	return &r, err
}

// discountScope is the predicate over discountFrom for the requests p may
// see, with its arguments; list is for lists (see accountListScope).
func discountScope(p *kam.Principal, list bool) (string, []any) {
	pred, args := accountScope(p, "a")
	if list {
		pred, args = accountListScope(p, "a")
	}
	if p == nil || p.IsAdmin() {
		return "a.deleted_at IS NULL AND " + pred, args
	}
	return "a.deleted_at IS NULL AND (" + pred + " OR d.requester_id = ? OR d.approver_id = ?)", append(args, p.UserID, p.UserID)
}

// FindDiscountRequest returns a request p may see with its steps, oldest
// first.
func (s *Store) FindDiscountRequest(ctx context.Context, p *kam.Principal, id int64) (*kam.DiscountRequest, error) {
	c := s.reader()
	r, err := s.findDiscount(ctx, c, p, id)
	if err != nil {
		return nil, err
	}
	rows, err := c.query(ctx, `SELECT t.at, COALESCE(t.actor_id, 0), COALESCE(NULLIF(u.display_name, ''), u.username, 'kam'), t.action,
		t.depth_bp, t.comment FROM discount_steps t LEFT JOIN users u ON u.id = t.actor_id WHERE t.request_id = ? ORDER BY t.id`, id)
	if err != nil {
		return nil, fmt.Errorf("read the steps of discount request %d: %w", id, err)
	}
	err = eachRow(rows, func() error {
		var st kam.DiscountStep
		err := rows.Scan(&st.At, &st.ActorID, &st.ActorName, &st.Action, &st.DepthBP, &st.Comment)
		r.Steps = append(r.Steps, st)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read the steps of discount request %d: %w", id, err)
	}
	return r, nil
}

// findDiscount reads a request p may see, with its products' SKUs.
func (s *Store) findDiscount(ctx context.Context, c conn, p *kam.Principal, id int64) (*kam.DiscountRequest, error) {
	pred, args := discountScope(p, false)
	r, err := scanDiscount(c.queryRow(ctx, "SELECT "+discountColumns+discountFrom+" WHERE d.id = ? AND "+pred,
		append([]any{id}, args...)...).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kam.Errorf(kam.ENOTFOUND, "Discount request %d not found.", id)
	} else if err != nil {
		return nil, fmt.Errorf("find discount request %d: %w", id, err)
	}
	return r, fillProducts(ctx, c, []*kam.DiscountRequest{r})
}

// fillProducts sets the SKUs of the requests' products.
func fillProducts(ctx context.Context, c conn, reqs []*kam.DiscountRequest) error {
	var ids []int64
	for _, r := range reqs {
		ids = append(ids, r.ProductIDs...)
	}
	slices.Sort(ids)
	skus, err := productSKUs(ctx, c, slices.Compact(ids))
	if err != nil {
		return err
	}
	for _, r := range reqs {
		r.Products = nil
		for _, id := range r.ProductIDs {
			r.Products = append(r.Products, cmp.Or(skus[id], "#"+strconv.FormatInt(id, 10)))
		}
	}
	return nil
}

// The views of a list of discount requests.
const (
	// DiscountsWaiting are the pending requests p is to decide: those
	// naming p, and for an administrator those for any administrator.
	DiscountsWaiting = "waiting"
	// DiscountsMine are the requests p made.
	DiscountsMine = "mine"
	// DiscountsAll are all the requests p may see.
	DiscountsAll = "all"
)

// DiscountViews lists the views of a list of requests.
var DiscountViews = []string{DiscountsWaiting, DiscountsMine, DiscountsAll}

// DiscountListStatuses are the values of DiscountFilter.Status besides a
// status: open (pending or countered), current (open, or approved and not
// yet ended), and all.
var DiscountListStatuses = append([]string{"all", "open", "current"}, kam.DiscountStatuses...)

// DiscountFilter selects discount requests; lists are newest first, keyset
// paged: pass a page's Next as After.
type DiscountFilter struct {
	View      string // waiting, mine or all (the default)
	Status    string // all (the default), open, current or one status
	AccountID int64
	// Today is the day "current" is judged on; zero is today.
	Today kam.Date
	After string
	Limit int // default 50, at most 500
}

// DiscountPage is one page of discount requests.
type DiscountPage struct {
	Requests []*kam.DiscountRequest `json:"requests"`
	Next     string                 `json:"next,omitempty"`
}

// FindDiscountRequests returns one page of the requests p may see that
// match f, newest first, without their steps.
func (s *Store) FindDiscountRequests(ctx context.Context, p *kam.Principal, f DiscountFilter) (*DiscountPage, error) {
	switch {
	case f.Limit == 0:
		f.Limit = 50
	case f.Limit < 0 || f.Limit > 500:
		return nil, kam.FieldError("limit", "Limit must be between 1 and 500.")
	}
	f.View, f.Status = cmp.Or(f.View, DiscountsAll), cmp.Or(f.Status, "all")
	if !slices.Contains(DiscountViews, f.View) {
		return nil, kam.FieldError("view", "View must be one of %s.", strings.Join(DiscountViews, ", "))
	}
	if !slices.Contains(DiscountListStatuses, f.Status) {
		return nil, kam.FieldError("status", "Status must be one of %s.", strings.Join(DiscountListStatuses, ", "))
	}
	if f.Today.IsZero() {
		f.Today = kam.DateOf(s.Now())
	}
	fp := fingerprint(f.View, f.Status, f.AccountID, f.Today.String())
	cur, err := decodeCursor(f.After, "id", true, fp)
	if err != nil {
		return nil, err
	}
	pred, args := discountScope(p, true)
	where := []string{pred}
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	switch f.View {
	case DiscountsWaiting:
		mine := "d.approver_id = ?"
		if p.IsAdmin() {
			mine = "(d.approver_id = ? OR d.approver_id IS NULL)"
		}
		add("d.status = 'pending' AND d.requester_id <> ? AND "+mine, p.UserID, p.UserID)
	case DiscountsMine:
		add("d.requester_id = ?", p.UserID)
	}
	switch f.Status {
	case "all":
	case "open":
		add("d.status IN ('pending', 'countered')")
	case "current":
		add("(d.status IN ('pending', 'countered') OR (d.status = 'approved' AND d.ends_on >= ?))", f.Today)
	default:
		add("d.status = ?", f.Status)
	}
	if f.AccountID != 0 {
		add("d.account_id = ?", f.AccountID)
	}
	if cur != nil {
		add("d.id < ?", cur.ID)
	}
	c := s.reader()
	rows, err := c.query(ctx, "SELECT "+discountColumns+discountFrom+" WHERE "+strings.Join(where, " AND ")+
		" ORDER BY d.id DESC LIMIT "+strconv.Itoa(f.Limit+1), args...)
	if err != nil {
		return nil, fmt.Errorf("find discount requests: %w", err)
	}
	page := &DiscountPage{Requests: []*kam.DiscountRequest{}}
	err = eachRow(rows, func() error {
		if len(page.Requests) == f.Limit {
			page.Next = cursor{Sort: "id", Desc: true, ID: page.Requests[f.Limit-1].ID, Filter: fp}.encode()
			return nil
		}
		r, err := scanDiscount(rows.Scan)
		page.Requests = append(page.Requests, r)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find discount requests: %w", err)
	}
	return page, fillProducts(ctx, c, page.Requests)
}

// ProductIDsBySKU finds products by SKU, for a request's form; a SKU that
// is no product is EINVALID on product_ids, naming it.
func (s *Store) ProductIDsBySKU(ctx context.Context, skus []string) ([]int64, error) {
	var out []int64
	for _, sku := range skus {
		var id int64
		err := s.reader().queryRow(ctx, "SELECT id FROM products WHERE sku = ?", sku).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, kam.FieldError("product_ids", "There is no product with the SKU %q.", sku)
		} else if err != nil {
			return nil, fmt.Errorf("find product %q: %w", sku, err)
		}
		out = append(out, id)
	}
	return out, nil
}

// readDiscountHistory reads, by account, the discounts approved by asOf on
// the accounts pred selects (over accounts a), for the price erosion flag:
// a lower price an approved discount explains is not erosion.
func readDiscountHistory(ctx context.Context, c conn, pred string, args []any, end any) (map[int64][]insight.Discount, error) {
	rows, err := c.query(ctx, `SELECT d.account_id, d.product_ids, d.granted_bp, d.starts_on, d.ends_on
		FROM discount_requests d JOIN accounts a ON a.id = d.account_id
		WHERE d.status = 'approved' AND d.updated_at < ? AND a.deleted_at IS NULL AND `+pred+` ORDER BY d.account_id, d.id`,
		append([]any{end}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("read approved discounts: %w", err)
	}
	type row struct {
		account  int64
		products []int64
		d        insight.Discount
	}
	var found []row
	var ids []int64
	err = eachRow(rows, func() error {
		var r row
		var products string
		if err := rows.Scan(&r.account, &products, &r.d.DepthBP, &r.d.From, &r.d.To); err != nil {
			return err
		}
		r.products = parseIDList(products)
		ids = append(ids, r.products...)
		found = append(found, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read approved discounts: %w", err)
	}
	slices.Sort(ids)
	skus, err := productSKUs(ctx, c, slices.Compact(ids))
	if err != nil {
		return nil, err
	}
	out := map[int64][]insight.Discount{}
	for _, r := range found {
		for _, id := range r.products {
			r.d.Products = append(r.d.Products, skus[id])
		}
		out[r.account] = append(out[r.account], r.d)
	}
	return out, nil
}
