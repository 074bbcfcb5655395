package returns_test

import (
	"os"
	"testing"

	"kith/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
