package kith

import (
	"strings"
	"testing"
	"time"
)

func TestSignInThrottleWait(t *testing.T) {
	p := DefaultSignInThrottle
	want := map[int]time.Duration{0: 0, 1: 0, 5: 0, 6: time.Minute, 7: 2 * time.Minute, 8: 4 * time.Minute, 10: 16 * time.Minute, 11: 32 * time.Minute, 12: time.Hour, 40: time.Hour}
	for n, w := range want {
		if got := p.Wait(n); got != w {
			t.Errorf("Wait(%d) = %v, want %v", n, got, w)
		}
	}
}

func TestSignInThrottleFailures(t *testing.T) {
	p := DefaultSignInThrottle
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	cases := []struct {
		before int
		last   time.Time
		want   int
	}{
		{0, time.Time{}, 1},
		{3, now.Add(-time.Minute), 4},
		{12, now.Add(-61 * time.Minute), 13}, // after the longest wait, still counting
		{12, now.Add(-2 * time.Hour), 1},     // two quiet hours: forgotten
	}
	for _, c := range cases {
		if got := p.Failures(c.before, c.last, now); got != c.want {
			t.Errorf("Failures(%d, %v) = %d, want %d", c.before, now.Sub(c.last), got, c.want)
		}
	}
}

func TestThrottleKey(t *testing.T) {
	for in, want := range map[string]string{
		"192.0.2.7":                 "192.0.2.7",
		"::ffff:192.0.2.7":          "192.0.2.7",
		"2001:db8:1:2:aaaa::1":      "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff:ffff::9": "2001:db8:1:2::/64",
		"not an address":            "not an address",
	} {
		if got := ThrottleKey(in); got != want {
			t.Errorf("ThrottleKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWaitMessage(t *testing.T) {
	for d, want := range map[time.Duration]string{
		30 * time.Second: "Wait 1 minute, then try again.",
		time.Minute:      "Wait 1 minute, then try again.",
		90 * time.Second: "Wait 2 minutes, then try again.",
		time.Hour:        "Wait 60 minutes, then try again.",
	} {
		if got := WaitMessage(d); !strings.Contains(got, want) {
			t.Errorf("WaitMessage(%v) = %q, want %q in it", d, got, want)
		}
	}
}
