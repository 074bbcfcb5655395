-- Each period of care's permanence plan (Ofsted's Annex A list 8): the
-- plan for where the child will grow up and when it was agreed, changed
-- in place when the plan changes (each change audited).

-- +goose Up
CREATE TABLE permanence_plans (
    case_id       TEXT NOT NULL REFERENCES cases (id),
    period_start  DATE NOT NULL,
    plan          TEXT NOT NULL,
    agreed_on     DATE NOT NULL,
    version       INTEGER NOT NULL,
    recorded_at   TIMESTAMP NOT NULL,
    recorded_by   TEXT REFERENCES users (id),
    PRIMARY KEY (case_id, period_start)
);

-- +goose Down
DROP TABLE permanence_plans;
