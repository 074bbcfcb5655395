-- PostgreSQL's record search gains an index to walk final records newest
-- first (see the PostgreSQL migration of the same number). SQLite's
-- full-text index already returns matches newest first (by rowid), so
-- there is nothing to change here; the migration keeps the two engines'
-- versions in step.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
