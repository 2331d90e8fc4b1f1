package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kamhq/kam"
)

// tokenPrefix marks kam API tokens, so that secret scanners can find leaked ones.
const tokenPrefix = "kam_"

// CreateToken makes an API token for a user and returns its secret, which is
// shown once: only its hash is kept. Administrators make tokens for anyone,
// users for themselves.
func (s *Store) CreateToken(ctx context.Context, p *kam.Principal, username, name string, readOnly bool, expires *time.Time) (*kam.APIToken, string, error) {
	u, err := s.FindUserByUsername(ctx, username)
	if err != nil {
		return nil, "", err
	}
	if !p.IsAdmin() && p.UserID != u.ID {
		return nil, "", kam.Errorf(kam.EFORBIDDEN, "Only an administrator may create tokens for another user.")
	}
	if expires != nil && !expires.After(s.Now()) {
		return nil, "", kam.FieldError("expires_at", "The expiry must be in the future.")
	}
	secret, hash := newSecret(tokenPrefix)
	t := &kam.APIToken{UserID: u.ID, Name: name, ReadOnly: readOnly, ExpiresAt: expires, CreatedAt: s.Now()}
	err = s.inTx(ctx, func(c conn) error {
		id, err := c.insert(ctx, "INSERT INTO api_tokens (user_id, name, token_hash, read_only, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)",
			u.ID, name, hash, readOnly, nullTime(expires), t.CreatedAt)
		if err != nil {
			return fmt.Errorf("create token: %w", err)
		}
		t.ID = id
		return s.audit(ctx, c, p, "api_token", id, "create", change{field: "user", new: u.Username})
	})
	if err != nil {
		return nil, "", err
	}
	return t, secret, nil
}

// TokenPrincipal returns the principal of a valid API token. Unknown, revoked
// and expired tokens are EUNAUTHORIZED. A read-only token gives a read-only
// principal. Last use is written at most once a minute.
func (s *Store) TokenPrincipal(ctx context.Context, secret string) (*kam.Principal, error) {
	bad := kam.Errorf(kam.EUNAUTHORIZED, "The API token is invalid, expired or revoked.")
	if len(secret) < len(tokenPrefix)+16 || len(secret) > 128 {
		return nil, bad
	}
	hash := hashSecret(secret)
	version, versioned, err := s.DataVersion(ctx)
	if err != nil {
		return nil, err
	}
	if versioned {
		if p, ok := s.tokens.get(version, hash, s.Now()); ok {
			return p, nil
		}
	}
	var id, userID int64
	var readOnly bool
	var expires, revoked, lastUsed sql.NullTime
	err = s.reader().queryRow(ctx, "SELECT id, user_id, read_only, expires_at, revoked_at, last_used_at FROM api_tokens WHERE token_hash = ?", hash).
		Scan(&id, &userID, &readOnly, &expires, &revoked, &lastUsed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, bad
	} else if err != nil {
		return nil, fmt.Errorf("find token: %w", err)
	}
	now := s.Now()
	if revoked.Valid || (expires.Valid && now.After(expires.Time)) {
		return nil, bad
	}
	touched := lastUsed.Time
	if !lastUsed.Valid || now.Sub(lastUsed.Time) > time.Minute {
		if _, err := s.writer().exec(ctx, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", now, id); err != nil {
			return nil, fmt.Errorf("touch token: %w", err)
		}
		touched = now
		// The touch is a commit: the version to file the token under is
		// the one after it.
		if versioned {
			if version, err = s.version.read(ctx); err != nil {
				return nil, err
			}
		}
	}
	p, err := s.PrincipalFor(ctx, userID)
	if err != nil {
		return nil, bad
	}
	p.ReadOnly, p.TokenID = readOnly, id
	if versioned {
		var until *time.Time
		if expires.Valid {
			until = &expires.Time
		}
		s.tokens.put(version, hash, p, until, touched)
	}
	return p, nil
}

// RevokeToken ends a token. Users revoke their own; administrators any.
func (s *Store) RevokeToken(ctx context.Context, p *kam.Principal, id int64) error {
	return s.inTx(ctx, func(c conn) error {
		var owner int64
		if err := c.queryRow(ctx, "SELECT user_id FROM api_tokens WHERE id = ?", id).Scan(&owner); err != nil || (!p.IsAdmin() && owner != p.UserID) {
			return kam.Errorf(kam.ENOTFOUND, "Token %d not found.", id)
		}
		if _, err := c.exec(ctx, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", s.Now(), id); err != nil {
			return fmt.Errorf("revoke token: %w", err)
		}
		return s.audit(ctx, c, p, "api_token", id, "delete")
	})
}

// FindTokens lists a user's API tokens, newest first, without their secrets.
// Users list their own; administrators anyone's.
func (s *Store) FindTokens(ctx context.Context, p *kam.Principal, username string) ([]*kam.APIToken, error) {
	u, err := s.FindUserByUsername(ctx, username)
	if err != nil {
		return nil, err
	}
	if !p.IsAdmin() && p.UserID != u.ID {
		return nil, kam.Errorf(kam.ENOTFOUND, "No user %q.", username)
	}
	rows, err := s.reader().query(ctx, `SELECT id, user_id, name, read_only, expires_at, last_used_at, revoked_at, created_at
		FROM api_tokens WHERE user_id = ? ORDER BY id DESC`, u.ID)
	if err != nil {
		return nil, fmt.Errorf("find tokens: %w", err)
	}
	defer rows.Close()
	var out []*kam.APIToken
	for rows.Next() {
		var t kam.APIToken
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &t.ReadOnly, &t.ExpiresAt, &t.LastUsedAt, &t.RevokedAt, &t.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, &t)
	}
	return out, rows.Err()
}
