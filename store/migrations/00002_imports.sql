-- Imports: one record per (source, external id), the history of import runs,
-- the queue of probable duplicate accounts, and merges that can be undone.

-- +goose Up
-- The normalised name without spaces (kam.MatchKey), so that "GTXPro" finds
-- "GTX Pro" through an index.
ALTER TABLE accounts ADD COLUMN match_key TEXT NOT NULL DEFAULT '';
UPDATE accounts SET match_key = REPLACE(normalized_name, ' ', '');
CREATE INDEX accounts_match_key ON accounts(match_key);

-- An id attached to an existing account because the import matched it to
-- that company only links to it: the account's fields follow the source that
-- created it (or edits in kam), so that two sources never overwrite each other.
ALTER TABLE account_external_ids ADD COLUMN attached BOOLEAN NOT NULL DEFAULT FALSE;

CREATE UNIQUE INDEX contacts_source_external ON contacts(source, external_id) WHERE external_id <> '';
CREATE UNIQUE INDEX orders_source_external ON orders(source, external_id) WHERE external_id <> '';
CREATE UNIQUE INDEX opportunities_source_external ON opportunities(source, external_id) WHERE external_id <> '';
CREATE UNIQUE INDEX invoices_source_external ON invoices(source, external_id) WHERE external_id <> '';
CREATE UNIQUE INDEX payments_source_external ON payments(source, external_id) WHERE external_id <> '';
CREATE UNIQUE INDEX activities_source_external ON activities(source, external_id) WHERE external_id <> '';

CREATE TABLE import_runs (
    id ID_PK,
    user_id BIGINT REFERENCES users(id),
    kind TEXT NOT NULL,
    source TEXT NOT NULL,
    files TEXT NOT NULL DEFAULT '',
    dry_run BOOLEAN NOT NULL DEFAULT FALSE,
    status TEXT NOT NULL CHECK (status IN ('running','done','failed')),
    -- The summary as JSON: per kind new, changed, unchanged, rejected.
    summary TEXT NOT NULL DEFAULT '{}',
    message TEXT NOT NULL DEFAULT '',
    started_at TSTZ NOT NULL,
    finished_at TSTZ
);
CREATE INDEX import_runs_started ON import_runs(started_at);

-- Import profiles users saved: a named mapping of columns to fields, as JSON.
CREATE TABLE import_profiles (
    name TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    saved_by BIGINT REFERENCES users(id),
    saved_at TSTZ NOT NULL
);

-- Probable duplicates waiting for a person to decide.
CREATE TABLE account_duplicates (
    id ID_PK,
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    candidate_id BIGINT NOT NULL REFERENCES accounts(id),
    score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    reasons TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','merged','dismissed')),
    created_at TSTZ NOT NULL,
    decided_at TSTZ,
    decided_by BIGINT REFERENCES users(id),
    CHECK (account_id <> candidate_id)
);
CREATE UNIQUE INDEX account_duplicates_pair ON account_duplicates(account_id, candidate_id);
CREATE INDEX account_duplicates_status ON account_duplicates(status, score);

-- A merge moves records from the merged account to the survivor; body lists
-- what moved (as JSON) so that the merge can be undone.
CREATE TABLE account_merges (
    id ID_PK,
    survivor_id BIGINT NOT NULL REFERENCES accounts(id),
    merged_id BIGINT NOT NULL REFERENCES accounts(id),
    body TEXT NOT NULL,
    merged_by BIGINT REFERENCES users(id),
    merged_at TSTZ NOT NULL,
    undone_at TSTZ,
    undone_by BIGINT REFERENCES users(id)
);
CREATE INDEX account_merges_survivor ON account_merges(survivor_id);

-- +goose Down
DROP TABLE account_merges;
DROP TABLE account_duplicates;
DROP TABLE import_runs;
DROP TABLE import_profiles;
DROP INDEX activities_source_external;
DROP INDEX payments_source_external;
DROP INDEX invoices_source_external;
DROP INDEX opportunities_source_external;
DROP INDEX orders_source_external;
DROP INDEX contacts_source_external;
DROP INDEX accounts_match_key;
ALTER TABLE account_external_ids DROP COLUMN attached;
ALTER TABLE accounts DROP COLUMN match_key;
