package store

import (
	"github.com/kamhq/kam"
)

// Contact adds a contact to an account.
func (l *Loader) Contact(c *kam.Contact) error {
	if err := c.Validate(); err != nil {
		return err
	}
	now := l.s.Now()
	if c.CreatedAt.IsZero() {
		c.CreatedAt = now
	}
	c.UpdatedAt, c.Version = c.CreatedAt, 1
	id, err := l.insert(insertContactSQL, contactInsertArgs(c)...)
	c.ID = id
	return wrap("contact", c.FullName(), err)
}

// insertContactSQL adds a contact; contactInsertArgs gives its arguments.
const insertContactSQL = `INSERT INTO contacts (account_id, first_name, last_name, search_name, email, phone, title, seniority,
	buying_role, reports_to, strength, left_company, left_at, source, external_id, version, created_at, updated_at)
	VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`

func contactInsertArgs(c *kam.Contact) []any {
	return []any{c.AccountID, c.FirstName, c.LastName, kam.SearchKey(c.FullName()), c.Email, c.Phone, c.Title, c.Seniority,
		string(c.BuyingRole), nullID(c.ReportsTo), c.Strength, c.LeftCompany, nullTime(c.LeftAt), c.Source, c.ExternalID,
		c.Version, c.CreatedAt, c.UpdatedAt}
}

// Activity adds an activity and links its contacts.
func (l *Loader) Activity(a *kam.Activity) error {
	if !a.Kind.Valid() {
		return kam.FieldError("kind", "Kind must be one of call, visit, meeting, email, note.")
	}
	a.CreatedAt = a.OccurredAt
	id, err := l.insert(`INSERT INTO activities (account_id, kind, occurred_at, user_id, subject, notes, outcome, next_step, next_step_due,
		source, external_id, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`, a.AccountID, string(a.Kind), a.OccurredAt, nullID(a.UserID),
		a.Subject, a.Notes, a.Outcome, a.NextStep, a.NextStepDue, a.Source, a.ExternalID, a.CreatedAt)
	if err != nil {
		return wrap("activity", a.Subject, err)
	}
	a.ID = id
	for _, cid := range a.ContactIDs {
		if err := l.add("activity_contacts", []string{"activity_id", "contact_id"}, id, cid); err != nil {
			return err
		}
	}
	return nil
}

// Task adds a task.
func (l *Loader) Task(t *kam.Task) error {
	if t.CreatedAt.IsZero() {
		t.CreatedAt = l.s.Now()
	}
	id, err := l.insert("INSERT INTO tasks (account_id, assignee_id, title, due, done_at, created_at) VALUES (?,?,?,?,?,?)",
		nullID(t.AccountID), t.AssigneeID, t.Title, t.Due, nullTime(t.DoneAt), t.CreatedAt)
	t.ID = id
	return wrap("task", t.Title, err)
}

// Product adds a product.
func (l *Loader) Product(p *kam.Product) error {
	if p.CreatedAt.IsZero() {
		p.CreatedAt = l.s.Now()
	}
	id, err := l.insert("INSERT INTO products (sku, name, family, list_price, currency, active, created_at) VALUES (?,?,?,?,?,?,?)",
		p.SKU, p.Name, p.Family, int64(p.ListPrice), p.Currency, p.Active, p.CreatedAt)
	p.ID = id
	return wrap("product", p.SKU, err)
}

// Order adds an order with its lines. Line amounts are computed when zero and
// the total is always the sum of the lines.
func (l *Loader) Order(o *kam.Order) error {
	if err := prepareOrder(o); err != nil {
		return err
	}
	id, err := l.insert(`INSERT INTO orders (account_id, source, external_id, kind, order_date, currency, total, delivery_status, created_at)
		VALUES (?,?,?,?,?,?,?,?,?)`, orderArgs(o)...)
	if err != nil {
		return wrap("order", o.ExternalID, err)
	}
	o.ID = id
	return l.orderLines(o)
}

// prepareOrder fills an order's defaults, line numbers and amounts and its
// total, and validates it.
func prepareOrder(o *kam.Order) error {
	if o.Kind == "" {
		o.Kind = kam.OrderSale
	}
	if o.DeliveryStatus == "" {
		o.DeliveryStatus = "delivered"
	}
	if err := o.Validate(); err != nil {
		return err
	}
	o.Total = 0
	for i, ln := range o.Lines {
		if ln.LineNo == 0 {
			ln.LineNo = i + 1
		}
		if ln.Amount == 0 {
			ln.Amount = ln.ComputeAmount()
		}
		o.Total += ln.Amount
	}
	if o.CreatedAt.IsZero() {
		o.CreatedAt = o.OrderDate.Time()
	}
	return nil
}

// orderArgs are the values of an order row, in orderCols order.
func orderArgs(o *kam.Order) []any {
	return []any{o.AccountID, o.Source, o.ExternalID, string(o.Kind), o.OrderDate, o.Currency, int64(o.Total), o.DeliveryStatus, o.CreatedAt}
}

// orderLines queues the lines of a written order.
func (l *Loader) orderLines(o *kam.Order) error {
	for _, ln := range o.Lines {
		ln.OrderID = o.ID
		err := l.add("order_lines", orderLineCols, o.ID, ln.LineNo, nullID(ln.ProductID), ln.Description, ln.Quantity,
			int64(ln.UnitPrice), ln.DiscountBP, int64(ln.Amount))
		if err != nil {
			return err
		}
	}
	return nil
}

var orderCols = []string{"account_id", "source", "external_id", "kind", "order_date", "currency", "total", "delivery_status", "created_at"}

var orderLineCols = []string{"order_id", "line_no", "product_id", "description", "quantity", "unit_price", "discount_bp", "amount"}

// Invoice adds an invoice.
func (l *Loader) Invoice(inv *kam.Invoice) error {
	if inv.CreatedAt.IsZero() {
		inv.CreatedAt = inv.IssuedOn.Time()
	}
	id, err := l.insert(`INSERT INTO invoices (account_id, order_id, number, source, external_id, issued_on, due_on, amount, currency, paid_on, created_at)
		VALUES (?,?,?,?,?,?,?,?,?,?,?)`, inv.AccountID, nullID(inv.OrderID), inv.Number, inv.Source, inv.ExternalID,
		inv.IssuedOn, inv.DueOn, int64(inv.Amount), inv.Currency, inv.PaidOn, inv.CreatedAt)
	inv.ID = id
	return wrap("invoice", inv.Number, err)
}

// Payment adds a payment against an invoice. Its id is not read back.
func (l *Loader) Payment(p *kam.Payment) error {
	return l.add("payments", []string{"invoice_id", "account_id", "paid_on", "amount", "currency", "source", "external_id"},
		p.InvoiceID, p.AccountID, p.PaidOn, int64(p.Amount), p.Currency, p.Source, p.ExternalID)
}

// Opportunity adds an opportunity.
func (l *Loader) Opportunity(o *kam.Opportunity) error {
	if err := o.Validate(); err != nil {
		return err
	}
	if o.CreatedAt.IsZero() {
		o.CreatedAt = l.s.Now()
	}
	o.UpdatedAt, o.Version = o.CreatedAt, 1
	var closed any
	if o.IsClosed() {
		closed = o.CloseDate.Time()
	}
	id, err := l.insert(`INSERT INTO opportunities (account_id, name, kind, stage, amount, currency, probability, close_date, first_close_date, owner_id,
		competitor, lost_reason, source, external_id, version, created_at, updated_at, closed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		o.AccountID, o.Name, string(o.Kind), o.Stage, int64(o.Amount), o.Currency, o.Probability, o.CloseDate, o.CloseDate,
		nullID(o.OwnerID), o.Competitor, o.LostReason, o.Source, o.ExternalID, o.Version, o.CreatedAt, o.UpdatedAt, closed)
	o.ID = id
	return wrap("opportunity", o.Name, err)
}

// Contract adds a contract.
func (l *Loader) Contract(c *kam.Contract) error {
	if c.CreatedAt.IsZero() {
		c.CreatedAt = c.StartDate.Time()
	}
	c.Version = 1
	id, err := l.insert(`INSERT INTO contracts (account_id, name, start_date, end_date, value, currency, auto_renew, renewal_terms,
		notice_days, status, version, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`, c.AccountID, c.Name, c.StartDate,
		c.EndDate, int64(c.Value), c.Currency, c.AutoRenew, c.RenewalTerms, c.NoticeDays, c.Status, c.Version, c.CreatedAt)
	c.ID = id
	return wrap("contract", c.Name, err)
}

// Case adds a case.
func (l *Loader) Case(c *kam.Case) error {
	var sat any
	if c.Satisfaction > 0 {
		sat = c.Satisfaction
	}
	c.Version = 1
	id, err := l.insert(`INSERT INTO cases (account_id, contact_id, kind, severity, status, subject, description, owner_id, opened_at,
		due, resolved_at, satisfaction, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`, c.AccountID, nullID(c.ContactID),
		string(c.Kind), c.Severity, c.Status, c.Subject, c.Description, nullID(c.OwnerID), c.OpenedAt, c.Due,
		nullTime(c.ResolvedAt), sat, c.Version)
	c.ID = id
	return wrap("case", c.Subject, err)
}

// Target adds a quota or objective.
func (l *Loader) Target(t *kam.Target) error {
	t.CreatedAt = l.s.Now()
	id, err := l.insert(`INSERT INTO targets (user_id, org_unit_id, account_id, period_start, period_end, kind, amount, currency, description, created_at)
		VALUES (?,?,?,?,?,?,?,?,?,?)`, nullID(t.UserID), nullID(t.OrgUnitID), nullID(t.AccountID), t.PeriodStart,
		t.PeriodEnd, t.Kind, int64(t.Amount), t.Currency, t.Description, t.CreatedAt)
	t.ID = id
	return wrap("target", t.Description, err)
}
