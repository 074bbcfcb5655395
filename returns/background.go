package returns

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"kith"
	"kith/internal/background"
	"kith/sqldb"
)

// Maker makes the returns asked for from the web page and the API, in the
// background of kith serve.
type Maker struct {
	DB *sqldb.DB
	// LACode is the council's local authority code, for the census header
	// (KITH_LA_CODE); without it a census asked for fails, saying so.
	LACode  string
	Release string
	Log     *slog.Logger
}

// Run makes what is waiting every interval, and at once when wake fires,
// until ctx ends.
func (m *Maker) Run(ctx context.Context, interval time.Duration, wake <-chan struct{}) {
	background.Run(ctx, interval, wake, m.MakeNext, func(err error) { m.Log.Error("making a statutory return", "err", err) })
}

// MakeNext makes the oldest return waiting, if any, and reports whether it
// made one (or recorded why it could not).
func (m *Maker) MakeNext(ctx context.Context) (bool, error) {
	e, requestedBy, ok, err := m.DB.ClaimReturn(ctx)
	if err != nil || !ok {
		return false, err
	}
	start := time.Now()
	sum, name, content, failure := m.make(ctx, e, requestedBy)
	if err := m.DB.FinishReturn(ctx, e.ID, sum.Children, sum.Episodes, name, content, failure); err != nil {
		return true, err
	}
	m.Log.Info("made a statutory return", "kind", e.Kind, "year", e.Year, "children", sum.Children, "bytes", len(content),
		"took", time.Since(start).Round(time.Millisecond), "failure", failure)
	return true, nil
}

// make makes one return as the user who asked for it: what it holds, its
// file's name and content, or why it could not be made.
func (m *Maker) make(ctx context.Context, e kith.ReturnExport, requestedBy string) (Summary, string, []byte, string) {
	a, err := m.DB.Actor(ctx, requestedBy)
	if err != nil {
		return Summary{}, "", nil, "The person who asked for it can no longer be found."
	}
	a.Via = "web"
	if e.Kind == kith.ReturnKindAnnexA {
		return m.makeAnnexA(ctx, e, a)
	}
	y, err := kith.ParseCollectionYear(e.Year)
	if err != nil {
		return Summary{}, "", nil, err.Error()
	}
	switch e.Kind {
	case kith.ReturnKindCIN:
		if m.LACode == "" {
			return Summary{}, "", nil, "Kith does not know the council's local authority code: ask the operator to set KITH_LA_CODE."
		}
		var b bytes.Buffer
		sum, err := MakeCIN(ctx, m.DB, a, CINHeader{Year: y, LACode: m.LACode, Release: m.Release, MadeAt: m.DB.Now()}, &b)
		if err != nil {
			return sum, "", nil, m.failureOf(e, err)
		}
		return sum, "cin-census-" + y.String() + ".xml", b.Bytes(), ""
	case kith.ReturnKindSSDA903:
		dir, err := os.MkdirTemp("", "kith-903-")
		if err != nil {
			return Summary{}, "", nil, m.failureOf(e, err)
		}
		defer os.RemoveAll(dir)
		sum, err := Make903(ctx, m.DB, a, y, dir)
		if err != nil {
			return sum, "", nil, m.failureOf(e, err)
		}
		var names []string
		for _, t := range SSDA903Tables {
			names = append(names, t.File)
		}
		content, err := zipFolder(dir, names)
		if err != nil {
			return sum, "", nil, m.failureOf(e, err)
		}
		return sum, "ssda903-" + y.String() + ".zip", content, ""
	}
	return Summary{}, "", nil, "Kith does not make returns of the kind " + e.Kind + "."
}

// makeAnnexA makes Annex A for its period: a zip of the workbook and the
// lists as CSV files.
func (m *Maker) makeAnnexA(ctx context.Context, e kith.ReturnExport, a kith.Actor) (Summary, string, []byte, string) {
	p, err := kith.ParseAnnexAInterval(e.Year)
	if err != nil {
		return Summary{}, "", nil, kith.ErrorMessage(err)
	}
	lists, sum, err := AnnexA(ctx, m.DB, a, p)
	if err != nil {
		return sum, "", nil, m.failureOf(e, err)
	}
	dir, err := os.MkdirTemp("", "kith-annex-a-")
	if err != nil {
		return sum, "", nil, m.failureOf(e, err)
	}
	defer os.RemoveAll(dir)
	name := "annex-a-" + p.From.String() + "-to-" + p.To.String()
	f, err := os.Create(filepath.Join(dir, name+".xlsx"))
	if err != nil {
		return sum, "", nil, m.failureOf(e, err)
	}
	err = WriteAnnexAWorkbook(f, p, lists, m.DB.Now(), m.Release)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = WriteAnnexACSVs(dir, lists)
	}
	if err != nil {
		return sum, "", nil, m.failureOf(e, err)
	}
	names := []string{name + ".xlsx"}
	for _, l := range lists {
		names = append(names, AnnexACSVName(l))
	}
	content, err := zipFolder(dir, names)
	if err != nil {
		return sum, "", nil, m.failureOf(e, err)
	}
	return sum, name + ".zip", content, ""
}

// failureOf is what a service manager is told when a return fails: an
// application error's own message, or that something went wrong, with the
// details in the log.
func (m *Maker) failureOf(e kith.ReturnExport, err error) string {
	if kith.ErrorCode(err) != kith.EINTERNAL {
		return kith.ErrorMessage(err)
	}
	m.Log.Error("a statutory return could not be made", "id", e.ID, "kind", e.Kind, "year", e.Year, "err", err)
	return "Something went wrong making the return. The operator can find the details in the log."
}

// zipFolder packs the named files of a folder (the 903's tables, Annex
// A's workbook and lists) into a zip, in the order given.
func zipFolder(dir string, names []string) ([]byte, error) {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, name := range names {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		w, err := z.Create(name)
		if err == nil {
			_, err = io.Copy(w, f)
		}
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("pack %s: %w", name, err)
		}
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
