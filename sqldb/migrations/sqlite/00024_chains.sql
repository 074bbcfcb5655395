-- Tamper evidence: final records, addenda, withdrawals and audit events
-- each go into an append-only hash chain (see chain.go and kith.Chain).
-- chain_heads holds each chain's last entry, chain_links every entry,
-- chain_roots the daily roots, integrity_checks the checks' results.
-- chain_backlog lists what was written before the chains existed: Kith
-- adds it to the chains when it next starts (sqldb's chainBacklog), after
-- which it is empty. The PostgreSQL migration with the same number
-- creates the same tables with native types.

-- +goose Up
CREATE TABLE chain_heads (
    chain  TEXT PRIMARY KEY,
    seq    INTEGER NOT NULL,
    hash   TEXT NOT NULL
);
INSERT INTO chain_heads (chain, seq, hash) VALUES
    ('record', 0, '0000000000000000000000000000000000000000000000000000000000000000'),
    ('addendum', 0, '0000000000000000000000000000000000000000000000000000000000000000'),
    ('withdrawal', 0, '0000000000000000000000000000000000000000000000000000000000000000'),
    ('audit', 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE chain_links (
    chain       TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    subject_id  TEXT NOT NULL,
    hash        TEXT NOT NULL,
    PRIMARY KEY (chain, seq)
) WITHOUT ROWID;
CREATE UNIQUE INDEX chain_links_subject ON chain_links (chain, subject_id);

CREATE TABLE chain_backlog (
    chain       TEXT NOT NULL,
    subject_id  TEXT NOT NULL,
    PRIMARY KEY (chain, subject_id)
) WITHOUT ROWID;
INSERT INTO chain_backlog (chain, subject_id) SELECT 'record', id FROM records WHERE status <> 'draft';
INSERT INTO chain_backlog (chain, subject_id) SELECT 'addendum', id FROM record_addenda;
INSERT INTO chain_backlog (chain, subject_id) SELECT 'withdrawal', id FROM records WHERE status = 'withdrawn';
INSERT INTO chain_backlog (chain, subject_id) SELECT 'audit', id FROM audit_events;

CREATE TABLE chain_roots (
    day       DATE PRIMARY KEY,
    taken_at  TIMESTAMP NOT NULL,
    root      TEXT NOT NULL,
    line      TEXT NOT NULL
);

CREATE TABLE integrity_checks (
    id            TEXT PRIMARY KEY,
    night         DATE UNIQUE,
    requested_by  TEXT REFERENCES users (id),
    requested_at  TIMESTAMP NOT NULL,
    started_at    TIMESTAMP,
    finished_at   TIMESTAMP,
    ok            BOOLEAN,
    report        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX integrity_checks_finished ON integrity_checks (finished_at) WHERE finished_at IS NOT NULL;
CREATE INDEX integrity_checks_waiting ON integrity_checks (requested_at) WHERE started_at IS NULL;

-- +goose StatementBegin
CREATE TRIGGER chain_links_no_update BEFORE UPDATE ON chain_links
BEGIN
    SELECT RAISE(ABORT, 'chain_links is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER chain_links_no_delete BEFORE DELETE ON chain_links
BEGIN
    SELECT RAISE(ABORT, 'chain_links is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER chain_roots_no_update BEFORE UPDATE ON chain_roots
BEGIN
    SELECT RAISE(ABORT, 'chain_roots is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER chain_roots_no_delete BEFORE DELETE ON chain_roots
BEGIN
    SELECT RAISE(ABORT, 'chain_roots is append-only');
END;
-- +goose StatementEnd

-- A chain's head only moves on.
-- +goose StatementBegin
CREATE TRIGGER chain_heads_forward BEFORE UPDATE ON chain_heads
WHEN NEW.chain IS NOT OLD.chain OR NEW.seq <= OLD.seq
BEGIN
    SELECT RAISE(ABORT, 'a chain''s head only moves on');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER chain_heads_kept BEFORE DELETE ON chain_heads
BEGIN
    SELECT RAISE(ABORT, 'a chain''s head only moves on');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE integrity_checks;
DROP TABLE chain_roots;
DROP TABLE chain_backlog;
DROP TABLE chain_links;
DROP TABLE chain_heads;
