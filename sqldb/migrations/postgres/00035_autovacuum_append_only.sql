-- The record of truth and the access log only grow: final records, their
-- saved versions, chain links and timeliness rows, audit events and the
-- lists they name are never updated or deleted (the database refuses it),
-- and key events are only added. Autovacuum's defaults wait for a fifth of
-- a table to be new before vacuuming it for inserts (PostgreSQL 13 and
-- later), which on a council of three million records is six hundred
-- thousand records, months of writing. Until then the newest rows,
-- the ones practitioners read most, are not marked all-visible, so the
-- index-only scans Kith relies on (the chronology's significant events,
-- the timeliness counts) go to the table for each of them, and the
-- search index's list of pending entries is merged by whichever finalise
-- overflows it rather than by a vacuum. Vacuuming after 1% of new rows
-- keeps both small. Records also hold drafts, rewritten by every
-- autosave, so their dead versions are cleared after 2% rather than 20%.
-- Setting these takes a lock that lets reads and writes go on.

-- +goose Up
ALTER TABLE records SET (autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_vacuum_scale_factor = 0.02);
ALTER TABLE audit_events SET (autovacuum_vacuum_insert_scale_factor = 0.01);
ALTER TABLE audit_list_cases SET (autovacuum_vacuum_insert_scale_factor = 0.01);
ALTER TABLE chain_links SET (autovacuum_vacuum_insert_scale_factor = 0.01);
ALTER TABLE record_timeliness SET (autovacuum_vacuum_insert_scale_factor = 0.01);
ALTER TABLE key_events SET (autovacuum_vacuum_insert_scale_factor = 0.01);
ALTER TABLE record_versions SET (autovacuum_vacuum_insert_scale_factor = 0.01);
ALTER TABLE audit_listings SET (autovacuum_vacuum_insert_scale_factor = 0.01);

-- +goose Down
ALTER TABLE records RESET (autovacuum_vacuum_insert_scale_factor, autovacuum_vacuum_scale_factor);
ALTER TABLE audit_events RESET (autovacuum_vacuum_insert_scale_factor);
ALTER TABLE audit_list_cases RESET (autovacuum_vacuum_insert_scale_factor);
ALTER TABLE chain_links RESET (autovacuum_vacuum_insert_scale_factor);
ALTER TABLE record_timeliness RESET (autovacuum_vacuum_insert_scale_factor);
ALTER TABLE key_events RESET (autovacuum_vacuum_insert_scale_factor);
ALTER TABLE record_versions RESET (autovacuum_vacuum_insert_scale_factor);
ALTER TABLE audit_listings RESET (autovacuum_vacuum_insert_scale_factor);
