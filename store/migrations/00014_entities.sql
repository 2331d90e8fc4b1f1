-- The JSON API of products, contracts, users and org units (#7, item 1).
--
-- Products, users and org units get the version that every other editable
-- record has, so that a PATCH through the API names the version it started
-- from and a change made meanwhile is refused rather than overwritten.
-- Lists of products page by SKU or name, and filter by family.

-- +goose Up
ALTER TABLE products ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE org_units ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE INDEX products_name ON products(name, id);
CREATE INDEX products_family ON products(family);

-- +goose Down
DROP INDEX products_family;
DROP INDEX products_name;
ALTER TABLE org_units DROP COLUMN version;
ALTER TABLE users DROP COLUMN version;
ALTER TABLE products DROP COLUMN version;
