-- A case holds one or more episodes, each from a referral to a closure
-- (the census's CIN episodes): reopening a case starts a new episode with
-- its own referral and leaves the earlier ones as they were. At most one
-- episode of a case is open.
--
-- Existing cases are given their episodes from their history: the first
-- from the day the case opened, one more from each reopening. An episode
-- before a reopening closes on the last closure recorded before it, with
-- the census reason its key event names (or on the day it was reopened, if
-- no closure was recorded); the last closes as the case did.
-- Their referrals' sources and needs were not recorded, so they are empty.

-- +goose Up
CREATE TABLE episodes (
    id            TEXT PRIMARY KEY,
    case_id       TEXT NOT NULL REFERENCES cases (id),
    number        INTEGER NOT NULL,
    referral_at   TIMESTAMPTZ NOT NULL,
    source        TEXT NOT NULL DEFAULT '',
    primary_need  TEXT NOT NULL DEFAULT '',
    decision      TEXT NOT NULL DEFAULT '',
    decided_on    DATE,
    decided_by    TEXT REFERENCES users (id),
    closed_on     DATE,
    close_reason  TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (case_id, number)
);
CREATE UNIQUE INDEX episodes_open ON episodes (case_id) WHERE closed_on IS NULL;

INSERT INTO episodes (id, case_id, number, referral_at, closed_on, close_reason, created_at)
SELECT n.case_id || '-' || n.number, n.case_id, n.number, n.at,
    CASE WHEN n.next_at IS NULL THEN c.closed_on ELSE COALESCE(
        (SELECT (k.occurred_at AT TIME ZONE 'Europe/London')::date FROM key_events k WHERE k.case_id = n.case_id AND k.kind = 'case_closed'
            AND k.occurred_at >= n.at AND k.occurred_at <= n.next_at ORDER BY k.occurred_at DESC LIMIT 1), (n.next_at AT TIME ZONE 'Europe/London')::date) END,
    CASE WHEN n.next_at IS NULL THEN COALESCE(c.close_reason, '') ELSE
        COALESCE((SELECT CASE
            WHEN k.summary LIKE 'Case closed: Adopted%' THEN 'RC1'
            WHEN k.summary LIKE 'Case closed: Died%' THEN 'RC2'
            WHEN k.summary LIKE 'Case closed: Child arrangements order%' THEN 'RC3'
            WHEN k.summary LIKE 'Case closed: Special guardianship order%' THEN 'RC4'
            WHEN k.summary LIKE 'Case closed: Transferred to services of another local authority%' THEN 'RC5'
            WHEN k.summary LIKE 'Case closed: Transferred to adult social care%' THEN 'RC6'
            WHEN k.summary LIKE 'Case closed: Services ceased for any other reason%' THEN 'RC7'
            WHEN k.summary LIKE 'Case closed: Case closed after assessment, no further action%' THEN 'RC8'
            WHEN k.summary LIKE 'Case closed: Case closed after assessment, referred to early help%' THEN 'RC9'
            ELSE '' END
            FROM key_events k WHERE k.case_id = n.case_id AND k.kind = 'case_closed'
            AND k.occurred_at >= n.at AND k.occurred_at <= n.next_at ORDER BY k.occurred_at DESC LIMIT 1), '') END,
    c.created_at
FROM (
    SELECT case_id, at, ROW_NUMBER() OVER (PARTITION BY case_id ORDER BY at) AS number,
        LEAD(at) OVER (PARTITION BY case_id ORDER BY at) AS next_at
    FROM (
        SELECT id AS case_id, (opened_on::timestamp AT TIME ZONE 'Europe/London') AS at FROM cases
        UNION ALL
        SELECT case_id, started_at FROM allocations WHERE kind = 'reopened'
    ) starts
) n JOIN cases c ON c.id = n.case_id;

-- +goose Down
DROP TABLE episodes;
