//go:build !unix

package bench

import "time"

// processCPU is not measured off Unix: the sweep's CPU column says 0.
func processCPU() time.Duration { return 0 }

// loadAverage is not known off Unix.
func loadAverage() float64 { return 0 }
