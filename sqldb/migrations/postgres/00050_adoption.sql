-- Adoption, as the SSDA903 asks it: the decisions that a looked-after
-- child should be placed for adoption, each perhaps reversed (with the
-- reason RD1-RD4), and for each period of care the match with the
-- prospective adopters and who they are (AD1's NB_ADOPTR, SEX_ADOPTR,
-- LS_ADOPTR).

-- +goose Up
CREATE TABLE adoption_decisions (
    id               TEXT PRIMARY KEY,
    case_id          TEXT NOT NULL REFERENCES cases (id),
    decided_on       DATE NOT NULL,
    reversed_on      DATE,
    reversal_reason  TEXT NOT NULL DEFAULT '',
    version          INTEGER NOT NULL,
    recorded_at      TIMESTAMPTZ NOT NULL,
    recorded_by      TEXT REFERENCES users (id)
);
CREATE INDEX adoption_decisions_case ON adoption_decisions (case_id, decided_on);

CREATE TABLE adoption_matches (
    case_id          TEXT NOT NULL REFERENCES cases (id),
    period_start     DATE NOT NULL,
    matched_on       DATE NOT NULL,
    adopters         INTEGER NOT NULL,
    adopters_sex     TEXT NOT NULL,
    adopters_status  TEXT NOT NULL,
    version          INTEGER NOT NULL,
    recorded_at      TIMESTAMPTZ NOT NULL,
    recorded_by      TEXT REFERENCES users (id),
    PRIMARY KEY (case_id, period_start)
);

-- +goose Down
DROP TABLE adoption_matches;
DROP TABLE adoption_decisions;
