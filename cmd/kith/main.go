// Command kith runs Kith, the case recording system for children's and
// family social care: `kith serve` serves the web pages and the API;
// the other commands look after the database and its users.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	_ "time/tzdata" // the council's time zone, whatever the host has

	"kith"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "kith:", err)
		}
		os.Exit(exitCode(err))
	}
}

func exitCode(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var u usageError
	if errors.As(err, &u) {
		return 2
	}
	return 1
}

// usageError is a mistake in how a command was called.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

const usage = `Kith: case recording for children's and family social care.

Usage:
  kith serve   [--addr :8080] [--db ./kith.db] [--demo]   serve the web pages and the API
  kith migrate [--db …] [status]                          bring the database schema up to date
  kith user    add|list|disable|enable|token [flags]       manage users
  kith demo    [--db …] [--cases N]                       load a synthetic demo council
  kith quality check FILE | eval                          the recording quality coach on the command line
  kith verify  [--db …] [--roots FILE]                     check that records and the access log are unchanged
  kith verify  roots [--db …]                             print the daily roots, to keep outside the database
  kith returns cin --year 2025-26 --out FILE.xml [--la …]  the Children in Need census from the record
  kith returns 903 --year 2025-26 --out DIR               the SSDA903 looked-after return (CSV tables)
  kith export  record ID | case REF --as USER --out F.pdf  a record or a running record as a PDF (needs Chromium)
  kith version                                            print the version

Every command takes --help. The database is ./kith.db (SQLite) unless
--db or KITH_DB names another file or a postgres:// URL.
`

// Run runs the kith command line with args; tests call it directly.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageError{"no command given"}
	}
	switch args[0] {
	case "serve":
		return runServe(ctx, args[1:], stdout, stderr)
	case "migrate":
		return runMigrate(ctx, args[1:], stdout, stderr)
	case "user":
		return runUser(ctx, args[1:], stdin, stdout, stderr)
	case "demo":
		return runDemo(ctx, args[1:], stdout, stderr)
	case "bench":
		return runBench(ctx, args[1:], stdout, stderr)
	case "quality":
		return runQuality(ctx, args[1:], stdin, stdout, stderr)
	case "verify":
		return runVerify(ctx, args[1:], stdout, stderr)
	case "returns":
		return runReturns(ctx, args[1:], stdout, stderr)
	case "export":
		return runExport(ctx, args[1:], stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, "kith", kith.Version)
		return nil
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return usageError{fmt.Sprintf("unknown command %q", args[0])}
}

// newFlags makes a flag set that reports errors rather than exiting.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: kith %s\n\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}

// dbFlag adds --db with KITH_DB as its default.
func dbFlag(fs *flag.FlagSet) *string {
	def := os.Getenv("KITH_DB")
	if def == "" {
		def = "./kith.db"
	}
	return fs.String("db", def, "database: a SQLite file, or a postgres:// URL (env KITH_DB)")
}
