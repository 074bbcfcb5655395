-- A picture on a record (a photo of direct work, a scanned drawing) says
-- what it shows for someone who cannot see it: the writer's words, read
-- out in place of its thumbnail. Files uploaded before are not pictures
-- described, and keep an empty text.

-- +goose Up
ALTER TABLE attachments ADD COLUMN alt_text TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE attachments DROP COLUMN alt_text;
