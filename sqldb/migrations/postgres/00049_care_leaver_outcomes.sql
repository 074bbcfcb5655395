-- The SSDA903's OC3: for a young person who left care as a care leaver,
-- on or around their 17th to 21st birthday in a collection year, whether
-- the council is in touch with them (YES, NO, REFU, NREQ, RHOM, DIED),
-- their main activity (F1 ... G6, '' when not known) and accommodation
-- (B ... Z, '' when not known) and whether it is suitable ('1', '2').
-- One row per case and year, from 1 April of year_start.

-- +goose Up
CREATE TABLE care_leaver_outcomes (
    case_id        TEXT NOT NULL REFERENCES cases (id),
    year_start     INTEGER NOT NULL,
    in_touch       TEXT NOT NULL,
    activity       TEXT NOT NULL DEFAULT '',
    accommodation  TEXT NOT NULL DEFAULT '',
    suitable       TEXT NOT NULL DEFAULT '',
    version        INTEGER NOT NULL,
    recorded_at    TIMESTAMPTZ NOT NULL,
    recorded_by    TEXT REFERENCES users (id),
    PRIMARY KEY (case_id, year_start)
);

-- +goose Down
DROP TABLE care_leaver_outcomes;
