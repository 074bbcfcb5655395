-- The few restricted cases, found without reading every case: each report
-- and figure leaves out the records of the restricted cases its reader is
-- not on the list of (kith.FiguresCount), and looks them up here.

-- +goose Up
CREATE INDEX cases_restricted ON cases (id) WHERE restricted = TRUE;

-- +goose Down
DROP INDEX cases_restricted;
