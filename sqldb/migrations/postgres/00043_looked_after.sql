-- Looked-after children: the children looked after return's (SSDA903)
-- episodes, reviews and missing episodes. An episode is a stretch of care
-- with the same legal status, placement and carer; a change of any of them
-- ends one (reason X1) and starts the next on the same day. At most one
-- episode of a case is open.

-- +goose Up
CREATE TABLE care_episodes (
    id                   TEXT PRIMARY KEY,
    case_id              TEXT NOT NULL REFERENCES cases (id),
    started_on           DATE NOT NULL,
    reason_new           TEXT NOT NULL,
    legal_status         TEXT NOT NULL,
    category_of_need     TEXT NOT NULL,
    placement_type       TEXT NOT NULL,
    provider             TEXT NOT NULL DEFAULT '',
    urn                  TEXT NOT NULL DEFAULT '',
    home_postcode        TEXT NOT NULL,
    placement_postcode   TEXT NOT NULL,
    ended_on             DATE,
    reason_ended         TEXT NOT NULL DEFAULT '',
    reason_place_change  TEXT NOT NULL DEFAULT '',
    version              INTEGER NOT NULL DEFAULT 1,
    created_at           TIMESTAMPTZ NOT NULL,
    created_by           TEXT REFERENCES users (id)
);
CREATE INDEX care_episodes_case ON care_episodes (case_id, started_on);
CREATE UNIQUE INDEX care_episodes_open ON care_episodes (case_id) WHERE ended_on IS NULL;

-- Looked-after reviews, with how the child took part (REVIEW_CODE).
CREATE TABLE cla_reviews (
    id             TEXT PRIMARY KEY,
    case_id        TEXT NOT NULL REFERENCES cases (id),
    held_on        DATE NOT NULL,
    participation  TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    created_by     TEXT REFERENCES users (id)
);
CREATE INDEX cla_reviews_case ON cla_reviews (case_id, held_on);

-- Times the child was missing (M) or away without authorisation (A), and
-- the return interview offered on their return ('yes', 'no', '' unknown).
CREATE TABLE missing_episodes (
    id                  TEXT PRIMARY KEY,
    case_id             TEXT NOT NULL REFERENCES cases (id),
    kind                TEXT NOT NULL,
    started_on          DATE NOT NULL,
    ended_on            DATE,
    interview_offered   TEXT NOT NULL DEFAULT '',
    interview_accepted  TEXT NOT NULL DEFAULT '',
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          TIMESTAMPTZ NOT NULL,
    created_by          TEXT REFERENCES users (id)
);
CREATE INDEX missing_episodes_case ON missing_episodes (case_id, started_on);

-- +goose Down
DROP TABLE missing_episodes;
DROP TABLE cla_reviews;
DROP TABLE care_episodes;
