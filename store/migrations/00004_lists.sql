-- Indexes for the web app's lists: flags read a severity at a time, newest
-- first; next steps due for a user.

-- +goose Up
CREATE INDEX flags_state_severity ON flags(state, severity, raised_at);
CREATE INDEX activities_next_step ON activities(user_id, next_step_due);

-- +goose Down
DROP INDEX activities_next_step;
DROP INDEX flags_state_severity;
