-- Trigram indexes for substring search (#5): the search page and the
-- account and contact lists filtered by text match part of a name in any
-- case ("smi", "acme gmb"), which a B-tree index cannot serve. Each table
-- searched gets an FTS5 table of trigrams, keyed by the row's id:
--   accounts_search       accounts.search_name
--   contacts_search       contacts.search_name and email
--   opportunities_search  opportunities.name
-- The tables hold no copy of the text (content='') and no positions
-- (detail=none): a match gives candidate ids, which the query then tests
-- with the same LIKE as before, so the index may give more rows than match
-- but never fewer (see store/search_index.go). Triggers keep them true on
-- every write: insert, rename and hard delete. Soft-deleted rows stay
-- indexed; the lists leave them out by deleted_at. The .postgres twin
-- uses pg_trgm instead.
--
-- A text that many rows hold is found by walking a list's own order and
-- testing each row (see store/search_index.go). The walks read these
-- indexes, which hold what the test reads, so that only the rows that
-- match are read from their tables: contacts by name (with the email) and
-- deals in the search page's order (open first, by close date, with the
-- name). Accounts walk accounts_search_name.

-- +goose Up
CREATE VIRTUAL TABLE accounts_search USING fts5(search_name, tokenize = 'trigram case_sensitive 0', content = '', contentless_delete = 1, detail = none);
CREATE VIRTUAL TABLE contacts_search USING fts5(search_name, email, tokenize = 'trigram case_sensitive 0', content = '', contentless_delete = 1, detail = none);
CREATE VIRTUAL TABLE opportunities_search USING fts5(name, tokenize = 'trigram case_sensitive 0', content = '', contentless_delete = 1, detail = none);

CREATE INDEX contacts_search_walk ON contacts(search_name, id, email) WHERE deleted_at IS NULL;
CREATE INDEX opportunities_search_order ON opportunities((CASE WHEN stage IN ('won', 'lost') THEN 1 ELSE 0 END), close_date, id, account_id, name)
    WHERE deleted_at IS NULL;

INSERT INTO accounts_search (rowid, search_name) SELECT id, search_name FROM accounts;
INSERT INTO contacts_search (rowid, search_name, email) SELECT id, search_name, email FROM contacts;
INSERT INTO opportunities_search (rowid, name) SELECT id, name FROM opportunities;

-- +goose StatementBegin
CREATE TRIGGER accounts_search_insert AFTER INSERT ON accounts BEGIN
    INSERT INTO accounts_search (rowid, search_name) VALUES (NEW.id, NEW.search_name);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER accounts_search_update AFTER UPDATE OF search_name ON accounts WHEN NEW.search_name IS NOT OLD.search_name BEGIN
    DELETE FROM accounts_search WHERE rowid = OLD.id;
    INSERT INTO accounts_search (rowid, search_name) VALUES (NEW.id, NEW.search_name);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER accounts_search_delete AFTER DELETE ON accounts BEGIN
    DELETE FROM accounts_search WHERE rowid = OLD.id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER contacts_search_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contacts_search (rowid, search_name, email) VALUES (NEW.id, NEW.search_name, NEW.email);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER contacts_search_update AFTER UPDATE OF search_name, email ON contacts
WHEN NEW.search_name IS NOT OLD.search_name OR NEW.email IS NOT OLD.email BEGIN
    DELETE FROM contacts_search WHERE rowid = OLD.id;
    INSERT INTO contacts_search (rowid, search_name, email) VALUES (NEW.id, NEW.search_name, NEW.email);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER contacts_search_delete AFTER DELETE ON contacts BEGIN
    DELETE FROM contacts_search WHERE rowid = OLD.id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER opportunities_search_insert AFTER INSERT ON opportunities BEGIN
    INSERT INTO opportunities_search (rowid, name) VALUES (NEW.id, NEW.name);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER opportunities_search_update AFTER UPDATE OF name ON opportunities WHEN NEW.name IS NOT OLD.name BEGIN
    DELETE FROM opportunities_search WHERE rowid = OLD.id;
    INSERT INTO opportunities_search (rowid, name) VALUES (NEW.id, NEW.name);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER opportunities_search_delete AFTER DELETE ON opportunities BEGIN
    DELETE FROM opportunities_search WHERE rowid = OLD.id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER opportunities_search_delete;
DROP TRIGGER opportunities_search_update;
DROP TRIGGER opportunities_search_insert;
DROP TRIGGER contacts_search_delete;
DROP TRIGGER contacts_search_update;
DROP TRIGGER contacts_search_insert;
DROP TRIGGER accounts_search_delete;
DROP TRIGGER accounts_search_update;
DROP TRIGGER accounts_search_insert;
DROP INDEX opportunities_search_order;
DROP INDEX contacts_search_walk;
DROP TABLE opportunities_search;
DROP TABLE contacts_search;
DROP TABLE accounts_search;
