-- The open pipeline's sums, kept by triggers (#5, SQLite only): the
-- pipeline page totals every open deal a user may see per stage and
-- currency, which at 200,000 accounts meant reading some 190,000 deals and
-- their accounts on every view. These sums are keyed by what the scope and
-- the page's filters test — the account's owner and org unit, the deal's
-- owner, stage, currency and month of its close date ('' for none) — so
-- that a total is a sum over a few hundred rows (store/pipeline_sums.go).
-- A deal counts while it is open (closed_at and deleted_at NULL) on an
-- account that is not deleted. weighted is amount × probability, in
-- hundredths. Rows whose deals fall to 0 stay and are skipped.
--
-- PostgreSQL has no twin: there, concurrent writers would queue on the
-- rows of the same sums, and the page reads the deals as before.

-- +goose Up
CREATE TABLE pipeline_sums (
    owner_id BIGINT NOT NULL,
    org_unit_id BIGINT NOT NULL,
    deal_owner_id BIGINT NOT NULL,
    stage TEXT NOT NULL,
    currency TEXT NOT NULL,
    close_month TEXT NOT NULL,
    deals BIGINT NOT NULL,
    amount BIGINT NOT NULL,
    weighted BIGINT NOT NULL,
    PRIMARY KEY (owner_id, org_unit_id, deal_owner_id, stage, currency, close_month)
) WITHOUT ROWID;

INSERT INTO pipeline_sums (owner_id, org_unit_id, deal_owner_id, stage, currency, close_month, deals, amount, weighted)
SELECT COALESCE(a.owner_id, 0), COALESCE(a.org_unit_id, 0), COALESCE(o.owner_id, 0), o.stage, o.currency, COALESCE(substr(o.close_date, 1, 7), ''),
    COUNT(*), SUM(o.amount), SUM(o.amount * o.probability)
FROM opportunities o JOIN accounts a ON a.id = o.account_id
WHERE o.closed_at IS NULL AND o.deleted_at IS NULL AND a.deleted_at IS NULL
GROUP BY 1, 2, 3, 4, 5, 6;

-- +goose StatementBegin
CREATE TRIGGER opportunities_sums_insert AFTER INSERT ON opportunities
WHEN NEW.closed_at IS NULL AND NEW.deleted_at IS NULL
BEGIN
    INSERT INTO pipeline_sums (owner_id, org_unit_id, deal_owner_id, stage, currency, close_month, deals, amount, weighted)
    SELECT COALESCE(a.owner_id, 0), COALESCE(a.org_unit_id, 0), COALESCE(NEW.owner_id, 0), NEW.stage, NEW.currency, COALESCE(substr(NEW.close_date, 1, 7), ''),
        1, NEW.amount, NEW.amount * NEW.probability
    FROM accounts a WHERE a.id = NEW.account_id AND a.deleted_at IS NULL
    ON CONFLICT DO UPDATE SET deals = deals + excluded.deals, amount = amount + excluded.amount, weighted = weighted + excluded.weighted;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER opportunities_sums_delete AFTER DELETE ON opportunities
WHEN OLD.closed_at IS NULL AND OLD.deleted_at IS NULL
BEGIN
    INSERT INTO pipeline_sums (owner_id, org_unit_id, deal_owner_id, stage, currency, close_month, deals, amount, weighted)
    SELECT COALESCE(a.owner_id, 0), COALESCE(a.org_unit_id, 0), COALESCE(OLD.owner_id, 0), OLD.stage, OLD.currency, COALESCE(substr(OLD.close_date, 1, 7), ''),
        -1, -OLD.amount, -OLD.amount * OLD.probability
    FROM accounts a WHERE a.id = OLD.account_id AND a.deleted_at IS NULL
    ON CONFLICT DO UPDATE SET deals = deals + excluded.deals, amount = amount + excluded.amount, weighted = weighted + excluded.weighted;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER opportunities_sums_update AFTER UPDATE OF account_id, owner_id, stage, currency, amount, probability, close_date, closed_at, deleted_at ON opportunities
BEGIN
    INSERT INTO pipeline_sums (owner_id, org_unit_id, deal_owner_id, stage, currency, close_month, deals, amount, weighted)
    SELECT COALESCE(a.owner_id, 0), COALESCE(a.org_unit_id, 0), COALESCE(OLD.owner_id, 0), OLD.stage, OLD.currency, COALESCE(substr(OLD.close_date, 1, 7), ''),
        -1, -OLD.amount, -OLD.amount * OLD.probability
    FROM accounts a WHERE a.id = OLD.account_id AND a.deleted_at IS NULL AND OLD.closed_at IS NULL AND OLD.deleted_at IS NULL
    ON CONFLICT DO UPDATE SET deals = deals + excluded.deals, amount = amount + excluded.amount, weighted = weighted + excluded.weighted;
    INSERT INTO pipeline_sums (owner_id, org_unit_id, deal_owner_id, stage, currency, close_month, deals, amount, weighted)
    SELECT COALESCE(a.owner_id, 0), COALESCE(a.org_unit_id, 0), COALESCE(NEW.owner_id, 0), NEW.stage, NEW.currency, COALESCE(substr(NEW.close_date, 1, 7), ''),
        1, NEW.amount, NEW.amount * NEW.probability
    FROM accounts a WHERE a.id = NEW.account_id AND a.deleted_at IS NULL AND NEW.closed_at IS NULL AND NEW.deleted_at IS NULL
    ON CONFLICT DO UPDATE SET deals = deals + excluded.deals, amount = amount + excluded.amount, weighted = weighted + excluded.weighted;
END;
-- +goose StatementEnd

-- An account's open deals move with its owner, its org unit and its
-- deletion.
-- +goose StatementBegin
CREATE TRIGGER accounts_sums_update AFTER UPDATE OF owner_id, org_unit_id, deleted_at ON accounts
WHEN OLD.owner_id IS NOT NEW.owner_id OR OLD.org_unit_id IS NOT NEW.org_unit_id OR (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)
BEGIN
    INSERT INTO pipeline_sums (owner_id, org_unit_id, deal_owner_id, stage, currency, close_month, deals, amount, weighted)
    SELECT COALESCE(OLD.owner_id, 0), COALESCE(OLD.org_unit_id, 0), COALESCE(o.owner_id, 0), o.stage, o.currency, COALESCE(substr(o.close_date, 1, 7), ''),
        -COUNT(*), -SUM(o.amount), -SUM(o.amount * o.probability)
    FROM opportunities o WHERE o.account_id = OLD.id AND o.closed_at IS NULL AND o.deleted_at IS NULL AND OLD.deleted_at IS NULL
    GROUP BY 3, 4, 5, 6
    ON CONFLICT DO UPDATE SET deals = deals + excluded.deals, amount = amount + excluded.amount, weighted = weighted + excluded.weighted;
    INSERT INTO pipeline_sums (owner_id, org_unit_id, deal_owner_id, stage, currency, close_month, deals, amount, weighted)
    SELECT COALESCE(NEW.owner_id, 0), COALESCE(NEW.org_unit_id, 0), COALESCE(o.owner_id, 0), o.stage, o.currency, COALESCE(substr(o.close_date, 1, 7), ''),
        COUNT(*), SUM(o.amount), SUM(o.amount * o.probability)
    FROM opportunities o WHERE o.account_id = NEW.id AND o.closed_at IS NULL AND o.deleted_at IS NULL AND NEW.deleted_at IS NULL
    GROUP BY 3, 4, 5, 6
    ON CONFLICT DO UPDATE SET deals = deals + excluded.deals, amount = amount + excluded.amount, weighted = weighted + excluded.weighted;
END;
-- +goose StatementEnd

-- The recently closed deals the page totals too, read from the index alone
-- but for their accounts' scope.
CREATE INDEX opportunities_closed ON opportunities(closed_at, account_id, stage, currency, owner_id, amount, probability)
    WHERE closed_at IS NOT NULL AND deleted_at IS NULL;

-- +goose Down
DROP INDEX opportunities_closed;
DROP TRIGGER accounts_sums_update;
DROP TRIGGER opportunities_sums_update;
DROP TRIGGER opportunities_sums_delete;
DROP TRIGGER opportunities_sums_insert;
DROP TABLE pipeline_sums;
