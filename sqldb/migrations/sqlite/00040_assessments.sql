-- Child and family assessments, each within an episode: the census's
-- Assessments block (start date, factors identified, the manager's
-- authorisation, which completes and locks it). The write-up is a record on
-- the "assessment" template. At most one assessment of an episode is in
-- progress at a time (census rule 8896).

-- +goose Up
CREATE TABLE assessments (
    id             TEXT PRIMARY KEY,
    case_id        TEXT NOT NULL REFERENCES cases (id),
    episode_id     TEXT NOT NULL REFERENCES episodes (id),
    started_on     DATE NOT NULL,
    factors        TEXT NOT NULL DEFAULT '',
    authorised_on  DATE,
    authorised_by  TEXT REFERENCES users (id),
    late_reason    TEXT NOT NULL DEFAULT '',
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TIMESTAMP NOT NULL,
    created_by     TEXT REFERENCES users (id)
);
CREATE INDEX assessments_case ON assessments (case_id, started_on);
CREATE UNIQUE INDEX assessments_in_progress ON assessments (episode_id) WHERE authorised_on IS NULL;

-- +goose Down
DROP TABLE assessments;
