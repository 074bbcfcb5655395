package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"regexp"

	"kith"
	"kith/returns"
	"kith/sqldb"
)

const returnsUsage = `Usage:
  kith returns cin --year 2025-26 --out FILE.xml [--la CODE] [--db …]
  kith returns 903 --year 2025-26 --out DIR [--db …]
  kith returns annex-a --from 2026-06-01 --to 2026-11-30 --out FILE.xlsx [--csv DIR] [--db …]
`

// laCode is the shape of a local authority code: three digits.
var laCode = regexp.MustCompile(`^\d{3}$`)

// runReturns makes a statutory return from the record, for operators and
// for checking a return with the community validators before it is sent.
func runReturns(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "annex-a" {
		return runAnnexA(ctx, args[1:], stdout, stderr)
	}
	if len(args) == 0 || (args[0] != "cin" && args[0] != "903") {
		fmt.Fprint(stderr, returnsUsage)
		return usageError{"name the return: cin, 903 or annex-a"}
	}
	which := args[0]
	fs := newFlags("returns "+which, "returns "+which+" --year 2025-26 --out PATH", stderr)
	addr := dbFlag(fs)
	yearFlag := fs.String("year", "", "the collection year, like 2025-26 (default: the last one to have ended)")
	out := fs.String("out", "", "where to write the return: a file for cin, a folder for 903")
	la := fs.String("la", os.Getenv("KITH_LA_CODE"), "the council's three-digit local authority code, for the census header (env KITH_LA_CODE)")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if *out == "" {
		return usageError{"say where to write the return with --out"}
	}
	if which == "cin" && !laCode.MatchString(*la) {
		return usageError{"give the council's three-digit local authority code with --la or KITH_LA_CODE"}
	}
	db, err := openExisting(ctx, *addr, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	year := kith.CollectionYearOn(kith.DateOf(db.Now().In(kith.London))).Previous()
	if *yearFlag != "" {
		if year, err = kith.ParseCollectionYear(*yearFlag); err != nil {
			return usageError{err.Error()}
		}
	}
	if which == "903" {
		if err := os.MkdirAll(*out, 0o755); err != nil {
			return err
		}
		sum, err := returns.Make903(ctx, db, kith.SystemActor(), year, *out)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Wrote the %s SSDA903 return to %s: %d children, %d episodes.\n", year, *out, sum.Children, sum.Episodes)
		return nil
	}
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	h := returns.CINHeader{Year: year, LACode: *la, Release: kith.Version, MadeAt: db.Now()}
	sum, err := returns.MakeCIN(ctx, db, kith.SystemActor(), h, f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(*out)
		return err
	}
	fmt.Fprintf(stdout, "Wrote the %s Children in Need census to %s: %d children, %d episodes.\n", year, *out, sum.Children, sum.Episodes)
	return nil
}

// runAnnexA makes Ofsted's Annex A lists for a period: a workbook, and
// each list as a CSV file when --csv names a folder.
func runAnnexA(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("returns annex-a", "returns annex-a --from 2026-06-01 --to 2026-11-30 --out FILE.xlsx", stderr)
	addr := dbFlag(fs)
	from := fs.String("from", "", "the period's first day (default: six months before its last)")
	to := fs.String("to", "", "the period's last day (default: today)")
	out := fs.String("out", "", "where to write the workbook (.xlsx)")
	csvDir := fs.String("csv", "", "a folder to write each list to as a CSV file as well")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usageError{"say where to write the workbook with --out"}
	}
	db, err := openExisting(ctx, *addr, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	if *to == "" {
		*to = kith.DateOf(db.Now().In(kith.London)).String()
	}
	if *from == "" {
		if last, err := kith.ParseISODate(*to); err == nil {
			*from = kith.AnnexASixMonthsTo(last).String()
		}
	}
	period, err := kith.ParseAnnexAPeriod(*from, *to)
	if err != nil {
		return usageError{kith.ErrorMessage(err)}
	}
	lists, sum, err := returns.AnnexA(ctx, db, kith.SystemActor(), period)
	if err != nil {
		return err
	}
	if *csvDir != "" {
		if err := os.MkdirAll(*csvDir, 0o755); err != nil {
			return err
		}
		if err := returns.WriteAnnexACSVs(*csvDir, lists); err != nil {
			return err
		}
	}
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	err = returns.WriteAnnexAWorkbook(f, period, lists, db.Now(), kith.Version)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(*out)
		return err
	}
	fmt.Fprintf(stdout, "Wrote Ofsted's Annex A for %s to %s: %d children, %d rows.\n", period, *out, sum.Children, sum.Episodes)
	return nil
}

// openExisting opens the database a return is made from, which must be
// there already, logging to stderr.
func openExisting(ctx context.Context, addr string, stderr io.Writer) (*sqldb.DB, error) {
	if err := mustExist(addr); err != nil {
		return nil, err
	}
	return openDB(ctx, addr, slog.New(slog.NewTextHandler(stderr, nil)))
}
