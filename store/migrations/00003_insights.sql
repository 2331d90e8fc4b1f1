-- Insights: each account's roll-up of its buying and dealings (own, and
-- summed over its hierarchy), its health over time, and its key-account
-- classification history.

-- +goose Up
-- The close date an opportunity was first given, so that a deal whose close
-- keeps moving shows as slipping.
ALTER TABLE opportunities ADD COLUMN first_close_date DATE;
UPDATE opportunities SET first_close_date = close_date;

-- One row per account, rewritten whenever its orders or dealings change.
-- body and tree_body hold the figures (insight.Figures as JSON; an empty
-- tree_body means the account has no subsidiaries and its tree is itself);
-- the columns beside them copy what lists sort and filter on.
CREATE TABLE account_rollups (
    account_id BIGINT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    as_of DATE NOT NULL,
    revenue_12m BIGINT NOT NULL DEFAULT 0,
    tree_revenue_12m BIGINT NOT NULL DEFAULT 0,
    last_order DATE,
    last_contact DATE,
    health INTEGER,
    -- The value of a contact now, as of the roll-up (insight.Queue), and
    -- its reasons as a JSON array; 0 and '[]' when there is no reason to
    -- call.
    queue_score DOUBLE PRECISION NOT NULL DEFAULT 0,
    queue_reasons TEXT NOT NULL DEFAULT '[]',
    body TEXT NOT NULL,
    tree_body TEXT NOT NULL,
    computed_at TSTZ NOT NULL
);
CREATE INDEX account_rollups_revenue ON account_rollups(revenue_12m);
CREATE INDEX account_rollups_queue ON account_rollups(queue_score, account_id);

-- Accounts whose orders or dealings changed since their roll-up was
-- computed: written in the same transaction as the change, so that no change
-- is lost to a crash before its roll-up is refreshed.
CREATE TABLE rollup_queue (
    account_id BIGINT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    queued_at TSTZ NOT NULL
);

-- Health as computed on each day a recompute ran: its trend.
CREATE TABLE account_health (
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    as_of DATE NOT NULL,
    score INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (account_id, as_of)
);

-- Key-account classification and relational stage, appended on each change.
CREATE TABLE account_classifications (
    id ID_PK,
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    at TSTZ NOT NULL,
    quadrant TEXT NOT NULL DEFAULT '',
    attractiveness DOUBLE PRECISION NOT NULL DEFAULT 0,
    strength DOUBLE PRECISION NOT NULL DEFAULT 0,
    stage TEXT NOT NULL DEFAULT '',
    key_account BOOLEAN NOT NULL DEFAULT FALSE,
    set_by BIGINT REFERENCES users(id),
    body TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX account_classifications_account ON account_classifications(account_id, at);

-- Settings an admin changes: the health weights, the classification
-- criteria and labels, the definition of a key account (JSON each).
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    updated_by BIGINT REFERENCES users(id),
    updated_at TSTZ NOT NULL
);

-- +goose Down
DROP TABLE settings;
DROP TABLE account_classifications;
DROP TABLE account_health;
DROP TABLE rollup_queue;
DROP TABLE account_rollups;
ALTER TABLE opportunities DROP COLUMN first_close_date;
