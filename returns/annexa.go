package returns

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"kith"
	"kith/sqldb"
)

// AnnexA reads the record and makes Ofsted's Annex A lists for a period.
func AnnexA(ctx context.Context, src Source, a kith.Actor, p kith.AnnexAPeriod) ([]kith.AnnexAList, Summary, error) {
	set, err := src.ReturnFacts(ctx, a, p, sqldb.ReturnFilter{FrontDoor: true})
	if err != nil {
		return nil, Summary{}, err
	}
	adopters, err := src.AdopterFacts(ctx, a)
	if err != nil {
		return nil, Summary{}, err
	}
	lists := kith.AnnexALists(set.Children, adopters, p)
	var sum Summary
	children := map[string]bool{}
	for _, l := range lists {
		sum.Episodes += len(l.Rows)
		if l.Number == 11 {
			continue // adopters, not children
		}
		for _, r := range l.Rows {
			children[r[0]] = true
		}
	}
	sum.Children = len(children)
	return lists, sum, nil
}

// AnnexANotes is the workbook's last sheet: the period, when and by what
// the lists were made, and the lists Kith cannot fill.
const AnnexANotes = "Notes"

// WriteAnnexAWorkbook writes the lists as one workbook: a sheet for each
// list, its first row Ofsted's column names, then a sheet of notes.
func WriteAnnexAWorkbook(w io.Writer, p kith.AnnexAPeriod, lists []kith.AnnexAList, madeAt time.Time, release string) error {
	x := excelize.NewFile()
	defer x.Close()
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	for i, l := range lists {
		name := l.Sheet()
		if i == 0 {
			if err := x.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := x.NewSheet(name); err != nil {
			return err
		}
		sw, err := x.NewStreamWriter(name)
		if err != nil {
			return err
		}
		if err := sw.SetRow("A1", cells(l.Columns), excelize.RowOpts{StyleID: bold}); err != nil {
			return err
		}
		for r, row := range l.Rows {
			cell, _ := excelize.CoordinatesToCellName(1, r+2)
			if err := sw.SetRow(cell, cells(row)); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	if _, err := x.NewSheet(AnnexANotes); err != nil {
		return err
	}
	notes := [][]string{
		{"Ofsted's Annex A, child-level data"},
		{"Period", p.String()},
		{"Made", madeAt.In(kith.London).Format("2 January 2006 15:04") + " by Kith " + release},
		{"Counts", "'In the last 12 months' and 'in the last six months' run back from the period's last day; referrals and section 47 enquiries count those before each one."},
	}
	for _, l := range lists {
		if l.NotHeld != "" {
			notes = append(notes, []string{l.Sheet() + " (" + l.Title + ")", l.NotHeld})
		}
	}
	for r, row := range notes {
		cell, _ := excelize.CoordinatesToCellName(1, r+1)
		if err := x.SetSheetRow(AnnexANotes, cell, &row); err != nil {
			return err
		}
	}
	return x.Write(w)
}

// cells turns a row of text into the stream writer's cells. Every cell is
// text, as Ofsted's template reads dates dd/mm/yyyy and ids as written.
func cells(row []string) []any {
	out := make([]any, len(row))
	for i, v := range row {
		out[i] = v
	}
	return out
}

// AnnexACSVName is a list's CSV file name: "list-03-referrals.csv".
func AnnexACSVName(l kith.AnnexAList) string {
	return fmt.Sprintf("list-%02d-%s.csv", l.Number, strings.ReplaceAll(strings.ToLower(l.Title), " ", "-"))
}

// WriteAnnexACSVs writes each list as a CSV file in dir, with Ofsted's
// column names on its first line.
func WriteAnnexACSVs(dir string, lists []kith.AnnexAList) error {
	for _, l := range lists {
		f, err := os.Create(filepath.Join(dir, AnnexACSVName(l)))
		if err != nil {
			return err
		}
		w := csv.NewWriter(f)
		w.Write(l.Columns)
		w.WriteAll(l.Rows) // flushes
		err = w.Error()
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("annex A %s: %w", l.Sheet(), err)
		}
	}
	return nil
}
