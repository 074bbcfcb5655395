package sqldb

import (
	"context"
	"fmt"

	"kith"
)

// leaverRows reads the care leavers' outcomes recorded for the cases
// matching where, in order of case and year.
func (tx *Tx) leaverRows(ctx context.Context, where string, args ...any) ([]kith.CareLeaverOutcomes, error) {
	rows, err := tx.QueryContext(ctx, `SELECT l.case_id, l.year_start, l.in_touch, l.activity, l.accommodation, l.suitable, l.version
		FROM care_leaver_outcomes l WHERE `+where+` ORDER BY l.case_id, l.year_start`, args...)
	if err != nil {
		return nil, fmt.Errorf("load care leavers' outcomes: %w", err)
	}
	defer rows.Close()
	var out []kith.CareLeaverOutcomes
	for rows.Next() {
		var l kith.CareLeaverOutcomes
		var year int
		if err := rows.Scan(&l.CaseID, &year, &l.InTouch, &l.Activity, &l.Accommodation, &l.Suitable, &l.Version); err != nil {
			return nil, err
		}
		l.Year = kith.CollectionYear{StartYear: year}.String()
		out = append(out, l)
	}
	return out, rows.Err()
}

// RecordCareLeaverOutcomes records, or corrects, what the SSDA903 asks
// about a care leaver on their 17th to 21st birthday in a collection year
// (its OC3): only of a young person who left care as a care leaver before
// that birthday, and only once the birthday has come.
func (db *DB) RecordCareLeaverOutcomes(ctx context.Context, a kith.Actor, ref string, in kith.CareLeaverInput) (kith.CareLeaverOutcomes, error) {
	var out kith.CareLeaverOutcomes
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		today := tx.Today()
		y, err := kith.ParseCollectionYear(in.Year)
		if err != nil || y.Start().After(today) {
			return fieldError("year", "Enter a collection year that has begun, as the DfE writes it, like 2025-26")
		}
		in.Year = y.String()
		eps, err := tx.careEpisodeRows(ctx, `e.case_id = $1`, c.ID)
		if err != nil {
			return err
		}
		child, err := tx.childDates(ctx, c)
		if err != nil {
			return err
		}
		birthday, age, ok := kith.CareLeaverBirthday(child.DateOfBirth, eps, y.SoFar(today))
		if !ok {
			return kith.Errorf(kith.ECONFLICT, "The SSDA903 asks nothing about this young person as a care leaver in %s: it asks on their 17th to 21st birthdays after they leave care as a care leaver.", y)
		}
		if err := in.Validate(age); err != nil {
			return err
		}
		conflict := fmt.Sprintf("Someone else has just recorded this young person's care leaver outcomes for %s: reload the case to see them.", y)
		version, err := tx.versionToChange(ctx, `SELECT version FROM care_leaver_outcomes WHERE case_id = $1 AND year_start = $2`,
			[]any{c.ID, y.StartYear}, in.Version, conflict)
		if err != nil {
			return err
		}
		out = in.Outcomes(c.ID, version+1)
		if version == 0 {
			_, err = tx.ExecContext(ctx, `INSERT INTO care_leaver_outcomes (case_id, year_start, in_touch, activity, accommodation, suitable, version, recorded_at, recorded_by)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, c.ID, y.StartYear, out.InTouch, out.Activity, out.Accommodation, out.Suitable, out.Version,
				ts(tx.now), nullString(a.UserID()))
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE care_leaver_outcomes SET in_touch = $3, activity = $4, accommodation = $5, suitable = $6, version = $7,
				recorded_at = $8, recorded_by = $9 WHERE case_id = $1 AND year_start = $2`, c.ID, y.StartYear, out.InTouch, out.Activity, out.Accommodation,
				out.Suitable, out.Version, ts(tx.now), nullString(a.UserID()))
		}
		if isUniqueViolation(err) {
			return kith.Errorf(kith.ECONFLICT, "%s", conflict)
		}
		if err != nil {
			return fmt.Errorf("record care leaver outcomes: %w", err)
		}
		return tx.audit(a, auditEntry{Action: kith.AuditLeaverRecorded, CaseID: c.ID, SubjectType: "care_leaver_outcomes", SubjectID: c.ID,
			Detail: fmt.Sprintf("%s for the %s birthday on %s", out.InTouch, kith.LeaverYear{Age: age}.Ordinal(), birthday)})
	})
	return out, db.finish(ctx, a, err)
}

// versionToChange reads the version of the row query finds, 0 when there
// is none yet, and refuses with conflict a change made from another
// version than read: someone else changed it meanwhile.
func (tx *Tx) versionToChange(ctx context.Context, query string, args []any, read int, conflict string) (int, error) {
	var version int
	switch err := tx.QueryRowContext(ctx, query, args...).Scan(&version); {
	case errNoRows(err):
		return 0, nil
	case err != nil:
		return 0, err
	case read != version:
		return 0, kith.Errorf(kith.ECONFLICT, "%s", conflict)
	}
	return version, nil
}
