-- Onboarding checklists and campaigns (#8, items 5 and 7).
--
-- A checklist template's steps are one JSON array (title, owner role, offset
-- in days, dependencies by title): a template is edited and versioned as a
-- whole, and starting it copies its steps, so no query reads into them.
-- Starting a template on an account makes an onboarding with one step per
-- template step, each with its own task: the step is done when its task is.
-- A campaign makes one item per account in its scope; an item's owner is
-- its account's owner at the time it is read.

-- +goose Up
CREATE TABLE checklist_templates (
    id ID_PK,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    steps TEXT NOT NULL DEFAULT '[]',
    created_by BIGINT REFERENCES users(id),
    version BIGINT NOT NULL DEFAULT 1,
    created_at TSTZ NOT NULL,
    updated_at TSTZ NOT NULL,
    deleted_at TSTZ
);

CREATE TABLE onboardings (
    id ID_PK,
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    template_id BIGINT NOT NULL REFERENCES checklist_templates(id),
    template_version BIGINT NOT NULL,
    name TEXT NOT NULL,
    start_on DATE NOT NULL,
    started_by BIGINT REFERENCES users(id),
    version BIGINT NOT NULL DEFAULT 1,
    created_at TSTZ NOT NULL,
    updated_at TSTZ NOT NULL,
    deleted_at TSTZ
);
CREATE INDEX onboardings_account ON onboardings(account_id);

CREATE TABLE onboarding_steps (
    id ID_PK,
    onboarding_id BIGINT NOT NULL REFERENCES onboardings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    owner_role TEXT NOT NULL,
    team_role TEXT NOT NULL DEFAULT '',
    offset_days INTEGER NOT NULL DEFAULT 0,
    -- The positions of the steps this one waits for, comma-separated.
    depends_on TEXT NOT NULL DEFAULT '',
    due DATE NOT NULL,
    task_id BIGINT NOT NULL REFERENCES tasks(id),
    UNIQUE (onboarding_id, position)
);
CREATE INDEX onboarding_steps_task ON onboarding_steps(task_id);

CREATE TABLE campaigns (
    id ID_PK,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    product_id BIGINT REFERENCES products(id),
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    scope TEXT NOT NULL DEFAULT '{}',
    created_by BIGINT REFERENCES users(id),
    version BIGINT NOT NULL DEFAULT 1,
    created_at TSTZ NOT NULL,
    updated_at TSTZ NOT NULL,
    deleted_at TSTZ,
    CHECK (ends_on >= starts_on)
);

CREATE TABLE campaign_items (
    id ID_PK,
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    status TEXT NOT NULL DEFAULT 'to_present'
        CHECK (status IN ('to_present','presented','interested','not_relevant','won')),
    note TEXT NOT NULL DEFAULT '',
    updated_by BIGINT REFERENCES users(id),
    updated_at TSTZ NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    UNIQUE (campaign_id, account_id)
);
CREATE INDEX campaign_items_account ON campaign_items(account_id);

-- +goose Down
DROP TABLE campaign_items;
DROP TABLE campaigns;
DROP TABLE onboarding_steps;
DROP TABLE onboardings;
DROP TABLE checklist_templates;
