package kam

import "time"

// Target is a quota for a user or an org unit, or an objective for an account,
// over a period.
type Target struct {
	ID          int64     `json:"id"`
	UserID      int64     `json:"user_id,omitempty"`
	OrgUnitID   int64     `json:"org_unit_id,omitempty"`
	AccountID   int64     `json:"account_id,omitempty"`
	PeriodStart Date      `json:"period_start"`
	PeriodEnd   Date      `json:"period_end"`
	Kind        string    `json:"kind"` // revenue, margin, objective
	Amount      Money     `json:"amount"`
	Currency    string    `json:"currency"`
	Description string    `json:"description,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

// AccountPlan is the plan for a key account, versioned: each saved revision
// increments Version and keeps the earlier ones.
type AccountPlan struct {
	ID          int64       `json:"id"`
	AccountID   int64       `json:"account_id"`
	Title       string      `json:"title"`
	Status      string      `json:"status"` // draft, active, archived
	PeriodStart Date        `json:"period_start"`
	PeriodEnd   Date        `json:"period_end"`
	Budget      Money       `json:"budget"`
	Currency    string      `json:"currency"`
	ReviewEvery int         `json:"review_every_days"`
	NextReview  Date        `json:"next_review"`
	Items       []*PlanItem `json:"items,omitempty"`
	Version     int64       `json:"version"`
	CreatedAt   time.Time   `json:"created_at"`
	UpdatedAt   time.Time   `json:"updated_at"`
}

// PlanItemKind is a section of an account plan.
type PlanItemKind string

// The sections of an account plan.
const (
	PlanObjective     PlanItemKind = "objective"
	PlanStrategy      PlanItemKind = "strategy"
	PlanKeyMessage    PlanItemKind = "key_message"
	PlanReferenceCase PlanItemKind = "reference_case"
	PlanCompetitor    PlanItemKind = "competitor"
	PlanAction        PlanItemKind = "action"
)

// PlanItem is one entry of an account plan: an objective with its measure and
// date, a strategy, a key message or reference case rated strong or weak, a
// competitor and its position, or an action with an owner and a deadline.
type PlanItem struct {
	ID       int64        `json:"id"`
	PlanID   int64        `json:"plan_id"`
	Kind     PlanItemKind `json:"kind"`
	Title    string       `json:"title"`
	Detail   string       `json:"detail,omitempty"`
	Measure  string       `json:"measure,omitempty"`
	Rating   string       `json:"rating,omitempty"` // strong, weak
	OwnerID  int64        `json:"owner_id,omitempty"`
	Due      Date         `json:"due"`
	LinkedID int64        `json:"linked_id,omitempty"` // e.g. the objective a reference case supports
	Position int          `json:"position"`
}

// DiscountRequest asks a manager to approve a promotional or loyalty discount.
type DiscountRequest struct {
	ID            int64      `json:"id"`
	AccountID     int64      `json:"account_id"`
	OpportunityID int64      `json:"opportunity_id,omitempty"`
	ContractID    int64      `json:"contract_id,omitempty"`
	RequesterID   int64      `json:"requester_id"`
	ApproverID    int64      `json:"approver_id,omitempty"`
	Kind          string     `json:"kind"` // promotional, loyalty, volume
	DepthBP       int64      `json:"depth_bp"`
	ProductIDs    []int64    `json:"product_ids,omitempty"`
	StartsOn      Date       `json:"starts_on"`
	EndsOn        Date       `json:"ends_on"`
	Reason        string     `json:"reason"`
	Status        string     `json:"status"` // pending, approved, rejected, countered, withdrawn
	Comment       string     `json:"comment,omitempty"`
	DecidedAt     *time.Time `json:"decided_at,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
}

// AuditEntry is one append-only record of a change: who changed which field of
// which record, through which channel, from what to what.
type AuditEntry struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	ActorID  int64     `json:"actor_id,omitempty"`
	Channel  string    `json:"channel"` // web, api, import, cli, system
	Entity   string    `json:"entity"`
	EntityID int64     `json:"entity_id"`
	Action   string    `json:"action"` // create, update, delete, merge, assign, approve
	Field    string    `json:"field,omitempty"`
	OldValue string    `json:"old_value,omitempty"`
	NewValue string    `json:"new_value,omitempty"`
}
