-- Account plans, as kam runs them: a plan is deleted to the bin like other
-- records and has a budget agreed with the company beside the one agreed
-- with the client; an account has at most one active plan. Actions are
-- marked done on a day, competitors have a position at the account, and a
-- reference case or key message supports any number of the plan's
-- objectives. A review records who looked at the plan, when, and the
-- version they saw, so that the next review shows what changed since.

-- +goose Up
ALTER TABLE account_plans ADD COLUMN deleted_at TSTZ;
ALTER TABLE account_plans ADD COLUMN company_budget BIGINT NOT NULL DEFAULT 0;
ALTER TABLE account_plans ADD COLUMN created_by BIGINT;
CREATE UNIQUE INDEX account_plans_one_active ON account_plans(account_id) WHERE status = 'active' AND deleted_at IS NULL;
CREATE INDEX account_plans_next_review ON account_plans(next_review, id) WHERE deleted_at IS NULL;

ALTER TABLE plan_items ADD COLUMN standing TEXT NOT NULL DEFAULT '';
ALTER TABLE plan_items ADD COLUMN done_on DATE;
-- A removed item is kept, out of the plan, so that its id is never taken by
-- another item (SQLite reuses the highest rowid) and revisions compare by id.
ALTER TABLE plan_items ADD COLUMN removed_at TSTZ;

-- The objectives an item supports.
CREATE TABLE plan_item_links (
    item_id BIGINT NOT NULL REFERENCES plan_items(id) ON DELETE CASCADE,
    objective_id BIGINT NOT NULL REFERENCES plan_items(id) ON DELETE CASCADE,
    PRIMARY KEY (item_id, objective_id)
);
CREATE INDEX plan_item_links_objective ON plan_item_links(objective_id);

CREATE TABLE plan_reviews (
    id ID_PK,
    plan_id BIGINT NOT NULL REFERENCES account_plans(id) ON DELETE CASCADE,
    reviewed_by BIGINT REFERENCES users(id),
    reviewed_at TSTZ NOT NULL,
    -- version is the plan's version the review saved; since_version the
    -- version of the review before (or the plan's first).
    version BIGINT NOT NULL,
    since_version BIGINT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX plan_reviews_plan ON plan_reviews(plan_id, id);

-- +goose Down
DROP TABLE plan_reviews;
DROP TABLE plan_item_links;
ALTER TABLE plan_items DROP COLUMN removed_at;
ALTER TABLE plan_items DROP COLUMN done_on;
ALTER TABLE plan_items DROP COLUMN standing;
DROP INDEX account_plans_next_review;
DROP INDEX account_plans_one_active;
ALTER TABLE account_plans DROP COLUMN created_by;
ALTER TABLE account_plans DROP COLUMN company_budget;
ALTER TABLE account_plans DROP COLUMN deleted_at;
