package store

import (
	"context"
	"encoding/json"
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

// FinishImportRun records the outcome of an import.
func (s *Store) FinishImportRun(ctx context.Context, run *kam.ImportRun) error {
	body, err := json.Marshal(run.Summary)
	if err != nil {
		return err
	}
	run.FinishedAt = s.Now()
	_, err = s.writer().exec(ctx, "UPDATE import_runs SET status = ?, summary = ?, message = ?, finished_at = ? WHERE id = ?",
		run.Status, string(body), run.Message, run.FinishedAt, run.ID)
	if err != nil {
		return fmt.Errorf("record import outcome: %w", err)
	}
	return nil
}

// FindImportRuns lists the latest imports, newest first. Runs still marked
// running long after they started were cut off (their records up to the last
// committed batch are in; a re-run completes them).
func (s *Store) FindImportRuns(ctx context.Context, p *kam.Principal, limit int) ([]*kam.ImportRun, error) {
	if err := requireAdmin(p); err != nil {
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
