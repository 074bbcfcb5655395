-- Retention and disposal (kith.RetentionFor). Legal holds suspend a
-- case's disposal while they stand. A disposal is proposed by one
-- information governance officer and approved by another; approved, it
-- removes the case's content and stays as its tombstone: who proposed and
-- approved it, when, what kind of case it was and under which rule.
-- disposed_entries keeps, for each chain entry whose row went, the digest
-- the chain link was made from, so that kith verify still checks every
-- link across it.

-- +goose Up
CREATE TABLE legal_holds (
    id           TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases (id),
    reason       TEXT NOT NULL,
    placed_on    DATE NOT NULL,
    placed_by    TEXT NOT NULL REFERENCES users (id),
    placed_at    TIMESTAMPTZ NOT NULL,
    lifted_on    DATE,
    lifted_by    TEXT REFERENCES users (id),
    lifted_at    TIMESTAMPTZ,
    lift_reason  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX legal_holds_case ON legal_holds (case_id);

CREATE TABLE case_disposals (
    id              TEXT PRIMARY KEY,
    case_id         TEXT NOT NULL REFERENCES cases (id),
    case_reference  TEXT NOT NULL,
    kind            TEXT NOT NULL,
    rule            TEXT NOT NULL,
    kept_until      DATE NOT NULL,
    proposed_by     TEXT NOT NULL REFERENCES users (id),
    proposed_at     TIMESTAMPTZ NOT NULL,
    proposal_note   TEXT NOT NULL DEFAULT '',
    state           TEXT NOT NULL CHECK (state IN ('proposed', 'disposed', 'cancelled')),
    decided_by      TEXT REFERENCES users (id),
    decided_at      TIMESTAMPTZ,
    decision_note   TEXT NOT NULL DEFAULT '',
    records         INTEGER NOT NULL DEFAULT 0,
    files           INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX case_disposals_live ON case_disposals (case_id) WHERE state <> 'cancelled';

CREATE TABLE disposed_entries (
    chain         TEXT NOT NULL,
    subject_id    TEXT NOT NULL,
    entry_digest  TEXT NOT NULL,
    disposal_id   TEXT NOT NULL REFERENCES case_disposals (id),
    PRIMARY KEY (chain, subject_id)
);

CREATE TRIGGER disposed_entries_no_update BEFORE UPDATE OR DELETE ON disposed_entries
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();


-- A final record, an addendum, a record's timeliness are still never
-- deleted, except by an approved disposal of its case: the row that says
-- so is written first, in the same transaction.
-- +goose StatementBegin
CREATE FUNCTION case_disposed(c TEXT) RETURNS BOOLEAN AS $$
    SELECT EXISTS (SELECT 1 FROM case_disposals WHERE case_id = c AND state = 'disposed')
$$ LANGUAGE sql STABLE;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION records_final_locked() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' AND NOT case_disposed(OLD.case_id) THEN
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

-- +goose StatementBegin
CREATE FUNCTION kept_unless_disposed() RETURNS trigger AS $$
DECLARE
    c TEXT;
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF TG_TABLE_NAME = 'record_timeliness' THEN
            c := OLD.case_id;
        ELSE
            SELECT case_id INTO c FROM records WHERE id = OLD.record_id;
        END IF;
        IF c IS NOT NULL AND case_disposed(c) THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd

DROP TRIGGER record_addenda_no_update ON record_addenda;
CREATE TRIGGER record_addenda_no_update BEFORE UPDATE OR DELETE ON record_addenda
    FOR EACH ROW EXECUTE FUNCTION kept_unless_disposed();
DROP TRIGGER record_timeliness_no_update ON record_timeliness;
CREATE TRIGGER record_timeliness_no_update BEFORE UPDATE OR DELETE ON record_timeliness
    FOR EACH ROW EXECUTE FUNCTION kept_unless_disposed();

-- +goose Down
DROP TRIGGER record_timeliness_no_update ON record_timeliness;
CREATE TRIGGER record_timeliness_no_update BEFORE UPDATE OR DELETE ON record_timeliness
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
DROP TRIGGER record_addenda_no_update ON record_addenda;
CREATE TRIGGER record_addenda_no_update BEFORE UPDATE OR DELETE ON record_addenda
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
DROP FUNCTION kept_unless_disposed();
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
DROP FUNCTION case_disposed(TEXT);
DROP TABLE disposed_entries;
DROP TABLE case_disposals;
DROP TABLE legal_holds;
