package sqldb

import (
	"context"
	"fmt"
	"strconv"

	"kith"
)

// healthCols are the health outcomes' answers, in the order the rows are
// read and written.
const healthCols = `sdq_score, sdq_reason, convicted, health_check, immunisations, teeth_check, health_assessment,
	substance_misuse, intervention_received, intervention_offered`

// healthRows reads the health outcomes recorded for the cases matching
// where, in order of case and year.
func (tx *Tx) healthRows(ctx context.Context, where string, args ...any) ([]kith.HealthOutcomes, error) {
	rows, err := tx.QueryContext(ctx, `SELECT h.case_id, h.year_start, `+healthCols+`, h.version
		FROM health_outcomes h WHERE `+where+` ORDER BY h.case_id, h.year_start`, args...)
	if err != nil {
		return nil, fmt.Errorf("load health outcomes: %w", err)
	}
	defer rows.Close()
	var out []kith.HealthOutcomes
	for rows.Next() {
		var h kith.HealthOutcomes
		var year int
		var score *int64
		var answers [8]*int64
		if err := rows.Scan(&h.CaseID, &year, &score, &h.SDQReason, &answers[0], &answers[1], &answers[2], &answers[3], &answers[4],
			&answers[5], &answers[6], &answers[7], &h.Version); err != nil {
			return nil, err
		}
		h.Year = kith.CollectionYear{StartYear: year}.String()
		if score != nil {
			n := int(*score)
			h.SDQScore = &n
		}
		for i, p := range h.Answers() {
			if answers[i] != nil {
				b := *answers[i] == 1
				*p = &b
			}
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// healthValues are the answers as the table keeps them.
func healthValues(h *kith.HealthOutcomes) []any {
	out := []any{nil, h.SDQReason}
	if h.SDQScore != nil {
		out[0] = *h.SDQScore
	}
	for _, p := range h.Answers() {
		out = append(out, zeroOne(*p))
	}
	return out
}

// zeroOne is a yes or no as the table keeps it: 1, 0 or NULL.
func zeroOne(b *bool) any {
	switch {
	case b == nil:
		return nil
	case *b:
		return 1
	}
	return 0
}

// RecordHealthOutcomes records, or corrects, a looked-after child's
// health outcomes for a collection year (the 903's OC2). The 903 asks
// them only of a child looked after for the whole year; for this year,
// that is so far.
func (db *DB) RecordHealthOutcomes(ctx context.Context, a kith.Actor, ref string, in kith.HealthOutcomesInput) (kith.HealthOutcomes, error) {
	var out kith.HealthOutcomes
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		today := tx.Today()
		y, err := kith.ParseCollectionYear(in.Year)
		switch {
		case err != nil:
			return fieldError("year", "Enter the collection year as the DfE writes it, like 2025-26")
		case y.Start().After(today):
			return fieldError("year", "The year "+y.String()+" has not begun")
		}
		in.Year = y.String()
		eps, err := tx.careEpisodeRows(ctx, `e.case_id = $1`, c.ID)
		if err != nil {
			return err
		}
		if !kith.LookedAfterWholeYear(eps, y.SoFar(today)) {
			return kith.Errorf(kith.ECONFLICT, "The child was not looked after for the whole of %s: the SSDA903 asks health outcomes only of a child looked after from 1 April to 31 March.", y)
		}
		child, err := tx.childDates(ctx, c)
		if err != nil {
			return err
		}
		if child.DateOfBirth.IsZero() {
			return kith.Errorf(kith.ECONFLICT, "Record the child's date of birth first: the questions asked depend on their age.")
		}
		if err := in.Validate(child.DateOfBirth, y); err != nil {
			return err
		}
		conflict := fmt.Sprintf("Someone else has just recorded this child's health outcomes for %s: reload the case to see them.", y)
		version, err := tx.versionToChange(ctx, `SELECT version FROM health_outcomes WHERE case_id = $1 AND year_start = $2`,
			[]any{c.ID, y.StartYear}, in.Version, conflict)
		if err != nil {
			return err
		}
		out = in.Outcomes(c.ID, version+1)
		args := append([]any{c.ID, y.StartYear}, healthValues(&out)...)
		args = append(args, out.Version, ts(tx.now), nullString(a.UserID()))
		if version == 0 {
			_, err = tx.ExecContext(ctx, `INSERT INTO health_outcomes (case_id, year_start, `+healthCols+`, version, recorded_at, recorded_by)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`, args...)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE health_outcomes SET sdq_score = $3, sdq_reason = $4, convicted = $5, health_check = $6,
				immunisations = $7, teeth_check = $8, health_assessment = $9, substance_misuse = $10, intervention_received = $11,
				intervention_offered = $12, version = $13, recorded_at = $14, recorded_by = $15 WHERE case_id = $1 AND year_start = $2`, args...)
		}
		if isUniqueViolation(err) {
			return kith.Errorf(kith.ECONFLICT, "%s", conflict)
		}
		if err != nil {
			return fmt.Errorf("record health outcomes: %w", err)
		}
		return tx.audit(a, auditEntry{Action: kith.AuditHealthRecorded, CaseID: c.ID, SubjectType: "health_outcomes", SubjectID: c.ID,
			Detail: "for " + y.String() + ", version " + strconv.Itoa(out.Version)})
	})
	return out, db.finish(ctx, a, err)
}
