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
    placed_at    TIMESTAMP NOT NULL,
    lifted_on    DATE,
    lifted_by    TEXT REFERENCES users (id),
    lifted_at    TIMESTAMP,
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
    proposed_at     TIMESTAMP NOT NULL,
    proposal_note   TEXT NOT NULL DEFAULT '',
    state           TEXT NOT NULL CHECK (state IN ('proposed', 'disposed', 'cancelled')),
    decided_by      TEXT REFERENCES users (id),
    decided_at      TIMESTAMP,
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

-- +goose StatementBegin
CREATE TRIGGER disposed_entries_no_update BEFORE UPDATE ON disposed_entries
BEGIN
    SELECT RAISE(ABORT, 'disposed_entries is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER disposed_entries_no_delete BEFORE DELETE ON disposed_entries
BEGIN
    SELECT RAISE(ABORT, 'disposed_entries is append-only');
END;
-- +goose StatementEnd


-- A final record, an addendum, is still never deleted, except by an
-- approved disposal of its case: the row that says so is written first,
-- in the same transaction.
DROP TRIGGER records_final_kept;
-- +goose StatementBegin
CREATE TRIGGER records_final_kept BEFORE DELETE ON records
WHEN OLD.status <> 'draft'
    AND NOT EXISTS (SELECT 1 FROM case_disposals d WHERE d.case_id = OLD.case_id AND d.state = 'disposed')
BEGIN
    SELECT RAISE(ABORT, 'a final record cannot be deleted');
END;
-- +goose StatementEnd

DROP TRIGGER record_addenda_no_delete;
-- +goose StatementBegin
CREATE TRIGGER record_addenda_no_delete BEFORE DELETE ON record_addenda
WHEN NOT EXISTS (SELECT 1 FROM records r JOIN case_disposals d ON d.case_id = r.case_id AND d.state = 'disposed' WHERE r.id = OLD.record_id)
BEGIN
    SELECT RAISE(ABORT, 'record_addenda is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER record_addenda_no_delete;
-- +goose StatementBegin
CREATE TRIGGER record_addenda_no_delete BEFORE DELETE ON record_addenda
BEGIN
    SELECT RAISE(ABORT, 'record_addenda is append-only');
END;
-- +goose StatementEnd
DROP TRIGGER records_final_kept;
-- +goose StatementBegin
CREATE TRIGGER records_final_kept BEFORE DELETE ON records WHEN OLD.status <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'a final record cannot be deleted');
END;
-- +goose StatementEnd
DROP TABLE disposed_entries;
DROP TABLE case_disposals;
DROP TABLE legal_holds;
