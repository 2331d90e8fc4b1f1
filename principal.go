package kam

import (
	"context"
	"slices"
)

// Role is what a user may do. Scope (which rows) follows from the role, the
// user's org unit and the accounts they own or are on the team of.
type Role string

// The roles, from most to least powerful.
const (
	RoleAdmin    Role = "admin"    // everything, everywhere; users and imports
	RoleDirector Role = "director" // read and write in their org subtree; re-assignment, approvals
	RoleKAM      Role = "kam"      // key account manager: own and account-team accounts
	RoleAM       Role = "am"       // account manager: own and account-team accounts
	RoleViewer   Role = "viewer"   // read only, within their org subtree
)

// Roles lists every role in order of power.
var Roles = []Role{RoleAdmin, RoleDirector, RoleKAM, RoleAM, RoleViewer}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// Label is the role's name for people.
func (r Role) Label() string {
	switch r {
	case RoleAdmin:
		return "Administrator"
	case RoleDirector:
		return "Account director"
	case RoleKAM:
		return "Key account manager"
	case RoleAM:
		return "Account manager"
	case RoleViewer:
		return "Viewer"
	}
	return string(r)
}

// Principal is the acting user of a request, a command or an import. Every
// store read and write takes one, and the store scopes its queries by it.
type Principal struct {
	UserID   int64
	Username string
	Role     Role
	// OrgUnitID is the user's own org unit (0 if none).
	OrgUnitID int64
	// OrgSubtree holds OrgUnitID and every unit below it, filled by the store
	// when the principal is loaded; directors and viewers see accounts there.
	OrgSubtree []int64
	// ReadOnly restricts the principal to reads, for read-scoped API tokens.
	ReadOnly bool
	// TokenID is the API token the principal came with (0: none), which
	// rate limits count by.
	TokenID int64
}

// System is the principal of kam's own work (migrations, demo loading, batch
// recomputes): an administrator with no user behind it.
func System() *Principal {
	return &Principal{Role: RoleAdmin, Username: "system"}
}

// IsAdmin reports whether the principal sees and may change everything.
func (p *Principal) IsAdmin() bool { return p != nil && p.Role == RoleAdmin }

// CanWrite reports whether the principal may change anything at all; which rows
// it may change is decided by the store.
func (p *Principal) CanWrite() bool {
	return p != nil && !p.ReadOnly && p.Role != RoleViewer
}

// SeesOrgSubtree reports whether the principal's account scope is its org subtree
// (directors and viewers) rather than its own and team accounts.
func (p *Principal) SeesOrgSubtree() bool {
	return p != nil && (p.Role == RoleDirector || p.Role == RoleViewer)
}

type channelKey struct{}

// WithChannel records in ctx how a change arrives (web, api, import, cli,
// system), for the audit log.
func WithChannel(ctx context.Context, channel string) context.Context {
	return context.WithValue(ctx, channelKey{}, channel)
}

// ChannelFrom returns the channel recorded by WithChannel, or "system".
func ChannelFrom(ctx context.Context) string {
	if c, ok := ctx.Value(channelKey{}).(string); ok {
		return c
	}
	return "system"
}
