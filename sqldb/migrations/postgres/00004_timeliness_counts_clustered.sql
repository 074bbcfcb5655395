-- The record-timeliness report reads a year of counts by month: hundreds
-- of thousands of rows for a large council. An index holding every column
-- lets PostgreSQL answer it from the index alone (the SQLite migration
-- with the same number stores the table in key order instead).

-- +goose Up
CREATE UNIQUE INDEX timeliness_counts_covering ON timeliness_counts
    (month, team_id, author_id, template_key, risk_identified, working_days_taken, on_time) INCLUDE (records);

-- +goose Down
DROP INDEX timeliness_counts_covering;
