package kam

import (
	"cmp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// The kinds of target: a revenue quota for a user or an org unit, and an
// objective for an account. Older data may hold "margin" quotas, which kam
// keeps but cannot measure (orders carry no cost) and no longer sets.
const (
	TargetRevenue   = "revenue"
	TargetObjective = "objective"
)

// What a target's attainment counts. Orders is the default: net revenue,
// orders less credit notes, dated in the period; won counts the deals won
// (closed at the won stage) with a close date in the period. Both figures
// are always shown beside each other, never added: a won deal turns into
// orders later, and adding them would count it twice.
const (
	BasisOrders = "orders"
	BasisWon    = "won"
)

// TargetBases lists what a target may count.
var TargetBases = []string{BasisOrders, BasisWon}

// MaxTargetAmount is the largest target, in currency units: far above any
// real quota, and low enough that sums of thousands never overflow.
const MaxTargetAmount = 1_000_000_000_000

// Target is a quota for a user or an org unit, or an objective for an
// account, over a whole month, fiscal quarter or fiscal year.
type Target struct {
	ID          int64 `json:"id"`
	UserID      int64 `json:"user_id,omitempty"`
	OrgUnitID   int64 `json:"org_unit_id,omitempty"`
	AccountID   int64 `json:"account_id,omitempty"`
	PeriodStart Date  `json:"period_start"`
	PeriodEnd   Date  `json:"period_end"`
	// Period is the period's key (FY2027-Q1) and PeriodLabel its name
	// ("FY2027 Q1 (Apr–Jun 2026)"), filled by the store from the fiscal
	// calendar; Period is "" for days that are no longer a whole period
	// because the fiscal year moved since.
	Period      string `json:"period,omitempty"`
	PeriodLabel string `json:"period_label,omitempty"`
	Kind        string `json:"kind"`  // revenue, objective
	Basis       string `json:"basis"` // orders, won
	// Amount is in Currency; an objective may have none (0) and only a
	// description.
	Amount      Money     `json:"amount"`
	Currency    string    `json:"currency"`
	Description string    `json:"description,omitempty"`
	Version     int64     `json:"version"`
	CreatedBy   int64     `json:"created_by,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// IsQuota reports whether the target is a person's or a unit's quota
// rather than an account's objective.
func (t *Target) IsQuota() bool { return t.AccountID == 0 }

// TargetUpdate is a change to a target: each field left nil keeps its
// value; a new period takes both days. Version is the version the change
// was made from; a target changed since is refused. Who or what a target
// is for does not change: delete it and set another.
type TargetUpdate struct {
	Version     int64
	PeriodStart *Date
	PeriodEnd   *Date
	Amount      *Money
	Currency    *string
	Basis       *string
	Description *string
}

// Validate checks a target's own fields against the fiscal calendar: one
// subject, a kind that suits it, an amount above zero (an objective may
// have a description instead), a whole period that has not ended before
// today. The subject's existence and the right to set it are the store's.
func (t *Target) Validate(cal FiscalCalendar, today Date) error {
	subjects := 0
	for _, id := range []int64{t.UserID, t.OrgUnitID, t.AccountID} {
		if id != 0 {
			subjects++
		}
	}
	switch {
	case subjects != 1:
		return FieldError("user_id", "A target is for one person, one org unit or one account: give exactly one of user_id, org_unit_id and account_id.")
	case t.AccountID != 0 && t.Kind != TargetObjective:
		return FieldError("kind", "A target on an account is an objective (kind objective).")
	case t.AccountID == 0 && t.Kind != TargetRevenue:
		return FieldError("kind", "A quota for a person or an org unit is a revenue quota (kind revenue); objectives are set on accounts.")
	case !slices.Contains(TargetBases, t.Basis):
		return FieldError("basis", "Basis must be orders (orders less credit notes) or won (deals won).")
	case t.Amount < 0 || (t.Amount == 0 && t.Kind == TargetRevenue):
		return FieldError("amount", "A target's amount is above zero.")
	case t.Amount > MaxTargetAmount*MoneyScale:
		return FieldError("amount", "A target is at most 1,000,000,000,000.")
	case t.Amount == 0 && strings.TrimSpace(t.Description) == "":
		return FieldError("amount", "An objective needs an amount above zero, a description, or both.")
	case t.Amount > 0 && !validCurrency(t.Currency):
		return FieldError("currency", "Currency must be a three-letter ISO code such as EUR.")
	case utf8.RuneCountInString(t.Description) > 1000:
		return FieldError("description", "A description has at most 1,000 characters.")
	}
	p, err := cal.PeriodOf(t.PeriodStart, t.PeriodEnd)
	if err != nil {
		return err
	}
	if p.Closed(today) {
		return FieldError("period", "%s ended on %s, before today: a closed period's targets stay as they were. Choose a period that has not ended.",
			p.Label(), p.Last.Time().Format("2 Jan 2006"))
	}
	return nil
}

// Share is the part of the target that falls in the days first to last,
// pro rata by days, rounded half up.
func (t *Target) Share(first, last Date) Money {
	from, to := first, last
	if from.Before(t.PeriodStart) {
		from = t.PeriodStart
	}
	if t.PeriodEnd.Before(to) {
		to = t.PeriodEnd
	}
	n, m := int64(from.DaysUntil(to)+1), int64(t.PeriodStart.DaysUntil(t.PeriodEnd)+1)
	switch {
	case n <= 0 || m <= 0:
		return 0
	case n >= m:
		return t.Amount
	}
	a := int64(t.Amount) // a × n / m without overflow
	return Money(a/m*n + (a%m*n+m/2)/m)
}

// How a quota for a period was found.
const (
	QuotaSet     = "set"      // a target for exactly the period
	QuotaSum     = "sum"      // the sum of targets of shorter periods inside it
	QuotaProRata = "pro_rata" // the period's share of a longer target's
)

// Quota is a subject's target for a period, found from the targets it has.
type Quota struct {
	Amount Money
	// Source is QuotaSet, QuotaSum or QuotaProRata; "" when there is none.
	Source string
	// Set is the target set for exactly the period, when Source is QuotaSet.
	Set *Target
	// Parts counts the targets summed or shared.
	Parts int
}

// QuotaFor finds one subject's target for the days first to last from its
// targets of one kind and currency: the target set for exactly those days;
// else the targets inside them, longest first, then the days' share of the
// targets that overlap them in part, shortest first, never taking two that
// overlap each other (the quarters of a year, and the months of a quarter
// that has no target of its own; the parts of two fiscal quarters that a
// calendar quarter straddles). A month's target thus never counts twice
// beside its quarter's.
func QuotaFor(targets []*Target, first, last Date) Quota {
	var inside, partly []*Target
	length := func(t *Target) int { return t.PeriodStart.DaysUntil(t.PeriodEnd) }
	for _, t := range targets {
		switch {
		case t.PeriodEnd.Before(first) || last.Before(t.PeriodStart):
		case sameDay(t.PeriodStart, first) && sameDay(t.PeriodEnd, last):
			return Quota{Amount: t.Amount, Source: QuotaSet, Set: t, Parts: 1}
		case !t.PeriodStart.Before(first) && !last.Before(t.PeriodEnd):
			inside = append(inside, t)
		default:
			partly = append(partly, t)
		}
	}
	slices.SortStableFunc(inside, func(a, b *Target) int { return cmp.Compare(length(b), length(a)) })
	slices.SortStableFunc(partly, func(a, b *Target) int { return cmp.Compare(length(a), length(b)) })
	var q Quota
	var taken []*Target
	for i, t := range append(inside, partly...) {
		if slices.ContainsFunc(taken, func(o *Target) bool { return !t.PeriodEnd.Before(o.PeriodStart) && !o.PeriodEnd.Before(t.PeriodStart) }) {
			continue
		}
		taken = append(taken, t)
		if i < len(inside) {
			q.Amount, q.Source = q.Amount+t.Amount, cmp.Or(q.Source, QuotaSum)
		} else {
			q.Amount, q.Source = q.Amount+t.Share(first, last), QuotaProRata
		}
	}
	q.Parts = len(taken)
	return q
}
