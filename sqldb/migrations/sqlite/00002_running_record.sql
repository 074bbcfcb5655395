-- The running record: templates, records (drafts, final and withdrawn),
-- the saved versions of drafts, addenda, attachments and the full-text
-- index. The PostgreSQL migration with the same number creates the same
-- tables with native types.

-- +goose Up
CREATE TABLE record_templates (
    key         TEXT NOT NULL,
    version     INTEGER NOT NULL,
    name        TEXT NOT NULL,
    definition  TEXT NOT NULL,
    builtin     BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  TIMESTAMP NOT NULL,
    created_by  TEXT REFERENCES users (id),
    PRIMARY KEY (key, version)
);

CREATE TABLE records (
    id                TEXT PRIMARY KEY,
    case_id           TEXT NOT NULL REFERENCES cases (id),
    group_id          TEXT,
    template_key      TEXT NOT NULL,
    template_version  INTEGER NOT NULL,
    headline          TEXT NOT NULL DEFAULT '',
    occurred_at       TIMESTAMP,
    occurred_until    TIMESTAMP,
    location          TEXT NOT NULL DEFAULT '',
    significant       BOOLEAN NOT NULL DEFAULT FALSE,
    status            TEXT NOT NULL CHECK (status IN ('draft', 'final', 'withdrawn')),
    content           TEXT NOT NULL,
    body              TEXT NOT NULL DEFAULT '',
    version           INTEGER NOT NULL DEFAULT 1,
    author_id         TEXT NOT NULL REFERENCES users (id),
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    finalised_at      TIMESTAMP,
    content_hash      TEXT NOT NULL DEFAULT '',
    withdrawn_at      TIMESTAMP,
    withdrawn_by      TEXT REFERENCES users (id),
    withdraw_reason   TEXT NOT NULL DEFAULT '',
    -- The record's row in the full-text index, numbered in the order
    -- records were finalised: search walks the index newest first and
    -- stops as soon as it has a page.
    search_rowid      INTEGER,
    FOREIGN KEY (template_key, template_version) REFERENCES record_templates (key, version)
);
CREATE INDEX records_running ON records (case_id, occurred_at, id) WHERE status = 'final';
CREATE INDEX records_case_other ON records (case_id, status) WHERE status <> 'final';
CREATE INDEX records_drafts ON records (author_id, updated_at) WHERE status = 'draft';
CREATE INDEX records_group ON records (group_id) WHERE group_id IS NOT NULL;
CREATE INDEX records_template ON records (template_key, template_version);
-- Who has written on a case (the running record's author filter), read
-- from the index alone rather than from thousands of records.
CREATE INDEX records_case_author ON records (case_id, author_id) WHERE status = 'final';
CREATE UNIQUE INDEX records_search_rowid ON records (search_rowid) WHERE search_rowid IS NOT NULL;

CREATE TABLE record_versions (
    record_id       TEXT NOT NULL REFERENCES records (id),
    version         INTEGER NOT NULL,
    saved_at        TIMESTAMP NOT NULL,
    saved_by        TEXT NOT NULL REFERENCES users (id),
    headline        TEXT NOT NULL,
    occurred_at     TIMESTAMP,
    content         TEXT NOT NULL,
    PRIMARY KEY (record_id, version)
);

CREATE TABLE record_addenda (
    id          TEXT PRIMARY KEY,
    record_id   TEXT NOT NULL REFERENCES records (id),
    text        TEXT NOT NULL,
    author_id   TEXT NOT NULL REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX record_addenda_record ON record_addenda (record_id, created_at);

CREATE TABLE attachments (
    id             TEXT PRIMARY KEY,
    case_id        TEXT NOT NULL REFERENCES cases (id),
    record_id      TEXT REFERENCES records (id),
    filename       TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    size           INTEGER NOT NULL,
    sha256         TEXT NOT NULL,
    description    TEXT NOT NULL,
    received_on    DATE NOT NULL,
    provided_by    TEXT NOT NULL,
    provided_role  TEXT NOT NULL DEFAULT '',
    uploaded_by    TEXT NOT NULL REFERENCES users (id),
    uploaded_at    TIMESTAMP NOT NULL,
    data           BLOB,
    path           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX attachments_record ON attachments (record_id);
CREATE INDEX attachments_case ON attachments (case_id);

-- Full-text index of final records, its rowid the record's search_rowid.
-- The porter stemmer matches "visits" to "visit", as PostgreSQL's english
-- configuration does.
-- The case column holds one word naming the record's case (see
-- caseWord in sqldb/recordsearch.go), so a search within a caseload or a
-- team is one more condition the index answers itself.
CREATE VIRTUAL TABLE record_search USING fts5 (record_id UNINDEXED, headline, body, case_word, tokenize = 'porter unicode61 remove_diacritics 2');

-- A final record can never be changed: only withdrawn, by setting the
-- withdrawal columns and nothing else. This holds for every code path,
-- including ones not yet written.
-- +goose StatementBegin
CREATE TRIGGER records_final_locked BEFORE UPDATE ON records
WHEN OLD.status <> 'draft' AND NOT (
    OLD.status = 'final' AND NEW.status = 'withdrawn'
    AND NEW.id IS OLD.id AND NEW.case_id IS OLD.case_id AND NEW.group_id IS OLD.group_id
    AND NEW.template_key IS OLD.template_key AND NEW.template_version IS OLD.template_version
    AND NEW.headline IS OLD.headline AND NEW.occurred_at IS OLD.occurred_at AND NEW.occurred_until IS OLD.occurred_until
    AND NEW.location IS OLD.location AND NEW.significant IS OLD.significant AND NEW.content IS OLD.content
    AND NEW.body IS OLD.body AND NEW.version IS OLD.version AND NEW.author_id IS OLD.author_id
    AND NEW.created_at IS OLD.created_at AND NEW.updated_at IS OLD.updated_at
    AND NEW.finalised_at IS OLD.finalised_at AND NEW.content_hash IS OLD.content_hash AND NEW.search_rowid IS OLD.search_rowid)
BEGIN
    SELECT RAISE(ABORT, 'a final record cannot be changed');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER records_final_kept BEFORE DELETE ON records WHEN OLD.status <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'a final record cannot be deleted');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER record_versions_no_update BEFORE UPDATE ON record_versions
BEGIN
    SELECT RAISE(ABORT, 'record_versions is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER record_addenda_no_update BEFORE UPDATE ON record_addenda
BEGIN
    SELECT RAISE(ABORT, 'record_addenda is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER record_addenda_no_delete BEFORE DELETE ON record_addenda
BEGIN
    SELECT RAISE(ABORT, 'record_addenda is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE record_search;
DROP TABLE attachments;
DROP TABLE record_addenda;
DROP TABLE record_versions;
DROP TABLE records;
DROP TABLE record_templates;
