-- Record search shows the most recently finalised matches first, a page
-- at a time. With only the GIN index, a common word ("school") meant
-- fetching every matching record in the council, hundreds of thousands
-- of rows, to sort them and keep twenty. This index lets PostgreSQL walk
-- final records newest first and test each against the query, stopping
-- at a page, whenever the words are common enough for that to be
-- cheaper; rare words still go through the GIN index. The planner
-- chooses from the statistics on search_doc, so those are kept finer.
--
-- Testing a record against the words means reading its search_doc. A
-- record's row is often over PostgreSQL's 2 kB, and the largest column
-- was then moved out to the TOAST table, and that was usually search_doc:
-- reading it back cost about 25 microseconds a record, 25 times reading it
-- in the row. STORAGE MAIN keeps it in the row, compressed, and moves the
-- record's content and body out first. It applies to records written from
-- now on; records already written keep theirs where they are.

-- +goose Up
CREATE INDEX records_finalised ON records (finalised_at DESC, id DESC) WHERE status = 'final';
ALTER TABLE records ALTER COLUMN search_doc SET STATISTICS 1000;
ALTER TABLE records ALTER COLUMN search_doc SET STORAGE MAIN;
ANALYZE records;

-- +goose Down
ALTER TABLE records ALTER COLUMN search_doc SET STORAGE EXTENDED;
ALTER TABLE records ALTER COLUMN search_doc SET STATISTICS -1;
DROP INDEX records_finalised;
