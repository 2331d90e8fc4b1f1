-- Webhooks: subscriptions, the outbox of events written in the same
-- transaction as the change they report, and one delivery per event and
-- subscription, which the dispatcher (package webhook) sends and retries.

-- +goose Up
-- secret is the signing key itself (an HMAC needs it); the API shows it
-- once, on creation. events is a comma list of event names.
CREATE TABLE webhooks (
    id ID_PK,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    events TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    disabled_reason TEXT NOT NULL DEFAULT '',
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at TSTZ NOT NULL,
    updated_at TSTZ NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);

-- payload is the event's data as JSON text.
CREATE TABLE webhook_events (
    id ID_PK,
    event TEXT NOT NULL,
    entity_id BIGINT NOT NULL DEFAULT 0,
    payload TEXT NOT NULL,
    created_at TSTZ NOT NULL
);

-- A pending delivery is due at next_attempt_at; a dispatcher claims it by
-- moving next_attempt_at past its request's timeout, so that no other sends
-- it meanwhile. attempts counts the attempts made (claimed).
CREATE TABLE webhook_deliveries (
    id ID_PK,
    webhook_id BIGINT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    event_id BIGINT NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE,
    attempts INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL CHECK (status IN ('pending','succeeded','failed')),
    next_attempt_at TSTZ NOT NULL,
    last_status_code INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    response_ms INTEGER NOT NULL DEFAULT 0,
    created_at TSTZ NOT NULL,
    delivered_at TSTZ
);
-- The dispatcher's "due deliveries": only pending ones are in the index.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at) WHERE status = 'pending';
-- A webhook's delivery log, newest first; and its pending ones, to end them
-- when it is disabled.
CREATE INDEX webhook_deliveries_log ON webhook_deliveries(webhook_id, id);
CREATE INDEX webhook_deliveries_event ON webhook_deliveries(event_id);
-- Pruning finished deliveries and their events past the retention.
CREATE INDEX webhook_deliveries_created ON webhook_deliveries(created_at);
CREATE INDEX webhook_events_created ON webhook_events(created_at);

-- +goose Down
DROP TABLE webhook_deliveries;
DROP TABLE webhook_events;
DROP TABLE webhooks;
