-- Indexes for My day and the case list on large books (#5): unresolved
-- cases by due day, and open deals by close date, so that a page walks
-- them in order, testing each row's account, and stops at the page instead
-- of sorting every open case or deal of the book.

-- +goose Up
CREATE INDEX cases_unresolved_due ON cases(due, id) WHERE status IN ('open', 'in_progress', 'waiting') AND deleted_at IS NULL;
CREATE INDEX opportunities_open_close ON opportunities(close_date, id) WHERE closed_at IS NULL AND deleted_at IS NULL;

-- +goose Down
DROP INDEX opportunities_open_close;
DROP INDEX cases_unresolved_due;
