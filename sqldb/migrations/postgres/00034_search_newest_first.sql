-- Record search shows the most recently finalised matches first, a page
-- at a time. With only the GIN index, a common word ("school") meant
-- fetching every matching record in the council, hundreds of thousands
-- of rows, to sort them and keep twenty. This index lets PostgreSQL walk
-- final records newest first and test each against the query, stopping
-- at a page, whenever the words are common enough for that to be
-- cheaper; rare words still go through the GIN index. The planner
-- chooses from the statistics on search_doc, so those are kept finer.

-- +goose Up
CREATE INDEX records_finalised ON records (finalised_at DESC, id DESC) WHERE status = 'final';
ALTER TABLE records ALTER COLUMN search_doc SET STATISTICS 1000;
ANALYZE records;

-- +goose Down
ALTER TABLE records ALTER COLUMN search_doc SET STATISTICS -1;
DROP INDEX records_finalised;
