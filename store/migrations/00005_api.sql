-- The JSON API's idempotent requests: a request sent with an
-- Idempotency-Key is answered once, and the answer is kept here in the same
-- transaction as its changes, so that a retry (after a timeout or a crash)
-- gets the same answer and changes nothing. Keys are per user and route;
-- request_hash tells a true retry from a key reused with another body.

-- +goose Up
CREATE TABLE idempotency_keys (
    user_id BIGINT NOT NULL REFERENCES users(id),
    route TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    response TEXT NOT NULL,
    created_at TSTZ NOT NULL,
    PRIMARY KEY (user_id, route, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);

-- +goose Down
DROP TABLE idempotency_keys;
