-- Every read of a section 47 enquiry looks up the plan its conference made
-- (plans.section47_id): without an index each lookup reads every plan.

-- +goose Up
CREATE INDEX plans_section47 ON plans (section47_id) WHERE section47_id IS NOT NULL;

-- +goose Down
DROP INDEX plans_section47;
