-- Referrals to services, each chase and the response, any appointment and
-- the outcome. responded and last_contact_on are kept on each write so
-- "My work" finds the referrals due a chase from an index. See the SQLite
-- migration with the same number.

-- +goose Up
CREATE TABLE referrals (
    id                TEXT PRIMARY KEY,
    case_id           TEXT NOT NULL REFERENCES cases (id),
    service           TEXT NOT NULL,
    provider          TEXT NOT NULL DEFAULT '',
    referred_on       DATE NOT NULL,
    reason            TEXT NOT NULL,
    family_wanted     TEXT NOT NULL,
    consent           TEXT NOT NULL,
    consent_note      TEXT NOT NULL DEFAULT '',
    appointment_on    DATE,
    appointment       TEXT NOT NULL DEFAULT '',
    outcome           TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'accepted', 'waiting', 'declined', 'delivered')),
    outcome_on        DATE,
    outcome_note      TEXT NOT NULL DEFAULT '',
    responded         BOOLEAN NOT NULL DEFAULT FALSE,
    last_contact_on   DATE NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1,
    created_by        TEXT REFERENCES users (id),
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX referrals_case ON referrals (case_id, referred_on);
-- Referrals still waiting for any response: what the chase clock reads.
CREATE INDEX referrals_unanswered ON referrals (case_id, last_contact_on) WHERE NOT responded;

CREATE TABLE referral_chases (
    id           TEXT PRIMARY KEY,
    referral_id  TEXT NOT NULL REFERENCES referrals (id),
    chased_on    DATE NOT NULL,
    how          TEXT NOT NULL,
    response     TEXT NOT NULL DEFAULT '',
    by_user_id   TEXT REFERENCES users (id),
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX referral_chases_referral ON referral_chases (referral_id, chased_on);

-- +goose Down
DROP TABLE referral_chases;
DROP TABLE referrals;
