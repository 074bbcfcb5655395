package main

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"kith/sqldb"
)

// completeTextIndex makes the writing coach's copy-paste index whole: it
// builds it in bulk when a build is needed (a council loaded in bulk, an
// index emptied to be rebuilt, or a build stopped part way, which it
// finishes), and otherwise adds the final records it lacks one by one.
// While another Kith builds it, completeTextIndex calls waiting and tries
// again every retry: should that build stop (its server killed, say),
// this one takes it over.
func completeTextIndex(ctx context.Context, db *sqldb.DB, progress func(stage string, n int), waiting func(error), retry time.Duration) (int, error) {
	for {
		n, err := db.BuildTextIndex(ctx, progress)
		if errors.Is(err, sqldb.ErrTextIndexHeld) {
			n, err = db.IndexFinalRecords(ctx, func(n int) { progress("records indexed one by one", n) })
		}
		if !errors.Is(err, sqldb.ErrTextIndexBuilding) && !errors.Is(err, sqldb.ErrTextIndexTakenOver) {
			return n, err
		}
		waiting(err)
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(retry):
		}
	}
}

// indexRetry is how long a server waits before it tries again to make
// the copy-paste index whole, after another Kith was building it or the
// attempt failed.
const indexRetry = time.Minute

// indexRecords makes the copy-paste index whole in the background as
// Kith serves, trying again after a failure: the coach finds text copied
// from final records once they are in, and records finalised meanwhile
// are found from the index's queue. Several servers may do this at once;
// one builds, and each record is indexed once.
func indexRecords(ctx context.Context, db *sqldb.DB, log *slog.Logger) {
	start, last := time.Now(), ""
	progress := func(stage string, n int) {
		if stage != last || (stage == "records indexed one by one" && n%10000 == 0) {
			log.Info("indexing final records for the writing coach", "step", stage, "count", n)
			last = stage
		}
	}
	waiting := func(err error) {
		log.Info("another Kith is building the writing coach's copy-paste index: trying again later", "reason", err, "in", indexRetry)
	}
	for {
		n, err := completeTextIndex(ctx, db, progress, waiting, indexRetry)
		switch {
		case ctx.Err() != nil:
			return
		case err == nil:
			if n > 0 {
				log.Info("indexed final records for the writing coach", "records", n, "took", time.Since(start).Round(time.Millisecond))
			}
			return
		}
		log.Error("indexing final records for the writing coach: trying again later", "err", err, "in", indexRetry)
		select {
		case <-ctx.Done():
			return
		case <-time.After(indexRetry):
		}
	}
}
