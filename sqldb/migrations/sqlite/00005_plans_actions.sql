-- Plans, SMART objectives, progress ratings at reviews, the records that
-- work on each objective, and actions followed up until done.

-- +goose Up
CREATE TABLE plans (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases (id),
    kind        TEXT NOT NULL,
    started_on  DATE NOT NULL,
    review_on   DATE,
    ended_on    DATE,
    end_reason  TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1,
    created_by  TEXT REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX plans_case ON plans (case_id, started_on);
-- A case has at most one current plan.
CREATE UNIQUE INDEX plans_current ON plans (case_id) WHERE ended_on IS NULL;

CREATE TABLE objectives (
    id            TEXT PRIMARY KEY,
    plan_id       TEXT NOT NULL REFERENCES plans (id),
    case_id       TEXT NOT NULL REFERENCES cases (id),
    position      INTEGER NOT NULL,
    change        TEXT NOT NULL,
    measure       TEXT NOT NULL,
    owner_kind    TEXT NOT NULL,
    owner_id      TEXT,
    owner_name    TEXT NOT NULL,
    owner_role    TEXT NOT NULL DEFAULT '',
    owner_agency  TEXT NOT NULL DEFAULT '',
    due_on        DATE NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('active', 'achieved', 'stopped')),
    version       INTEGER NOT NULL DEFAULT 1,
    created_by    TEXT REFERENCES users (id),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX objectives_plan ON objectives (plan_id, position);
CREATE INDEX objectives_case ON objectives (case_id);

CREATE TABLE plan_reviews (
    id              TEXT PRIMARY KEY,
    plan_id         TEXT NOT NULL REFERENCES plans (id),
    held_on         DATE NOT NULL,
    next_review_on  DATE,
    notes           TEXT NOT NULL DEFAULT '',
    by_user_id      TEXT REFERENCES users (id),
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX plan_reviews_plan ON plan_reviews (plan_id, held_on);

CREATE TABLE objective_ratings (
    id            TEXT PRIMARY KEY,
    objective_id  TEXT NOT NULL REFERENCES objectives (id),
    review_id     TEXT REFERENCES plan_reviews (id),
    rated_on      DATE NOT NULL,
    score         INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
    comment       TEXT NOT NULL DEFAULT '',
    by_user_id    TEXT REFERENCES users (id),
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX objective_ratings_objective ON objective_ratings (objective_id, rated_on);

-- The objectives a record works on. Set while the record is a draft and
-- kept as they were when it was finalised.
CREATE TABLE record_objectives (
    record_id     TEXT NOT NULL REFERENCES records (id),
    objective_id  TEXT NOT NULL REFERENCES objectives (id),
    PRIMARY KEY (record_id, objective_id)
);
CREATE INDEX record_objectives_objective ON record_objectives (objective_id);

CREATE TABLE actions (
    id                TEXT PRIMARY KEY,
    case_id           TEXT NOT NULL REFERENCES cases (id),
    what              TEXT NOT NULL,
    owner_kind        TEXT NOT NULL,
    owner_id          TEXT,
    owner_name        TEXT NOT NULL,
    owner_role        TEXT NOT NULL DEFAULT '',
    owner_agency      TEXT NOT NULL DEFAULT '',
    due_on            DATE NOT NULL,
    objective_id      TEXT REFERENCES objectives (id),
    source_kind       TEXT NOT NULL,
    source_record_id  TEXT REFERENCES records (id),
    status            TEXT NOT NULL CHECK (status IN ('open', 'done', 'not_needed')),
    outcome           TEXT NOT NULL DEFAULT '',
    closed_on         DATE,
    closed_by         TEXT REFERENCES users (id),
    version           INTEGER NOT NULL DEFAULT 1,
    created_by        TEXT REFERENCES users (id),
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX actions_case ON actions (case_id, due_on);
-- Open actions by due date: what "My work" and the team view read.
CREATE INDEX actions_open ON actions (case_id, due_on) WHERE status = 'open';
CREATE INDEX actions_record ON actions (source_record_id) WHERE source_record_id IS NOT NULL;
CREATE INDEX actions_objective ON actions (objective_id) WHERE objective_id IS NOT NULL;

-- Every change to an action, with who made it: the follow-up trail.
CREATE TABLE action_updates (
    id          TEXT PRIMARY KEY,
    action_id   TEXT NOT NULL REFERENCES actions (id),
    status      TEXT NOT NULL,
    outcome     TEXT NOT NULL DEFAULT '',
    on_date     DATE,
    due_on      DATE NOT NULL,
    by_user_id  TEXT REFERENCES users (id),
    at          TIMESTAMP NOT NULL
);
CREATE INDEX action_updates_action ON action_updates (action_id, at);

-- +goose Down
DROP TABLE action_updates;
DROP TABLE actions;
DROP TABLE record_objectives;
DROP TABLE objective_ratings;
DROP TABLE plan_reviews;
DROP TABLE objectives;
DROP TABLE plans;
