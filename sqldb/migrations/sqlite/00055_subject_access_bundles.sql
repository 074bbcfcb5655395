-- Subject access bundles: the child's record gathered for a request, page
-- by page (each page's text as it was when gathered, so the redactions'
-- places in it hold), the redactions Kith proposed and the reviewer added
-- with each decision, and, once finalised, the disclosed PDF. The
-- redaction log is the redactions table itself.

-- +goose Up
CREATE TABLE sar_bundles (
    request_id       TEXT PRIMARY KEY REFERENCES subject_access_requests (id),
    gathered_by      TEXT NOT NULL REFERENCES users (id),
    gathered_at      TIMESTAMP NOT NULL,
    finalised_by     TEXT REFERENCES users (id),
    finalised_at     TIMESTAMP,
    disclosed_pdf    BLOB,
    disclosed_sha256 TEXT NOT NULL DEFAULT ''
);
CREATE TABLE sar_bundle_parts (
    request_id   TEXT NOT NULL REFERENCES subject_access_requests (id),
    seq          INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    source_id    TEXT NOT NULL,
    title        TEXT NOT NULL,
    occurred_on  DATE,
    blocks       TEXT NOT NULL,
    reviewed_by  TEXT REFERENCES users (id),
    reviewed_at  TIMESTAMP,
    PRIMARY KEY (request_id, seq)
);
CREATE TABLE sar_redactions (
    id          TEXT PRIMARY KEY,
    request_id  TEXT NOT NULL REFERENCES subject_access_requests (id),
    seq         INTEGER NOT NULL,
    block_key   TEXT NOT NULL,
    start_at    INTEGER NOT NULL,
    end_at      INTEGER NOT NULL,
    text        TEXT NOT NULL,
    reason      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    origin      TEXT NOT NULL,
    decision    TEXT NOT NULL DEFAULT '',
    decided_by  TEXT REFERENCES users (id),
    decided_at  TIMESTAMP
);
CREATE INDEX sar_redactions_page ON sar_redactions (request_id, seq);

-- +goose Down
DROP TABLE sar_redactions;
DROP TABLE sar_bundle_parts;
DROP TABLE sar_bundles;
