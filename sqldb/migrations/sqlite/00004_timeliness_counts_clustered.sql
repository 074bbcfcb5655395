-- The record-timeliness report reads a year of counts by month: hundreds
-- of thousands of rows for a large council. Stored in primary-key order
-- (WITHOUT ROWID), a month's rows lie together and are read in one sweep
-- instead of one look-up per row.

-- +goose Up
CREATE TABLE timeliness_counts_by_key (
    month               TEXT NOT NULL,
    team_id             TEXT NOT NULL,
    author_id           TEXT NOT NULL,
    template_key        TEXT NOT NULL,
    risk_identified     BOOLEAN NOT NULL,
    working_days_taken  INTEGER NOT NULL,
    on_time             BOOLEAN NOT NULL,
    records             INTEGER NOT NULL,
    PRIMARY KEY (month, team_id, author_id, template_key, risk_identified, working_days_taken, on_time)
) WITHOUT ROWID;
INSERT INTO timeliness_counts_by_key SELECT month, team_id, author_id, template_key, risk_identified, working_days_taken, on_time, records FROM timeliness_counts;
DROP TABLE timeliness_counts;
ALTER TABLE timeliness_counts_by_key RENAME TO timeliness_counts;

-- +goose Down
CREATE TABLE timeliness_counts_rowid (
    month               TEXT NOT NULL,
    team_id             TEXT NOT NULL,
    author_id           TEXT NOT NULL,
    template_key        TEXT NOT NULL,
    risk_identified     BOOLEAN NOT NULL,
    working_days_taken  INTEGER NOT NULL,
    on_time             BOOLEAN NOT NULL,
    records             INTEGER NOT NULL,
    PRIMARY KEY (month, team_id, author_id, template_key, risk_identified, working_days_taken, on_time)
);
INSERT INTO timeliness_counts_rowid SELECT * FROM timeliness_counts;
DROP TABLE timeliness_counts;
ALTER TABLE timeliness_counts_rowid RENAME TO timeliness_counts;
