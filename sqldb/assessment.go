package sqldb

import (
	"context"
	"fmt"
	"strings"
	"time"

	"kith"
)

// assessmentRow is an assessment with its episode's referral date, from
// which its clock runs.
type assessmentRow struct {
	kith.Assessment
	referralOn kith.Date
}

// assessments returns a case's assessments, the earliest first, each with
// its due date.
func (tx *Tx) assessments(ctx context.Context, caseID string) ([]kith.Assessment, error) {
	rows, err := tx.assessmentRows(ctx, `a.case_id = $1`, caseID)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	st, err := tx.timeliness(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]kith.Assessment, len(rows))
	for i, r := range rows {
		out[i] = r.Assessment
		out[i].Due = kith.AssessmentDue(r.referralOn, st.cal)
	}
	return out, nil
}

func (tx *Tx) assessmentRows(ctx context.Context, where string, args ...any) ([]assessmentRow, error) {
	rows, err := tx.QueryContext(ctx, `SELECT a.id, a.case_id, a.episode_id, a.started_on, a.factors, a.authorised_on,
		COALESCE(u.display_name, ''), a.late_reason, a.version, e.referral_at
		FROM assessments a JOIN episodes e ON e.id = a.episode_id LEFT JOIN users u ON u.id = a.authorised_by
		WHERE `+where+` ORDER BY a.started_on, a.created_at`, args...)
	if err != nil {
		return nil, fmt.Errorf("load assessments: %w", err)
	}
	defer rows.Close()
	var out []assessmentRow
	for rows.Next() {
		var r assessmentRow
		var started, authorised scanDate
		var factors string
		var referral scanTime
		if err := rows.Scan(&r.ID, &r.CaseID, &r.EpisodeID, &started, &factors, &authorised, &r.AuthorisedBy,
			&r.LateReason, &r.Version, &referral); err != nil {
			return nil, err
		}
		r.StartedOn, r.AuthorisedOn, r.Factors = started.D, authorised.D, strings.Fields(factors)
		r.referralOn = kith.Episode{ReferralAt: referral.T}.ReferralOn()
		out = append(out, r)
	}
	return out, rows.Err()
}

// Assessments returns a case's child and family assessments, the earliest
// first.
func (db *DB) Assessments(ctx context.Context, a kith.Actor, ref string) ([]kith.Assessment, error) {
	return readJourney(ctx, db, a, ref, func(tx *Tx, c *kith.Case) ([]kith.Assessment, error) { return tx.assessments(ctx, c.ID) })
}

// assessmentFor loads one assessment of case c.
func (tx *Tx) assessmentFor(ctx context.Context, c *kith.Case, id string) (kith.Assessment, error) {
	all, err := tx.assessments(ctx, c.ID)
	if err != nil {
		return kith.Assessment{}, err
	}
	for _, as := range all {
		if as.ID == id {
			return as, nil
		}
	}
	return kith.Assessment{}, kith.NotFound("Assessment")
}

// lockedAssessment is the answer to a change to an authorised assessment.
func lockedAssessment(as kith.Assessment) error {
	return kith.Errorf(kith.ECONFLICT, "This assessment was authorised on %s by %s, which locked it. Start a new assessment if the child's circumstances need one.",
		as.AuthorisedOn.Long(), as.AuthorisedBy)
}

// StartAssessment starts a child and family assessment in the case's
// current episode. An episode has at most one assessment in progress.
func (db *DB) StartAssessment(ctx context.Context, a kith.Actor, ref string, in kith.AssessmentInput) (kith.Assessment, error) {
	var out kith.Assessment
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		ep, _, err := tx.currentEpisode(ctx, c)
		if err != nil {
			return err
		}
		if err := in.Validate(tx.Today(), ep.ReferralOn()); err != nil {
			return err
		}
		all, err := tx.assessments(ctx, c.ID)
		if err != nil {
			return err
		}
		for _, as := range all {
			if as.EpisodeID == ep.ID && !as.Authorised() {
				return kith.Errorf(kith.ECONFLICT, "The assessment started on %s is still in progress: a manager authorises it before another starts.", as.StartedOn.Long())
			}
		}
		id := newID()
		if _, err := tx.ExecContext(ctx, `INSERT INTO assessments (id, case_id, episode_id, started_on, factors, created_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, c.ID, ep.ID, dt(in.StartedOn), strings.Join(in.Factors, " "), ts(tx.now), nullString(a.UserID())); err != nil {
			return fmt.Errorf("start assessment: %w", err)
		}
		if err := tx.keyEvent(ctx, a, c.ID, kith.EventAssessmentStarted, notBefore(tx.onDate(in.StartedOn), ep.ReferralAt), "Child and family assessment started"); err != nil {
			return err
		}
		if err := tx.audit(a, auditEntry{Action: kith.AuditAssessmentStarted, CaseID: c.ID, SubjectType: "assessment", SubjectID: id,
			Detail: fmt.Sprintf("Episode %d, started %s", ep.Number, in.StartedOn)}); err != nil {
			return err
		}
		out, err = tx.assessmentFor(ctx, c, id)
		return err
	})
	return out, db.finish(ctx, a, err)
}

// UpdateAssessment changes the start date or factors of an assessment not
// yet authorised.
func (db *DB) UpdateAssessment(ctx context.Context, a kith.Actor, ref, id string, in kith.AssessmentInput) (kith.Assessment, error) {
	var out kith.Assessment
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		as, referralOn, err := tx.assessmentWithReferral(ctx, c, id)
		if err != nil {
			return err
		}
		if as.Authorised() {
			return lockedAssessment(as)
		}
		if err := in.Validate(tx.Today(), referralOn); err != nil {
			return err
		}
		if in.Version != as.Version {
			return staleEdit("this assessment")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE assessments SET started_on = $2, factors = $3, version = version + 1 WHERE id = $1`,
			id, dt(in.StartedOn), strings.Join(in.Factors, " ")); err != nil {
			return fmt.Errorf("update assessment: %w", err)
		}
		if err := tx.audit(a, auditEntry{Action: kith.AuditAssessmentChanged, CaseID: c.ID, SubjectType: "assessment", SubjectID: id,
			Detail: "Started " + in.StartedOn.String() + "; factors " + strings.Join(in.Factors, " ")}); err != nil {
			return err
		}
		out, err = tx.assessmentFor(ctx, c, id)
		return err
	})
	return out, db.finish(ctx, a, err)
}

// assessmentWithReferral loads an assessment of c with its episode's
// referral date.
func (tx *Tx) assessmentWithReferral(ctx context.Context, c *kith.Case, id string) (kith.Assessment, kith.Date, error) {
	rows, err := tx.assessmentRows(ctx, `a.case_id = $1 AND a.id = $2`, c.ID, id)
	if err != nil {
		return kith.Assessment{}, kith.Date{}, err
	}
	if len(rows) == 0 {
		return kith.Assessment{}, kith.Date{}, kith.NotFound("Assessment")
	}
	st, err := tx.timeliness(ctx)
	if err != nil {
		return kith.Assessment{}, kith.Date{}, err
	}
	as := rows[0].Assessment
	as.Due = kith.AssessmentDue(rows[0].referralOn, st.cal)
	return as, rows[0].referralOn, nil
}

// AuthoriseAssessment records a manager's authorisation of an assessment,
// its completion: only a manager of the case may authorise, and it locks
// the assessment.
func (db *DB) AuthoriseAssessment(ctx context.Context, a kith.Actor, ref, id string, in kith.AuthoriseInput) (kith.Assessment, error) {
	var out kith.Assessment
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.caseFor(a, ref, kith.ManageCase)
		if kith.ErrorCode(err) == kith.EFORBIDDEN {
			return kith.Errorf(kith.EFORBIDDEN, "Only a manager of the case can authorise an assessment.")
		}
		if err != nil {
			return err
		}
		if err := c.CheckOpen(); err != nil {
			return err
		}
		as, _, err := tx.assessmentWithReferral(ctx, c, id)
		if err != nil {
			return err
		}
		if as.Authorised() {
			return lockedAssessment(as)
		}
		if err := in.Validate(tx.Today(), as, as.Due); err != nil {
			return err
		}
		if in.Version != as.Version {
			return staleEdit("this assessment")
		}
		lateReason := in.LateReason
		if !in.AuthorisedOn.After(as.Due) {
			lateReason = ""
		}
		if _, err := tx.ExecContext(ctx, `UPDATE assessments SET authorised_on = $2, authorised_by = $3, factors = $4, late_reason = $5, version = version + 1
			WHERE id = $1`, id, dt(in.AuthorisedOn), nullString(a.UserID()), strings.Join(in.Factors, " "), lateReason); err != nil {
			return fmt.Errorf("authorise assessment: %w", err)
		}
		summary := "Child and family assessment authorised. Factors identified: " + strings.Join(kith.FactorLabels(in.Factors), "; ")
		if err := tx.keyEvent(ctx, a, c.ID, kith.EventAssessmentAuthorised, tx.onDate(in.AuthorisedOn), summary); err != nil {
			return err
		}
		if err := tx.audit(a, auditEntry{Action: kith.AuditAssessmentAuthorised, CaseID: c.ID, SubjectType: "assessment", SubjectID: id,
			Detail: "Authorised " + in.AuthorisedOn.String()}); err != nil {
			return err
		}
		out, err = tx.assessmentFor(ctx, c, id)
		return err
	})
	return out, db.finish(ctx, a, err)
}

// assessmentWork lists the assessments in progress on the cases of a work
// list (where), due by until.
func (tx *Tx) assessmentWork(ctx context.Context, where string, args []any, until kith.Date, wd kith.WorkingDays, byID map[string]kith.WorkCase) ([]kith.WorkItem, error) {
	rows, err := tx.assessmentRows(ctx, `a.authorised_on IS NULL AND a.case_id IN (SELECT c.id FROM cases c WHERE `+where+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("assessment work: %w", err)
	}
	var out []kith.WorkItem
	for _, r := range rows {
		c, ok := byID[r.CaseID]
		r.Due = kith.AssessmentDue(r.referralOn, wd)
		if !ok || r.Due.After(until) {
			continue
		}
		out = append(out, c.AssessmentWork(r.Assessment, r.referralOn))
	}
	return out, nil
}

// notBefore is at, or after when it is earlier: a step begun on the day of
// the one before it (an assessment started the day of the referral) is
// timed after it, so the chronology keeps their order.
func notBefore(at, after time.Time) time.Time {
	if at.Before(after) {
		return after
	}
	return at
}
