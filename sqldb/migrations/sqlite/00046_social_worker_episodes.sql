-- The SSDA903's social worker episodes: each social worker's Social Work
-- England registration number (SW_ID), and on each allocation of a case
-- from one social worker to another, the DfE's coded reason for the
-- change (SW_REASON).

-- +goose Up
ALTER TABLE users ADD COLUMN swe_number TEXT NOT NULL DEFAULT '';
ALTER TABLE allocations ADD COLUMN worker_change_reason TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE allocations DROP COLUMN worker_change_reason;
ALTER TABLE users DROP COLUMN swe_number;
