-- Timeliness: the council's calendar and clocks, the deadline each final
-- record was judged by, monthly counts for the record-timeliness report,
-- and the dates each case's clocks count from. The PostgreSQL migration
-- with the same number creates the same tables with native types.

-- +goose Up
-- Whether a record says harm or injury occurred or a risk was identified:
-- such records are due by the end of the next working day.
ALTER TABLE records ADD COLUMN risk_identified BOOLEAN NOT NULL DEFAULT FALSE;

-- The lock on final records now covers the new column too.
DROP TRIGGER records_final_locked;
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
    AND NEW.finalised_at IS OLD.finalised_at AND NEW.content_hash IS OLD.content_hash AND NEW.search_rowid IS OLD.search_rowid
    AND NEW.risk_identified IS OLD.risk_identified)
BEGIN
    SELECT RAISE(ABORT, 'a final record cannot be changed');
END;
-- +goose StatementEnd

-- Every version of the council's timeliness settings: the nation whose bank
-- holidays it keeps, its closure days and its clocks (JSON, checked by
-- kith.Policies.Check). The newest row is in force; older rows say what was
-- in force when.
CREATE TABLE timeliness_settings (
    version     INTEGER PRIMARY KEY,
    nation      TEXT NOT NULL,
    closures    TEXT NOT NULL,
    policies    TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    created_by  TEXT REFERENCES users (id)
);

-- The deadline a final record was judged by, written in the transaction
-- that finalised it and never changed: a later change of policy does not
-- rewrite how it was judged.
CREATE TABLE record_timeliness (
    record_id           TEXT PRIMARY KEY REFERENCES records (id),
    case_id             TEXT NOT NULL REFERENCES cases (id),
    team_id             TEXT NOT NULL,
    author_id           TEXT NOT NULL REFERENCES users (id),
    template_key        TEXT NOT NULL,
    risk_identified     BOOLEAN NOT NULL,
    event_on            DATE NOT NULL,
    due_on              DATE NOT NULL,
    clock_key           TEXT NOT NULL,
    rule                TEXT NOT NULL,
    finalised_on        DATE NOT NULL,
    working_days_taken  INTEGER NOT NULL,
    working_days_late   INTEGER NOT NULL,
    settings_version    INTEGER NOT NULL
);
CREATE INDEX record_timeliness_team ON record_timeliness (team_id, finalised_on);
CREATE INDEX record_timeliness_author ON record_timeliness (author_id, finalised_on);

-- Counts of final records by the month they were finalised, team, author,
-- template, risk and working days taken: the record-timeliness report reads
-- a few thousand of these rows rather than millions of records. Kept in the
-- transaction that finalises (and withdraws) a record.
CREATE TABLE timeliness_counts (
    month               TEXT NOT NULL,
    team_id             TEXT NOT NULL,
    author_id           TEXT NOT NULL,
    template_key        TEXT NOT NULL,
    risk_identified     BOOLEAN NOT NULL,
    working_days_taken  INTEGER NOT NULL,
    on_time             BOOLEAN NOT NULL,
    records             INTEGER NOT NULL,
    PRIMARY KEY (month, team_id, author_id, template_key, risk_identified, working_days_taken, on_time)
);

-- The dates a case's clocks count from, kept as records are finalised and
-- withdrawn, so that dashboards never read a case's whole running record.
CREATE TABLE case_facts (
    case_id             TEXT PRIMARY KEY REFERENCES cases (id),
    placement_on        DATE,
    last_visit_on       DATE,
    last_seen_on        DATE,
    last_seen_alone_on  DATE,
    last_summary_on     DATE,
    last_oversight_on   DATE
);

-- +goose StatementBegin
CREATE TRIGGER record_timeliness_no_update BEFORE UPDATE ON record_timeliness
BEGIN
    SELECT RAISE(ABORT, 'record_timeliness is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER timeliness_settings_no_update BEFORE UPDATE ON timeliness_settings
BEGIN
    SELECT RAISE(ABORT, 'timeliness_settings is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE case_facts;
DROP TABLE timeliness_counts;
DROP TABLE record_timeliness;
DROP TABLE timeliness_settings;
