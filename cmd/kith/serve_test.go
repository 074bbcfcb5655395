package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// freeAddr is a loopback address with a port nothing listens on now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestServeMetricsOnTheirOwnAddress starts kith serve as an operator
// would, with KITH_METRICS_ADDR: the metrics answer there and not on the
// main address, which anyone who can reach Kith's pages can reach.
func TestServeMetricsOnTheirOwnAddress(t *testing.T) {
	main, metrics := freeAddr(t), freeAddr(t)
	t.Setenv("KITH_METRICS_ADDR", metrics)
	t.Setenv("KITH_TOKEN_LIFETIME", "7d")
	t.Setenv("KITH_SECURE_COOKIES", "false")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, []string{"serve", "--addr", main, "--db", filepath.Join(t.TempDir(), "kith.db")}, strings.NewReader(""), io.Discard, io.Discard)
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	get := func(url string) (int, string) {
		res, err := http.Get(url)
		if err != nil {
			return 0, err.Error()
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	// Wait for the server to answer (it migrates first).
	for i := 0; ; i++ {
		if st, _ := get("http://" + main + "/healthz"); st == 200 {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v", err)
		case <-time.After(50 * time.Millisecond):
		}
		if i > 1200 {
			t.Fatal("kith serve did not start")
		}
	}
	if st, _ := get("http://" + main + "/metrics"); st != http.StatusNotFound {
		t.Errorf("metrics on the main address: %d", st)
	}
	if st, body := get("http://" + metrics + "/metrics"); st != 200 || !strings.Contains(body, "kith_http_request_duration_seconds") {
		t.Errorf("metrics on KITH_METRICS_ADDR: %d", st)
	}
	if st, _ := get("http://" + metrics + "/sign-in"); st != http.StatusNotFound {
		t.Errorf("pages on KITH_METRICS_ADDR: %d", st)
	}
	if st, _ := get("http://" + metrics + "/debug/pprof/cmdline"); st != 200 {
		t.Errorf("profiles on KITH_METRICS_ADDR: %d", st)
	}
	if st, _ := get("http://" + main + "/debug/pprof/cmdline"); st != http.StatusNotFound {
		t.Errorf("profiles on the main address: %d", st)
	}
}

func TestServeEnvironment(t *testing.T) {
	for v, want := range map[string]time.Duration{"": 90 * 24 * time.Hour, "7d": 7 * 24 * time.Hour, "720h": 720 * time.Hour} {
		t.Setenv("KITH_TOKEN_LIFETIME", v)
		e, err := readServeEnv()
		if err != nil || e.TokenLifetime != want {
			t.Errorf("KITH_TOKEN_LIFETIME=%q: %v %v", v, e.TokenLifetime, err)
		}
	}
	for _, v := range []string{"forever", "0d", "-3h", "90 days"} {
		t.Setenv("KITH_TOKEN_LIFETIME", v)
		if _, err := readServeEnv(); exitCode(err) != 2 || !strings.Contains(err.Error(), "KITH_TOKEN_LIFETIME") {
			t.Errorf("KITH_TOKEN_LIFETIME=%q: %v", v, err)
		}
	}
}
