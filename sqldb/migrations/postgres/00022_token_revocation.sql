-- API tokens say why they stopped working (revoked by their owner or an
-- administrator, a password reset, the account disabled). Tokens of
-- accounts disabled before now are revoked, so that enabling the account
-- again does not bring them back.

-- +goose Up
ALTER TABLE api_tokens ADD COLUMN revoked_reason TEXT NOT NULL DEFAULT '';
UPDATE api_tokens SET revoked_at = (SELECT u.disabled_at FROM users u WHERE u.id = api_tokens.user_id),
    revoked_reason = 'account disabled'
    WHERE revoked_at IS NULL AND user_id IN (SELECT id FROM users WHERE disabled_at IS NOT NULL);

-- +goose Down
ALTER TABLE api_tokens DROP COLUMN revoked_reason;
