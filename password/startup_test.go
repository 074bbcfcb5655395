package password

import (
	"os"
	"testing"
)

// hashesAtStart is how many passwords were hashed before any test ran:
// by the package's own initialisation.
var hashesAtStart int64

func TestMain(m *testing.M) {
	hashesAtStart = hashes.Load()
	os.Exit(m.Run())
}

// Loading the package hashes nothing: each kith command (a quality check,
// a backup) would otherwise pay for a password hash before it starts.
func TestNoPasswordIsHashedAtStartUp(t *testing.T) {
	if hashesAtStart != 0 {
		t.Errorf("%d password hashes were made when the package loaded", hashesAtStart)
	}
	before := hashes.Load()
	Dummy("a wrong password")
	Dummy("another wrong password")
	if made := hashes.Load() - before; made != 1 {
		t.Errorf("the dummy hash was made %d times for two unknown sign-ins, want once", made)
	}
}
