-- Kith foundation schema for SQLite. Times are TEXT in UTC with a fixed
-- width (see sqldb/types.go) so they sort and compare as text; dates are
-- TEXT YYYY-MM-DD. The PostgreSQL migration with the same number creates
-- the same tables with native types.

-- +goose Up
CREATE TABLE services (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX services_name ON services (lower(name));

CREATE TABLE teams (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    service_id  TEXT NOT NULL REFERENCES services (id),
    created_at  TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX teams_name ON teams (lower(name));
CREATE INDEX teams_service ON teams (service_id);

CREATE TABLE users (
    id               TEXT PRIMARY KEY,
    username         TEXT NOT NULL UNIQUE,
    display_name     TEXT NOT NULL,
    email            TEXT NOT NULL DEFAULT '',
    job_title        TEXT NOT NULL DEFAULT '',
    password_hash    TEXT NOT NULL DEFAULT '',
    oidc_subject     TEXT UNIQUE,
    disabled_at      TIMESTAMP,
    failed_sign_ins  INTEGER NOT NULL DEFAULT 0,
    locked_until     TIMESTAMP,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (lower(email)) WHERE email <> '';

CREATE TABLE user_roles (
    user_id  TEXT NOT NULL REFERENCES users (id),
    role     TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);

CREATE TABLE team_members (
    team_id  TEXT NOT NULL REFERENCES teams (id),
    user_id  TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_user ON team_members (user_id);

CREATE TABLE team_managers (
    team_id  TEXT NOT NULL REFERENCES teams (id),
    user_id  TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_managers_user ON team_managers (user_id);

CREATE TABLE service_managers (
    service_id  TEXT NOT NULL REFERENCES services (id),
    user_id     TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (service_id, user_id)
);
CREATE INDEX service_managers_user ON service_managers (user_id);

CREATE TABLE settings (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash    TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users (id),
    created_at    TIMESTAMP NOT NULL,
    last_seen_at  TIMESTAMP NOT NULL,
    expires_at    TIMESTAMP NOT NULL,
    ip            TEXT NOT NULL DEFAULT '',
    user_agent    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users (id),
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    TIMESTAMP NOT NULL,
    last_used_at  TIMESTAMP,
    expires_at    TIMESTAMP,
    revoked_at    TIMESTAMP
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE oidc_logins (
    state       TEXT PRIMARY KEY,
    nonce       TEXT NOT NULL,
    verifier    TEXT NOT NULL,
    return_to   TEXT NOT NULL DEFAULT '',
    expires_at  TIMESTAMP NOT NULL
);

-- What a user typed into a form whose submission arrived after their
-- session had timed out: kept so that, once they sign in again, the form
-- comes back filled in instead of their work being lost.
CREATE TABLE kept_forms (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id),
    path        TEXT NOT NULL,
    form        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX kept_forms_user ON kept_forms (user_id);

CREATE TABLE counters (
    name   TEXT PRIMARY KEY,
    value  BIGINT NOT NULL
);

CREATE TABLE people (
    id             TEXT PRIMARY KEY,
    first_name     TEXT NOT NULL,
    last_name      TEXT NOT NULL,
    known_as       TEXT NOT NULL DEFAULT '',
    date_of_birth  DATE,
    gender         TEXT NOT NULL DEFAULT '',
    nhs_number     TEXT NOT NULL DEFAULT '',
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    created_by     TEXT REFERENCES users (id)
);
CREATE INDEX people_date_of_birth ON people (date_of_birth);

-- Search keys for names: "t:<token>" for each name word and "s:<sound>"
-- for its sound key (kith.SoundKey). name_terms is the vocabulary of name
-- words, used to find words within a typing slip of what was searched.
CREATE TABLE person_name_keys (
    key        TEXT NOT NULL,
    person_id  TEXT NOT NULL REFERENCES people (id),
    PRIMARY KEY (key, person_id)
) WITHOUT ROWID;
CREATE INDEX person_name_keys_person ON person_name_keys (person_id);

CREATE TABLE name_terms (
    term  TEXT PRIMARY KEY
) WITHOUT ROWID;

CREATE TABLE addresses (
    id          TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL REFERENCES people (id),
    line1       TEXT NOT NULL,
    line2       TEXT NOT NULL DEFAULT '',
    town        TEXT NOT NULL,
    postcode    TEXT NOT NULL DEFAULT '',
    from_date   DATE,
    to_date     DATE,
    created_at  TIMESTAMP NOT NULL,
    created_by  TEXT REFERENCES users (id)
);
CREATE INDEX addresses_person ON addresses (person_id);

-- digits_rev holds the digits reversed, so "ends with" searches on a phone
-- number use an index range.
CREATE TABLE phones (
    id          TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL REFERENCES people (id),
    number      TEXT NOT NULL,
    digits      TEXT NOT NULL,
    digits_rev  TEXT NOT NULL,
    kind        TEXT NOT NULL,
    from_date   DATE,
    to_date     DATE,
    created_at  TIMESTAMP NOT NULL,
    created_by  TEXT REFERENCES users (id)
);
CREATE INDEX phones_person ON phones (person_id);
CREATE INDEX phones_digits_rev ON phones (digits_rev);

CREATE TABLE cases (
    id            TEXT PRIMARY KEY,
    reference     TEXT NOT NULL UNIQUE,
    ref_number    BIGINT NOT NULL,
    child_id      TEXT NOT NULL UNIQUE REFERENCES people (id),
    state         TEXT NOT NULL CHECK (state IN ('open', 'closed')),
    opened_on     DATE NOT NULL,
    closed_on     DATE,
    close_reason  TEXT NOT NULL DEFAULT '',
    team_id       TEXT NOT NULL REFERENCES teams (id),
    worker_id     TEXT REFERENCES users (id),
    allocated_at  TIMESTAMP,
    restricted    BOOLEAN NOT NULL DEFAULT FALSE,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX cases_worker ON cases (worker_id, state);
CREATE INDEX cases_team ON cases (team_id, state);
CREATE INDEX cases_ref_number ON cases (ref_number);

CREATE TABLE status_periods (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases (id),
    kind        TEXT NOT NULL,
    started_on  DATE NOT NULL,
    ended_on    DATE,
    created_at  TIMESTAMP NOT NULL,
    created_by  TEXT REFERENCES users (id),
    ended_by    TEXT REFERENCES users (id)
);
CREATE INDEX status_periods_case ON status_periods (case_id);
CREATE UNIQUE INDEX status_periods_current ON status_periods (case_id, kind) WHERE ended_on IS NULL;

CREATE TABLE allocations (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases (id),
    kind        TEXT NOT NULL,
    team_id     TEXT NOT NULL REFERENCES teams (id),
    worker_id   TEXT REFERENCES users (id),
    started_at  TIMESTAMP NOT NULL,
    ended_at    TIMESTAMP,
    reason      TEXT NOT NULL DEFAULT '',
    by_user_id  TEXT REFERENCES users (id)
);
CREATE INDEX allocations_case ON allocations (case_id, started_at);

CREATE TABLE key_events (
    id           TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases (id),
    kind         TEXT NOT NULL,
    occurred_at  TIMESTAMP NOT NULL,
    summary      TEXT NOT NULL,
    by_user_id   TEXT REFERENCES users (id),
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX key_events_case ON key_events (case_id, occurred_at);

CREATE TABLE relationships (
    id                       TEXT PRIMARY KEY,
    child_id                 TEXT NOT NULL REFERENCES people (id),
    person_id                TEXT NOT NULL REFERENCES people (id),
    kind                     TEXT NOT NULL,
    lives_with_child         BOOLEAN NOT NULL DEFAULT FALSE,
    parental_responsibility  TEXT NOT NULL DEFAULT 'not_known',
    notes                    TEXT NOT NULL DEFAULT '',
    started_on               DATE,
    ended_on                 DATE,
    version                  INTEGER NOT NULL DEFAULT 1,
    created_at               TIMESTAMP NOT NULL,
    updated_at               TIMESTAMP NOT NULL,
    created_by               TEXT REFERENCES users (id),
    UNIQUE (child_id, person_id),
    CHECK (child_id <> person_id)
);
CREATE INDEX relationships_person ON relationships (person_id);

CREATE TABLE professionals (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL,
    agency      TEXT NOT NULL,
    phone       TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX professionals_name ON professionals (lower(name));

CREATE TABLE involvements (
    id               TEXT PRIMARY KEY,
    case_id          TEXT NOT NULL REFERENCES cases (id),
    professional_id  TEXT NOT NULL REFERENCES professionals (id),
    note             TEXT NOT NULL DEFAULT '',
    started_on       DATE,
    ended_on         DATE,
    created_at       TIMESTAMP NOT NULL,
    created_by       TEXT REFERENCES users (id)
);
CREATE INDEX involvements_case ON involvements (case_id);
CREATE INDEX involvements_professional ON involvements (professional_id);
CREATE UNIQUE INDEX involvements_current ON involvements (case_id, professional_id) WHERE ended_on IS NULL;

CREATE TABLE warnings (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases (id),
    kind        TEXT NOT NULL,
    detail      TEXT NOT NULL,
    review_on   DATE NOT NULL,
    person_id   TEXT REFERENCES people (id),
    created_at  TIMESTAMP NOT NULL,
    created_by  TEXT REFERENCES users (id),
    ended_on    DATE,
    end_reason  TEXT NOT NULL DEFAULT '',
    ended_by    TEXT REFERENCES users (id),
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX warnings_case ON warnings (case_id);

CREATE TABLE case_access_list (
    case_id   TEXT NOT NULL REFERENCES cases (id),
    user_id   TEXT NOT NULL REFERENCES users (id),
    added_at  TIMESTAMP NOT NULL,
    added_by  TEXT REFERENCES users (id),
    PRIMARY KEY (case_id, user_id)
);
CREATE INDEX case_access_list_user ON case_access_list (user_id);

CREATE TABLE case_lockouts (
    case_id   TEXT NOT NULL REFERENCES cases (id),
    user_id   TEXT NOT NULL REFERENCES users (id),
    reason    TEXT NOT NULL,
    added_at  TIMESTAMP NOT NULL,
    added_by  TEXT REFERENCES users (id),
    PRIMARY KEY (case_id, user_id)
);
CREATE INDEX case_lockouts_user ON case_lockouts (user_id);

-- The audit log is append-only: no code path updates or deletes it, and
-- these triggers refuse if anything tries.
CREATE TABLE audit_events (
    id            TEXT PRIMARY KEY,
    at            TIMESTAMP NOT NULL,
    user_id       TEXT,
    action        TEXT NOT NULL,
    case_id       TEXT,
    subject_type  TEXT NOT NULL DEFAULT '',
    subject_id    TEXT NOT NULL DEFAULT '',
    detail        TEXT NOT NULL DEFAULT '',
    ip            TEXT NOT NULL DEFAULT '',
    user_agent    TEXT NOT NULL DEFAULT '',
    request_id    TEXT NOT NULL DEFAULT '',
    via           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_case ON audit_events (case_id, at);
CREATE INDEX audit_events_user ON audit_events (user_id, at);

-- A caseload list or search results shown to someone is one audit event;
-- each case that appeared in it has a row here, so a case's access log can
-- show every list it appeared in without an event per case.
CREATE TABLE audit_listings (
    case_id   TEXT NOT NULL,
    event_id  TEXT NOT NULL,
    PRIMARY KEY (case_id, event_id)
) WITHOUT ROWID;

-- +goose StatementBegin
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER audit_listings_no_update BEFORE UPDATE ON audit_listings
BEGIN
    SELECT RAISE(ABORT, 'audit_listings is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER audit_listings_no_delete BEFORE DELETE ON audit_listings
BEGIN
    SELECT RAISE(ABORT, 'audit_listings is append-only');
END;
-- +goose StatementEnd

-- +goose Down
-- The foundation cannot be migrated down: that would drop the audit log.
SELECT RAISE(ABORT, 'the foundation migration cannot be undone');
