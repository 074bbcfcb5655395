package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"kith"
	"kith/export"
	"kith/web"
)

const exportUsage = `Usage:
  kith export record ID --as USERNAME --out FILE.pdf [--db …]
  kith export case REF [--from 2026-01-01] [--to 2026-11-30] --as USERNAME --out FILE.pdf [--db …]
`

// runExport writes a record, or a case's running record, as the PDF a
// user would download from its page. It reads as the user --as names,
// who must be allowed to read the case: an export from the command line is
// checked and audited like any other read (via "cli").
func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) < 2 || (args[0] != "record" && args[0] != "case") || strings.HasPrefix(args[1], "-") {
		fmt.Fprint(stderr, exportUsage)
		return usageError{"say what to export: record ID or case REF"}
	}
	kind, subject := args[0], args[1]
	synopsis := map[string]string{
		"record": "export record ID --as USERNAME --out FILE.pdf",
		"case":   "export case REF [--from 2026-01-01] [--to 2026-11-30] --as USERNAME --out FILE.pdf",
	}[kind]
	fs := newFlags("export "+kind, synopsis, stderr)
	addr := dbFlag(fs)
	as := fs.String("as", "", "the user the export is made as and audited to (they must be allowed to read the case)")
	out := fs.String("out", "", "where to write the PDF")
	from := fs.String("from", "", "the first day of the running record to include (case only)")
	to := fs.String("to", "", "the last day of the running record to include (case only)")
	if err := parse(fs, args[2:]); err != nil {
		return err
	}
	if *out == "" || *as == "" {
		return usageError{"say who the export is made as with --as, and where to write it with --out"}
	}
	var fromDay, toDay kith.Date
	for _, d := range []struct {
		flag string
		to   *kith.Date
	}{{*from, &fromDay}, {*to, &toDay}} {
		if d.flag == "" {
			continue
		}
		if kind != "case" {
			return usageError{"--from and --to choose a part of a case's running record: use them with kith export case"}
		}
		day, err := kith.ParseISODate(d.flag)
		if err != nil {
			return usageError{fmt.Sprintf("%q is not a date like 2026-11-30", d.flag)}
		}
		*d.to = day
	}
	if !fromDay.IsZero() && !toDay.IsZero() && toDay.Before(fromDay) {
		return usageError{"--to must be the same as or after --from"}
	}
	db, err := openExisting(ctx, *addr, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.UserByUsername(ctx, kith.SystemActor(), *as)
	if err != nil {
		return fmt.Errorf("--as %s: %s", *as, kith.ErrorMessage(err))
	}
	a, err := db.Actor(ctx, u.ID)
	if err != nil {
		return err
	}
	a.Via = "cli"
	srv, err := web.New(ctx, db, web.Config{Marking: strings.TrimSpace(os.Getenv("KITH_PROTECTIVE_MARKING"))}, slog.New(slog.NewTextHandler(stderr, nil)))
	if err != nil {
		return err
	}
	printer := export.NewPrinter("")
	defer printer.Close()
	srv.SetPrinter(printer)
	var pdf []byte
	if kind == "record" {
		pdf, err = srv.ExportRecordPDF(ctx, a, subject)
	} else {
		var made web.CaseFile
		made, err = srv.CaseFilePDF(ctx, a, subject, fromDay, toDay, func(done, total int, printing bool) error {
			if printing {
				fmt.Fprintf(stderr, "%s gathered; printing…\n", kith.CountRecords(total))
			} else if total > 0 {
				fmt.Fprintf(stderr, "Gathered %d of %d records…\n", done, total)
			}
			return nil
		})
		if err == nil {
			pdf = made.PDF
			err = db.RecordsExported(ctx, a, made.CaseID, "case_file", subject, fmt.Sprintf("PDF of the whole file, %s: %d records",
				kith.CaseFileExport{From: fromDay, To: toDay}.Period(), made.Records))
		}
	}
	if err != nil {
		if kith.ErrorCode(err) != kith.EINTERNAL {
			return fmt.Errorf("%s", kith.ErrorMessage(err))
		}
		return err
	}
	if err := os.WriteFile(*out, pdf, 0o600); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Wrote %s (%d KB), made as %s and recorded in the case's access log.\n", *out, (len(pdf)+1023)/1024, u.Username)
	return nil
}
