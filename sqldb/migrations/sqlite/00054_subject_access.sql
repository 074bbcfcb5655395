-- Subject access requests: who asked for whose record, how their
-- identity was checked, when it arrived, any extension of the month and
-- its reason, and when it was answered or withdrawn. The reference
-- (SAR-2026-0001) is numbered within the year the request was received.

-- +goose Up
CREATE TABLE subject_access_requests (
    id                     TEXT PRIMARY KEY,
    reference              TEXT NOT NULL UNIQUE,
    ref_year               INTEGER NOT NULL,
    ref_number             INTEGER NOT NULL,
    case_id                TEXT NOT NULL REFERENCES cases (id),
    requester_name         TEXT NOT NULL,
    relation               TEXT NOT NULL,
    received_on            DATE NOT NULL,
    identity_check         TEXT NOT NULL,
    identity_confirmed_on  DATE,
    extension_months       INTEGER NOT NULL DEFAULT 0,
    extension_reason       TEXT NOT NULL DEFAULT '',
    extended_on            DATE,
    responded_on           DATE,
    withdrawn_on           DATE,
    notes                  TEXT NOT NULL DEFAULT '',
    version                INTEGER NOT NULL,
    logged_by              TEXT NOT NULL REFERENCES users (id),
    recorded_at            TIMESTAMP NOT NULL,
    recorded_by            TEXT NOT NULL REFERENCES users (id)
);
CREATE UNIQUE INDEX subject_access_requests_number ON subject_access_requests (ref_year, ref_number);
CREATE INDEX subject_access_requests_case ON subject_access_requests (case_id);

-- +goose Down
DROP TABLE subject_access_requests;
