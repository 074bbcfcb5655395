// Package password hashes and checks local account passwords with
// argon2id, storing PHC strings so that the parameters can be raised later
// and old hashes still verify (and are rehashed on the next sign-in).
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id parameters. The defaults follow OWASP's first
// recommendation: 19 MiB of memory, 2 iterations, 1 lane.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
	KeyLen  uint32
	SaltLen int
}

// Default is what new hashes use.
var Default = Params{Memory: 19 * 1024, Time: 2, Threads: 1, KeyLen: 32, SaltLen: 16}

// limit bounds concurrent hashing: each hash holds Memory KiB, and a burst
// of sign-ins must not exhaust a small server.
var limit = make(chan struct{}, 4)

// Hash returns the PHC string for pw.
func Hash(pw string) (string, error) {
	return hashWith(pw, Default)
}

func hashWith(pw string, p Params) (string, error) {
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	limit <- struct{}{}
	hashes.Add(1)
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	<-limit
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// ErrMalformed is returned for a stored hash Kith cannot read.
var ErrMalformed = errors.New("password: malformed hash")

// Check reports whether pw matches the stored hash, and whether the hash
// should be replaced because it uses weaker parameters than Default.
func Check(pw, stored string) (ok, rehash bool, err error) {
	parts := strings.Split(stored, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, false, ErrMalformed
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, false, ErrMalformed
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return false, false, ErrMalformed
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[4])
	want, err2 := enc.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 || p.Memory > 1<<22 || p.Time > 64 || p.Threads == 0 {
		return false, false, ErrMalformed
	}
	limit <- struct{}{}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	<-limit
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return false, false, nil
	}
	rehash = p.Memory < Default.Memory || p.Time < Default.Time
	return true, rehash, nil
}

// Dummy burns the same time as a real check, so that signing in as a user
// who does not exist takes as long as a wrong password (no username probing
// by timing).
func Dummy(pw string) {
	_, _, _ = Check(pw, dummyHash())
}

// dummyHash is made when first needed, not when the program starts: every
// kith command would otherwise spend a password hash's time and memory
// (tens of milliseconds, 19 MB) before doing anything.
var dummyHash = sync.OnceValue(func() string {
	h, _ := Hash("kith-dummy-password-for-timing")
	return h
})

// hashes counts the key derivations made, for the tests.
var hashes atomic.Int64
