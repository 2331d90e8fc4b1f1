package kam

import (
	"context"
	"net/mail"
	"time"
)

// OrgUnitKind is a level of the sales organisation.
type OrgUnitKind string

// The levels of the org tree, from the top.
const (
	OrgGlobal    OrgUnitKind = "global"
	OrgRegion    OrgUnitKind = "region"
	OrgCountry   OrgUnitKind = "country"
	OrgTerritory OrgUnitKind = "territory"
)

// OrgUnit is a node of the org tree (global → region → country → territory).
type OrgUnit struct {
	ID        int64       `json:"id"`
	ParentID  int64       `json:"parent_id,omitempty"`
	Kind      OrgUnitKind `json:"kind"`
	Name      string      `json:"name"`
	Version   int64       `json:"version"`
	CreatedAt time.Time   `json:"created_at"`
}

// User is a person who signs in to kam.
type User struct {
	ID          int64     `json:"id"`
	Username    string    `json:"username"`
	DisplayName string    `json:"display_name"`
	Email       string    `json:"email,omitempty"`
	Role        Role      `json:"role"`
	OrgUnitID   int64     `json:"org_unit_id,omitempty"`
	ManagerID   int64     `json:"manager_id,omitempty"`
	Active      bool      `json:"active"`
	Version     int64     `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Name is the user's display name, or the username when none is set.
func (u *User) Name() string {
	if u.DisplayName != "" {
		return u.DisplayName
	}
	return u.Username
}

// APIToken is a bearer token for the JSON API. The secret is shown once at
// creation; only its hash is stored.
type APIToken struct {
	ID         int64      `json:"id"`
	UserID     int64      `json:"user_id"`
	Name       string     `json:"name"`
	ReadOnly   bool       `json:"read_only"`
	ExpiresAt  *time.Time `json:"expires_at,omitempty"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
}

// Session is a signed-in browser. The cookie holds a random token; the store
// keeps only its hash.
type Session struct {
	UserID     int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

// UserService manages users, credentials, sessions and tokens.
type UserService interface {
	// CreateUser adds a user with the given password (argon2id-hashed).
	CreateUser(ctx context.Context, p *Principal, u *User, password string) error
	// SetPassword replaces a user's password.
	SetPassword(ctx context.Context, p *Principal, username, password string) error
	// FindUsers lists users visible to p.
	FindUsers(ctx context.Context, p *Principal) ([]*User, error)
	// Authenticate checks a username and password. Any failure is the same
	// EUNAUTHORIZED error, so that callers cannot tell unknown users apart.
	Authenticate(ctx context.Context, username, password string) (*User, error)
	// PrincipalFor loads the principal of an active user.
	PrincipalFor(ctx context.Context, userID int64) (*Principal, error)
}

// UserUpdate is an administrator's change to a user; nil fields stay as they
// are. UpdatedAt is the user's updated_at the change was made from: when the
// user was changed since, nothing is written (ECONFLICT). A zero UpdatedAt
// skips that check. Version, when not 0, must be the user's version
// (ESTALE otherwise), as the API requires.
type UserUpdate struct {
	UpdatedAt   time.Time
	Version     int64
	DisplayName *string
	Email       *string
	Role        *Role
	OrgUnitID   *int64
	ManagerID   *int64
	Active      *bool
}

// CheckEmail accepts an empty email or a plain address (name@example.com),
// and refuses anything else with a FieldError on "email".
func CheckEmail(email string) error {
	if email == "" {
		return nil
	}
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email || len(email) > 254 {
		return FieldError("email", "%q is not an email address; write it as name@example.com.", email)
	}
	return nil
}
