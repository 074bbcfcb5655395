-- The recording quality coach.
--
-- text_docs and text_prints are the copy-paste index: for each final
-- record, the hashes of its long sentences and its winnowing fingerprints
-- (quality.Prints). doc_id is a small number for the record, so that the
-- many print rows stay narrow. text_print_stats counts, for each hash
-- that more than one child's case holds, the cases and the records
-- holding it (a hash with no counts is held by one case at most): a hash
-- in many children's records is boilerplate and is neither looked up nor
-- stored again.
--
-- person_names is the name index: each person's name keys
-- (quality.NameKeys), looked up by the names found in a note.
--
-- record_findings are the coach's findings on a record when it was
-- finalised, with any dismissal and its reason; record_quality holds the
-- record's word count and whose and whose team's it was, for the team
-- view. finding_dismissals are the dismissals made while the record was a
-- draft, by the finding's key.

-- +goose Up
CREATE TABLE text_docs (
    doc_id     INTEGER PRIMARY KEY,
    record_id  TEXT NOT NULL UNIQUE REFERENCES records (id),
    case_id    TEXT NOT NULL REFERENCES cases (id)
);

CREATE TABLE text_prints (
    hash    BIGINT NOT NULL,
    doc_id  BIGINT NOT NULL,
    PRIMARY KEY (hash, doc_id)
) WITHOUT ROWID;

CREATE TABLE text_print_stats (
    hash   BIGINT PRIMARY KEY,
    cases  INTEGER NOT NULL,
    docs   INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE person_names (
    name       TEXT NOT NULL,
    person_id  TEXT NOT NULL REFERENCES people (id),
    PRIMARY KEY (name, person_id)
) WITHOUT ROWID;
CREATE INDEX person_names_person ON person_names (person_id);

CREATE INDEX people_nhs_number ON people (nhs_number) WHERE nhs_number <> '';
CREATE INDEX phones_digits ON phones (digits);
CREATE INDEX addresses_postcode ON addresses (postcode);
CREATE INDEX addresses_line1 ON addresses (lower(line1));

CREATE TABLE finding_dismissals (
    record_id     TEXT NOT NULL REFERENCES records (id),
    finding_key   TEXT NOT NULL,
    rule          TEXT NOT NULL,
    part          TEXT NOT NULL,
    text          TEXT NOT NULL,
    reason        TEXT NOT NULL,
    dismissed_by  TEXT REFERENCES users (id),
    dismissed_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (record_id, finding_key)
);

CREATE TABLE record_quality (
    record_id     TEXT PRIMARY KEY REFERENCES records (id),
    case_id       TEXT NOT NULL REFERENCES cases (id),
    team_id       TEXT NOT NULL REFERENCES teams (id),
    author_id     TEXT REFERENCES users (id),
    finalised_at  TIMESTAMP NOT NULL,
    words         INTEGER NOT NULL
);
CREATE INDEX record_quality_team ON record_quality (team_id, finalised_at);

CREATE TABLE record_findings (
    record_id         TEXT NOT NULL REFERENCES records (id),
    seq               INTEGER NOT NULL,
    finding_key       TEXT NOT NULL,
    rule              TEXT NOT NULL,
    category          TEXT NOT NULL,
    level             TEXT NOT NULL,
    part              TEXT NOT NULL,
    start_at          INTEGER NOT NULL,
    end_at            INTEGER NOT NULL,
    text              TEXT NOT NULL,
    message           TEXT NOT NULL,
    dismissed_reason  TEXT NOT NULL DEFAULT '',
    dismissed_by      TEXT REFERENCES users (id),
    dismissed_at      TIMESTAMP,
    PRIMARY KEY (record_id, seq)
);

-- +goose Down
DROP TABLE record_findings;
DROP TABLE record_quality;
DROP TABLE finding_dismissals;
DROP INDEX addresses_line1;
DROP INDEX addresses_postcode;
DROP INDEX phones_digits;
DROP INDEX people_nhs_number;
DROP TABLE person_names;
DROP TABLE text_print_stats;
DROP TABLE text_prints;
DROP TABLE text_docs;
