package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/kamhq/kam"
)

// SessionPolicy sets how long a browser stays signed in.
type SessionPolicy struct {
	Idle     time.Duration // ends after this long without a request
	Absolute time.Duration // ends this long after sign-in, whatever happens
}

// DefaultSessionPolicy is a working day of idleness and a week in all.
var DefaultSessionPolicy = SessionPolicy{Idle: 12 * time.Hour, Absolute: 7 * 24 * time.Hour}

// newSecret returns a random URL-safe token and the hex SHA-256 hash under
// which it is stored. The token itself is never stored.
func newSecret(prefix string) (token, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	token = prefix + base64.RawURLEncoding.EncodeToString(b)
	return token, hashSecret(token)
}

func hashSecret(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateSession starts a session for a user and returns its cookie token.
func (s *Store) CreateSession(ctx context.Context, userID int64, pol SessionPolicy) (string, error) {
	token, hash := newSecret("")
	now := s.Now()
	_, err := s.writer().exec(ctx, "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)",
		hash, userID, now, now, now.Add(pol.Absolute))
	if err != nil {
		return "", fmt.Errorf("create session: %w", err)
	}
	return token, nil
}

// SessionPrincipal returns the principal of a live session. An unknown,
// expired or idle session is EUNAUTHORIZED and is deleted. The last-seen time
// is written at most once a minute, so that reads do not turn into writes.
func (s *Store) SessionPrincipal(ctx context.Context, token string, pol SessionPolicy) (*kam.Principal, error) {
	if token == "" {
		return nil, kam.Errorf(kam.EUNAUTHORIZED, "Sign in first.")
	}
	hash := hashSecret(token)
	var sess kam.Session
	err := s.reader().queryRow(ctx, "SELECT user_id, created_at, last_seen_at, expires_at FROM sessions WHERE token_hash = ?", hash).
		Scan(&sess.UserID, &sess.CreatedAt, &sess.LastSeenAt, &sess.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kam.Errorf(kam.EUNAUTHORIZED, "Your session has ended. Sign in again.")
	} else if err != nil {
		return nil, fmt.Errorf("find session: %w", err)
	}
	now := s.Now()
	if now.After(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) > pol.Idle {
		s.DeleteSession(ctx, token)
		return nil, kam.Errorf(kam.EUNAUTHORIZED, "Your session has ended. Sign in again.")
	}
	if now.Sub(sess.LastSeenAt) > time.Minute {
		if _, err := s.writer().exec(ctx, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", now, hash); err != nil {
			return nil, fmt.Errorf("touch session: %w", err)
		}
	}
	return s.PrincipalFor(ctx, sess.UserID)
}

// DeleteSession ends one session (sign-out).
func (s *Store) DeleteSession(ctx context.Context, token string) error {
	_, err := s.writer().exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", hashSecret(token))
	return err
}

// DeleteUserSessions ends every session of a user ("sign out everywhere").
func (s *Store) DeleteUserSessions(ctx context.Context, userID int64) error {
	_, err := s.writer().exec(ctx, "DELETE FROM sessions WHERE user_id = ?", userID)
	return err
}

// writer returns a conn on the write pool, for single statements.
func (s *Store) writer() conn { return conn{q: s.write, d: s.d} }
