-- Deleting a record (only a draft can be: discarding it) has the engine
-- check that no row of a table that refers to records names it. Key
-- events and chronology entries had no index on their record, so each
-- discard read every key event in the council: about 75 ms on the full
-- synthetic council (430,000 key events), and more as the council grows.
-- An index on each makes the check a look-up. On the full council this
-- takes about a second, during which key events cannot be written.

-- +goose Up
CREATE INDEX key_events_record ON key_events (record_id) WHERE record_id IS NOT NULL;
CREATE INDEX chronology_entries_record ON chronology_entries (record_id) WHERE record_id IS NOT NULL;

-- +goose Down
DROP INDEX chronology_entries_record;
DROP INDEX key_events_record;
