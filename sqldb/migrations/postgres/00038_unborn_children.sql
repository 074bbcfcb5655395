-- An unborn child is recorded with the date they are expected, in place
-- of a date of birth, so pre-birth referrals and conferences can be
-- recorded. When the baby is born the date of birth replaces it.

-- +goose Up
ALTER TABLE people ADD COLUMN expected_date_of_birth DATE;

-- +goose Down
ALTER TABLE people DROP COLUMN expected_date_of_birth;
