package sqldb

import (
	"context"
	"fmt"

	"kith"
)

const careEpisodeColumns = `e.id, e.case_id, e.started_on, e.reason_new, e.legal_status, e.category_of_need, e.placement_type,
	e.provider, e.urn, e.home_postcode, e.placement_postcode, e.ended_on, e.reason_ended, e.reason_place_change, e.version`

// careEpisodeRows reads the looked-after episodes matching where, in
// order.
func (tx *Tx) careEpisodeRows(ctx context.Context, where string, args ...any) ([]kith.CareEpisode, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+careEpisodeColumns+` FROM care_episodes e WHERE `+where+` ORDER BY e.case_id, e.started_on, e.created_at`, args...)
	if err != nil {
		return nil, fmt.Errorf("load looked-after episodes: %w", err)
	}
	defer rows.Close()
	var out []kith.CareEpisode
	for rows.Next() {
		var e kith.CareEpisode
		var started, ended scanDate
		if err := rows.Scan(&e.ID, &e.CaseID, &started, &e.ReasonNew, &e.LegalStatus, &e.CategoryOfNeed, &e.PlacementType,
			&e.Provider, &e.URN, &e.HomePostcode, &e.PlacementPostcode, &ended, &e.ReasonEnded, &e.ReasonPlaceChange, &e.Version); err != nil {
			return nil, err
		}
		e.StartedOn, e.EndedOn = started.D, ended.D
		out = append(out, e)
	}
	return out, rows.Err()
}

// claReviewRows reads the looked-after reviews matching where, in order.
func (tx *Tx) claReviewRows(ctx context.Context, where string, args ...any) ([]kith.CLAReview, error) {
	rows, err := tx.QueryContext(ctx, `SELECT r.id, r.case_id, r.held_on, r.participation FROM cla_reviews r WHERE `+where+` ORDER BY r.case_id, r.held_on, r.created_at`, args...)
	if err != nil {
		return nil, fmt.Errorf("load looked-after reviews: %w", err)
	}
	defer rows.Close()
	var out []kith.CLAReview
	for rows.Next() {
		var r kith.CLAReview
		var held scanDate
		if err := rows.Scan(&r.ID, &r.CaseID, &held, &r.Participation); err != nil {
			return nil, err
		}
		r.HeldOn = held.D
		out = append(out, r)
	}
	return out, rows.Err()
}

// missingRows reads the missing episodes matching where, in order.
func (tx *Tx) missingRows(ctx context.Context, where string, args ...any) ([]kith.MissingEpisode, error) {
	rows, err := tx.QueryContext(ctx, `SELECT m.id, m.case_id, m.kind, m.started_on, m.ended_on, m.interview_offered, m.interview_accepted, m.version
		FROM missing_episodes m WHERE `+where+` ORDER BY m.started_on, m.created_at`, args...)
	if err != nil {
		return nil, fmt.Errorf("load missing episodes: %w", err)
	}
	defer rows.Close()
	var out []kith.MissingEpisode
	for rows.Next() {
		var m kith.MissingEpisode
		var started, ended scanDate
		if err := rows.Scan(&m.ID, &m.CaseID, &m.Kind, &started, &ended, &m.InterviewOffered, &m.InterviewAccepted, &m.Version); err != nil {
			return nil, err
		}
		m.StartedOn, m.EndedOn = started.D, ended.D
		out = append(out, m)
	}
	return out, rows.Err()
}

// lookedAfter loads a case's looked-after history.
func (tx *Tx) lookedAfter(ctx context.Context, caseID string) (kith.LookedAfter, error) {
	var l kith.LookedAfter
	var err error
	if l.Episodes, err = tx.careEpisodeRows(ctx, `e.case_id = $1`, caseID); err != nil {
		return l, err
	}
	if l.Missing, err = tx.missingRows(ctx, `m.case_id = $1`, caseID); err != nil {
		return l, err
	}
	if len(l.Episodes) == 0 {
		// A child never looked after (most) has no reviews, previous
		// permanence or yearly outcomes either: no need to ask.
		return l, nil
	}
	if l.Reviews, err = tx.claReviewRows(ctx, `r.case_id = $1`, caseID); err != nil {
		return l, err
	}
	if l.Permanence, err = tx.permanenceRows(ctx, `p.case_id = $1`, caseID); err != nil {
		return l, err
	}
	if l.PermanencePlans, err = tx.permanencePlanRows(ctx, `p.case_id = $1`, caseID); err != nil {
		return l, err
	}
	if l.Health, err = tx.healthRows(ctx, `h.case_id = $1`, caseID); err != nil {
		return l, err
	}
	if l.Leaving, err = tx.leaverRows(ctx, `l.case_id = $1`, caseID); err != nil {
		return l, err
	}
	if l.Decisions, err = tx.decisionRows(ctx, `a.case_id = $1`, caseID); err != nil {
		return l, err
	}
	if l.Matches, err = tx.matchRows(ctx, `m.case_id = $1`, caseID); err != nil {
		return l, err
	}
	st, err := tx.timeliness(ctx)
	if err != nil {
		return l, err
	}
	l.FillDue(st.cal)
	return l, nil
}

// CaseLookedAfter returns a case's looked-after history.
func (db *DB) CaseLookedAfter(ctx context.Context, a kith.Actor, ref string) (kith.LookedAfter, error) {
	return readJourney(ctx, db, a, ref, func(tx *Tx, c *kith.Case) (kith.LookedAfter, error) {
		return tx.lookedAfter(ctx, c.ID)
	})
}

// StartLookedAfter records that the child became looked after: the first
// episode of a period of care (reason S), the looked-after status if the
// child has none, and a new placement for the visit clock.
func (db *DB) StartLookedAfter(ctx context.Context, a kith.Actor, ref string, in kith.LookedAfterInput) (kith.CareEpisode, error) {
	var out kith.CareEpisode
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		eps, err := tx.careEpisodeRows(ctx, `e.case_id = $1`, c.ID)
		if err != nil {
			return err
		}
		if field, msg := kith.AdoptionStepAllowed(in.StartedOn, in.PlacementType, in.LegalStatus, nil, nil); msg != "" {
			return fieldError(field, msg+": record the child's first placement, then the decision")
		}
		var lastEnded kith.Date
		if n := len(eps); n > 0 {
			if eps[n-1].Open() {
				return fieldError("started_on", "The child has been looked after since "+kith.PeriodStart(eps).Long()+": record a change of placement or legal status instead")
			}
			lastEnded = eps[n-1].EndedOn
		}
		if err := in.Validate(tx.Today(), c.OpenedOn, lastEnded); err != nil {
			return err
		}
		e := kith.CareEpisode{ID: newID(), CaseID: c.ID, StartedOn: in.StartedOn, ReasonNew: kith.RNEStarted, CategoryOfNeed: in.CategoryOfNeed,
			HomePostcode: in.HomePostcode, Version: 1}
		e.SetPlacement(in.PlacementInput)
		if err := tx.insertCareEpisode(ctx, a, e); err != nil {
			return err
		}
		if err := tx.startStatusIfNone(ctx, a, c, kith.StatusCLA, in.StartedOn); err != nil {
			return err
		}
		summary := "Became looked after: " + kith.LegalStatuses.Label(e.LegalStatus) + "; " + lowerFirst(kith.PlacementTypes.Label(e.PlacementType))
		if err := tx.keyEvent(ctx, a, c.ID, kith.EventCareStarted, tx.onDate(in.StartedOn), summary); err != nil {
			return err
		}
		if err := tx.notePlacement(ctx, c.ID, in.StartedOn); err != nil {
			return err
		}
		if err := tx.audit(a, auditEntry{Action: kith.AuditCareStarted, CaseID: c.ID, SubjectType: "care_episode", SubjectID: e.ID,
			Detail: fmt.Sprintf("From %s, %s, %s", in.StartedOn, e.LegalStatus, e.PlacementType)}); err != nil {
			return err
		}
		out, err = tx.careEpisodeFor(ctx, c.ID, e.ID)
		return err
	})
	return out, db.finish(ctx, a, err)
}

// careEpisodeFor loads one episode of a case.
func (tx *Tx) careEpisodeFor(ctx context.Context, caseID, id string) (kith.CareEpisode, error) {
	rows, err := tx.careEpisodeRows(ctx, `e.case_id = $1 AND e.id = $2`, caseID, id)
	return firstOf(rows, err, "Looked-after episode")
}

// firstOf is the first of rows read by id, or not found when there is
// none.
func firstOf[T any](rows []T, err error, what string) (T, error) {
	var zero T
	if err != nil {
		return zero, err
	}
	if len(rows) == 0 {
		return zero, kith.NotFound(what)
	}
	return rows[0], nil
}

// insertCareEpisode writes a new open episode. The unique index on open
// episodes refuses a second one made at the same moment.
func (tx *Tx) insertCareEpisode(ctx context.Context, a kith.Actor, e kith.CareEpisode) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO care_episodes (id, case_id, started_on, reason_new, legal_status, category_of_need, placement_type,
		provider, urn, home_postcode, placement_postcode, version, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		e.ID, e.CaseID, dt(e.StartedOn), e.ReasonNew, e.LegalStatus, e.CategoryOfNeed, e.PlacementType,
		e.Provider, e.URN, e.HomePostcode, e.PlacementPostcode, e.Version, ts(tx.now), nullString(a.UserID()))
	if isUniqueViolation(err) {
		return kith.Errorf(kith.ECONFLICT, "Someone else has just recorded a change to this child's care: reload the case to see it.")
	} else if err != nil {
		return fmt.Errorf("insert looked-after episode: %w", err)
	}
	return nil
}

// currentCare is the case's open episode, with the whole history.
func (tx *Tx) currentCare(ctx context.Context, c *kith.Case) (kith.CareEpisode, []kith.CareEpisode, error) {
	eps, err := tx.careEpisodeRows(ctx, `e.case_id = $1`, c.ID)
	if err != nil {
		return kith.CareEpisode{}, nil, err
	}
	if !kith.LookedAfterNow(eps) {
		return kith.CareEpisode{}, eps, kith.Errorf(kith.ECONFLICT, "The child is not looked after: record that they became looked after first.")
	}
	return eps[len(eps)-1], eps, nil
}

// ChangeCare records a change of placement or legal status: the current
// episode ends on the day (reason X1, with why the placement changed) and
// the next begins, its reason worked out from what changed. A new
// placement restarts the visit clock.
func (db *DB) ChangeCare(ctx context.Context, a kith.Actor, ref string, in kith.CareChangeInput) (kith.CareEpisode, error) {
	var out kith.CareEpisode
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		cur, eps, err := tx.currentCare(ctx, c)
		if err != nil {
			return err
		}
		// A stale page is told so before its change is compared with
		// what has changed since.
		if in.Version != cur.Version {
			return staleEdit("this child's placement")
		}
		rne, err := in.Validate(tx.Today(), cur)
		if err != nil {
			return err
		}
		decisions, match, err := tx.adoptionOf(ctx, c.ID, eps)
		if err != nil {
			return err
		}
		if field, msg := kith.AdoptionStepAllowed(in.ChangedOn, in.PlacementType, in.LegalStatus, decisions, match); msg != "" {
			return fieldError(field, msg)
		}
		if err := tx.endCareEpisode(ctx, cur, in.ChangedOn, kith.RECEpisodeContinues, in.ReasonPlaceChange); err != nil {
			return err
		}
		// The new episode carries the version on, so that a page showing
		// the episode before this change is stale.
		next := kith.CareEpisode{ID: newID(), CaseID: c.ID, StartedOn: in.ChangedOn, ReasonNew: rne, CategoryOfNeed: cur.CategoryOfNeed,
			HomePostcode: cur.HomePostcode, Version: cur.Version + 1}
		next.SetPlacement(in.PlacementInput)
		if err := tx.insertCareEpisode(ctx, a, next); err != nil {
			return err
		}
		summary := kith.ReasonsNew.Label(rne)
		if kith.StartsPlacement(rne) {
			summary += ": " + lowerFirst(kith.PlacementTypes.Label(next.PlacementType))
			if err := tx.notePlacement(ctx, c.ID, in.ChangedOn); err != nil {
				return err
			}
		}
		if next.LegalStatus != cur.LegalStatus {
			summary += "; legal status " + kith.LegalStatuses.Label(next.LegalStatus)
		}
		if err := tx.keyEvent(ctx, a, c.ID, kith.EventCareChanged, tx.onDate(in.ChangedOn), summary); err != nil {
			return err
		}
		if err := tx.audit(a, auditEntry{Action: kith.AuditCareChanged, CaseID: c.ID, SubjectType: "care_episode", SubjectID: next.ID,
			Detail: fmt.Sprintf("%s on %s: %s, %s", rne, in.ChangedOn, next.LegalStatus, next.PlacementType)}); err != nil {
			return err
		}
		out, err = tx.careEpisodeFor(ctx, c.ID, next.ID)
		return err
	})
	return out, db.finish(ctx, a, err)
}

// EndCare records that the child stopped being looked after: the episode
// ends with the reason, the looked-after status ends, and, where the child
// qualifies (kith.CareLeaverFollows), the care leaver status begins.
func (db *DB) EndCare(ctx context.Context, a kith.Actor, ref string, in kith.CareEndInput) (kith.CareEpisode, error) {
	var out kith.CareEpisode
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		cur, eps, err := tx.currentCare(ctx, c)
		if err != nil {
			return err
		}
		if err := in.Validate(tx.Today(), cur); err != nil {
			return err
		}
		if in.Version != cur.Version {
			return staleEdit("this child's placement")
		}
		if kith.Adopted(in.Reason) {
			decisions, match, err := tx.adoptionOf(ctx, c.ID, eps)
			if err != nil {
				return err
			}
			if msg := kith.AdoptionEndAllowed(in.EndedOn, cur, decisions, match); msg != "" {
				return fieldError("reason", msg)
			}
		}
		if err := tx.endCareEpisode(ctx, cur, in.EndedOn, in.Reason, ""); err != nil {
			return err
		}
		if err := tx.keyEvent(ctx, a, c.ID, kith.EventCareEnded, tx.onDate(in.EndedOn), "Stopped being looked after: "+kith.ReasonsEnded.Label(in.Reason)); err != nil {
			return err
		}
		if err := tx.endStatusOfKind(ctx, a, c, kith.StatusCLA, in.EndedOn); err != nil {
			return err
		}
		child, err := tx.childDates(ctx, c)
		if err != nil {
			return err
		}
		eps[len(eps)-1].EndedOn = in.EndedOn
		if kith.CareLeaverFollows(child.DateOfBirth, eps, in.EndedOn, in.Reason) {
			if err := tx.startStatusIfNone(ctx, a, c, kith.StatusCareLeaver, in.EndedOn); err != nil {
				return err
			}
		}
		if err := tx.audit(a, auditEntry{Action: kith.AuditCareEnded, CaseID: c.ID, SubjectType: "care_episode", SubjectID: cur.ID,
			Detail: in.Reason + " on " + in.EndedOn.String()}); err != nil {
			return err
		}
		out, err = tx.careEpisodeFor(ctx, c.ID, cur.ID)
		return err
	})
	return out, db.finish(ctx, a, err)
}

// endCareEpisode ends the open episode cur as the caller read it: one
// that another request changed meanwhile (PostgreSQL lets two read it at
// once) is refused as stale, so that a change or end is made once.
func (tx *Tx) endCareEpisode(ctx context.Context, cur kith.CareEpisode, on kith.Date, reason, placeChange string) error {
	res, err := tx.ExecContext(ctx, `UPDATE care_episodes SET ended_on = $2, reason_ended = $3, reason_place_change = $4, version = version + 1
		WHERE id = $1 AND version = $5 AND ended_on IS NULL`, cur.ID, dt(on), reason, placeChange, cur.Version)
	if err != nil {
		return fmt.Errorf("end looked-after episode: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return staleEdit("this child's placement")
	}
	return nil
}

// startStatusIfNone starts a status on the case unless one of its kind is
// current, from on or, if the case opened later, from the case's opening.
func (tx *Tx) startStatusIfNone(ctx context.Context, a kith.Actor, c *kith.Case, kind kith.StatusKind, on kith.Date) error {
	var current int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM status_periods WHERE case_id = $1 AND kind = $2 AND ended_on IS NULL`,
		c.ID, string(kind)).Scan(&current); err != nil {
		return err
	}
	if current > 0 {
		return nil
	}
	if on.Before(c.OpenedOn) {
		on = c.OpenedOn
	}
	return tx.insertStatus(ctx, a, c.ID, kith.StatusInput{Kind: kind, StartedOn: on})
}

// endStatusOfKind ends the case's current status of a kind, if it has one,
// on the day (or the day it began, if that is later).
func (tx *Tx) endStatusOfKind(ctx context.Context, a kith.Actor, c *kith.Case, kind kith.StatusKind, on kith.Date) error {
	var id string
	var started scanDate
	err := tx.QueryRowContext(ctx, `SELECT id, started_on FROM status_periods WHERE case_id = $1 AND kind = $2 AND ended_on IS NULL`,
		c.ID, string(kind)).Scan(&id, &started)
	if errNoRows(err) {
		return nil
	} else if err != nil {
		return err
	}
	if on.Before(started.D) {
		on = started.D
	}
	return tx.endStatusPeriod(ctx, a, c.ID, id, kind, on)
}

// notePlacement restarts the visit clock's placement anchor at a new
// placement beginning on the day.
func (tx *Tx) notePlacement(ctx context.Context, caseID string, on kith.Date) error {
	f, err := tx.caseFacts(ctx, caseID)
	if err != nil {
		return err
	}
	if !f.PlacementOn.Before(on) {
		return nil
	}
	f.PlacementOn = on
	return tx.saveCaseFacts(ctx, f)
}

// latestPlacement is the day the case's latest structured placement began
// (zero for none): recounting the clock dates from the records keeps it.
func (tx *Tx) latestPlacement(ctx context.Context, caseID string) (kith.Date, error) {
	var latest kith.Date
	eps, err := tx.careEpisodeRows(ctx, `e.case_id = $1`, caseID)
	for _, e := range eps {
		if kith.StartsPlacement(e.ReasonNew) && e.StartedOn.After(latest) {
			latest = e.StartedOn
		}
	}
	return latest, err
}

// everLookedAfter is the case a looked-after record is for, which the
// actor may change, and its episodes of care; refused with why when the
// child has never been looked after.
func (tx *Tx) everLookedAfter(ctx context.Context, a kith.Actor, ref, why string) (*kith.Case, []kith.CareEpisode, error) {
	c, err := tx.editCase(a, ref)
	if err != nil {
		return nil, nil, err
	}
	eps, err := tx.careEpisodeRows(ctx, `e.case_id = $1`, c.ID)
	if err == nil && len(eps) == 0 {
		err = kith.Errorf(kith.ECONFLICT, "The child has not been looked after: %s", why)
	}
	return c, eps, err
}

// RecordCLAReview records a looked-after review of the current or last
// period of care.
func (db *DB) RecordCLAReview(ctx context.Context, a kith.Actor, ref string, in kith.CLAReviewInput) (kith.CLAReview, error) {
	var out kith.CLAReview
	err := db.write(ctx, func(tx *Tx) error {
		c, eps, err := tx.everLookedAfter(ctx, a, ref, "a looked-after review follows their becoming looked after.")
		if err != nil {
			return err
		}
		if last := eps[len(eps)-1]; last.ShortBreak() {
			return kith.Errorf(kith.ECONFLICT, "The child is looked after under a short-breaks agreement (%s): the return records no reviews for short breaks.", last.LegalStatus)
		}
		child, err := tx.childDates(ctx, c)
		if err != nil {
			return err
		}
		if err := in.Validate(tx.Today(), kith.PeriodStart(eps), child.DateOfBirth); err != nil {
			return err
		}
		if last := eps[len(eps)-1]; !last.Open() && in.HeldOn.After(last.EndedOn) {
			return fieldError("held_on", "The child stopped being looked after on "+last.EndedOn.Long()+": a review after that is not a looked-after review")
		}
		out = kith.CLAReview{ID: newID(), CaseID: c.ID, HeldOn: in.HeldOn, Participation: in.Participation}
		if _, err := tx.ExecContext(ctx, `INSERT INTO cla_reviews (id, case_id, held_on, participation, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6)`,
			out.ID, c.ID, dt(in.HeldOn), in.Participation, ts(tx.now), nullString(a.UserID())); err != nil {
			return fmt.Errorf("insert looked-after review: %w", err)
		}
		if err := tx.keyEvent(ctx, a, c.ID, kith.EventCLAReview, tx.onDate(in.HeldOn), "Looked-after review: the child "+lowerFirst(kith.Participations.Name(in.Participation))+" ("+in.Participation+")"); err != nil {
			return err
		}
		return tx.audit(a, auditEntry{Action: kith.AuditCLAReviewRecorded, CaseID: c.ID, SubjectType: "cla_review", SubjectID: out.ID,
			Detail: in.Participation + " on " + in.HeldOn.String()})
	})
	return out, db.finish(ctx, a, err)
}

// RecordMissing records a time the child was missing or away, or (id not
// empty) changes one: their return, and the return interview.
func (db *DB) RecordMissing(ctx context.Context, a kith.Actor, ref, id string, in kith.MissingInput) (kith.MissingEpisode, error) {
	var out kith.MissingEpisode
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		if err := in.Validate(tx.Today(), c.OpenedOn); err != nil {
			return err
		}
		action, summary := kith.AuditMissingRecorded, kith.MissingKinds.Name(in.Kind)+" from "+in.StartedOn.Long()
		if id == "" {
			id = newID()
			_, err = tx.ExecContext(ctx, `INSERT INTO missing_episodes (id, case_id, kind, started_on, ended_on, interview_offered, interview_accepted, created_at, created_by)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, id, c.ID, in.Kind, dt(in.StartedOn), dt(in.EndedOn), in.InterviewOffered, in.InterviewAccepted,
				ts(tx.now), nullString(a.UserID()))
			if err == nil {
				err = tx.keyEvent(ctx, a, c.ID, kith.EventMissing, tx.onDate(in.StartedOn), summary)
			}
		} else {
			action = kith.AuditMissingChanged
			var res interface{ RowsAffected() (int64, error) }
			res, err = tx.ExecContext(ctx, `UPDATE missing_episodes SET kind = $3, started_on = $4, ended_on = $5, interview_offered = $6, interview_accepted = $7,
				version = version + 1 WHERE id = $1 AND case_id = $2 AND version = $8`, id, c.ID, in.Kind, dt(in.StartedOn), dt(in.EndedOn),
				in.InterviewOffered, in.InterviewAccepted, in.Version)
			if err == nil {
				if n, _ := res.RowsAffected(); n == 0 {
					if _, err := tx.missingFor(ctx, c.ID, id); err != nil {
						return err
					}
					return staleEdit("this missing episode")
				}
			}
		}
		if err != nil {
			return fmt.Errorf("record missing episode: %w", err)
		}
		if err := tx.audit(a, auditEntry{Action: action, CaseID: c.ID, SubjectType: "missing", SubjectID: id, Detail: summary}); err != nil {
			return err
		}
		out, err = tx.missingFor(ctx, c.ID, id)
		return err
	})
	return out, db.finish(ctx, a, err)
}

// missingFor loads one missing episode of a case.
func (tx *Tx) missingFor(ctx context.Context, caseID, id string) (kith.MissingEpisode, error) {
	rows, err := tx.missingRows(ctx, `m.case_id = $1 AND m.id = $2`, caseID, id)
	return firstOf(rows, err, "Missing episode")
}

// claReviewWork lists the looked-after reviews due by until on the cases of
// a work list (where).
func (tx *Tx) claReviewWork(ctx context.Context, where string, args []any, until kith.Date, wd kith.WorkingDays, byID map[string]kith.WorkCase) ([]kith.WorkItem, error) {
	// Only a child with the looked-after status can be looked after (the
	// status starts with care and cannot end before it), so the list's
	// cases with that status are the ones to read; a very long list reads
	// by the list's own condition instead.
	var looked []any
	for id, c := range byID {
		if _, ok := c.Facts.Statuses[kith.StatusCLA]; ok {
			looked = append(looked, id)
		}
	}
	if len(looked) == 0 {
		return nil, nil
	}
	caseIn := `case_id IN (SELECT o.case_id FROM care_episodes o WHERE o.ended_on IS NULL AND o.case_id IN (SELECT c.id FROM cases c WHERE ` + where + `))`
	if len(looked) <= 500 {
		caseIn, args = `case_id IN (`+placeholders(1, len(looked))+`)`, looked
	}
	eps, err := tx.careEpisodeRows(ctx, `e.`+caseIn, args...)
	if err != nil {
		return nil, fmt.Errorf("looked-after review work: %w", err)
	}
	if len(eps) == 0 {
		return nil, nil
	}
	reviews, err := tx.claReviewRows(ctx, `r.`+caseIn, args...)
	if err != nil {
		return nil, err
	}
	byCase := map[string]*kith.LookedAfter{}
	var order []string
	for _, e := range eps {
		l := byCase[e.CaseID]
		if l == nil {
			l = &kith.LookedAfter{}
			byCase[e.CaseID] = l
			order = append(order, e.CaseID)
		}
		l.Episodes = append(l.Episodes, e)
	}
	for _, r := range reviews {
		if l := byCase[r.CaseID]; l != nil {
			l.Reviews = append(l.Reviews, r)
		}
	}
	var out []kith.WorkItem
	for _, id := range order {
		l := byCase[id]
		l.FillDue(wd)
		c, ok := byID[id]
		if !ok || l.ReviewDue.IsZero() || l.ReviewDue.After(until) {
			continue
		}
		out = append(out, c.CLAReviewWork(kith.PeriodStart(l.Episodes), l.ReviewDue))
	}
	return out, nil
}

// permanenceRows reads the previous permanence recorded for the periods of
// care matching where, in order.
func (tx *Tx) permanenceRows(ctx context.Context, where string, args ...any) ([]kith.PreviousPermanence, error) {
	rows, err := tx.QueryContext(ctx, `SELECT p.case_id, p.period_start, p.option_code, p.la, p.order_date, p.version
		FROM previous_permanence p WHERE `+where+` ORDER BY p.case_id, p.period_start`, args...)
	if err != nil {
		return nil, fmt.Errorf("load previous permanence: %w", err)
	}
	defer rows.Close()
	var out []kith.PreviousPermanence
	for rows.Next() {
		var p kith.PreviousPermanence
		var start scanDate
		if err := rows.Scan(&p.CaseID, &start, &p.Option, &p.LA, &p.OrderDate, &p.Version); err != nil {
			return nil, err
		}
		p.PeriodStart = start.D
		out = append(out, p)
	}
	return out, rows.Err()
}

// RecordPreviousPermanence records, or corrects, whether the child had
// left care before through adoption or an order, for their latest period
// of care (the 903 asks it of every child who starts to be looked after,
// and it may come to light at any time in the period).
func (db *DB) RecordPreviousPermanence(ctx context.Context, a kith.Actor, ref string, in kith.PreviousPermanenceInput) (kith.PreviousPermanence, error) {
	var out kith.PreviousPermanence
	err := db.write(ctx, func(tx *Tx) error {
		c, eps, err := tx.everLookedAfter(ctx, a, ref, "previous permanence is recorded for a period of care.")
		if err != nil {
			return err
		}
		start := kith.PeriodStart(eps)
		orderDate, err := in.Validate(start)
		if err != nil {
			return err
		}
		const conflict = "Someone else has just recorded this child's previous permanence: reload the case to see it."
		version, err := tx.versionToChange(ctx, `SELECT version FROM previous_permanence WHERE case_id = $1 AND period_start = $2`,
			[]any{c.ID, dt(start)}, in.Version, conflict)
		if err != nil {
			return err
		}
		out = kith.PreviousPermanence{CaseID: c.ID, PeriodStart: start, Option: in.Option, LA: in.LA, OrderDate: orderDate, Version: version + 1}
		if version == 0 {
			_, err = tx.ExecContext(ctx, `INSERT INTO previous_permanence (case_id, period_start, option_code, la, order_date, version, recorded_at, recorded_by)
				VALUES ($1, $2, $3, $4, $5, 1, $6, $7)`, c.ID, dt(start), out.Option, out.LA, out.OrderDate, ts(tx.now), nullString(a.UserID()))
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE previous_permanence SET option_code = $3, la = $4, order_date = $5, version = $6, recorded_at = $7, recorded_by = $8
				WHERE case_id = $1 AND period_start = $2`, c.ID, dt(start), out.Option, out.LA, out.OrderDate, out.Version, ts(tx.now), nullString(a.UserID()))
		}
		if isUniqueViolation(err) {
			// Someone else recorded the first at the same moment.
			return kith.Errorf(kith.ECONFLICT, conflict)
		} else if err != nil {
			return fmt.Errorf("record previous permanence: %w", err)
		}
		return tx.audit(a, auditEntry{Action: kith.AuditPermanenceRecorded, CaseID: c.ID, SubjectType: "previous_permanence", SubjectID: c.ID,
			Detail: fmt.Sprintf("%s for the period of care from %s", out.Option, start)})
	})
	return out, db.finish(ctx, a, err)
}
