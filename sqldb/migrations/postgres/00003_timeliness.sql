-- Timeliness: see the SQLite migration with the same number.

-- +goose Up
ALTER TABLE records ADD COLUMN risk_identified BOOLEAN NOT NULL DEFAULT FALSE;

-- The lock on final records, now written so that it covers every column,
-- including ones added later: only the status and the withdrawal columns
-- may change, and only from final to withdrawn.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION records_final_locked() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' THEN
            RAISE EXCEPTION 'a final record cannot be deleted';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status <> 'draft' AND NOT (
        OLD.status = 'final' AND NEW.status = 'withdrawn'
        AND to_jsonb(NEW) - 'status' - 'withdrawn_at' - 'withdrawn_by' - 'withdraw_reason'
            = to_jsonb(OLD) - 'status' - 'withdrawn_at' - 'withdrawn_by' - 'withdraw_reason') THEN
        RAISE EXCEPTION 'a final record cannot be changed';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd

CREATE TABLE timeliness_settings (
    version     INTEGER PRIMARY KEY,
    nation      TEXT NOT NULL,
    closures    JSONB NOT NULL,
    policies    JSONB NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL,
    created_by  TEXT REFERENCES users (id)
);

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

CREATE TABLE case_facts (
    case_id             TEXT PRIMARY KEY REFERENCES cases (id),
    placement_on        DATE,
    last_visit_on       DATE,
    last_seen_on        DATE,
    last_seen_alone_on  DATE,
    last_summary_on     DATE,
    last_oversight_on   DATE
);

CREATE TRIGGER record_timeliness_no_update BEFORE UPDATE OR DELETE ON record_timeliness
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER timeliness_settings_no_update BEFORE UPDATE OR DELETE ON timeliness_settings
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

-- +goose Down
DROP TABLE case_facts;
DROP TABLE timeliness_counts;
DROP TABLE record_timeliness;
DROP TABLE timeliness_settings;
ALTER TABLE records DROP COLUMN risk_identified;
