// Package background runs a maker of things asked for (statutory returns,
// case files) in the background of kith serve.
package background

import (
	"context"
	"time"
)

// Run calls next until it makes nothing (or fails), then waits for the
// next interval or a wake, until ctx ends. failed hears of each error
// while ctx is live.
func Run(ctx context.Context, interval time.Duration, wake <-chan struct{}, next func(context.Context) (bool, error), failed func(error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		for {
			made, err := next(ctx)
			if err != nil && ctx.Err() == nil {
				failed(err)
			}
			if !made || err != nil {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-wake:
		}
	}
}
