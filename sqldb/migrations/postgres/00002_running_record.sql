-- The running record: templates, records (drafts, final and withdrawn),
-- the saved versions of drafts, addenda, attachments and the full-text
-- index (a tsvector column with a GIN index).

-- +goose Up
CREATE TABLE record_templates (
    key         TEXT NOT NULL,
    version     INTEGER NOT NULL,
    name        TEXT NOT NULL,
    definition  TEXT NOT NULL,
    builtin     BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  TIMESTAMPTZ NOT NULL,
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
    occurred_at       TIMESTAMPTZ,
    occurred_until    TIMESTAMPTZ,
    location          TEXT NOT NULL DEFAULT '',
    significant       BOOLEAN NOT NULL DEFAULT FALSE,
    status            TEXT NOT NULL CHECK (status IN ('draft', 'final', 'withdrawn')),
    content           TEXT NOT NULL,
    body              TEXT NOT NULL DEFAULT '',
    search_doc        TSVECTOR,
    version           INTEGER NOT NULL DEFAULT 1,
    author_id         TEXT NOT NULL REFERENCES users (id),
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    finalised_at      TIMESTAMPTZ,
    content_hash      TEXT NOT NULL DEFAULT '',
    withdrawn_at      TIMESTAMPTZ,
    withdrawn_by      TEXT REFERENCES users (id),
    withdraw_reason   TEXT NOT NULL DEFAULT '',
    -- Used by SQLite's full-text index; kept here so both engines share
    -- the same columns.
    search_rowid      BIGINT,
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
CREATE INDEX records_search ON records USING GIN (search_doc) WHERE status = 'final';

CREATE TABLE record_versions (
    record_id       TEXT NOT NULL REFERENCES records (id),
    version         INTEGER NOT NULL,
    saved_at        TIMESTAMPTZ NOT NULL,
    saved_by        TEXT NOT NULL REFERENCES users (id),
    headline        TEXT NOT NULL,
    occurred_at     TIMESTAMPTZ,
    content         TEXT NOT NULL,
    PRIMARY KEY (record_id, version)
);

CREATE TABLE record_addenda (
    id          TEXT PRIMARY KEY,
    record_id   TEXT NOT NULL REFERENCES records (id),
    text        TEXT NOT NULL,
    author_id   TEXT NOT NULL REFERENCES users (id),
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX record_addenda_record ON record_addenda (record_id, created_at);

CREATE TABLE attachments (
    id             TEXT PRIMARY KEY,
    case_id        TEXT NOT NULL REFERENCES cases (id),
    record_id      TEXT REFERENCES records (id),
    filename       TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    size           BIGINT NOT NULL,
    sha256         TEXT NOT NULL,
    description    TEXT NOT NULL,
    received_on    DATE NOT NULL,
    provided_by    TEXT NOT NULL,
    provided_role  TEXT NOT NULL DEFAULT '',
    uploaded_by    TEXT NOT NULL REFERENCES users (id),
    uploaded_at    TIMESTAMPTZ NOT NULL,
    data           BYTEA,
    path           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX attachments_record ON attachments (record_id);
CREATE INDEX attachments_case ON attachments (case_id);

-- A final record can never be changed: only withdrawn, by setting the
-- withdrawal columns and nothing else. This holds for every code path.
-- +goose StatementBegin
CREATE FUNCTION records_final_locked() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' THEN
            RAISE EXCEPTION 'a final record cannot be deleted';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status <> 'draft' AND NOT (
        OLD.status = 'final' AND NEW.status = 'withdrawn'
        AND (NEW.id, NEW.case_id, NEW.group_id, NEW.template_key, NEW.template_version, NEW.headline, NEW.occurred_at,
             NEW.occurred_until, NEW.location, NEW.significant, NEW.content, NEW.body, NEW.search_doc, NEW.version, NEW.author_id,
             NEW.created_at, NEW.updated_at, NEW.finalised_at, NEW.content_hash, NEW.search_rowid)
            IS NOT DISTINCT FROM
            (OLD.id, OLD.case_id, OLD.group_id, OLD.template_key, OLD.template_version, OLD.headline, OLD.occurred_at,
             OLD.occurred_until, OLD.location, OLD.significant, OLD.content, OLD.body, OLD.search_doc, OLD.version, OLD.author_id,
             OLD.created_at, OLD.updated_at, OLD.finalised_at, OLD.content_hash, OLD.search_rowid)) THEN
        RAISE EXCEPTION 'a final record cannot be changed';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd

CREATE TRIGGER records_final_locked BEFORE UPDATE OR DELETE ON records
    FOR EACH ROW EXECUTE FUNCTION records_final_locked();

CREATE TRIGGER record_versions_no_update BEFORE UPDATE ON record_versions
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER record_addenda_no_update BEFORE UPDATE OR DELETE ON record_addenda
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

-- +goose Down
DROP TABLE attachments;
DROP TABLE record_addenda;
DROP TABLE record_versions;
DROP TABLE records;
DROP FUNCTION records_final_locked();
DROP TABLE record_templates;
