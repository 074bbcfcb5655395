-- The copy-paste index's bulk build, recorded as it goes (see
-- sqldb.BuildTextIndex). One row: state is 'ready' when the index's
-- large level may be merged into, and 'building' from the moment a bulk
-- build claims it until the build has written its last row, so that a
-- build stopped part way (a server killed, a power cut) is finished by
-- the next, and nothing takes an index that holds rows for a complete
-- one. generation goes up with every claim: a build writes only while it
-- is still the newest, so a build that was taken over (or whose index was
-- emptied for a rebuild) stops at its next write. stage and done say
-- how far the build has got, for operators and tests.
--
-- Builds before this one wrote their own doc ids and moved text_docs'
-- sequence past them only at the end: one stopped part way left the
-- sequence behind the ids, and every finalise after it failed on a
-- duplicate doc_id. The sequence is moved past every id held, if it is behind. (Builds
-- now take their ids from the sequence, as finalising does.)

-- +goose Up
CREATE TABLE text_index_build (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    state       TEXT NOT NULL CHECK (state IN ('ready', 'building')),
    generation  BIGINT NOT NULL DEFAULT 0,
    stage       TEXT NOT NULL DEFAULT '',
    done        BIGINT NOT NULL DEFAULT 0,
    updated_at  TIMESTAMPTZ
);
INSERT INTO text_index_build (id, state) VALUES (1, 'ready');

SELECT setval(seq, top) FROM (
    SELECT pg_get_serial_sequence('text_docs', 'doc_id') AS seq, MAX(doc_id) AS top FROM text_docs
) held WHERE top IS NOT NULL AND top >= COALESCE(pg_sequence_last_value(seq::regclass), 0);

-- +goose Down
DROP TABLE text_index_build;
