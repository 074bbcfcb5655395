-- Section 47 enquiries, each within an episode: the census's Section47
-- block. An enquiry starts at the strategy discussion that decided on it
-- (a final meeting record of that type, linked here), ends with its
-- outcome, and may lead to an initial child protection conference. At most
-- one enquiry of an episode is open at a time (census rule 8839), and a
-- strategy discussion starts at most one.

-- +goose Up
CREATE TABLE section47s (
    id                    TEXT PRIMARY KEY,
    case_id               TEXT NOT NULL REFERENCES cases (id),
    episode_id            TEXT NOT NULL REFERENCES episodes (id),
    strategy_record_id    TEXT NOT NULL REFERENCES records (id),
    started_on            DATE NOT NULL,
    outcome               TEXT NOT NULL DEFAULT '',
    concluded_on          DATE,
    no_conference_reason  TEXT NOT NULL DEFAULT '',
    conference_on         DATE,
    version               INTEGER NOT NULL DEFAULT 1,
    created_at            TIMESTAMP NOT NULL,
    created_by            TEXT REFERENCES users (id)
);
CREATE INDEX section47s_case ON section47s (case_id, started_on);
CREATE UNIQUE INDEX section47s_strategy ON section47s (strategy_record_id);
CREATE UNIQUE INDEX section47s_open ON section47s (episode_id) WHERE outcome = '';

-- +goose Down
DROP TABLE section47s;
