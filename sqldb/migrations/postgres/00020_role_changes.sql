-- Every grant or removal of access to cases: a role, membership of a
-- team, managing a team or a service. Service managers and auditors read
-- it as the role changes list; like the audit log, it is append-only.

-- +goose Up
CREATE TABLE role_changes (
    id           TEXT PRIMARY KEY,
    at           TIMESTAMPTZ NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users (id),
    kind         TEXT NOT NULL,
    what         TEXT NOT NULL,
    what_name    TEXT NOT NULL,
    granted      BOOLEAN NOT NULL,
    reads_cases  BOOLEAN NOT NULL,
    by_user_id   TEXT REFERENCES users (id),
    via          TEXT NOT NULL DEFAULT '',
    request_id   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX role_changes_at ON role_changes (at);

-- audit_events_append_only() is the foundation's: it refuses with the
-- table's name.
CREATE TRIGGER role_changes_no_update BEFORE UPDATE OR DELETE ON role_changes
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER role_changes_no_truncate BEFORE TRUNCATE ON role_changes
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

-- +goose Down
DROP TABLE role_changes;
