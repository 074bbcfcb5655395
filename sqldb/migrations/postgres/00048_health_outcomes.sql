-- The SSDA903's OC2: for a child looked after continuously for the whole
-- of a collection year, their strengths and difficulties questionnaire
-- score (0-40) or the reason there is none (SDQ1-SDQ5), and yes (1) or
-- no (0) to each health question; NULL is a question not asked at the
-- child's age. One row per case and year, from 1 April of year_start.

-- +goose Up
CREATE TABLE health_outcomes (
    case_id                TEXT NOT NULL REFERENCES cases (id),
    year_start             INTEGER NOT NULL,
    sdq_score              INTEGER,
    sdq_reason             TEXT NOT NULL DEFAULT '',
    convicted              SMALLINT,
    health_check           SMALLINT,
    immunisations          SMALLINT,
    teeth_check            SMALLINT,
    health_assessment      SMALLINT,
    substance_misuse       SMALLINT,
    intervention_received  SMALLINT,
    intervention_offered   SMALLINT,
    version                INTEGER NOT NULL,
    recorded_at            TIMESTAMPTZ NOT NULL,
    recorded_by            TEXT REFERENCES users (id),
    PRIMARY KEY (case_id, year_start)
);

-- +goose Down
DROP TABLE health_outcomes;
