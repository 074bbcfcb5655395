-- Deleting a record (only a draft can be: discarding it) has the engine
-- check that no row of a table that refers to records names it. Key
-- events and chronology entries had no index on their record, so each
-- discard read every key event in the council (see the PostgreSQL
-- migration of the same number). An index on each makes the check a
-- look-up.

-- +goose Up
CREATE INDEX key_events_record ON key_events (record_id);
CREATE INDEX chronology_entries_record ON chronology_entries (record_id);

-- +goose Down
DROP INDEX chronology_entries_record;
DROP INDEX key_events_record;
