-- kam's schema for the whole product. One source for both engines: the
-- migration loader replaces these words per dialect before running it:
--   ID_PK  an auto-numbered 64-bit primary key
--   TSTZ   a UTC timestamp
-- Money columns are BIGINT in ten-thousandths of a currency unit.

-- +goose Up
CREATE TABLE org_units (
    id ID_PK,
    parent_id BIGINT REFERENCES org_units(id),
    kind TEXT NOT NULL CHECK (kind IN ('global','region','country','territory')),
    name TEXT NOT NULL,
    created_at TSTZ NOT NULL
);
CREATE INDEX org_units_parent ON org_units(parent_id);

CREATE TABLE users (
    id ID_PK,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL CHECK (role IN ('admin','director','kam','am','viewer')),
    org_unit_id BIGINT REFERENCES org_units(id),
    manager_id BIGINT REFERENCES users(id),
    password_hash TEXT NOT NULL DEFAULT '',
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TSTZ NOT NULL,
    updated_at TSTZ NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TSTZ NOT NULL,
    last_seen_at TSTZ NOT NULL,
    expires_at TSTZ NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id ID_PK,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL DEFAULT '',
    token_hash TEXT NOT NULL UNIQUE,
    read_only BOOLEAN NOT NULL DEFAULT FALSE,
    expires_at TSTZ,
    last_used_at TSTZ,
    revoked_at TSTZ,
    created_at TSTZ NOT NULL
);

CREATE TABLE accounts (
    id ID_PK,
    parent_id BIGINT REFERENCES accounts(id),
    name TEXT NOT NULL,
    legal_name TEXT NOT NULL DEFAULT '',
    normalized_name TEXT NOT NULL,
    search_name TEXT NOT NULL,
    tax_id TEXT NOT NULL DEFAULT '',
    industry TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL DEFAULT '',
    segment TEXT NOT NULL DEFAULT '',
    tier TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('prospect','onboarding','active','at_risk','lost')),
    lost_reason TEXT NOT NULL DEFAULT '',
    lost_competitor TEXT NOT NULL DEFAULT '',
    owner_id BIGINT REFERENCES users(id),
    org_unit_id BIGINT REFERENCES org_units(id),
    currency TEXT NOT NULL,
    custom_fields TEXT NOT NULL DEFAULT '{}',
    -- Copies of account_external_ids and account_domains in display form, so
    -- that reading an account is one row; the store rewrites them whenever
    -- those tables change (see store/identity.go).
    external_ids TEXT NOT NULL DEFAULT '',
    domains TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL DEFAULT 1,
    created_at TSTZ NOT NULL,
    updated_at TSTZ NOT NULL,
    deleted_at TSTZ
);
CREATE INDEX accounts_parent ON accounts(parent_id);
CREATE INDEX accounts_owner ON accounts(owner_id);
CREATE INDEX accounts_org_unit ON accounts(org_unit_id);
CREATE INDEX accounts_search_name ON accounts(search_name, id);
CREATE INDEX accounts_normalized_name ON accounts(normalized_name);
CREATE INDEX accounts_updated ON accounts(updated_at, id);
CREATE INDEX accounts_created ON accounts(created_at, id);
CREATE INDEX accounts_tax_id ON accounts(tax_id);

CREATE TABLE account_external_ids (
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    external_id TEXT NOT NULL,
    PRIMARY KEY (source, external_id)
);
CREATE INDEX account_external_ids_account ON account_external_ids(account_id);
CREATE INDEX account_external_ids_external ON account_external_ids(external_id);

CREATE TABLE account_domains (
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    domain TEXT NOT NULL,
    PRIMARY KEY (account_id, domain)
);
CREATE INDEX account_domains_domain ON account_domains(domain);

-- Tenure: who owned an account from when to when.
CREATE TABLE account_assignments (
    id ID_PK,
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    started_at TSTZ NOT NULL,
    ended_at TSTZ,
    assigned_by BIGINT REFERENCES users(id),
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX account_assignments_account ON account_assignments(account_id, started_at);

CREATE TABLE account_team_members (
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL DEFAULT '',
    access TEXT NOT NULL DEFAULT 'read' CHECK (access IN ('read','edit')),
    added_at TSTZ NOT NULL,
    PRIMARY KEY (account_id, user_id)
);
CREATE INDEX account_team_members_user ON account_team_members(user_id, account_id);

CREATE TABLE contacts (
    id ID_PK,
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    search_name TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    seniority TEXT NOT NULL DEFAULT '',
    buying_role TEXT NOT NULL DEFAULT '',
    reports_to BIGINT REFERENCES contacts(id),
    strength INTEGER NOT NULL DEFAULT 0 CHECK (strength BETWEEN 0 AND 5),
    left_company BOOLEAN NOT NULL DEFAULT FALSE,
    left_at TSTZ,
    source TEXT NOT NULL DEFAULT '',
    external_id TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL DEFAULT 1,
    created_at TSTZ NOT NULL,
    updated_at TSTZ NOT NULL,
    deleted_at TSTZ
);
CREATE INDEX contacts_account ON contacts(account_id);
CREATE INDEX contacts_search_name ON contacts(search_name);
CREATE INDEX contacts_external ON contacts(source, external_id);

CREATE TABLE activities (
    id ID_PK,
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    kind TEXT NOT NULL CHECK (kind IN ('call','visit','meeting','email','note')),
    occurred_at TSTZ NOT NULL,
    user_id BIGINT REFERENCES users(id),
    subject TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL DEFAULT '',
    next_step TEXT NOT NULL DEFAULT '',
    next_step_due DATE,
    source TEXT NOT NULL DEFAULT '',
    external_id TEXT NOT NULL DEFAULT '',
    created_at TSTZ NOT NULL,
    deleted_at TSTZ
);
CREATE INDEX activities_account ON activities(account_id, occurred_at);

CREATE TABLE activity_contacts (
    activity_id BIGINT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    contact_id BIGINT NOT NULL REFERENCES contacts(id),
    PRIMARY KEY (activity_id, contact_id)
);

CREATE TABLE tasks (
    id ID_PK,
    account_id BIGINT REFERENCES accounts(id),
    assignee_id BIGINT NOT NULL REFERENCES users(id),
    title TEXT NOT NULL,
    due DATE,
    done_at TSTZ,
    created_at TSTZ NOT NULL,
    deleted_at TSTZ
);
CREATE INDEX tasks_assignee ON tasks(assignee_id, due);
CREATE INDEX tasks_account ON tasks(account_id);

CREATE TABLE products (
    id ID_PK,
    sku TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    family TEXT NOT NULL DEFAULT '',
    list_price BIGINT NOT NULL DEFAULT 0,
    currency TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TSTZ NOT NULL
);

CREATE TABLE orders (
    id ID_PK,
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    source TEXT NOT NULL DEFAULT '',
    external_id TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('order','credit_note')),
    order_date DATE NOT NULL,
    currency TEXT NOT NULL,
    total BIGINT NOT NULL DEFAULT 0,
    delivery_status TEXT NOT NULL DEFAULT 'delivered',
    created_at TSTZ NOT NULL
);
CREATE INDEX orders_account_date ON orders(account_id, order_date);
CREATE INDEX orders_external ON orders(source, external_id);

CREATE TABLE order_lines (
    id ID_PK,
    order_id BIGINT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    line_no INTEGER NOT NULL,
    product_id BIGINT REFERENCES products(id),
    description TEXT NOT NULL DEFAULT '',
    quantity BIGINT NOT NULL,
    unit_price BIGINT NOT NULL,
    discount_bp BIGINT NOT NULL DEFAULT 0,
    amount BIGINT NOT NULL
);
CREATE INDEX order_lines_order ON order_lines(order_id);
CREATE INDEX order_lines_product ON order_lines(product_id);

CREATE TABLE invoices (
    id ID_PK,
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    order_id BIGINT REFERENCES orders(id),
    number TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    external_id TEXT NOT NULL DEFAULT '',
    issued_on DATE NOT NULL,
    due_on DATE NOT NULL,
    amount BIGINT NOT NULL,
    currency TEXT NOT NULL,
    paid_on DATE,
    created_at TSTZ NOT NULL
);
CREATE INDEX invoices_account ON invoices(account_id, issued_on);

CREATE TABLE payments (
    id ID_PK,
    invoice_id BIGINT NOT NULL REFERENCES invoices(id),
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    paid_on DATE NOT NULL,
    amount BIGINT NOT NULL,
    currency TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    external_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX payments_invoice ON payments(invoice_id);
CREATE INDEX payments_account ON payments(account_id);

CREATE TABLE opportunities (
    id ID_PK,
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('new','upsell','cross_sell','renewal','new_product')),
    stage TEXT NOT NULL,
    amount BIGINT NOT NULL DEFAULT 0,
    currency TEXT NOT NULL,
    probability INTEGER NOT NULL DEFAULT 0 CHECK (probability BETWEEN 0 AND 100),
    close_date DATE,
    owner_id BIGINT REFERENCES users(id),
    competitor TEXT NOT NULL DEFAULT '',
    lost_reason TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    external_id TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL DEFAULT 1,
    created_at TSTZ NOT NULL,
    updated_at TSTZ NOT NULL,
    closed_at TSTZ,
    deleted_at TSTZ
);
CREATE INDEX opportunities_account ON opportunities(account_id);
CREATE INDEX opportunities_stage ON opportunities(stage, close_date);
CREATE INDEX opportunities_external ON opportunities(source, external_id);

CREATE TABLE opportunity_products (
    opportunity_id BIGINT NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
    product_id BIGINT NOT NULL REFERENCES products(id),
    quantity BIGINT NOT NULL DEFAULT 1,
    amount BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (opportunity_id, product_id)
);

CREATE TABLE contracts (
    id ID_PK,
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    value BIGINT NOT NULL DEFAULT 0,
    currency TEXT NOT NULL,
    auto_renew BOOLEAN NOT NULL DEFAULT FALSE,
    renewal_terms TEXT NOT NULL DEFAULT '',
    notice_days INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('draft','active','expired','terminated')),
    version BIGINT NOT NULL DEFAULT 1,
    created_at TSTZ NOT NULL,
    deleted_at TSTZ
);
CREATE INDEX contracts_account ON contracts(account_id);
CREATE INDEX contracts_end ON contracts(end_date);

CREATE TABLE cases (
    id ID_PK,
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    contact_id BIGINT REFERENCES contacts(id),
    kind TEXT NOT NULL CHECK (kind IN ('complaint','conflict','question','technical')),
    severity TEXT NOT NULL DEFAULT 'medium' CHECK (severity IN ('low','medium','high','critical')),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','in_progress','waiting','resolved','closed')),
    subject TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    owner_id BIGINT REFERENCES users(id),
    opened_at TSTZ NOT NULL,
    due DATE,
    resolved_at TSTZ,
    satisfaction INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
    version BIGINT NOT NULL DEFAULT 1,
    deleted_at TSTZ
);
CREATE INDEX cases_account ON cases(account_id, status);

CREATE TABLE targets (
    id ID_PK,
    user_id BIGINT REFERENCES users(id),
    org_unit_id BIGINT REFERENCES org_units(id),
    account_id BIGINT REFERENCES accounts(id),
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    kind TEXT NOT NULL DEFAULT 'revenue',
    amount BIGINT NOT NULL DEFAULT 0,
    currency TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at TSTZ NOT NULL,
    CHECK (period_end >= period_start)
);
CREATE INDEX targets_user ON targets(user_id, period_start);
CREATE INDEX targets_org_unit ON targets(org_unit_id, period_start);
CREATE INDEX targets_account ON targets(account_id, period_start);

CREATE TABLE account_plans (
    id ID_PK,
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    title TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','active','archived')),
    period_start DATE,
    period_end DATE,
    budget BIGINT NOT NULL DEFAULT 0,
    currency TEXT NOT NULL,
    review_every_days INTEGER NOT NULL DEFAULT 90,
    next_review DATE,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TSTZ NOT NULL,
    updated_at TSTZ NOT NULL
);
CREATE INDEX account_plans_account ON account_plans(account_id);

CREATE TABLE plan_items (
    id ID_PK,
    plan_id BIGINT NOT NULL REFERENCES account_plans(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('objective','strategy','key_message','reference_case','competitor','action')),
    title TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    measure TEXT NOT NULL DEFAULT '',
    rating TEXT NOT NULL DEFAULT '' CHECK (rating IN ('','strong','weak')),
    owner_id BIGINT REFERENCES users(id),
    due DATE,
    linked_id BIGINT REFERENCES plan_items(id),
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX plan_items_plan ON plan_items(plan_id, position);

-- Each saved revision of a plan, as JSON, so that reviews can show what changed.
CREATE TABLE plan_revisions (
    plan_id BIGINT NOT NULL REFERENCES account_plans(id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    saved_by BIGINT REFERENCES users(id),
    saved_at TSTZ NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (plan_id, version)
);

CREATE TABLE discount_requests (
    id ID_PK,
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    opportunity_id BIGINT REFERENCES opportunities(id),
    contract_id BIGINT REFERENCES contracts(id),
    requester_id BIGINT NOT NULL REFERENCES users(id),
    approver_id BIGINT REFERENCES users(id),
    kind TEXT NOT NULL DEFAULT 'promotional',
    depth_bp BIGINT NOT NULL CHECK (depth_bp BETWEEN 0 AND 10000),
    product_ids TEXT NOT NULL DEFAULT '',
    starts_on DATE,
    ends_on DATE,
    reason TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected','countered','withdrawn')),
    comment TEXT NOT NULL DEFAULT '',
    decided_at TSTZ,
    created_at TSTZ NOT NULL
);
CREATE INDEX discount_requests_account ON discount_requests(account_id);
CREATE INDEX discount_requests_approver ON discount_requests(approver_id, status);

CREATE TABLE flags (
    id ID_PK,
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    kind TEXT NOT NULL,
    cause TEXT NOT NULL,
    severity TEXT NOT NULL DEFAULT 'medium',
    evidence TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open','acknowledged','resolved','dismissed')),
    reason TEXT NOT NULL DEFAULT '',
    raised_at TSTZ NOT NULL,
    updated_at TSTZ NOT NULL
);
CREATE INDEX flags_account ON flags(account_id, state);
CREATE INDEX flags_cause ON flags(account_id, cause, state);

-- Append-only: no interface updates or deletes these rows.
CREATE TABLE audit_log (
    id ID_PK,
    at TSTZ NOT NULL,
    actor_id BIGINT REFERENCES users(id),
    channel TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    action TEXT NOT NULL,
    field TEXT NOT NULL DEFAULT '',
    old_value TEXT NOT NULL DEFAULT '',
    new_value TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id, at);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE flags;
DROP TABLE discount_requests;
DROP TABLE plan_revisions;
DROP TABLE plan_items;
DROP TABLE account_plans;
DROP TABLE targets;
DROP TABLE cases;
DROP TABLE contracts;
DROP TABLE opportunity_products;
DROP TABLE opportunities;
DROP TABLE payments;
DROP TABLE invoices;
DROP TABLE order_lines;
DROP TABLE orders;
DROP TABLE products;
DROP TABLE tasks;
DROP TABLE activity_contacts;
DROP TABLE activities;
DROP TABLE contacts;
DROP TABLE account_team_members;
DROP TABLE account_assignments;
DROP TABLE account_domains;
DROP TABLE account_external_ids;
DROP TABLE accounts;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE org_units;
