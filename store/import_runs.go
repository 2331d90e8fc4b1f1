package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/kamhq/kam"
)

// StartImportRun records an import as running, so that one killed midway
// shows as such in the history.
func (s *Store) StartImportRun(ctx context.Context, p *kam.Principal, run *kam.ImportRun) error {
	if err := requireAdmin(p); err != nil {
		return err
	}
	run.UserID, run.Status, run.StartedAt = p.UserID, "running", s.Now()
	id, err := s.writer().insert(ctx, `INSERT INTO import_runs (user_id, kind, source, files, dry_run, status, summary, started_at)
		VALUES (?, ?, ?, ?, ?, ?, '{}', ?)`, nullID(p.UserID), run.Kind, run.Source, run.Files, run.DryRun, run.Status, run.StartedAt)
	if err != nil {
		return fmt.Errorf("record import run: %w", err)
	}
	run.ID = id
	return nil
}

// FinishImportRun records the outcome of an import and, for a real (not
// dry) run, emits import.finished in the same transaction.
func (s *Store) FinishImportRun(ctx context.Context, run *kam.ImportRun) error {
	body, err := json.Marshal(run.Summary)
	if err != nil {
		return err
	}
	run.FinishedAt = s.Now()
	return s.inTx(ctx, func(c conn) error {
		_, err := c.exec(ctx, "UPDATE import_runs SET status = ?, summary = ?, message = ?, finished_at = ? WHERE id = ?",
			run.Status, string(body), run.Message, run.FinishedAt, run.ID)
		if err != nil {
			return fmt.Errorf("record import outcome: %w", err)
		}
		return s.emitImportFinished(ctx, c, run)
	})
}

// FindImportRuns lists the latest imports, newest first. Runs still marked
// running long after they started were cut off (their records up to the last
// committed batch are in; a re-run completes them).
func (s *Store) FindImportRuns(ctx context.Context, p *kam.Principal, limit int) ([]*kam.ImportRun, error) {
	if err := requireAdminRead(p); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	rows, err := s.reader().query(ctx, `SELECT id, COALESCE(user_id, 0), kind, source, files, dry_run, status, summary, message,
		started_at, finished_at FROM import_runs ORDER BY started_at DESC, id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("find import runs: %w", err)
	}
	defer rows.Close()
	var out []*kam.ImportRun
	for rows.Next() {
		var r kam.ImportRun
		var summary string
		var finished *time.Time
		if err := rows.Scan(&r.ID, &r.UserID, &r.Kind, &r.Source, &r.Files, &r.DryRun, &r.Status, &summary, &r.Message,
			&r.StartedAt, &finished); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(summary), &r.Summary); err != nil {
			return nil, fmt.Errorf("import run %d summary: %w", r.ID, err)
		}
		if finished != nil {
			r.FinishedAt = finished.UTC()
		}
		r.StartedAt = r.StartedAt.UTC()
		out = append(out, &r)
	}
	return out, rows.Err()
}

// SaveImportProfile stores a named import profile (JSON), replacing one of
// the same name.
func (s *Store) SaveImportProfile(ctx context.Context, p *kam.Principal, name, body string) error {
	if err := requireAdmin(p); err != nil {
		return err
	}
	_, err := s.writer().exec(ctx, `INSERT INTO import_profiles (name, body, saved_by, saved_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET body = excluded.body, saved_by = excluded.saved_by, saved_at = excluded.saved_at`,
		name, body, nullID(p.UserID), s.Now())
	if err != nil {
		return fmt.Errorf("save import profile %s: %w", name, err)
	}
	return nil
}

// FindImportProfile returns a saved profile's JSON, or ENOTFOUND.
func (s *Store) FindImportProfile(ctx context.Context, name string) (string, error) {
	var body string
	err := s.reader().queryRow(ctx, "SELECT body FROM import_profiles WHERE name = ?", name).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return "", kam.Errorf(kam.ENOTFOUND, "No import profile %q.", name)
	}
	return body, err
}

// FindImportProfiles lists the saved profiles' names.
func (s *Store) FindImportProfiles(ctx context.Context) ([]string, error) {
	rows, err := s.reader().query(ctx, "SELECT name FROM import_profiles ORDER BY name")
	if err != nil {
		return nil, fmt.Errorf("find import profiles: %w", err)
	}
	var out []string
	err = eachRow(rows, func() error {
		var n string
		if err := rows.Scan(&n); err != nil {
			return err
		}
		out = append(out, n)
		return nil
	})
	return out, err
}
