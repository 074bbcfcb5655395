-- The copy-paste index in two levels. A record finalised is queued at
-- once, in its own transaction: one row in text_prints_queue holding its
-- distinct prints (8 bytes each, big-endian). A background merge
-- (sqldb.MergeTextIndex) moves them into text_prints, a record at a time,
-- keeping text_print_stats as it goes. Lookups read both, so a record is
-- found from the moment it is final, and finalising never waits on a few
-- hundred writes scattered over the large table.

-- +goose Up
CREATE TABLE text_prints_queue (
    doc_id  BIGINT PRIMARY KEY REFERENCES text_docs (doc_id),
    prints  BYTEA NOT NULL
);

-- +goose Down
DROP TABLE text_prints_queue;
