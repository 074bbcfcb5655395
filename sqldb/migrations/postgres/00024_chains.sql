-- Tamper evidence: final records, addenda, withdrawals and audit events
-- each go into an append-only hash chain (see chain.go and kith.Chain).
-- chain_heads holds each chain's last entry, chain_links every entry,
-- chain_roots the daily roots, integrity_checks the checks' results.
-- chain_backlog lists what was written before the chains existed: Kith
-- adds it to the chains when it next starts (sqldb's chainBacklog), after
-- which it is empty. The SQLite migration with the same number creates
-- the same tables.

-- +goose Up
CREATE TABLE chain_heads (
    chain  TEXT PRIMARY KEY,
    seq    BIGINT NOT NULL,
    hash   TEXT NOT NULL
);
INSERT INTO chain_heads (chain, seq, hash) VALUES
    ('record', 0, '0000000000000000000000000000000000000000000000000000000000000000'),
    ('addendum', 0, '0000000000000000000000000000000000000000000000000000000000000000'),
    ('withdrawal', 0, '0000000000000000000000000000000000000000000000000000000000000000'),
    ('audit', 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE chain_links (
    chain       TEXT NOT NULL,
    seq         BIGINT NOT NULL,
    subject_id  TEXT NOT NULL,
    hash        TEXT NOT NULL,
    PRIMARY KEY (chain, seq)
);
CREATE UNIQUE INDEX chain_links_subject ON chain_links (chain, subject_id);

CREATE TABLE chain_backlog (
    chain       TEXT NOT NULL,
    subject_id  TEXT NOT NULL,
    PRIMARY KEY (chain, subject_id)
);
INSERT INTO chain_backlog (chain, subject_id) SELECT 'record', id FROM records WHERE status <> 'draft';
INSERT INTO chain_backlog (chain, subject_id) SELECT 'addendum', id FROM record_addenda;
INSERT INTO chain_backlog (chain, subject_id) SELECT 'withdrawal', id FROM records WHERE status = 'withdrawn';
INSERT INTO chain_backlog (chain, subject_id) SELECT 'audit', id FROM audit_events;

CREATE TABLE chain_roots (
    day       DATE PRIMARY KEY,
    taken_at  TIMESTAMPTZ NOT NULL,
    root      TEXT NOT NULL,
    line      TEXT NOT NULL
);

CREATE TABLE integrity_checks (
    id            TEXT PRIMARY KEY,
    night         DATE UNIQUE,
    requested_by  TEXT REFERENCES users (id),
    requested_at  TIMESTAMPTZ NOT NULL,
    started_at    TIMESTAMPTZ,
    finished_at   TIMESTAMPTZ,
    ok            BOOLEAN,
    report        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX integrity_checks_finished ON integrity_checks (finished_at) WHERE finished_at IS NOT NULL;
CREATE INDEX integrity_checks_waiting ON integrity_checks (requested_at) WHERE started_at IS NULL;

-- audit_events_append_only() is the foundation's: it refuses with the
-- table's name.
CREATE TRIGGER chain_links_no_update BEFORE UPDATE OR DELETE ON chain_links
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER chain_links_no_truncate BEFORE TRUNCATE ON chain_links
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER chain_roots_no_update BEFORE UPDATE OR DELETE ON chain_roots
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER chain_roots_no_truncate BEFORE TRUNCATE ON chain_roots
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

-- A chain's head only moves on.
-- +goose StatementBegin
CREATE FUNCTION chain_heads_forward() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'UPDATE' OR NEW.chain IS DISTINCT FROM OLD.chain OR NEW.seq <= OLD.seq THEN
        RAISE EXCEPTION 'a chain''s head only moves on';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
CREATE TRIGGER chain_heads_forward BEFORE UPDATE OR DELETE ON chain_heads
    FOR EACH ROW EXECUTE FUNCTION chain_heads_forward();
CREATE TRIGGER chain_heads_no_truncate BEFORE TRUNCATE ON chain_heads
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

-- +goose Down
DROP TABLE integrity_checks;
DROP TABLE chain_roots;
DROP TABLE chain_backlog;
DROP TABLE chain_links;
DROP TABLE chain_heads;
DROP FUNCTION chain_heads_forward();
