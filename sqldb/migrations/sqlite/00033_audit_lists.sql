-- A list of cases shown to someone (a caseload, My work, search results)
-- is one audit event; which cases were in it was kept as a row per case
-- per event (audit_listings). Practitioners open the same list again and
-- again through the day, so most of those rows repeated the last ones:
-- two thirds of the space the access log took.
--
-- Now a list's cases are kept once, under the list's key (a hash of the
-- case ids in it, which the event keeps as its subject_id, so the hash
-- chain covers it), and each event that showed the list points to them.
-- Who saw which case, and when, is still there for every event. Events
-- before this migration keep their rows in audit_listings.

-- +goose Up
CREATE TABLE audit_list_cases (
    case_id  TEXT NOT NULL,
    list     TEXT NOT NULL,
    PRIMARY KEY (case_id, list)
) WITHOUT ROWID;
CREATE INDEX audit_events_list ON audit_events (subject_id) WHERE subject_type = 'list';

-- +goose StatementBegin
CREATE TRIGGER audit_list_cases_no_update BEFORE UPDATE ON audit_list_cases
BEGIN
    SELECT RAISE(ABORT, 'audit_list_cases is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER audit_list_cases_no_delete BEFORE DELETE ON audit_list_cases
BEGIN
    SELECT RAISE(ABORT, 'audit_list_cases is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP INDEX audit_events_list;
DROP TABLE audit_list_cases;
