-- The whole case file as one PDF, asked for on the case and made in the
-- background: who asked, for which period, how far the making has got
-- (records gathered of the total, then printing), and the PDF, kept for
-- a week (kith.CaseFileKeepDays) and then dropped, the row staying to say
-- so.

-- +goose Up
CREATE TABLE case_file_exports (
    id            TEXT PRIMARY KEY,
    case_id       TEXT NOT NULL REFERENCES cases (id),
    from_date     DATE,
    to_date       DATE,
    requested_by  TEXT NOT NULL REFERENCES users (id),
    requested_at  TIMESTAMPTZ NOT NULL,
    started_at    TIMESTAMPTZ,
    heard_at      TIMESTAMPTZ,
    finished_at   TIMESTAMPTZ,
    done          INTEGER NOT NULL DEFAULT 0,
    total         INTEGER NOT NULL DEFAULT 0,
    printing      BOOLEAN NOT NULL DEFAULT FALSE,
    error         TEXT NOT NULL DEFAULT '',
    size          INTEGER NOT NULL DEFAULT 0,
    sha256        TEXT NOT NULL DEFAULT '',
    expired       BOOLEAN NOT NULL DEFAULT FALSE,
    content       BYTEA
);
CREATE INDEX case_file_exports_case ON case_file_exports (case_id, requested_at);
CREATE INDEX case_file_exports_waiting ON case_file_exports (requested_at) WHERE finished_at IS NULL;

-- +goose Down
DROP TABLE case_file_exports;
