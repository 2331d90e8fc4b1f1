-- Targets set and changed by people (#8.2): quotas per person and org unit,
-- objectives per account. Each target now has a version (an edit from an
-- older one is refused), who set it and when it last changed, a soft delete,
-- and what its attainment counts: orders (net revenue, the default) or won
-- deals. Targets loaded before keep their rows: version 1, counted on orders.

-- +goose Up
ALTER TABLE targets ADD COLUMN basis TEXT NOT NULL DEFAULT 'orders';
ALTER TABLE targets ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE targets ADD COLUMN created_by BIGINT;
ALTER TABLE targets ADD COLUMN updated_at TSTZ;
ALTER TABLE targets ADD COLUMN deleted_at TSTZ;
UPDATE targets SET updated_at = created_at;

-- +goose Down
ALTER TABLE targets DROP COLUMN deleted_at;
ALTER TABLE targets DROP COLUMN updated_at;
ALTER TABLE targets DROP COLUMN created_by;
ALTER TABLE targets DROP COLUMN version;
ALTER TABLE targets DROP COLUMN basis;
