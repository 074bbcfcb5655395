-- Chronologies: a key event made by a record links to it, the significant
-- records of a case are indexed in date order, and curated chronologies
-- are kept with their entries. The SQLite migration with the same
-- number makes the same changes for SQLite.

-- +goose Up
-- The record a "recorded" key event (a court hearing, a change of
-- placement) was written as: the chronology shows the event once, links
-- to the record, and leaves it out once the record is withdrawn. Key
-- events written before this column existed are matched to their record
-- by the moment it was finalised (when the key event was made), its author
-- and its headline, which the key event's summary ends with.
ALTER TABLE key_events ADD COLUMN record_id TEXT REFERENCES records (id);
UPDATE key_events SET record_id = COALESCE(
    (SELECT r.id FROM records r WHERE r.case_id = key_events.case_id AND r.status = 'final'
        AND r.finalised_at = key_events.created_at AND r.author_id = key_events.by_user_id
        AND (key_events.summary = r.headline OR key_events.summary LIKE '%: ' || r.headline) ORDER BY r.id LIMIT 1),
    (SELECT r.id FROM records r WHERE r.case_id = key_events.case_id AND r.status <> 'final' AND r.status = 'withdrawn'
        AND r.finalised_at = key_events.created_at AND r.author_id = key_events.by_user_id
        AND (key_events.summary = r.headline OR key_events.summary LIKE '%: ' || r.headline) ORDER BY r.id LIMIT 1))
WHERE kind = 'recorded';

-- A case's significant final records in date order, with what the
-- automatic chronology shows of them: it reads a few hundred of a busy
-- case's thousands of records from the index alone, never from the rows
-- (which hold the records' text).
CREATE INDEX records_significant ON records (case_id, occurred_at) INCLUDE (id, author_id, template_key, template_version, headline)
    WHERE status = 'final' AND significant = TRUE;

-- A curated chronology: built by a worker for a purpose, a draft until it
-- is finished, and read-only then until it is reopened.
CREATE TABLE chronologies (
    id           TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases (id),
    title        TEXT NOT NULL,
    purpose      TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('draft', 'finished')),
    analysis     TEXT NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 1,
    copied_from  TEXT REFERENCES chronologies (id),
    created_at   TIMESTAMPTZ NOT NULL,
    created_by   TEXT NOT NULL REFERENCES users (id),
    updated_at   TIMESTAMPTZ NOT NULL,
    updated_by   TEXT NOT NULL REFERENCES users (id),
    finished_at  TIMESTAMPTZ,
    finished_by  TEXT REFERENCES users (id),
    reopened_at  TIMESTAMPTZ,
    reopened_by  TEXT REFERENCES users (id)
);
CREATE INDEX chronologies_case ON chronologies (case_id, created_at);

-- Its entries, copied from the automatic chronology as they read when
-- chosen (source_ref says which entry: record:, event: or allocation: and
-- an id), or typed from another source (source_ref empty).
CREATE TABLE chronology_entries (
    id             TEXT PRIMARY KEY,
    chronology_id  TEXT NOT NULL REFERENCES chronologies (id),
    source_ref     TEXT NOT NULL DEFAULT '',
    kind           TEXT NOT NULL,
    occurred_at    TIMESTAMPTZ NOT NULL,
    event          TEXT NOT NULL,
    source         TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    record_id      TEXT REFERENCES records (id),
    analysis       TEXT NOT NULL DEFAULT '',
    added_at       TIMESTAMPTZ NOT NULL,
    added_by       TEXT NOT NULL REFERENCES users (id)
);
CREATE INDEX chronology_entries_chronology ON chronology_entries (chronology_id, occurred_at);
CREATE UNIQUE INDEX chronology_entries_source ON chronology_entries (chronology_id, source_ref) WHERE source_ref <> '';

-- +goose Down
DROP TABLE chronology_entries;
DROP TABLE chronologies;
DROP INDEX records_significant;
ALTER TABLE key_events DROP COLUMN record_id;
