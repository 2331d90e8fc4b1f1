-- Calendar feeds: each user's secret feed URL, of which only the hash is
-- kept (as for API tokens). A user has at most one; a new one replaces it.

-- +goose Up
CREATE TABLE calendar_feeds (
    user_id BIGINT NOT NULL PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    secret_hash TEXT NOT NULL UNIQUE,
    created_at TSTZ NOT NULL,
    last_used_at TSTZ
);

-- +goose Down
DROP TABLE calendar_feeds;
