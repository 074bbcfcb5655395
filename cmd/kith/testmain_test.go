package main

import (
	"os"
	"testing"

	"kith/internal/pgtest"
)

// runKithEnv, set in a test binary's environment, makes the binary run
// the kith command line (its arguments) instead of the tests: a test can
// so start the real program as a process of its own, and kill it.
const runKithEnv = "KITH_TEST_RUN_KITH"

func TestMain(m *testing.M) {
	if os.Getenv(runKithEnv) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(pgtest.Main(m))
}
