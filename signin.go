package kith

import (
	"fmt"
	"net"
	"time"
)

// SignInThrottle is the rule for failed sign-ins from one address (any
// usernames): a few are free, then each further one makes the address
// wait, twice as long each time, up to a longest wait; an address with no
// failure for Forget starts again. It sits beside the lock on each
// account (MaxFailedSignIns in storage), and lets fewer failures through
// than that lock needs, so that one address cannot keep a named person
// locked out of their own account, nor guess at many accounts.
type SignInThrottle struct {
	Free      int
	FirstWait time.Duration
	MaxWait   time.Duration
	Forget    time.Duration
}

// DefaultSignInThrottle: 5 failures free, then 1, 2, 4 … minutes, at most
// an hour; forgotten after 2 hours without a failure (longer than the
// longest wait, so a patient guesser stays at an hour).
var DefaultSignInThrottle = SignInThrottle{Free: 5, FirstWait: time.Minute, MaxWait: time.Hour, Forget: 2 * time.Hour}

// Wait is how long an address must wait after its failures-th failure in
// a row (0 while they are free).
func (p SignInThrottle) Wait(failures int) time.Duration {
	if failures <= p.Free {
		return 0
	}
	w := p.FirstWait
	for i := p.Free + 1; i < failures && w < p.MaxWait; i++ {
		w *= 2
	}
	return min(w, p.MaxWait)
}

// Failures is the count of failures after one more at now, given the
// count so far and when the last one was.
func (p SignInThrottle) Failures(before int, last, now time.Time) int {
	if before <= 0 || now.Sub(last) >= p.Forget {
		return 1
	}
	return before + 1
}

// ThrottleKey is what failed sign-ins are counted against: the IPv4
// address, or the /64 network of an IPv6 address (one home or office
// holds a whole /64, so counting single IPv6 addresses would count
// nothing). Anything unreadable is counted as it is.
func ThrottleKey(addr string) string {
	ip := net.ParseIP(addr)
	if ip == nil {
		return addr
	}
	if v4 := ip.To4(); v4 != nil {
		return v4.String()
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

// WaitMessage tells someone how long to wait before signing in again.
func WaitMessage(wait time.Duration) string {
	mins := int((wait + time.Minute - 1) / time.Minute)
	unit := "minutes"
	if mins == 1 {
		unit = "minute"
	}
	return fmt.Sprintf("There have been too many failed sign-ins from your network. Wait %d %s, then try again. If you have forgotten your password, ask your administrator for a link to set a new one.", mins, unit)
}
