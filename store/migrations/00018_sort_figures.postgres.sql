-- The account list sorted by a figure of its roll-up (#5): see
-- 00018_sort_figures.sqlite.sql, which this file follows but for the
-- trigger and the column types.

-- +goose Up
INSERT INTO account_rollups (account_id, as_of, body, tree_body, computed_at)
    SELECT a.id, CAST(a.created_at AS DATE), '', '', a.created_at FROM accounts a
    WHERE NOT EXISTS (SELECT 1 FROM account_rollups r WHERE r.account_id = a.id);

-- +goose StatementBegin
CREATE FUNCTION accounts_rollup_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO account_rollups (account_id, as_of, body, tree_body, computed_at)
        VALUES (NEW.id, CAST(NEW.created_at AS DATE), '', '', NEW.created_at) ON CONFLICT (account_id) DO NOTHING;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER accounts_rollup_row AFTER INSERT ON accounts FOR EACH ROW EXECUTE FUNCTION accounts_rollup_row();

ALTER TABLE account_rollups ADD COLUMN sort_health INTEGER GENERATED ALWAYS AS (COALESCE(health, -1)) STORED;
ALTER TABLE account_rollups ADD COLUMN sort_last_order DATE GENERATED ALWAYS AS (COALESCE(last_order, DATE '0001-01-01')) STORED;
ALTER TABLE account_rollups ADD COLUMN sort_last_contact DATE GENERATED ALWAYS AS (COALESCE(last_contact, DATE '0001-01-01')) STORED;

DROP INDEX account_rollups_revenue;
CREATE INDEX account_rollups_revenue ON account_rollups(revenue_12m, account_id);
CREATE INDEX account_rollups_health ON account_rollups(sort_health, account_id);
CREATE INDEX account_rollups_last_order ON account_rollups(sort_last_order, account_id);
CREATE INDEX account_rollups_last_contact ON account_rollups(sort_last_contact, account_id);

-- +goose Down
DROP INDEX account_rollups_last_contact;
DROP INDEX account_rollups_last_order;
DROP INDEX account_rollups_health;
DROP INDEX account_rollups_revenue;
CREATE INDEX account_rollups_revenue ON account_rollups(revenue_12m);
ALTER TABLE account_rollups DROP COLUMN sort_last_contact;
ALTER TABLE account_rollups DROP COLUMN sort_last_order;
ALTER TABLE account_rollups DROP COLUMN sort_health;
DROP TRIGGER accounts_rollup_row ON accounts;
DROP FUNCTION accounts_rollup_row();
DELETE FROM account_rollups WHERE body = '';
