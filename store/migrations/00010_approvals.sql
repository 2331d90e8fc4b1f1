-- Discount approvals: discount_requests (in 00001) gains what routing and
-- deciding need: the level and the reason it was routed to its approver,
-- the counter depth and the depth granted, who decided, and a version, so
-- that two approvers deciding at once never both apply (the decision is a
-- guarded UPDATE on status and version). Every step of a request (asked,
-- approved, rejected, countered, accepted, withdrawn) is a row of
-- discount_steps; the audit log has them too.

-- +goose Up
ALTER TABLE discount_requests ADD COLUMN approver_level TEXT NOT NULL DEFAULT 'manager';
ALTER TABLE discount_requests ADD COLUMN route_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE discount_requests ADD COLUMN counter_bp BIGINT;
ALTER TABLE discount_requests ADD COLUMN granted_bp BIGINT;
-- decided_by is a user id, without REFERENCES: SQLite cannot drop such a column again.
ALTER TABLE discount_requests ADD COLUMN decided_by BIGINT;
ALTER TABLE discount_requests ADD COLUMN updated_at TSTZ;
ALTER TABLE discount_requests ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
-- Requests written before this migration: last changed when decided, and an
-- approved one granted the depth asked, so that price erosion allows for it.
UPDATE discount_requests SET updated_at = COALESCE(decided_at, created_at),
    granted_bp = CASE WHEN status = 'approved' THEN depth_bp END;
CREATE INDEX discount_requests_requester ON discount_requests(requester_id, status);
CREATE INDEX discount_requests_status ON discount_requests(status, account_id);

CREATE TABLE discount_steps (
    id ID_PK,
    request_id BIGINT NOT NULL REFERENCES discount_requests(id),
    at TSTZ NOT NULL,
    actor_id BIGINT REFERENCES users(id),
    action TEXT NOT NULL CHECK (action IN ('request','approve','reject','counter','accept','withdraw')),
    depth_bp BIGINT NOT NULL DEFAULT 0,
    comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX discount_steps_request ON discount_steps(request_id, id);

-- +goose Down
DROP TABLE discount_steps;
DROP INDEX discount_requests_status;
DROP INDEX discount_requests_requester;
ALTER TABLE discount_requests DROP COLUMN version;
ALTER TABLE discount_requests DROP COLUMN updated_at;
ALTER TABLE discount_requests DROP COLUMN decided_by;
ALTER TABLE discount_requests DROP COLUMN granted_bp;
ALTER TABLE discount_requests DROP COLUMN counter_bp;
ALTER TABLE discount_requests DROP COLUMN route_reason;
ALTER TABLE discount_requests DROP COLUMN approver_level;
