-- One row that /healthz rewrites, at most every few seconds and only
-- while writing has been failing, to learn whether the database can write
-- again (after a full disk is given room).

-- +goose Up
CREATE TABLE write_probe (
    id  INTEGER PRIMARY KEY,
    at  TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE write_probe;
