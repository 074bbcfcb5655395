-- The adopters register (Ofsted's Annex A list 11): households of
-- prospective adopters as they go through the two-stage process, each
-- with its family identifier (reference, ADP-2026-0001, numbered within
-- the year of the enquiry) and its one or two adopters; a child's match
-- with adopters may name the household.

-- +goose Up
CREATE TABLE adopter_households (
    id                      TEXT PRIMARY KEY,
    reference               TEXT NOT NULL UNIQUE,
    ref_year                INTEGER NOT NULL,
    ref_number              INTEGER NOT NULL,
    fostering_for_adoption  SMALLINT NOT NULL DEFAULT 0,
    enquiry_on              DATE NOT NULL,
    stage1_started_on       DATE,
    stage1_ended_on         DATE,
    stage2_started_on       DATE,
    stage2_ended_on         DATE,
    application_on          DATE,
    approved_on             DATE,
    left_on                 DATE,
    left_reason             TEXT NOT NULL DEFAULT '',
    version                 INTEGER NOT NULL,
    recorded_at             TIMESTAMPTZ NOT NULL,
    recorded_by             TEXT REFERENCES users (id)
);
CREATE UNIQUE INDEX adopter_households_number ON adopter_households (ref_year, ref_number);

CREATE TABLE adopters (
    household_id  TEXT NOT NULL REFERENCES adopter_households (id),
    position      INTEGER NOT NULL,
    name          TEXT NOT NULL,
    sex           TEXT NOT NULL,
    ethnicity     TEXT NOT NULL,
    disabled      TEXT NOT NULL,
    PRIMARY KEY (household_id, position)
);

ALTER TABLE adoption_matches ADD COLUMN household_id TEXT REFERENCES adopter_households (id);
CREATE INDEX adoption_matches_household ON adoption_matches (household_id);

-- +goose Down
DROP INDEX adoption_matches_household;
ALTER TABLE adoption_matches DROP COLUMN household_id;
DROP TABLE adopters;
DROP TABLE adopter_households;
