-- Versions of activities and tasks, for the JSON API's optimistic
-- concurrency as on accounts and contacts: every change adds one, and a
-- change made from an older version is refused. Existing rows start at 1,
-- and inserts that do not name the column get 1.

-- +goose Up
ALTER TABLE activities ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE tasks ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

-- +goose Down
ALTER TABLE tasks DROP COLUMN version;
ALTER TABLE activities DROP COLUMN version;
