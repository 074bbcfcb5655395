-- An action keeps the name and date of the record it was agreed in, so
-- lists of actions (My work, a team's overdue actions) never read the
-- records themselves: a record's kind and date never change once final.
-- SQLite keeps no time zones, so the backfill dates a record by its UTC day;
-- records written from now on are dated in the council's zone.

-- +goose Up
ALTER TABLE actions ADD COLUMN source_name TEXT NOT NULL DEFAULT '';
ALTER TABLE actions ADD COLUMN source_on DATE;
UPDATE actions SET
    source_name = COALESCE((SELECT rt.name FROM records r JOIN record_templates rt ON rt.key = r.template_key AND rt.version = r.template_version
        WHERE r.id = actions.source_record_id), ''),
    source_on = (SELECT date(r.occurred_at) FROM records r WHERE r.id = actions.source_record_id)
    WHERE source_record_id IS NOT NULL;

-- +goose Down
ALTER TABLE actions DROP COLUMN source_on;
ALTER TABLE actions DROP COLUMN source_name;
