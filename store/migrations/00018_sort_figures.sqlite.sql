-- The account list sorted by a figure of its roll-up (#5): revenue, health,
-- priority, last order or last contact. A large book's page walks an index
-- of that figure, in either direction, and stops at the page, rather than
-- read and sort the figure of every account in scope.
--
-- For the walk to meet every account, every account has a roll-up row: the
-- insert of an account writes an empty one (body '', no figures: what the
-- list shows for an account never computed) until its first recompute
-- fills it. The figures a list treats as "none" sort by generated keys
-- (health -1, days '0001-01-01'), so that the key and the account id
-- order a walk and continue its cursor. This file and its .postgres twin
-- differ only in the trigger and the column types.

-- +goose Up
INSERT INTO account_rollups (account_id, as_of, body, tree_body, computed_at)
    SELECT a.id, date(a.created_at), '', '', a.created_at FROM accounts a
    WHERE NOT EXISTS (SELECT 1 FROM account_rollups r WHERE r.account_id = a.id);

-- +goose StatementBegin
CREATE TRIGGER accounts_rollup_row AFTER INSERT ON accounts BEGIN
    INSERT OR IGNORE INTO account_rollups (account_id, as_of, body, tree_body, computed_at)
        VALUES (NEW.id, date(NEW.created_at), '', '', NEW.created_at);
END;
-- +goose StatementEnd

ALTER TABLE account_rollups ADD COLUMN sort_health INTEGER GENERATED ALWAYS AS (COALESCE(health, -1)) VIRTUAL;
ALTER TABLE account_rollups ADD COLUMN sort_last_order TEXT GENERATED ALWAYS AS (COALESCE(last_order, '0001-01-01')) VIRTUAL;
ALTER TABLE account_rollups ADD COLUMN sort_last_contact TEXT GENERATED ALWAYS AS (COALESCE(last_contact, '0001-01-01')) VIRTUAL;

DROP INDEX account_rollups_revenue;
CREATE INDEX account_rollups_revenue ON account_rollups(revenue_12m, account_id);
CREATE INDEX account_rollups_health ON account_rollups(sort_health, account_id);
CREATE INDEX account_rollups_last_order ON account_rollups(sort_last_order, account_id);
CREATE INDEX account_rollups_last_contact ON account_rollups(sort_last_contact, account_id);
-- account_rollups_queue (queue_score, account_id) serves the priority sort.

-- +goose Down
DROP INDEX account_rollups_last_contact;
DROP INDEX account_rollups_last_order;
DROP INDEX account_rollups_health;
DROP INDEX account_rollups_revenue;
CREATE INDEX account_rollups_revenue ON account_rollups(revenue_12m);
ALTER TABLE account_rollups DROP COLUMN sort_last_contact;
ALTER TABLE account_rollups DROP COLUMN sort_last_order;
ALTER TABLE account_rollups DROP COLUMN sort_health;
DROP TRIGGER accounts_rollup_row;
DELETE FROM account_rollups WHERE body = '';
