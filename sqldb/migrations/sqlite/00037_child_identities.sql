-- A child's identity items for the statutory returns (local child id, UPN,
-- sex, ethnicity, disabilities, date of death, UASC). Each save is a new
-- row, so the history of what was recorded stays; the newest version is the
-- current one. A child with no row yet has the local child id derived from
-- their case reference (kith.LocalChildIDFromReference).

-- +goose Up
CREATE TABLE child_identities (
    person_id      TEXT NOT NULL REFERENCES people (id),
    version        INTEGER NOT NULL,
    local_child_id TEXT NOT NULL,
    upn            TEXT NOT NULL DEFAULT '',
    former_upn     TEXT NOT NULL DEFAULT '',
    upn_unknown    TEXT NOT NULL DEFAULT '',
    sex            TEXT NOT NULL DEFAULT '',
    ethnicity      TEXT NOT NULL DEFAULT '',
    disabilities   TEXT NOT NULL DEFAULT '',
    date_of_death  DATE,
    uasc           BOOLEAN NOT NULL DEFAULT FALSE,
    uasc_ceased    DATE,
    recorded_at    TIMESTAMP NOT NULL,
    recorded_by    TEXT REFERENCES users (id),
    PRIMARY KEY (person_id, version)
);
-- The local child id is fixed by the first version; one child per id.
CREATE UNIQUE INDEX child_identities_local_child_id ON child_identities (local_child_id) WHERE version = 1;

-- +goose Down
DROP TABLE child_identities;
