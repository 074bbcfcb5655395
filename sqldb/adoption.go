package sqldb

import (
	"context"
	"fmt"
	"strings"

	"kith"
)

// decisionRows reads the adoption decisions of the cases matching where,
// in order of case and date.
func (tx *Tx) decisionRows(ctx context.Context, where string, args ...any) ([]kith.AdoptionDecision, error) {
	rows, err := tx.QueryContext(ctx, `SELECT a.id, a.case_id, a.decided_on, a.reversed_on, a.reversal_reason, a.version
		FROM adoption_decisions a WHERE `+where+` ORDER BY a.case_id, a.decided_on`, args...)
	if err != nil {
		return nil, fmt.Errorf("load adoption decisions: %w", err)
	}
	defer rows.Close()
	var out []kith.AdoptionDecision
	for rows.Next() {
		var d kith.AdoptionDecision
		var decided, reversed scanDate
		if err := rows.Scan(&d.ID, &d.CaseID, &decided, &reversed, &d.ReversalReason, &d.Version); err != nil {
			return nil, err
		}
		d.DecidedOn, d.ReversedOn = decided.D, reversed.D
		out = append(out, d)
	}
	return out, rows.Err()
}

// matchRows reads the matches with adopters of the cases matching where.
func (tx *Tx) matchRows(ctx context.Context, where string, args ...any) ([]kith.AdoptionMatch, error) {
	rows, err := tx.QueryContext(ctx, `SELECT m.case_id, m.period_start, m.matched_on, m.adopters, m.adopters_sex, m.adopters_status, m.version,
		COALESCE(h.id, ''), COALESCE(h.reference, '')
		FROM adoption_matches m LEFT JOIN adopter_households h ON h.id = m.household_id WHERE `+where+` ORDER BY m.case_id, m.period_start`, args...)
	if err != nil {
		return nil, fmt.Errorf("load adoption matches: %w", err)
	}
	defer rows.Close()
	var out []kith.AdoptionMatch
	for rows.Next() {
		var m kith.AdoptionMatch
		var start, matched scanDate
		if err := rows.Scan(&m.CaseID, &start, &matched, &m.Adopters, &m.AdoptersSex, &m.AdoptersStatus, &m.Version, &m.HouseholdID, &m.Household); err != nil {
			return nil, err
		}
		m.PeriodStart, m.MatchedOn = start.D, matched.D
		out = append(out, m)
	}
	return out, rows.Err()
}

// adoptionOf reads a case's adoption decisions and its latest period's
// match, for checking a step of care against them.
func (tx *Tx) adoptionOf(ctx context.Context, caseID string, eps []kith.CareEpisode) ([]kith.AdoptionDecision, *kith.AdoptionMatch, error) {
	l := kith.LookedAfter{Episodes: eps}
	var err error
	if l.Decisions, err = tx.decisionRows(ctx, `a.case_id = $1`, caseID); err != nil {
		return nil, nil, err
	}
	if l.Matches, err = tx.matchRows(ctx, `m.case_id = $1`, caseID); err != nil {
		return nil, nil, err
	}
	return l.PeriodDecisions(), l.PeriodMatch(), nil
}

// RecordAdoptionDecision records the decision that the child should be
// placed for adoption in their latest period of care (id ""), or corrects
// one, perhaps recording that it was reversed. A new decision needs any
// before it in the period reversed by its day (rules 579, 583); a decision
// cannot be reversed once the child is adopted (558).
func (db *DB) RecordAdoptionDecision(ctx context.Context, a kith.Actor, ref, id string, in kith.AdoptionDecisionInput) (kith.AdoptionDecision, error) {
	var out kith.AdoptionDecision
	err := db.write(ctx, func(tx *Tx) error {
		c, eps, err := tx.everLookedAfter(ctx, a, ref, "the decision to place for adoption is for a looked-after child.")
		if err != nil {
			return err
		}
		last := eps[len(eps)-1]
		if err := in.Validate(tx.Today(), kith.PeriodStart(eps), last); err != nil {
			return err
		}
		decisions, _, err := tx.adoptionOf(ctx, c.ID, eps)
		if err != nil {
			return err
		}
		var prev *kith.AdoptionDecision
		this := kith.AdoptionDecision{DecidedOn: in.DecidedOn, ReversedOn: in.ReversedOn}
		for i, d := range decisions {
			switch {
			case d.ID == id:
				prev = &decisions[i]
			case d.Overlaps(this):
				return fieldError("decided_on", "The decision of "+d.DecidedOn.Long()+" stood then: decisions cannot overlap, so record when it was reversed first")
			}
		}
		switch {
		case id != "" && prev == nil:
			return kith.Errorf(kith.ENOTFOUND, "There is no such decision in the child's latest period of care.")
		case prev != nil && prev.Version != in.Version:
			return staleEdit("this decision")
		}
		out = kith.AdoptionDecision{ID: id, CaseID: c.ID, DecidedOn: in.DecidedOn, ReversedOn: in.ReversedOn, ReversalReason: in.ReversalReason, Version: 1}
		if prev == nil {
			out.ID = newID()
			_, err = tx.ExecContext(ctx, `INSERT INTO adoption_decisions (id, case_id, decided_on, reversed_on, reversal_reason, version, recorded_at, recorded_by)
				VALUES ($1, $2, $3, $4, $5, 1, $6, $7)`, out.ID, c.ID, dt(out.DecidedOn), dt(out.ReversedOn), out.ReversalReason, ts(tx.now), nullString(a.UserID()))
		} else {
			out.Version = prev.Version + 1
			res, uerr := tx.ExecContext(ctx, `UPDATE adoption_decisions SET decided_on = $2, reversed_on = $3, reversal_reason = $4, version = $5,
				recorded_at = $6, recorded_by = $7 WHERE id = $1 AND version = $8`, id, dt(out.DecidedOn), dt(out.ReversedOn), out.ReversalReason,
				out.Version, ts(tx.now), nullString(a.UserID()), prev.Version)
			if err = uerr; err == nil {
				if n, _ := res.RowsAffected(); n == 0 {
					return staleEdit("this decision")
				}
			}
		}
		if err != nil {
			return fmt.Errorf("record adoption decision: %w", err)
		}
		detail := "placed for adoption from " + out.DecidedOn.String()
		if !out.ReversedOn.IsZero() {
			detail += ", reversed " + out.ReversedOn.String() + " (" + out.ReversalReason + ")"
		}
		return tx.audit(a, auditEntry{Action: kith.AuditAdoptionDecision, CaseID: c.ID, SubjectType: "adoption_decision", SubjectID: out.ID, Detail: detail})
	})
	return out, db.finish(ctx, a, err)
}

// RecordAdoptionMatch records, or corrects, the latest period of care's
// match with prospective adopters and who they are (the 903's AD1).
func (db *DB) RecordAdoptionMatch(ctx context.Context, a kith.Actor, ref string, in kith.AdoptionMatchInput) (kith.AdoptionMatch, error) {
	var out kith.AdoptionMatch
	err := db.write(ctx, func(tx *Tx) error {
		c, eps, err := tx.everLookedAfter(ctx, a, ref, "a match with adopters follows the decision to place a looked-after child for adoption.")
		if err != nil {
			return err
		}
		decisions, _, err := tx.adoptionOf(ctx, c.ID, eps)
		if err != nil {
			return err
		}
		var standing *kith.AdoptionDecision
		for i := range decisions {
			if decisions[i].Stands(in.MatchedOn) {
				standing = &decisions[i]
			}
		}
		if err := in.Validate(tx.Today(), standing, kith.PlacedForAdoptionOn(eps)); err != nil {
			return err
		}
		household, err := tx.householdForMatch(ctx, in)
		if err != nil {
			return err
		}
		start := kith.PeriodStart(eps)
		conflict := "Someone else has just recorded this child's match with adopters: reload the case to see it."
		version, err := tx.versionToChange(ctx, `SELECT version FROM adoption_matches WHERE case_id = $1 AND period_start = $2`,
			[]any{c.ID, dt(start)}, in.Version, conflict)
		if err != nil {
			return err
		}
		out = kith.AdoptionMatch{CaseID: c.ID, PeriodStart: start, MatchedOn: in.MatchedOn, Adopters: in.Adopters(), AdoptersSex: in.AdoptersSex,
			AdoptersStatus: in.AdoptersStatus, HouseholdID: household, Version: version + 1}
		if household != "" {
			out.Household = strings.ToUpper(strings.TrimSpace(in.Household))
		}
		if version == 0 {
			_, err = tx.ExecContext(ctx, `INSERT INTO adoption_matches (case_id, period_start, matched_on, adopters, adopters_sex, adopters_status, version, recorded_at, recorded_by, household_id)
				VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $9)`, c.ID, dt(start), dt(out.MatchedOn), out.Adopters, out.AdoptersSex, out.AdoptersStatus, ts(tx.now),
				nullString(a.UserID()), nullString(household))
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE adoption_matches SET matched_on = $3, adopters = $4, adopters_sex = $5, adopters_status = $6, version = $7,
				recorded_at = $8, recorded_by = $9, household_id = $10 WHERE case_id = $1 AND period_start = $2`, c.ID, dt(start), dt(out.MatchedOn), out.Adopters, out.AdoptersSex,
				out.AdoptersStatus, out.Version, ts(tx.now), nullString(a.UserID()), nullString(household))
		}
		if isUniqueViolation(err) {
			return kith.Errorf(kith.ECONFLICT, "%s", conflict)
		}
		if err != nil {
			return fmt.Errorf("record adoption match: %w", err)
		}
		return tx.audit(a, auditEntry{Action: kith.AuditAdoptionMatch, CaseID: c.ID, SubjectType: "adoption_match", SubjectID: c.ID,
			Detail: strings.TrimSpace(fmt.Sprintf("matched %s with %s (%s) %s", out.MatchedOn, out.AdoptersSex, out.AdoptersStatus, out.Household))})
	})
	return out, db.finish(ctx, a, err)
}
