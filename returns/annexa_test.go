package returns_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"kith"
	"kith/internal/kithtest"
	"kith/returns"
	"kith/sqldb"
)

// liiaAnnexA is the outside check: LIIA's Annex A schema, as extracted in
// testdata/README.md.
type liiaAnnexA struct {
	Lists map[string][]struct {
		Name     string `json:"name"`
		Required bool   `json:"required"`
	} `json:"lists"`
	Values map[string][]string `json:"values"`
	Dates  []string            `json:"dates"`
}

func readLIIA(t *testing.T) liiaAnnexA {
	t.Helper()
	b, err := os.ReadFile("testdata/annexa-liia.json")
	if err != nil {
		t.Fatal(err)
	}
	var s liiaAnnexA
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// annexANotHeld are the required columns Kith leaves empty, each for a
// reason docs/statutory-returns.md gives: which council's area a
// placement is in needs the ONS postcode directory, an unallocated case
// has no worker, Kith does not record personal advisers, and whether the
// council is in touch with a care leaver is known only from a birthday
// the 903 asked about.
var annexANotHeld = []string{"Placement Location", "LA of Placement", "Allocated Worker", "Allocated Personal Advisor", "LA in Touch"}

// newerCodes are answers Kith writes that the template predates: the 903's
// placement types of 2023 and later, written as code and words.
var newerCodes = regexp.MustCompile(`^(K3|T4|Z11|Z12|Z13|Z14): `)

var templateDate = regexp.MustCompile(`^\d{2}/\d{2}/\d{4}$`)

// The synthetic council's Annex A, for the six months to today, has every
// list with LIIA's columns in Ofsted's order, and every answer one LIIA's
// pipeline accepts, on both engines; the workbook and the CSV files hold
// the same rows.
func TestAnnexAFollowsLIIAsSchema(t *testing.T) {
	schema := readLIIA(t)
	kithtest.EachEngine(t, func(t *testing.T, db *sqldb.DB) {
		kithtest.BulkLoad(t, db, 200, 40)
		today := kithtest.Today()
		p := kith.AnnexAPeriod{From: kith.AnnexASixMonthsTo(today), To: today}
		lists, sum, err := returns.AnnexA(context.Background(), db, kith.SystemActor(), p)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Children == 0 {
			t.Fatal("no children in the synthetic council's Annex A")
		}
		var b bytes.Buffer
		if err := returns.WriteAnnexAWorkbook(&b, p, lists, kithtest.Now(), "test"); err != nil {
			t.Fatal(err)
		}
		book, err := excelize.OpenReader(&b)
		if err != nil {
			t.Fatal(err)
		}
		defer book.Close()
		notes, err := book.GetRows(returns.AnnexANotes)
		if err != nil {
			t.Fatal(err)
		}
		var said []string
		for _, row := range notes {
			said = append(said, strings.Join(row, " "))
		}
		if all := strings.Join(said, "\n"); !strings.Contains(all, "List 8 (Children in care) Left empty: the last IRO visit") ||
			!strings.Contains(all, "List 9 (Care leavers)") || strings.Contains(all, "List 1 (") {
			t.Errorf("the Notes sheet does not say which columns are left empty:\n%s", all)
		}
		dir := t.TempDir()
		if err := returns.WriteAnnexACSVs(dir, lists); err != nil {
			t.Fatal(err)
		}
		for _, l := range lists {
			key := strconv.Itoa(l.Number)
			rows, err := book.GetRows(l.Sheet())
			if err != nil {
				t.Fatalf("%s: %v", l.Sheet(), err)
			}
			var want []string
			for _, c := range schema.Lists[key] {
				want = append(want, c.Name)
			}
			if len(rows) == 0 || !slices.Equal(rows[0], want) {
				t.Errorf("%s's columns are not Ofsted's:\n got %q\nwant %q", l.Sheet(), first1(rows), want)
				continue
			}
			if l.Number <= 9 && len(rows) < 2 {
				t.Errorf("%s (%s) is empty for the synthetic council", l.Sheet(), l.Title)
			}
			fromCSV := readCSV(t, filepath.Join(dir, returns.AnnexACSVName(l)))
			if len(fromCSV) != len(rows) {
				t.Errorf("%s: %d rows in the workbook, %d in the CSV", l.Sheet(), len(rows), len(fromCSV))
			}
			for r, row := range rows[1:] {
				row = append(row, make([]string, len(want)-len(row))...) // GetRows drops empty cells at a row's end
				if r+1 < len(fromCSV) && !slices.Equal(row, fromCSV[r+1]) {
					t.Errorf("%s row %d: workbook %q, CSV %q", l.Sheet(), r+2, row, fromCSV[r+1])
				}
				for i, c := range schema.Lists[key] {
					checkAnnexACell(t, schema, l.Sheet(), r+2, c.Name, c.Required, row[i])
				}
			}
		}
	})
}

func checkAnnexACell(t *testing.T, schema liiaAnnexA, sheet string, row int, col string, required bool, v string) {
	t.Helper()
	switch {
	case v == "":
		if required && !slices.Contains(annexANotHeld, col) {
			t.Errorf("%s row %d: %q is empty, and Ofsted needs it", sheet, row, col)
		}
	case slices.Contains(schema.Dates, col):
		if !templateDate.MatchString(v) {
			t.Errorf("%s row %d: %q is %q, not dd/mm/yyyy", sheet, row, col, v)
		}
	case len(schema.Values[col]) > 0: // LIIA lists no values for some (Activity Status): any text
		if !slices.Contains(schema.Values[col], v) && !newerCodes.MatchString(v) {
			t.Errorf("%s row %d: %q is %q, which LIIA's Annex A does not accept", sheet, row, col, v)
		}
	case strings.HasPrefix(col, "Number") || strings.HasPrefix(col, "Age"):
		if _, err := strconv.Atoi(v); err != nil {
			t.Errorf("%s row %d: %q is %q, not a number", sheet, row, col, v)
		}
	}
}

func readCSV(t *testing.T, file string) [][]string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func first1(rows [][]string) []string {
	if len(rows) == 0 {
		return nil
	}
	return rows[0]
}

// Over a whole collection year, Annex A's children in care are the 903's
// children, and its children in need are census children: the lists and
// the returns read the same record by the same rules.
func TestAnnexAAgreesWithTheReturns(t *testing.T) {
	db := kithtest.OpenDB(t, "sqlite")
	kithtest.BulkLoad(t, db, 200, 40)
	y := kith.CollectionYearOn(kithtest.Today()).Previous()
	p := kith.AnnexAPeriod{From: y.Start(), To: y.End()}
	lists, _, err := returns.AnnexA(context.Background(), db, kith.SystemActor(), p)
	if err != nil {
		t.Fatal(err)
	}
	set, err := db.ReturnFacts(context.Background(), kith.SystemActor(), y, sqldb.ReturnFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var inCare, census []string
	for _, c := range returns.SSDA903Children(set.Children, y) {
		if len(c.Episodes) > 0 { // not a care leaver in the 903 for OC3 alone
			inCare = append(inCare, c.Child)
		}
	}
	for _, c := range returns.CensusChildren(set.Children, y) {
		census = append(census, c.LAChildID)
	}
	var list8 []string
	for _, r := range lists[7].Rows {
		list8 = append(list8, r[0])
	}
	slices.Sort(inCare)
	slices.Sort(list8)
	if !slices.Equal(inCare, list8) {
		t.Errorf("list 8 has %d children, the 903 %d", len(list8), len(inCare))
	}
	if len(lists[5].Rows) == 0 {
		t.Fatal("no children in need in a whole year")
	}
	for _, r := range lists[5].Rows {
		if !slices.Contains(census, r[0]) {
			t.Errorf("list 6's child %s is not in the census", r[0])
		}
	}
}
