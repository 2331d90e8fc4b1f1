package kam

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Campaigns: "present new product X to all accounts". A campaign has a
// name, an optional product, a period and a scope over accounts; creating
// it makes one item per account in scope, which the account's owner moves
// from to_present to presented, interested, not_relevant or won.

// CampaignItemStatuses lists an item's statuses in the order an account
// goes through them.
var CampaignItemStatuses = []string{"to_present", "presented", "interested", "not_relevant", "won"}

// CampaignScope selects the accounts a campaign covers, among those its
// creator sees: each field set narrows it. OrgUnitID takes the unit and
// every unit below it, as accounts placed there or owned by its people.
type CampaignScope struct {
	OwnerID   int64         `json:"owner_id,omitempty"`
	OrgUnitID int64         `json:"org_unit_id,omitempty"`
	Tier      string        `json:"tier,omitempty"`
	Status    AccountStatus `json:"status,omitempty"`
	Country   string        `json:"country,omitempty"`
	Industry  string        `json:"industry,omitempty"`
}

// Campaign is a drive to present something to every account in a scope.
// Counts are of the items on accounts the reader sees.
type Campaign struct {
	ID          int64         `json:"id"`
	Name        string        `json:"name"`
	Description string        `json:"description,omitempty"`
	ProductID   int64         `json:"product_id,omitempty"`
	ProductName string        `json:"product_name,omitempty"`
	Starts      Date          `json:"starts_on"`
	Ends        Date          `json:"ends_on"`
	Scope       CampaignScope `json:"scope"`
	CreatedBy   int64         `json:"created_by,omitempty"`
	CreatedAt   time.Time     `json:"created_at"`
	UpdatedAt   time.Time     `json:"updated_at"`
	Version     int64         `json:"version"`
	Counts      CampaignCount `json:"counts"`
}

// CampaignCount counts a campaign's items by status, with the share
// presented: items presented, interested or won, in whole percent of all.
type CampaignCount struct {
	Total       int            `json:"total"`
	ByStatus    map[string]int `json:"by_status"`
	PresentedPC int            `json:"presented_pct"`
}

// Add counts n items of a status.
func (c *CampaignCount) Add(status string, n int) {
	if c.ByStatus == nil {
		c.ByStatus = map[string]int{}
		for _, s := range CampaignItemStatuses {
			c.ByStatus[s] = 0
		}
	}
	c.ByStatus[status] += n
	c.Total += n
	if c.Total > 0 {
		presented := c.ByStatus["presented"] + c.ByStatus["interested"] + c.ByStatus["won"]
		c.PresentedPC = presented * 100 / c.Total
	}
}

// CampaignItem is one account of a campaign, with its owner now.
type CampaignItem struct {
	ID          int64     `json:"id"`
	CampaignID  int64     `json:"campaign_id"`
	AccountID   int64     `json:"account_id"`
	AccountName string    `json:"account_name"`
	OwnerID     int64     `json:"owner_id,omitempty"`
	OwnerName   string    `json:"owner_name,omitempty"`
	Status      string    `json:"status"`
	Note        string    `json:"note,omitempty"`
	UpdatedAt   time.Time `json:"updated_at"`
	Version     int64     `json:"version"`
}

// CampaignUpdate is a change to a campaign; nil fields keep their value.
// A campaign's scope is fixed once its items are made.
type CampaignUpdate struct {
	Version     int64
	Name        *string
	Description *string
	ProductID   *int64
	Starts      *Date
	Ends        *Date
}

// CampaignItemUpdate is a change to an item; nil fields keep their value.
type CampaignItemUpdate struct {
	Version int64
	Status  *string
	Note    *string
}

// maxCampaignNote is the longest note on an item, in characters.
const maxCampaignNote = 2000

// Validate checks a campaign's own fields: a name, a period that ends on or
// after it starts, and a scope with known values.
func (c *Campaign) Validate() error {
	c.Name, c.Description = strings.TrimSpace(c.Name), strings.TrimSpace(c.Description)
	switch {
	case c.Name == "":
		return FieldError("name", "A campaign needs a name, such as \"Present the X200 to every key account\".")
	case utf8.RuneCountInString(c.Name) > 200:
		return FieldError("name", "A name has at most 200 characters.")
	case len(c.Description) > 5000:
		return FieldError("description", "A description has at most 5,000 characters.")
	case c.Starts.IsZero():
		return FieldError("starts_on", "Say when the campaign starts.")
	case c.Ends.IsZero():
		return FieldError("ends_on", "Say when the campaign ends.")
	case c.Ends.Before(c.Starts):
		return FieldError("ends_on", "The campaign ends before it starts.")
	case c.Scope.Status != "" && !c.Scope.Status.Valid():
		return FieldError("scope.status", "Status must be one of prospect, onboarding, active, at_risk, lost.")
	case c.Scope.Tier != "" && !slices.Contains(Tiers, c.Scope.Tier):
		return FieldError("scope.tier", "Tier must be one of %s.", strings.Join(Tiers, ", "))
	}
	return nil
}

// ValidCampaignItem checks an item's status and note.
func ValidCampaignItem(status, note string) error {
	switch {
	case !slices.Contains(CampaignItemStatuses, status):
		return FieldError("status", "Status must be one of %s.", strings.Join(CampaignItemStatuses, ", "))
	case utf8.RuneCountInString(note) > maxCampaignNote:
		return FieldError("note", "A note has at most %d characters.", maxCampaignNote)
	}
	return nil
}
