-- A discount request remembers the task that waits on its requester (a
-- counter to accept or withdraw), so that the task is closed when the
-- request leaves that state, by whoever moves it on.

-- +goose Up
-- task_id is a task id, without REFERENCES: SQLite cannot drop such a column again.
ALTER TABLE discount_requests ADD COLUMN task_id BIGINT;

-- +goose Down
ALTER TABLE discount_requests DROP COLUMN task_id;
