-- Drafts keep everything typed. records.typed holds, as JSON by form
-- field name, what a writer typed into fields that cannot be read yet (a
-- date that is not real, a time like 25:00); a final record has none.
-- record_versions.autosave marks versions the page saved by itself: a run
-- of autosaves is kept as one version every few minutes (kith.KeepsVersion).

-- +goose Up
ALTER TABLE records ADD COLUMN typed TEXT;
ALTER TABLE record_versions ADD COLUMN typed TEXT;
ALTER TABLE record_versions ADD COLUMN autosave BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE record_versions DROP COLUMN autosave;
ALTER TABLE record_versions DROP COLUMN typed;
ALTER TABLE records DROP COLUMN typed;
