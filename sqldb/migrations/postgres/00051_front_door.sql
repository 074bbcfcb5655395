-- What reaches the council about a child before, or instead of, a
-- referral (Ofsted's Annex A lists 1 and 2): contacts to the front door
-- that did not become referrals, with who made them (a census referral
-- source) and what came of them; and early help assessments, with who
-- completed them.

-- +goose Up
CREATE TABLE contacts (
    id           TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases (id),
    contact_on   DATE NOT NULL,
    source       TEXT NOT NULL,
    outcome      TEXT NOT NULL,
    version      INTEGER NOT NULL,
    recorded_at  TIMESTAMPTZ NOT NULL,
    recorded_by  TEXT REFERENCES users (id)
);
CREATE INDEX contacts_case ON contacts (case_id, contact_on);
CREATE INDEX contacts_on ON contacts (contact_on);

CREATE TABLE early_help_assessments (
    id            TEXT PRIMARY KEY,
    case_id       TEXT NOT NULL REFERENCES cases (id),
    started_on    DATE NOT NULL,
    completed_on  DATE,
    organisation  TEXT NOT NULL,
    version       INTEGER NOT NULL,
    recorded_at   TIMESTAMPTZ NOT NULL,
    recorded_by   TEXT REFERENCES users (id)
);
CREATE INDEX early_help_assessments_case ON early_help_assessments (case_id, started_on);
CREATE INDEX early_help_assessments_started ON early_help_assessments (started_on);

-- +goose Down
DROP TABLE early_help_assessments;
DROP TABLE contacts;
