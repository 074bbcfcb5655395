-- The SSDA903's previous permanence (PREV_PERM, LA_PERM, DATE_PERM): for
-- each period of care, whether the child had left care before through an
-- adoption, a special guardianship order or a child arrangements order,
-- which council arranged it and when (dd/mm/yyyy, zz for a part not
-- known). Empty until someone records it.

-- +goose Up
CREATE TABLE previous_permanence (
    case_id       TEXT NOT NULL REFERENCES cases (id),
    period_start  DATE NOT NULL,
    option_code   TEXT NOT NULL,
    la            TEXT NOT NULL DEFAULT '',
    order_date    TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL,
    recorded_at   TIMESTAMP NOT NULL,
    recorded_by   TEXT REFERENCES users (id),
    PRIMARY KEY (case_id, period_start)
);

-- +goose Down
DROP TABLE previous_permanence;
