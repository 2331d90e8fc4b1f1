package kam

import (
	"slices"
	"time"
)

// OpportunityKind says what a deal sells to an existing or new account.
type OpportunityKind string

// The kinds of opportunity.
const (
	OppNew        OpportunityKind = "new"
	OppUpsell     OpportunityKind = "upsell"
	OppCrossSell  OpportunityKind = "cross_sell"
	OppRenewal    OpportunityKind = "renewal"
	OppNewProduct OpportunityKind = "new_product"
)

// OpportunityKinds lists every kind.
var OpportunityKinds = []OpportunityKind{OppNew, OppUpsell, OppCrossSell, OppRenewal, OppNewProduct}

// Stages are the pipeline stages in order; the last two close a deal.
var Stages = []string{"prospecting", "qualification", "proposal", "negotiation", "won", "lost"}

// DefaultProbability is the win probability (percent) a stage implies when a
// deal does not set its own.
var DefaultProbability = map[string]int{
	"prospecting": 10, "qualification": 25, "proposal": 50, "negotiation": 75, "won": 100, "lost": 0,
}

// Opportunity is a deal in the pipeline.
type Opportunity struct {
	ID          int64           `json:"id"`
	AccountID   int64           `json:"account_id"`
	Name        string          `json:"name"`
	Kind        OpportunityKind `json:"kind"`
	Stage       string          `json:"stage"`
	Amount      Money           `json:"amount"`
	Currency    string          `json:"currency"`
	Probability int             `json:"probability"`
	CloseDate   Date            `json:"close_date"`
	OwnerID     int64           `json:"owner_id,omitempty"`
	Competitor  string          `json:"competitor,omitempty"`
	LostReason  string          `json:"lost_reason,omitempty"`
	Source      string          `json:"source,omitempty"`
	ExternalID  string          `json:"external_id,omitempty"`
	ProductIDs  []int64         `json:"product_ids,omitempty"`
	Version     int64           `json:"version"`
	CreatedAt   time.Time       `json:"created_at"`
	UpdatedAt   time.Time       `json:"updated_at"`
}

// IsClosed reports whether the deal is won or lost.
func (o *Opportunity) IsClosed() bool { return o.Stage == "won" || o.Stage == "lost" }

// Weighted returns the amount times the win probability.
func (o *Opportunity) Weighted() Money { return o.Amount.Percent(int64(o.Probability) * 100) }

// Validate checks the fields a user sets.
func (o *Opportunity) Validate() error {
	switch {
	case o.AccountID == 0:
		return FieldError("account_id", "An opportunity belongs to an account.")
	case o.Name == "":
		return FieldError("name", "Opportunity name is required.")
	case !slices.Contains(OpportunityKinds, o.Kind):
		return FieldError("kind", "Kind must be one of new, upsell, cross_sell, renewal, new_product.")
	case !slices.Contains(Stages, o.Stage):
		return FieldError("stage", "Stage must be one of prospecting, qualification, proposal, negotiation, won, lost.")
	case o.Amount < 0:
		return FieldError("amount", "Amount cannot be negative.")
	case o.Probability < 0 || o.Probability > 100:
		return FieldError("probability", "Probability is a percentage from 0 to 100.")
	}
	return nil
}

// Contract is an agreement with an account: its term, value and renewal.
type Contract struct {
	ID           int64     `json:"id"`
	AccountID    int64     `json:"account_id"`
	Name         string    `json:"name"`
	StartDate    Date      `json:"start_date"`
	EndDate      Date      `json:"end_date"`
	Value        Money     `json:"value"`
	Currency     string    `json:"currency"`
	AutoRenew    bool      `json:"auto_renew"`
	RenewalTerms string    `json:"renewal_terms,omitempty"`
	NoticeDays   int       `json:"notice_days"`
	Status       string    `json:"status"` // draft, active, expired, terminated
	Version      int64     `json:"version"`
	CreatedAt    time.Time `json:"created_at"`
}

// NoticeDate is the last day on which the contract can still be cancelled or
// renegotiated before it renews or ends.
func (c *Contract) NoticeDate() Date { return c.EndDate.AddDays(-c.NoticeDays) }

// CaseKind classifies a client issue.
type CaseKind string

// The kinds of case.
const (
	CaseComplaint CaseKind = "complaint"
	CaseConflict  CaseKind = "conflict"
	CaseQuestion  CaseKind = "question"
	CaseTechnical CaseKind = "technical"
)

// Case is a complaint, conflict or question handled until the client is satisfied.
type Case struct {
	ID           int64      `json:"id"`
	AccountID    int64      `json:"account_id"`
	ContactID    int64      `json:"contact_id,omitempty"`
	Kind         CaseKind   `json:"kind"`
	Severity     string     `json:"severity"` // low, medium, high, critical
	Status       string     `json:"status"`   // open, in_progress, waiting, resolved, closed
	Subject      string     `json:"subject"`
	Description  string     `json:"description,omitempty"`
	OwnerID      int64      `json:"owner_id,omitempty"`
	OpenedAt     time.Time  `json:"opened_at"`
	Due          Date       `json:"due"`
	ResolvedAt   *time.Time `json:"resolved_at,omitempty"`
	Satisfaction int        `json:"satisfaction,omitempty"` // 1-5 once resolved
	Version      int64      `json:"version"`
}

// IsOpen reports whether the case still needs work.
func (c *Case) IsOpen() bool { return c.Status != "resolved" && c.Status != "closed" }

// OpportunityUpdate is a change to a deal: each field left nil keeps its
// value. Version is the version the change was made from; a deal changed
// since is refused.
type OpportunityUpdate struct {
	Version     int64
	Name        *string
	Kind        *OpportunityKind
	Stage       *string
	Amount      *Money
	Currency    *string
	Probability *int
	CloseDate   *Date
	OwnerID     *int64
	Competitor  *string
	LostReason  *string
}
