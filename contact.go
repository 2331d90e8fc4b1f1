package kam

import (
	"slices"
	"time"
)

// BuyingRole is the part a contact plays in the customer's buying centre.
type BuyingRole string

// The buying-centre roles.
const (
	BuyingDecisionMaker BuyingRole = "decision_maker"
	BuyingInfluencer    BuyingRole = "influencer"
	BuyingUser          BuyingRole = "user"
	BuyingGatekeeper    BuyingRole = "gatekeeper"
	BuyingChampion      BuyingRole = "champion"
	BuyingBlocker       BuyingRole = "blocker"
)

// BuyingRoles lists every buying role.
var BuyingRoles = []BuyingRole{BuyingDecisionMaker, BuyingInfluencer, BuyingUser, BuyingGatekeeper, BuyingChampion, BuyingBlocker}

// Valid reports whether r is empty (unknown) or a known role.
func (r BuyingRole) Valid() bool { return r == "" || slices.Contains(BuyingRoles, r) }

// Contact is a person at an account.
type Contact struct {
	ID        int64  `json:"id"`
	AccountID int64  `json:"account_id"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	Email     string `json:"email,omitempty"`
	Phone     string `json:"phone,omitempty"`
	Title     string `json:"title,omitempty"`
	// Seniority is a free label such as "C-level", "VP", "Director", "Manager".
	Seniority  string     `json:"seniority,omitempty"`
	BuyingRole BuyingRole `json:"buying_role,omitempty"`
	ReportsTo  int64      `json:"reports_to,omitempty"`
	// Strength is how strong our relationship is: 0 unknown, 1 (cold) to 5 (trusted).
	Strength    int        `json:"relationship_strength"`
	LeftCompany bool       `json:"left_company"`
	LeftAt      *time.Time `json:"left_at,omitempty"`
	// Source and ExternalID identify the contact in the system it came from.
	Source     string    `json:"source,omitempty"`
	ExternalID string    `json:"external_id,omitempty"`
	Version    int64     `json:"version"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// FullName is the contact's first and last name.
func (c *Contact) FullName() string {
	switch {
	case c.FirstName == "":
		return c.LastName
	case c.LastName == "":
		return c.FirstName
	}
	return c.FirstName + " " + c.LastName
}

// Validate checks the fields a user sets.
func (c *Contact) Validate() error {
	switch {
	case c.AccountID == 0:
		return FieldError("account_id", "A contact belongs to an account.")
	case c.FirstName == "" && c.LastName == "":
		return FieldError("last_name", "A contact needs a name.")
	case !c.BuyingRole.Valid():
		return FieldError("buying_role", "Buying role must be one of decision_maker, influencer, user, gatekeeper, champion, blocker.")
	case c.Strength < 0 || c.Strength > 5:
		return FieldError("relationship_strength", "Relationship strength is 0 (unknown) or 1 to 5.")
	}
	return nil
}

// ActivityKind is the channel of an interaction with an account.
type ActivityKind string

// The kinds of activity.
const (
	ActivityCall    ActivityKind = "call"
	ActivityVisit   ActivityKind = "visit"
	ActivityMeeting ActivityKind = "meeting"
	ActivityEmail   ActivityKind = "email"
	ActivityNote    ActivityKind = "note"
)

// ActivityKinds lists every kind of activity.
var ActivityKinds = []ActivityKind{ActivityCall, ActivityVisit, ActivityMeeting, ActivityEmail, ActivityNote}

// Valid reports whether k is a known kind.
func (k ActivityKind) Valid() bool { return slices.Contains(ActivityKinds, k) }

// Activity is a call, visit, meeting, email or note on an account.
type Activity struct {
	ID          int64        `json:"id"`
	AccountID   int64        `json:"account_id"`
	Kind        ActivityKind `json:"kind"`
	OccurredAt  time.Time    `json:"occurred_at"`
	UserID      int64        `json:"user_id"`
	ContactIDs  []int64      `json:"contact_ids,omitempty"`
	Subject     string       `json:"subject"`
	Notes       string       `json:"notes,omitempty"`
	Outcome     string       `json:"outcome,omitempty"`
	NextStep    string       `json:"next_step,omitempty"`
	NextStepDue Date         `json:"next_step_due"`
	// Source and ExternalID identify an imported activity in its system.
	Source     string    `json:"source,omitempty"`
	ExternalID string    `json:"external_id,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
}

// Task is a to-do for a user, usually on an account.
type Task struct {
	ID         int64      `json:"id"`
	AccountID  int64      `json:"account_id,omitempty"`
	AssigneeID int64      `json:"assignee_id"`
	Title      string     `json:"title"`
	Due        Date       `json:"due"`
	DoneAt     *time.Time `json:"done_at,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
}

// ContactUpdate is a change to a contact: nil fields are left as they are.
// Version is the version the change was made from; a newer stored version
// refuses the change.
type ContactUpdate struct {
	Version     int64
	FirstName   *string
	LastName    *string
	Email       *string
	Phone       *string
	Title       *string
	Seniority   *string
	BuyingRole  *BuyingRole
	ReportsTo   *int64
	Strength    *int
	LeftCompany *bool
}

// ActivityUpdate is a change to an activity: nil fields are left as they
// are. Version is the version the change was made from; a newer stored
// version refuses the change. A NextStepDue of the zero Date clears the day.
type ActivityUpdate struct {
	Version     int64
	Kind        *ActivityKind
	OccurredAt  *time.Time
	Subject     *string
	Notes       *string
	Outcome     *string
	NextStep    *string
	NextStepDue *Date
}

// TaskUpdate is a change to a task: nil fields are left as they are.
// Version is the version the change was made from; a newer stored version
// refuses the change. A Due of the zero Date leaves the task without a due
// day; AssigneeID gives it to another user.
type TaskUpdate struct {
	Version    int64
	Title      *string
	Due        *Date
	AssigneeID *int64
}
