package background

import (
	"context"
	"errors"
	"testing"
	"time"
)

// Run makes everything waiting at once, stops a round at an error (and
// says so), looks again when woken, and returns when its context ends.
func TestRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	wake := make(chan struct{}, 1)
	waiting := 3
	calls := make(chan int, 100)
	var failures []error
	next := func(context.Context) (bool, error) {
		calls <- waiting
		if waiting == 1 {
			waiting = 0
			return true, errors.New("broken")
		}
		if waiting == 0 {
			return false, nil
		}
		waiting--
		return true, nil
	}
	done := make(chan struct{})
	go func() {
		Run(ctx, time.Hour, wake, next, func(err error) { failures = append(failures, err) })
		close(done)
	}()
	// 3, 2, then 1 fails: the round ends there.
	for _, want := range []int{3, 2, 1} {
		if got := <-calls; got != want {
			t.Fatalf("call with %d waiting, want %d", got, want)
		}
	}
	wake <- struct{}{}
	if got := <-calls; got != 0 {
		t.Fatalf("woken: call with %d waiting", got)
	}
	cancel()
	<-done
	if len(failures) != 1 {
		t.Errorf("failures %v", failures)
	}
}
