-- Case summaries (seeds 000 and 002). A summary is a record on a summary
-- template; beside it are the reason and period it was started with and
-- the facts gathered from the record (JSON, as kith.SummaryFacts), kept
-- so the practitioner writes beside the same facts the summary is
-- finalised with, and what the last gathering changed. A manager's
-- countersignature, when the council asks for one, is kept here too.
-- summary_sharing is each time a finalised summary was shared with the
-- family, with their comments in their own words.
-- allocations.summary_shown_at is when the worker a case was transferred
-- to was first taken to its latest summary.

-- +goose Up
CREATE TABLE case_summaries (
    record_id         TEXT PRIMARY KEY REFERENCES records (id),
    case_id           TEXT NOT NULL REFERENCES cases (id),
    reason            TEXT NOT NULL CHECK (reason IN ('periodic', 'closure', 'transfer', 'other')),
    period_from       DATE NOT NULL,
    period_to         DATE NOT NULL,
    overlap_reason    TEXT NOT NULL DEFAULT '',
    facts             TEXT NOT NULL,
    changes           TEXT NOT NULL DEFAULT '[]',
    gathered_at       TIMESTAMP NOT NULL,
    gathered_by       TEXT REFERENCES users (id),
    sign_off_needed   BOOLEAN NOT NULL DEFAULT FALSE,
    signed_off_by     TEXT REFERENCES users (id),
    signed_off_at     TIMESTAMP,
    sign_off_comment  TEXT NOT NULL DEFAULT '',
    CHECK (period_to >= period_from)
);
CREATE INDEX case_summaries_case ON case_summaries (case_id, period_to);

CREATE TABLE summary_sharing (
    id           TEXT PRIMARY KEY,
    record_id    TEXT NOT NULL REFERENCES case_summaries (record_id),
    shared_on    DATE NOT NULL,
    how          TEXT NOT NULL,
    with_whom    TEXT NOT NULL,
    comments     TEXT NOT NULL DEFAULT '',
    written_by   TEXT NOT NULL CHECK (written_by IN ('family', 'practitioner')),
    recorded_by  TEXT REFERENCES users (id),
    recorded_at  TIMESTAMP NOT NULL
);
CREATE INDEX summary_sharing_record ON summary_sharing (record_id, shared_on);

ALTER TABLE allocations ADD COLUMN summary_shown_at TIMESTAMP;

-- +goose Down
ALTER TABLE allocations DROP COLUMN summary_shown_at;
DROP TABLE summary_sharing;
DROP TABLE case_summaries;
