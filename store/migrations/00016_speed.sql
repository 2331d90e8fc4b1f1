-- Indexes for the pages that read a whole portfolio's contacts (#5): the
-- call plan, the contact queue and cadence compliance read each account's
-- calls, visits, meetings and emails by day. Notes and deleted activities
-- are left out of the index, so that those reads never touch the table.

-- +goose Up
CREATE INDEX activities_contacts ON activities(account_id, occurred_at) WHERE deleted_at IS NULL AND kind <> 'note';

-- +goose Down
DROP INDEX activities_contacts;
