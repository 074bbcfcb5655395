-- Every grant or removal of access to cases: a role, membership of a
-- team, managing a team or a service. Service managers and auditors read
-- it as the role changes list; like the audit log, it is append-only.

-- +goose Up
CREATE TABLE role_changes (
    id           TEXT PRIMARY KEY,
    at           TIMESTAMP NOT NULL,
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

-- +goose StatementBegin
CREATE TRIGGER role_changes_no_update BEFORE UPDATE ON role_changes
BEGIN
    SELECT RAISE(ABORT, 'role_changes is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER role_changes_no_delete BEFORE DELETE ON role_changes
BEGIN
    SELECT RAISE(ABORT, 'role_changes is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER role_changes_no_delete;
DROP TRIGGER role_changes_no_update;
DROP TABLE role_changes;
