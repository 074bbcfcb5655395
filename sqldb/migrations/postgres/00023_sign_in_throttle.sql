-- Failed sign-ins counted by the address they came from (an IPv4 address
-- or an IPv6 /64), so that every Kith server sharing the database slows
-- the same guesser down (kith.SignInThrottle).

-- +goose Up
CREATE TABLE sign_in_throttle (
    address          TEXT PRIMARY KEY,
    failures         INTEGER NOT NULL,
    last_failure_at  TIMESTAMPTZ NOT NULL,
    blocked_until    TIMESTAMPTZ
);
CREATE INDEX sign_in_throttle_last ON sign_in_throttle (last_failure_at);

-- +goose Down
DROP TABLE sign_in_throttle;
