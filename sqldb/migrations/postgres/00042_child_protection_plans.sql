-- A child protection plan made at an initial child protection conference:
-- the plan keeps the section 47 enquiry whose conference made it, the
-- category of abuse it was made under and the latest after each review
-- (census items N00113 and N00114), and the day its first core group met.
-- The enquiry keeps what its conference decided and the plan it started.

-- +goose Up
ALTER TABLE plans ADD COLUMN section47_id TEXT REFERENCES section47s (id);
ALTER TABLE plans ADD COLUMN initial_category TEXT NOT NULL DEFAULT '';
ALTER TABLE plans ADD COLUMN latest_category TEXT NOT NULL DEFAULT '';
ALTER TABLE plans ADD COLUMN core_group_on DATE;
ALTER TABLE plan_reviews ADD COLUMN category TEXT NOT NULL DEFAULT '';
ALTER TABLE section47s ADD COLUMN conference_decision TEXT NOT NULL DEFAULT '';
-- The plans a conference made, for the core group and review clocks.
CREATE INDEX plans_from_conference ON plans (case_id) WHERE section47_id IS NOT NULL AND ended_on IS NULL;

-- +goose Down
DROP INDEX plans_from_conference;
ALTER TABLE section47s DROP COLUMN conference_decision;
ALTER TABLE plan_reviews DROP COLUMN category;
ALTER TABLE plans DROP COLUMN core_group_on;
ALTER TABLE plans DROP COLUMN latest_category;
ALTER TABLE plans DROP COLUMN initial_category;
ALTER TABLE plans DROP COLUMN section47_id;
