// Package pgtest gives tests a PostgreSQL database: the server named by
// KITH_TEST_POSTGRES, or else a throwaway cluster started from the
// PostgreSQL server binaries installed on the machine (initdb and pg_ctl,
// under /usr/lib/postgresql/*/bin or on PATH).
//
// Without either, PostgreSQL tests skip with a visible message; with
// KITH_REQUIRE_POSTGRES=1 (as in CI) they fail instead.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

var (
	once      sync.Once
	serverURL string
	setupErr  error
	cluster   *throwaway
	// inMain is set while Main runs a package's tests: without it, a
	// throwaway cluster would outlive the tests, one more server left
	// running after every run.
	inMain bool
)

// Main runs the tests of a package and stops any throwaway cluster they
// started. Use it from TestMain: os.Exit(pgtest.Main(m)).
func Main(m *testing.M) int {
	inMain = true
	code := m.Run()
	if cluster != nil {
		cluster.stop()
	}
	return code
}

// Required reports whether PostgreSQL tests must run (CI).
func Required() bool { return os.Getenv("KITH_REQUIRE_POSTGRES") == "1" }

// Database creates an empty database for one test and returns its URL. The
// database is dropped when the test ends.
func Database(t testing.TB) string {
	t.Helper()
	if !inMain {
		t.Fatal("pgtest: the package's TestMain must run its tests with pgtest.Main, which stops the PostgreSQL server they start")
	}
	once.Do(func() { serverURL, setupErr = server() })
	if setupErr != nil {
		if Required() {
			t.Fatalf("PostgreSQL is required (KITH_REQUIRE_POSTGRES=1) but not available: %v", setupErr)
		}
		t.Skipf("skipping PostgreSQL test: %v (set KITH_TEST_POSTGRES or install the PostgreSQL server)", setupErr)
	}
	admin, err := sql.Open("pgx", serverURL)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "kith_test_" + hex.EncodeToString(b)
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", serverURL)
		if err != nil {
			return
		}
		defer admin.Close()
		_, _ = admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	u, _ := url.Parse(serverURL)
	u.Path = "/" + name
	return u.String()
}

func server() (string, error) {
	if u := os.Getenv("KITH_TEST_POSTGRES"); u != "" {
		db, err := sql.Open("pgx", u)
		if err != nil {
			return "", err
		}
		defer db.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := db.PingContext(ctx); err != nil {
			return "", fmt.Errorf("KITH_TEST_POSTGRES=%s does not answer: %w", u, err)
		}
		return u, nil
	}
	c, err := start()
	if err != nil {
		return "", err
	}
	cluster = c
	return c.url, nil
}

// throwaway is a PostgreSQL cluster in a temporary folder.
type throwaway struct {
	dir, bin, url string
	asPostgres    bool
}

// binDir finds the folder holding initdb and pg_ctl.
func binDir() (string, error) {
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	sort.Slice(matches, func(i, j int) bool { return version(matches[i]) > version(matches[j]) })
	if len(matches) > 0 {
		return filepath.Dir(matches[0]), nil
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", fmt.Errorf("no PostgreSQL server binaries (initdb, pg_ctl) found")
}

// Tool finds one of PostgreSQL's client programs (pg_dump, pg_restore,
// psql): beside the server binaries first, so a test uses the same
// version as the cluster it started, else on PATH. Without it, the test
// skips, or fails where PostgreSQL tests are required.
func Tool(t testing.TB, name string) string {
	t.Helper()
	if dir, err := binDir(); err == nil {
		if path := filepath.Join(dir, name); fileExists(path) {
			return path
		}
	}
	path, err := exec.LookPath(name)
	if err != nil {
		if Required() {
			t.Fatalf("PostgreSQL is required (KITH_REQUIRE_POSTGRES=1) but %s is not installed: %v", name, err)
		}
		t.Skipf("skipping: %s is not installed", name)
	}
	return path
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func version(initdb string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(initdb))))
	return n
}

func start() (*throwaway, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "kith-pg-")
	if err != nil {
		return nil, err
	}
	c := &throwaway{dir: dir, bin: bin}
	// PostgreSQL refuses to run as root, so as root the cluster belongs
	// to the postgres system user.
	if os.Geteuid() == 0 {
		pg, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("running as root and there is no postgres user to run PostgreSQL as: %w", err)
		}
		uid, _ := strconv.Atoi(pg.Uid)
		gid, _ := strconv.Atoi(pg.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			return nil, err
		}
		c.asPostgres = true
	}
	data := filepath.Join(dir, "data")
	if out, err := c.run("initdb", "-D", data, "-U", "kith", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"); err != nil {
		return nil, fmt.Errorf("initdb: %v: %s", err, out)
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	// Durability settings are off: this cluster lives for one test run.
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", port, dir)
	if out, err := c.run("pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "start"); err != nil {
		return nil, fmt.Errorf("pg_ctl start: %v: %s", err, out)
	}
	c.url = fmt.Sprintf("postgres://kith@127.0.0.1:%d/postgres?sslmode=disable", port)
	return c, nil
}

func (c *throwaway) run(name string, args ...string) (string, error) {
	path := filepath.Join(c.bin, name)
	var cmd *exec.Cmd
	if c.asPostgres {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	cmd.Dir = c.dir
	out, err := cmd.CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

func (c *throwaway) stop() {
	_, _ = c.run("pg_ctl", "-D", filepath.Join(c.dir, "data"), "-m", "immediate", "-w", "stop")
	_ = os.RemoveAll(c.dir)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Start starts a throwaway cluster for a whole CI run and prints its URL;
// `go run ./internal/pgtest/cmd` uses it so every test package shares one
// server. The returned function stops it.
func Start() (string, func(), error) {
	c, err := start()
	if err != nil {
		return "", nil, err
	}
	return c.url, c.stop, nil
}
