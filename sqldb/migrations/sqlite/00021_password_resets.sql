-- One-time links an administrator gives a user to set their own password
-- (administrators never choose or learn passwords). Only a hash of each
-- link's code is kept; a link works once, until it expires.

-- +goose Up
CREATE TABLE password_resets (
    code_hash   TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL,
    used_at     TIMESTAMP,
    created_by  TEXT REFERENCES users (id)
);
CREATE INDEX password_resets_user ON password_resets (user_id);

-- +goose Down
DROP TABLE password_resets;
