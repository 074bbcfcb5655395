package main

import (
	"crypto/rand"
	"strings"
)

// newPassword makes a password of four groups of five letters and digits
// from an alphabet without look-alikes (no l, 1, o, 0): long enough, and
// easy to read out to someone.
func newPassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	var out strings.Builder
	for i, c := range b {
		if i > 0 && i%5 == 0 {
			out.WriteByte('-')
		}
		out.WriteByte(alphabet[int(c)%len(alphabet)])
	}
	return out.String()
}
