package e2e

import (
	"os"
	"testing"

	"kith/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
