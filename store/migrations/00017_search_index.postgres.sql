-- Trigram indexes for substring search (#5): see
-- 00017_search_index.sqlite.sql. Here pg_trgm's GIN indexes serve the
-- lists' LIKE directly, on the very expressions the queries test, and the
-- planner weighs them against walking the list's order.
--
-- pg_trgm is a trusted extension (PostgreSQL 13 and later): the database
-- owner may create it. It goes into the public schema when it can, else
-- into the current one, and an existing installation is reused wherever it
-- is; the operator classes are named with their schema, so that the
-- indexes do not depend on search_path.

-- +goose Up
-- +goose StatementBegin
DO $$
DECLARE
    ext TEXT;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        BEGIN
            CREATE EXTENSION pg_trgm SCHEMA public;
        EXCEPTION WHEN insufficient_privilege OR invalid_schema_name THEN
            BEGIN
                CREATE EXTENSION pg_trgm;
            EXCEPTION WHEN insufficient_privilege THEN
                RAISE EXCEPTION 'kam needs the pg_trgm extension for search'
                    USING HINT = 'Ask a database administrator to run CREATE EXTENSION pg_trgm in this database, then run kam migrate again.';
            END;
        END;
    END IF;
    SELECT n.nspname INTO ext FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
    EXECUTE format('CREATE INDEX accounts_search_trgm ON accounts USING gin (search_name %I.gin_trgm_ops)', ext);
    EXECUTE format('CREATE INDEX contacts_search_trgm ON contacts USING gin (search_name %I.gin_trgm_ops)', ext);
    EXECUTE format('CREATE INDEX contacts_email_trgm ON contacts USING gin (LOWER(email) %I.gin_trgm_ops)', ext);
    EXECUTE format('CREATE INDEX opportunities_name_trgm ON opportunities USING gin (LOWER(name) %I.gin_trgm_ops)', ext);
END
$$;
-- +goose StatementEnd
CREATE INDEX opportunities_search_order ON opportunities((CASE WHEN stage IN ('won', 'lost') THEN 1 ELSE 0 END), close_date, id)
    WHERE deleted_at IS NULL;

-- +goose Down
DROP INDEX opportunities_search_order;
DROP INDEX opportunities_name_trgm;
DROP INDEX contacts_email_trgm;
DROP INDEX contacts_search_trgm;
DROP INDEX accounts_search_trgm;
