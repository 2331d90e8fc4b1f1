-- Visit and call cadence, attrition and cold-call lists (#8.6, #8.8).
--
-- cadence_days overrides the contact cadence of the account's tier (the
-- cadence setting); NULL takes the tier's. lost_at is the day the account
-- was lost, NULL unless its status is lost; lost_reason and
-- lost_competitor were there from the start.

-- +goose Up
ALTER TABLE accounts ADD COLUMN cadence_days INTEGER CHECK (cadence_days IS NULL OR (cadence_days >= 1 AND cadence_days <= 366));
ALTER TABLE accounts ADD COLUMN lost_at DATE;

-- Every loss of an account, for the attrition report: what was lost (the
-- trailing 12 months' revenue on the day), why, to whom, the win-back
-- planned (a day and a task for the owner) and the day it was won back.
CREATE TABLE account_losses (
    id ID_PK,
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    lost_on DATE NOT NULL,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    competitor TEXT NOT NULL DEFAULT '',
    revenue_12m BIGINT NOT NULL DEFAULT 0,
    currency TEXT NOT NULL,
    winback_on DATE,
    winback_note TEXT NOT NULL DEFAULT '',
    winback_task_id BIGINT REFERENCES tasks(id),
    won_back_on DATE,
    recorded_by BIGINT REFERENCES users(id),
    recorded_at TSTZ NOT NULL
);
CREATE INDEX account_losses_account ON account_losses(account_id, lost_on);
CREATE INDEX account_losses_lost_on ON account_losses(lost_on);
CREATE INDEX account_losses_won_back ON account_losses(won_back_on);

-- Cold-call lists: named lists of prospects, built from a filter and given
-- to an account manager to call.
CREATE TABLE call_lists (
    id ID_PK,
    name TEXT NOT NULL,
    assignee_id BIGINT NOT NULL REFERENCES users(id),
    created_by BIGINT REFERENCES users(id),
    filter TEXT NOT NULL DEFAULT '{}',
    version BIGINT NOT NULL DEFAULT 1,
    created_at TSTZ NOT NULL,
    deleted_at TSTZ
);
CREATE INDEX call_lists_assignee ON call_lists(assignee_id);

-- One prospect of a list, with what came of the call.
CREATE TABLE call_list_entries (
    list_id BIGINT NOT NULL REFERENCES call_lists(id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    outcome TEXT NOT NULL DEFAULT 'to_call' CHECK (outcome IN ('to_call','no_answer','interested','not_interested')),
    note TEXT NOT NULL DEFAULT '',
    opportunity_id BIGINT REFERENCES opportunities(id),
    called_at TSTZ,
    called_by BIGINT REFERENCES users(id),
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (list_id, account_id)
);
CREATE INDEX call_list_entries_account ON call_list_entries(account_id);

-- +goose Down
DROP TABLE call_list_entries;
DROP TABLE call_lists;
DROP TABLE account_losses;
ALTER TABLE accounts DROP COLUMN lost_at;
ALTER TABLE accounts DROP COLUMN cadence_days;
