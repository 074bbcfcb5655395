package returns

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"kith"
)

// SSDA903Tables are the return's CSV files in the order the DfE lists them,
// each with its columns (2025-26). The community validator knows a table
// by its set of columns.
var SSDA903Tables = []struct {
	File    string
	Columns []string
}{
	{"header.csv", []string{"CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"}},
	{"episodes.csv", []string{"CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"}},
	{"reviews.csv", []string{"CHILD", "DOB", "REVIEW", "REVIEW_CODE"}},
	{"uasc.csv", []string{"CHILD", "SEX", "DOB", "DUC"}},
	{"oc2.csv", []string{"CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK",
		"HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"}},
	{"oc3.csv", []string{"CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"}},
	{"ad1.csv", []string{"CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"}},
	{"placed_for_adoption.csv", []string{"CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"}},
	{"previous_permanence.csv", []string{"CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"}},
	{"missing.csv", []string{"CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"}},
	{"sw_episodes.csv", []string{"CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"}},
}

// Write903 writes the SSDA903 return's tables into dir, one CSV file each.
func Write903(dir string, children []kith.SSDA903Child) error {
	rows := map[string][][]string{}
	for _, c := range children {
		dob := ddmmyyyy(c.BirthDate)
		rows["header.csv"] = append(rows["header.csv"], []string{c.Child, c.Sex, dob, c.Ethnicity, c.UPN, c.Mother, ddmmyyyy(c.MotherChildBorn)})
		for _, e := range c.Episodes {
			rows["episodes.csv"] = append(rows["episodes.csv"], []string{c.Child, ddmmyyyy(e.StartedOn), e.ReasonNew, e.LegalStatus,
				e.CategoryOfNeed, e.PlacementType, e.Provider, ddmmyyyy(e.EndedOn), e.ReasonEnded, e.ReasonPlaceChange,
				e.HomePostcode, e.PlacementPostcode, e.URN})
		}
		for _, r := range c.Reviews {
			rows["reviews.csv"] = append(rows["reviews.csv"], []string{c.Child, dob, ddmmyyyy(r.HeldOn), r.Participation})
		}
		if c.UASC {
			rows["uasc.csv"] = append(rows["uasc.csv"], []string{c.Child, c.Sex, dob, ddmmyyyy(c.UASCCeased)})
		}
		for _, m := range c.Missing {
			rows["missing.csv"] = append(rows["missing.csv"], []string{c.Child, dob, m.Kind, ddmmyyyy(m.StartedOn), ddmmyyyy(m.EndedOn)})
		}
		if h := c.Health; h != nil && c.HealthDue {
			row := []string{c.Child, dob, sdqScore(h.SDQScore), h.SDQReason}
			for _, answer := range h.Answers() {
				row = append(row, zeroOne(*answer))
			}
			rows["oc2.csv"] = append(rows["oc2.csv"], row)
		}
		switch l := c.Leaver; {
		case c.LeaverAge == 0:
		case l != nil:
			rows["oc3.csv"] = append(rows["oc3.csv"], []string{c.Child, dob, l.InTouch, l.ACTIV(), l.ACCOM()})
		default:
			// Known to be a care leaver the return asks about, with nothing
			// recorded: blank, as the DfE allows (rule 153), and listed by
			// the data quality page (OC3).
			rows["oc3.csv"] = append(rows["oc3.csv"], []string{c.Child, dob, "", "", ""})
		}
		for _, d := range c.Decisions {
			rows["placed_for_adoption.csv"] = append(rows["placed_for_adoption.csv"], []string{c.Child, dob, ddmmyyyy(d.DecidedOn),
				ddmmyyyy(d.ReversedOn), d.ReversalReason})
		}
		if a := c.Adoption; a != nil {
			foster := zeroOne(&a.FosterCare)
			rows["ad1.csv"] = append(rows["ad1.csv"], []string{c.Child, dob, ddmmyyyy(a.DecidedOn), ddmmyyyy(a.MatchedOn), foster,
				strconv.Itoa(a.Adopters), a.Sex, a.Status})
		}
		if p := c.Permanence; p != nil {
			rows["previous_permanence.csv"] = append(rows["previous_permanence.csv"], []string{c.Child, dob, p.Option, p.LA, p.OrderDate})
		}
		for _, s := range c.SocialWorkers {
			rows["sw_episodes.csv"] = append(rows["sw_episodes.csv"], []string{c.Child, dob, s.SWENumber, ddmmyyyy(s.Started),
				ddmmyyyy(s.Ended), s.Reason})
		}
	}
	for _, t := range SSDA903Tables {
		if err := writeCSV(filepath.Join(dir, t.File), t.Columns, rows[t.File]); err != nil {
			return err
		}
	}
	return nil
}

func writeCSV(path string, columns []string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write(columns)
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	return f.Close()
}

// zeroOne writes a yes or no as the 903 does, 1 or 0, or nothing for a
// question not asked.
func zeroOne(b *bool) string {
	switch {
	case b == nil:
		return ""
	case *b:
		return "1"
	}
	return "0"
}

// sdqScore writes a questionnaire's score, or nothing for none.
func sdqScore(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

// ddmmyyyy writes a date as the 903's CSV files have it (31/03/2026), or
// nothing for none.
func ddmmyyyy(d kith.Date) string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%02d/%02d/%04d", d.Day, d.Month, d.Year)
}
