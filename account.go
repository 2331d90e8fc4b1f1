package kam

import (
	"context"
	"slices"
	"time"
)

// AccountStatus is where an account stands in its lifecycle.
type AccountStatus string

// The lifecycle of an account.
const (
	StatusProspect   AccountStatus = "prospect"
	StatusOnboarding AccountStatus = "onboarding"
	StatusActive     AccountStatus = "active"
	StatusAtRisk     AccountStatus = "at_risk"
	StatusLost       AccountStatus = "lost"
)

// AccountStatuses lists every status in lifecycle order.
var AccountStatuses = []AccountStatus{StatusProspect, StatusOnboarding, StatusActive, StatusAtRisk, StatusLost}

// Valid reports whether s is a known status.
func (s AccountStatus) Valid() bool { return slices.Contains(AccountStatuses, s) }

// Tiers are the service levels accounts are placed in; the tier sets the
// contact cadence. "key" accounts get a key account manager and a plan.
var Tiers = []string{"key", "strategic", "core", "standard"}

// Account is a customer company, or one level of one: a global account, a
// national subsidiary, a site. ParentID links the levels.
type Account struct {
	ID             int64             `json:"id"`
	ParentID       int64             `json:"parent_id,omitempty"`
	Name           string            `json:"name"`
	LegalName      string            `json:"legal_name,omitempty"`
	NormalizedName string            `json:"normalized_name"`
	Domains        []string          `json:"domains,omitempty"`
	TaxID          string            `json:"tax_id,omitempty"`
	Industry       string            `json:"industry,omitempty"`
	Country        string            `json:"country,omitempty"`
	Segment        string            `json:"segment,omitempty"`
	Tier           string            `json:"tier,omitempty"`
	Status         AccountStatus     `json:"status"`
	LostReason     string            `json:"lost_reason,omitempty"`
	LostCompetitor string            `json:"lost_competitor,omitempty"`
	OwnerID        int64             `json:"owner_id,omitempty"`
	OrgUnitID      int64             `json:"org_unit_id,omitempty"`
	Currency       string            `json:"currency"`
	ExternalIDs    []ExternalID      `json:"external_ids,omitempty"`
	CustomFields   map[string]string `json:"custom_fields,omitempty"`
	Version        int64             `json:"version"`
	CreatedAt      time.Time         `json:"created_at"`
	UpdatedAt      time.Time         `json:"updated_at"`

	// OwnerName is filled on reads for display.
	OwnerName string `json:"owner_name,omitempty"`
}

// ExternalID is an account's identifier in another system (ERP, Salesforce).
type ExternalID struct {
	Source string `json:"source"`
	ID     string `json:"id"`
}

// Validate checks the fields a user sets and returns an EINVALID error naming
// the first bad one.
func (a *Account) Validate() error {
	switch {
	case a.Name == "":
		return FieldError("name", "Account name is required.")
	case len(a.Name) > 300:
		return FieldError("name", "Account name must be at most 300 characters.")
	case !a.Status.Valid():
		return FieldError("status", "Status must be one of prospect, onboarding, active, at_risk, lost.")
	case a.Tier != "" && !slices.Contains(Tiers, a.Tier):
		return FieldError("tier", "Tier must be one of key, strategic, core, standard.")
	case !validCurrency(a.Currency):
		return FieldError("currency", "Currency must be a three-letter ISO code such as EUR.")
	case a.ParentID != 0 && a.ParentID == a.ID:
		return FieldError("parent_id", "An account cannot be its own parent.")
	}
	return nil
}

func validCurrency(c string) bool {
	if len(c) != 3 {
		return false
	}
	for _, r := range c {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// AccountSort names a column an account list can be ordered by.
type AccountSort string

// The account list orders.
const (
	SortByName        AccountSort = "name"
	SortByUpdated     AccountSort = "updated"
	SortByCreated     AccountSort = "created"
	SortByOwner       AccountSort = "owner"
	SortByTier        AccountSort = "tier"
	SortByStatus      AccountSort = "status"
	SortByCountry     AccountSort = "country"
	SortByRevenue     AccountSort = "revenue"      // trailing twelve months
	SortByHealth      AccountSort = "health"       // latest health score
	SortByPriority    AccountSort = "priority"     // the value of a contact now
	SortByLastOrder   AccountSort = "last_order"   // day of the latest order
	SortByLastContact AccountSort = "last_contact" // day of the latest contact
)

// AccountSorts lists every order an account list can take.
var AccountSorts = []AccountSort{SortByName, SortByUpdated, SortByCreated, SortByOwner, SortByTier, SortByStatus,
	SortByCountry, SortByRevenue, SortByHealth, SortByPriority, SortByLastOrder, SortByLastContact}

// AccountFilter selects and orders accounts. Lists are keyset-paged: pass the
// Next cursor of one page as After to get the following page.
type AccountFilter struct {
	Query      string // case- and accent-insensitive name search
	ExternalID string // matches any source's external id
	Source     string // with ExternalID, restricts to one source system
	OwnerID    int64
	ParentID   int64
	Tier       string
	Status     AccountStatus
	Country    string
	// Quadrant selects the accounts whose latest key-account classification
	// is in that quadrant of the selection matrix (score.Quadrant's keys).
	Quadrant string
	// Flag selects the accounts with an open or acknowledged change flag of
	// that kind; FlagAny for any kind.
	Flag  string
	Sort  AccountSort
	Desc  bool
	After string // opaque cursor from a previous page
	Limit int    // default 50, at most 500
	// Total asks for the number of accounts the list holds on all its pages.
	Total bool
}

// FlagAny in AccountFilter.Flag selects accounts with any open change flag.
const FlagAny = "any"

// AccountPage is one page of an account list.
type AccountPage struct {
	Accounts []*Account `json:"accounts"`
	Next     string     `json:"next,omitempty"`
}

// AccountUpdate holds the fields to change; nil fields stay as they are.
// Version is the version the edit started from: a newer stored version makes
// the update fail with ECONFLICT instead of overwriting someone else's change.
type AccountUpdate struct {
	Version        int64
	Name           *string
	LegalName      *string
	Industry       *string
	Country        *string
	Segment        *string
	Tier           *string
	Status         *AccountStatus
	LostReason     *string
	LostCompetitor *string
	ParentID       *int64
	OwnerID        *int64
}

// AccountService reads and changes accounts within a principal's scope.
type AccountService interface {
	// FindAccountByID returns an account, or ENOTFOUND when it does not exist
	// or is outside p's scope.
	FindAccountByID(ctx context.Context, p *Principal, id int64) (*Account, error)
	// FindAccounts returns one page of the accounts p may see.
	FindAccounts(ctx context.Context, p *Principal, f AccountFilter) (*AccountPage, error)
	// CreateAccount adds an account owned by a.OwnerID (p's user by default).
	CreateAccount(ctx context.Context, p *Principal, a *Account) error
	// UpdateAccount changes an account if upd.Version is still current.
	UpdateAccount(ctx context.Context, p *Principal, id int64, upd AccountUpdate) (*Account, error)
}
