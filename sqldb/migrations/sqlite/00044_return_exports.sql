-- Statutory returns made from the web page or the API: asked for by a
-- service manager, made in the background by the first server to claim
-- one (a claim ten minutes old and unfinished is claimed again: its
-- server stopped), and kept, with who asked and when, for 30 days.

-- +goose Up
CREATE TABLE return_exports (
    id            TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    year          TEXT NOT NULL,
    requested_by  TEXT REFERENCES users (id),
    requested_at  TIMESTAMP NOT NULL,
    started_at    TIMESTAMP,
    finished_at   TIMESTAMP,
    error         TEXT NOT NULL DEFAULT '',
    children      INTEGER NOT NULL DEFAULT 0,
    episodes      INTEGER NOT NULL DEFAULT 0,
    file_name     TEXT NOT NULL DEFAULT '',
    size          INTEGER NOT NULL DEFAULT 0,
    content       BLOB
);
CREATE INDEX return_exports_requested ON return_exports (requested_at);

-- +goose Down
DROP TABLE return_exports;
