package sqldb

import (
	"context"
	"fmt"

	"kith"
)

const episodeColumns = `e.id, e.case_id, e.number, e.referral_at, e.source, e.primary_need, e.decision, e.decided_on,
	COALESCE(u.display_name, ''), e.closed_on, e.close_reason, e.version`

// episodes returns a case's episodes, the first first.
func (tx *Tx) episodes(ctx context.Context, caseID string) ([]kith.Episode, error) {
	return tx.episodeRows(ctx, `e.case_id = $1`, caseID)
}

// episodeRows reads the episodes matching where, by case and in order.
func (tx *Tx) episodeRows(ctx context.Context, where string, args ...any) ([]kith.Episode, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+episodeColumns+` FROM episodes e LEFT JOIN users u ON u.id = e.decided_by
		WHERE `+where+` ORDER BY e.case_id, e.number`, args...)
	if err != nil {
		return nil, fmt.Errorf("load episodes: %w", err)
	}
	defer rows.Close()
	var out []kith.Episode
	for rows.Next() {
		var e kith.Episode
		var at scanTime
		var decided, closed scanDate
		var decision string
		if err := rows.Scan(&e.ID, &e.CaseID, &e.Number, &at, &e.Source, &e.PrimaryNeed, &decision, &decided,
			&e.DecidedBy, &closed, &e.CloseReason, &e.Version); err != nil {
			return nil, err
		}
		e.ReferralAt, e.Decision, e.DecidedOn, e.ClosedOn = at.T, kith.ReferralDecision(decision), decided.D, closed.D
		out = append(out, e)
	}
	return out, rows.Err()
}

// insertEpisode starts a case's next episode with its referral.
func (tx *Tx) insertEpisode(ctx context.Context, caseID string, number int, in kith.EpisodeReferralInput) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO episodes (id, case_id, number, referral_at, source, primary_need, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, newID(), caseID, number, ts(in.ReferralAt), in.Source, in.PrimaryNeed, ts(tx.now))
	if err != nil {
		return fmt.Errorf("insert episode: %w", err)
	}
	return nil
}

// closeEpisode ends the case's open episode with the case.
func (tx *Tx) closeEpisode(ctx context.Context, caseID string, in kith.CloseInput) error {
	_, err := tx.ExecContext(ctx, `UPDATE episodes SET closed_on = $2, close_reason = $3, version = version + 1 WHERE case_id = $1 AND closed_on IS NULL`,
		caseID, dt(in.ClosedOn), in.Reason)
	return err
}

// Episodes returns a case's episodes, the first first; the last is the
// current one.
func (db *DB) Episodes(ctx context.Context, a kith.Actor, ref string) ([]kith.Episode, error) {
	return readJourney(ctx, db, a, ref, func(tx *Tx, c *kith.Case) ([]kith.Episode, error) { return tx.episodes(ctx, c.ID) })
}

// readJourney reads part of a case's statutory journey for an actor who
// may view the case, and audits the read.
func readJourney[T any](ctx context.Context, db *DB, a kith.Actor, ref string, load func(*Tx, *kith.Case) (T, error)) (T, error) {
	var out T
	var c *kith.Case
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if c, err = tx.caseFor(a, ref, kith.ViewCase); err != nil {
			return err
		}
		out, err = load(tx, c)
		return err
	})
	if err != nil {
		var zero T
		return zero, db.finish(ctx, a, err)
	}
	return out, db.auditReads(ctx, a, auditEntry{Action: kith.AuditJourneyViewed, CaseID: c.ID, SubjectType: "case", SubjectID: c.ID})
}

// currentEpisode is the case's open episode, with the day the one before
// it closed (zero for the first).
func (tx *Tx) currentEpisode(ctx context.Context, c *kith.Case) (kith.Episode, kith.Date, error) {
	eps, err := tx.episodes(ctx, c.ID)
	if err != nil {
		return kith.Episode{}, kith.Date{}, err
	}
	if len(eps) == 0 || !eps[len(eps)-1].Open() {
		return kith.Episode{}, kith.Date{}, kith.Errorf(kith.EINVALID, "This case has no open episode: reopen the case with its new referral.")
	}
	var before kith.Date
	if len(eps) > 1 {
		before = eps[len(eps)-2].ClosedOn
	}
	return eps[len(eps)-1], before, nil
}

// RecordReferral records (or corrects) the referral of the case's current
// episode: when it was received, where from and the child's primary need.
func (db *DB) RecordReferral(ctx context.Context, a kith.Actor, ref string, in kith.EpisodeReferralInput) (kith.Episode, error) {
	var out kith.Episode
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		ep, before, err := tx.currentEpisode(ctx, c)
		if err != nil {
			return err
		}
		if err := in.Validate(tx.now, before, ""); err != nil {
			return err
		}
		if in.Version != ep.Version {
			return staleEdit("this referral")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE episodes SET referral_at = $2, source = $3, primary_need = $4, version = version + 1 WHERE id = $1`,
			ep.ID, ts(in.ReferralAt), in.Source, in.PrimaryNeed); err != nil {
			return fmt.Errorf("record referral: %w", err)
		}
		if ep.Source == "" {
			summary := "Referral received from " + kith.ReferralSources.Label(in.Source)
			if err := tx.keyEvent(ctx, a, c.ID, kith.EventReferralReceived, in.ReferralAt, summary); err != nil {
				return err
			}
		}
		if err := tx.audit(a, auditEntry{Action: kith.AuditReferralRecorded, CaseID: c.ID, SubjectType: "episode", SubjectID: ep.ID,
			Detail: fmt.Sprintf("Episode %d: source %s, primary need %s", ep.Number, in.Source, in.PrimaryNeed)}); err != nil {
			return err
		}
		eps, err := tx.episodes(ctx, c.ID)
		out = eps[len(eps)-1]
		return err
	})
	return out, db.finish(ctx, a, err)
}

// DecideReferral records what was decided about the current episode's
// referral, and on what day.
func (db *DB) DecideReferral(ctx context.Context, a kith.Actor, ref string, in kith.DecisionInput) (kith.Episode, error) {
	var out kith.Episode
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		ep, _, err := tx.currentEpisode(ctx, c)
		if err != nil {
			return err
		}
		if err := in.Validate(tx.Today(), ep.ReferralOn(), ep.PrimaryNeed != ""); err != nil {
			return err
		}
		if in.Version != ep.Version {
			return staleEdit("this referral")
		}
		need := ep.PrimaryNeed
		if in.PrimaryNeed != "" {
			need = in.PrimaryNeed
		}
		if _, err := tx.ExecContext(ctx, `UPDATE episodes SET decision = $2, decided_on = $3, decided_by = $4, primary_need = $5, version = version + 1 WHERE id = $1`,
			ep.ID, string(in.Decision), dt(in.DecidedOn), nullString(a.UserID()), need); err != nil {
			return fmt.Errorf("decide referral: %w", err)
		}
		if err := tx.keyEvent(ctx, a, c.ID, kith.EventReferralDecided, tx.onDate(in.DecidedOn), "Decision on the referral: "+in.Decision.Label()); err != nil {
			return err
		}
		if err := tx.audit(a, auditEntry{Action: kith.AuditReferralDecided, CaseID: c.ID, SubjectType: "episode", SubjectID: ep.ID,
			Detail: fmt.Sprintf("Episode %d: %s", ep.Number, in.Decision.Label())}); err != nil {
			return err
		}
		eps, err := tx.episodes(ctx, c.ID)
		out = eps[len(eps)-1]
		return err
	})
	return out, db.finish(ctx, a, err)
}

// decisionWork lists the referrals recorded in Kith that wait for a
// decision, on the cases of a work list (where), due by until.
func (tx *Tx) decisionWork(ctx context.Context, where string, args []any, until kith.Date, wd kith.WorkingDays, byID map[string]kith.WorkCase) ([]kith.WorkItem, error) {
	// The condition on episodes narrows the rows to read through the index
	// of open episodes; Episode.AwaitsDecision is the rule.
	rows, err := tx.QueryContext(ctx, `SELECT e.case_id, e.referral_at, e.source, e.decision FROM episodes e JOIN cases c ON c.id = e.case_id
		WHERE e.closed_on IS NULL AND e.decision = '' AND `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("decision work: %w", err)
	}
	defer rows.Close()
	var out []kith.WorkItem
	for rows.Next() {
		var caseID, decision string
		var at scanTime
		e := kith.Episode{}
		if err := rows.Scan(&caseID, &at, &e.Source, &decision); err != nil {
			return nil, err
		}
		e.ReferralAt, e.Decision = at.T, kith.ReferralDecision(decision)
		c, ok := byID[caseID]
		if !ok || !e.AwaitsDecision() || e.DecisionDue(wd).After(until) {
			continue
		}
		out = append(out, c.DecisionWork(e, wd))
	}
	return out, rows.Err()
}
