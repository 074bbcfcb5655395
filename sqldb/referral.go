package sqldb

import (
	"context"
	"fmt"

	"kith"
)

const referralColumns = `r.id, r.case_id, c.reference, r.service, r.provider, r.referred_on, r.reason, r.family_wanted, r.consent, r.consent_note,
	r.appointment_on, r.appointment, r.outcome, r.outcome_on, r.outcome_note, r.version, COALESCE(u.display_name, ''), r.created_at`
const referralFrom = ` FROM referrals r JOIN cases c ON c.id = r.case_id LEFT JOIN users u ON u.id = r.created_by`

func scanReferral(row interface{ Scan(...any) error }) (*kith.Referral, error) {
	var x kith.Referral
	var consent, outcome string
	var referred, appointment, outcomeOn scanDate
	var created scanTime
	if err := row.Scan(&x.ID, &x.CaseID, &x.CaseReference, &x.Service, &x.Provider, &referred, &x.Reason, &x.FamilyWanted, &consent, &x.ConsentNote,
		&appointment, &x.Appointment, &outcome, &outcomeOn, &x.OutcomeNote, &x.Version, &x.CreatedBy, &created); err != nil {
		return nil, err
	}
	x.ReferredOn, x.AppointmentOn, x.OutcomeOn, x.CreatedAt = referred.D, appointment.D, outcomeOn.D, created.T
	x.Consent, x.Outcome, x.Chases = kith.Answer(consent), kith.ReferralOutcome(outcome), []kith.Chase{}
	return &x, nil
}

// referrals reads referrals matching where (on referrals r, cases c) with
// their chases, and when each is next due a chase.
func (tx *Tx) referrals(ctx context.Context, where string, args ...any) ([]kith.Referral, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+referralColumns+referralFrom+` WHERE `+where+` ORDER BY r.referred_on DESC, r.created_at DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("referrals: %w", err)
	}
	out := []kith.Referral{}
	at := map[string]int{}
	for rows.Next() {
		x, err := scanReferral(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		at[x.ID] = len(out)
		out = append(out, *x)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	crows, err := tx.QueryContext(ctx, `SELECT ch.id, ch.referral_id, ch.chased_on, ch.how, ch.response, COALESCE(u.display_name, '')
		FROM referral_chases ch JOIN referrals r ON r.id = ch.referral_id JOIN cases c ON c.id = r.case_id LEFT JOIN users u ON u.id = ch.by_user_id
		WHERE `+where+` ORDER BY ch.chased_on, ch.created_at`, args...)
	if err != nil {
		return nil, fmt.Errorf("referral chases: %w", err)
	}
	for crows.Next() {
		var ch kith.Chase
		var referralID string
		var on scanDate
		if err := crows.Scan(&ch.ID, &referralID, &on, &ch.How, &ch.Response, &ch.ByName); err != nil {
			crows.Close()
			return nil, err
		}
		ch.On = on.D
		if i, ok := at[referralID]; ok {
			out[i].Chases = append(out[i].Chases, ch)
		}
	}
	crows.Close()
	if err := crows.Err(); err != nil {
		return nil, err
	}
	st, err := tx.timeliness(ctx)
	if err != nil {
		return nil, err
	}
	if clock, ok := st.settings.Policies.ReferralClock(); ok {
		for i := range out {
			out[i].ChaseDue, _ = out[i].NextChase(clock, st.cal)
		}
	}
	return out, nil
}

func (tx *Tx) referralOn(ctx context.Context, c *kith.Case, id string) (*kith.Referral, error) {
	all, err := tx.referrals(ctx, `r.id = $1 AND r.case_id = $2`, id, c.ID)
	if err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, kith.NotFound("Referral")
	}
	return &all[0], nil
}

// CaseReferrals lists a case's referrals, newest first. The read is
// audited.
func (db *DB) CaseReferrals(ctx context.Context, a kith.Actor, ref string) (*kith.Case, []kith.Referral, error) {
	var c *kith.Case
	var out []kith.Referral
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if c, err = tx.caseFor(a, ref, kith.ViewCase); err != nil {
			return err
		}
		out, err = tx.referrals(ctx, `r.case_id = $1`, c.ID)
		return err
	})
	if err != nil {
		return nil, nil, db.finish(ctx, a, err)
	}
	return c, out, db.auditReads(ctx, a, auditEntry{Action: kith.AuditReferralViewed, CaseID: c.ID, SubjectType: "case", SubjectID: c.ID, Detail: "referrals"})
}

// Referral reads one referral on a case. The read is audited.
func (db *DB) Referral(ctx context.Context, a kith.Actor, ref, id string) (*kith.Case, *kith.Referral, error) {
	var c *kith.Case
	var x *kith.Referral
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if c, err = tx.caseFor(a, ref, kith.ViewCase); err != nil {
			return err
		}
		x, err = tx.referralOn(ctx, c, id)
		return err
	})
	if err != nil {
		return nil, nil, db.finish(ctx, a, err)
	}
	return c, x, db.auditReads(ctx, a, auditEntry{Action: kith.AuditReferralViewed, CaseID: c.ID, SubjectType: "referral", SubjectID: id})
}

// AddReferral records a referral to a service.
func (db *DB) AddReferral(ctx context.Context, a kith.Actor, ref string, in kith.ReferralInput) (string, error) {
	in.Clean()
	id := newID()
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		if err := in.Check(tx.Today()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO referrals (id, case_id, service, provider, referred_on, reason, family_wanted, consent, consent_note,
			last_contact_on, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $5, $10, $11, $11)`,
			id, c.ID, in.Service, in.Provider, dt(in.ReferredOn), in.Reason, in.FamilyWanted, string(in.Consent), in.ConsentNote, nullString(a.UserID()), ts(tx.now)); err != nil {
			return fmt.Errorf("add referral: %w", err)
		}
		return tx.audit(a, auditEntry{Action: kith.AuditReferralAdded, CaseID: c.ID, SubjectType: "referral", SubjectID: id, Detail: truncate(in.Service, 200)})
	})
	return id, db.finish(ctx, a, err)
}

// changeReferral loads a referral to change at the version the user saw,
// runs change and keeps responded and last_contact_on in step.
func (db *DB) changeReferral(ctx context.Context, a kith.Actor, ref, id string, version int, change func(tx *Tx, c *kith.Case, x *kith.Referral) error) error {
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		x, err := tx.referralOn(ctx, c, id)
		if err != nil {
			return err
		}
		if x.Version != version {
			return kith.Errorf(kith.ECONFLICT, "Someone else updated this referral while you were working on it. Check what they changed, then save again.")
		}
		if err := change(tx, c, x); err != nil {
			return err
		}
		if x, err = tx.referralOn(ctx, c, id); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE referrals SET responded = $3, last_contact_on = $4, version = version + 1, updated_at = $5 WHERE id = $1 AND version = $2`,
			id, version, x.Responded(), dt(x.LastContact()), ts(tx.now))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return kith.Errorf(kith.ECONFLICT, "Someone else updated this referral while you were working on it. Check what they changed, then save again.")
		}
		return nil
	})
	return db.finish(ctx, a, err)
}

// ChaseReferral records a chase and the response, if any.
func (db *DB) ChaseReferral(ctx context.Context, a kith.Actor, ref, id string, in kith.ChaseInput) error {
	return db.changeReferral(ctx, a, ref, id, in.Version, func(tx *Tx, c *kith.Case, x *kith.Referral) error {
		if err := in.Check(x, tx.Today()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO referral_chases (id, referral_id, chased_on, how, response, by_user_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			newID(), id, dt(in.On), in.How, in.Response, nullString(a.UserID()), ts(tx.now)); err != nil {
			return fmt.Errorf("chase referral: %w", err)
		}
		return tx.audit(a, auditEntry{Action: kith.AuditReferralChased, CaseID: c.ID, SubjectType: "referral", SubjectID: id, Detail: in.How})
	})
}

// RecordReferralOutcome records the outcome of a referral and any
// appointment.
func (db *DB) RecordReferralOutcome(ctx context.Context, a kith.Actor, ref, id string, in kith.OutcomeInput) error {
	return db.changeReferral(ctx, a, ref, id, in.Version, func(tx *Tx, c *kith.Case, x *kith.Referral) error {
		// An outcome sent without an appointment keeps the one saved.
		if in.AppointmentOn.IsZero() && in.Appointment == "" {
			in.AppointmentOn, in.Appointment = x.AppointmentOn, x.Appointment
		}
		if err := in.Check(x, tx.Today()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE referrals SET outcome = $2, outcome_on = $3, outcome_note = $4, appointment_on = $5, appointment = $6 WHERE id = $1`,
			id, string(in.Outcome), dt(in.OutcomeOn), in.OutcomeNote, dt(in.AppointmentOn), in.Appointment); err != nil {
			return fmt.Errorf("referral outcome: %w", err)
		}
		return tx.audit(a, auditEntry{Action: kith.AuditReferralOutcome, CaseID: c.ID, SubjectType: "referral", SubjectID: id, Detail: string(in.Outcome)})
	})
}

// referralWork is the unanswered referrals on the cases matching where that
// are due a chase by until, as lines of work.
func (tx *Tx) referralWork(ctx context.Context, where string, args []any, until kith.Date, clock kith.Clock, wd kith.WorkingDays, byID map[string]kith.WorkCase) ([]kith.WorkItem, error) {
	rows, err := tx.QueryContext(ctx, `SELECT r.id, r.case_id, r.service, r.provider, r.last_contact_on
		FROM referrals r JOIN cases c ON c.id = r.case_id WHERE NOT r.responded AND `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("referral work: %w", err)
	}
	defer rows.Close()
	var out []kith.WorkItem
	for rows.Next() {
		var id, caseID, service, provider string
		var last scanDate
		if err := rows.Scan(&id, &caseID, &service, &provider, &last); err != nil {
			return nil, err
		}
		c, ok := byID[caseID]
		due := clock.Due(last.D, wd)
		if !ok || due.After(until) {
			continue
		}
		x := kith.Referral{Service: service, Provider: provider}
		it := c.ReferralWork(id, x.Title(), due, last.D, clock)
		out = append(out, it)
	}
	return out, rows.Err()
}
