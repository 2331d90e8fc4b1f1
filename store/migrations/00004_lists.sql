-- Indexes for the web app's lists: flags read a severity at a time, newest
-- first; a user's next steps due and visits to come. And each account's
-- forecast of the months ahead, kept by recompute, so that forecasts per
-- manager, team and quarter are sums instead of a pass over every order.

-- +goose Up
CREATE INDEX flags_state_severity ON flags(state, severity, raised_at);
CREATE INDEX activities_next_step ON activities(user_id, next_step_due);
CREATE INDEX activities_user_time ON activities(user_id, occurred_at);

-- month counts months from year 0 (forecast.Month); point is the forecast
-- in currency units, pipeline included; sd is the month's share of the
-- forecast's standard error (the error scaled by the month's share of the
-- forecast), so that a range of months sums to its part of the error.
CREATE TABLE account_forecasts (
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    month INTEGER NOT NULL,
    point DOUBLE PRECISION NOT NULL,
    sd DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (account_id, month)
);

-- +goose Down
DROP TABLE account_forecasts;
DROP INDEX activities_user_time;
DROP INDEX activities_next_step;
DROP INDEX flags_state_severity;
