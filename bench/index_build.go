package bench

import (
	"context"
	"sync/atomic"
)

// indexBuildOperations are the rows timed while the writing coach's
// copy-paste index is built in bulk, as `kith serve` does after a council
// is loaded in bulk and `kith quality index --rebuild` does: practitioners
// go on finalising records meanwhile. The index is emptied and built again
// over the whole council, so these rows come last.
func indexBuildOperations(rw *recordWork) []operation {
	return []operation{{
		name: "record/finalise-during-index-build (storage, while the copy-paste index is built in bulk)", target: "20 ms",
		background: func(ctx context.Context) (func() bool, func() error, error) {
			if err := rw.db.DropTextIndex(ctx); err != nil {
				return nil, nil, err
			}
			var building atomic.Bool
			building.Store(true)
			done := make(chan error, 1)
			go func() {
				_, err := rw.db.BuildTextIndex(ctx, nil)
				building.Store(false)
				done <- err
			}()
			return building.Load, func() error { return <-done }, nil
		},
		call: func(ctx context.Context, i int) error {
			d := rw.buildFinals[i%len(rw.buildFinals)]
			_, err := rw.db.FinaliseRecord(ctx, d.actor, d.id, d.in)
			return err
		},
		// The same insert as record/finalise's, timed once the build is done.
		raw: func(ctx context.Context, i int) error { return rw.rawFinalise(ctx, rw.rawFinals[i%len(rw.rawFinals)]) },
	}}
}
