package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kamhq/kam"
)

// Setting returns the JSON body of a setting, or nil when it was never set
// (the default applies).
func (s *Store) Setting(ctx context.Context, key string) ([]byte, error) {
	var body string
	err := s.reader().queryRow(ctx, "SELECT body FROM settings WHERE key = ?", key).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("read setting %s: %w", key, err)
	}
	return []byte(body), nil
}

// SetSetting stores a setting's JSON body (checked by the caller); only an
// admin may. The change is audited with the old and new bodies.
func (s *Store) SetSetting(ctx context.Context, p *kam.Principal, key string, body []byte) error {
	if err := requireAdmin(p); err != nil {
		return err
	}
	old, err := s.Setting(ctx, key)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(c conn) error { return s.writeSetting(ctx, c, p, key, old, body) })
}

// writeSetting stores a setting and audits the change within a
// transaction; old is its body before.
func (s *Store) writeSetting(ctx context.Context, c conn, p *kam.Principal, key string, old, body []byte) error {
	if _, err := c.exec(ctx, `INSERT INTO settings (key, body, updated_by, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET body = excluded.body, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		key, string(body), nullID(p.UserID), s.Now()); err != nil {
		return err
	}
	return s.audit(ctx, c, p, "setting", 0, "update", change{field: key, old: string(old), new: string(body)})
}
