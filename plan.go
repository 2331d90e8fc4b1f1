package kam

import "time"

// AccountPlan is the plan for a key account, versioned: each saved revision
// increments Version and keeps the earlier ones (see plan_change.go).
type AccountPlan struct {
	ID          int64  `json:"id"`
	AccountID   int64  `json:"account_id"`
	Title       string `json:"title"`
	Status      string `json:"status"` // draft, active, archived
	PeriodStart Date   `json:"period_start"`
	PeriodEnd   Date   `json:"period_end"`
	// Budget is the budget agreed with the client, CompanyBudget the one
	// agreed with the company, both in Currency.
	Budget        Money       `json:"budget"`
	CompanyBudget Money       `json:"company_budget"`
	Currency      string      `json:"currency"`
	ReviewEvery   int         `json:"review_every_days"`
	NextReview    Date        `json:"next_review"`
	Items         []*PlanItem `json:"items,omitempty"`
	Version       int64       `json:"version"`
	CreatedBy     int64       `json:"created_by,omitempty"`
	CreatedAt     time.Time   `json:"created_at"`
	UpdatedAt     time.Time   `json:"updated_at"`
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
	ID      int64        `json:"id"`
	PlanID  int64        `json:"plan_id"`
	Kind    PlanItemKind `json:"kind"`
	Title   string       `json:"title"`
	Detail  string       `json:"detail,omitempty"`
	Measure string       `json:"measure,omitempty"`
	Rating  string       `json:"rating,omitempty"` // strong, weak
	// Standing is a competitor's position at the account.
	Standing string `json:"standing,omitempty"`
	OwnerID  int64  `json:"owner_id,omitempty"`
	Due      Date   `json:"due"`
	// DoneOn is the day an action was marked done; zero while it is open.
	DoneOn Date `json:"done_on"`
	// LinkedIDs are the objectives of the plan a reference case or a key
	// message supports, in id order.
	LinkedIDs []int64 `json:"linked_ids,omitempty"`
	Position  int     `json:"position"`
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
	// ActorName is the actor's display name, filled where a record's
	// history is read for people; empty for kam itself.
	ActorName string `json:"actor_name,omitempty"`
}
