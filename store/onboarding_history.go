package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kamhq/kam/insight"
)

// readOpenSteps reads, by account, the onboarding steps of the accounts
// pred selects that were started before end and not done by then, for the
// late-step flag. Steps of a cancelled onboarding, and steps whose task was
// deleted, no longer count. A step is due when its task is: moving the
// task moves the step.
func (s *Store) readOpenSteps(ctx context.Context, c conn, pred string, args []any, end time.Time) (map[int64][]insight.Milestone, error) {
	out := map[int64][]insight.Milestone{}
	rows, err := c.query(ctx, strings.Replace(`SELECT o.account_id, st.id, st.title, o.name, COALESCE(k.due, st.due) FROM onboarding_steps st
		JOIN onboardings o ON o.id = st.onboarding_id JOIN tasks k ON k.id = st.task_id JOIN accounts a ON a.id = o.account_id
		WHERE o.deleted_at IS NULL AND k.deleted_at IS NULL AND (k.done_at IS NULL OR k.done_at >= ?) AND o.created_at < ? AND SCOPE
		ORDER BY o.account_id, st.id`, "SCOPE", "a.deleted_at IS NULL AND "+pred, 1), append([]any{end, end}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("read onboarding steps: %w", err)
	}
	err = eachRow(rows, func() error {
		var id int64
		var m insight.Milestone
		if err := rows.Scan(&id, &m.ID, &m.Title, &m.Checklist, &m.Due); err != nil {
			return err
		}
		out[id] = append(out[id], m)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read onboarding steps: %w", err)
	}
	return out, nil
}
