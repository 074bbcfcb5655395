package sqldb

import (
	"context"
	"fmt"
	"strconv"

	"kith"
)

// PlanView is a case's plans: the current one (nil when the child has
// none) and earlier ones, newest first, each with its objectives.
type PlanView struct {
	Current *kith.Plan  `json:"current"`
	Earlier []kith.Plan `json:"earlier"`
}

// ObjectiveView is an objective with what shows whether it is moving: its
// progress ratings, the final records that worked on it and its actions.
type ObjectiveView struct {
	Plan      *kith.Plan       `json:"plan"`
	Objective *kith.Objective  `json:"objective"`
	Records   []kith.RecordRow `json:"records"`
	Actions   []kith.Action    `json:"actions"`
}

const planColumns = `p.id, p.case_id, c.reference, p.kind, p.started_on, p.review_on, p.ended_on, p.end_reason, p.version, COALESCE(u.display_name, ''), p.created_at,
	COALESCE(p.section47_id, ''), p.initial_category, p.latest_category, p.core_group_on`
const planFrom = ` FROM plans p JOIN cases c ON c.id = p.case_id LEFT JOIN users u ON u.id = p.created_by`

func scanPlan(row interface{ Scan(...any) error }) (*kith.Plan, error) {
	var p kith.Plan
	var kind string
	var started, review, ended, coreGroup scanDate
	var created scanTime
	if err := row.Scan(&p.ID, &p.CaseID, &p.CaseReference, &kind, &started, &review, &ended, &p.EndReason, &p.Version, &p.CreatedBy, &created,
		&p.Section47ID, &p.InitialCategory, &p.LatestCategory, &coreGroup); err != nil {
		return nil, err
	}
	p.Kind, p.StartedOn, p.ReviewOn, p.EndedOn, p.CreatedAt = kith.PlanKind(kind), started.D, review.D, ended.D, created.T
	p.CoreGroupOn = coreGroup.D
	p.Objectives, p.Reviews = []kith.Objective{}, []kith.PlanReview{}
	return &p, nil
}

// plans reads a case's plans, newest first, with objectives, ratings and
// reviews.
func (tx *Tx) plans(ctx context.Context, c *kith.Case, childFirst string) ([]*kith.Plan, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+planColumns+planFrom+` WHERE p.case_id = $1 ORDER BY p.started_on DESC, p.created_at DESC`, c.ID)
	if err != nil {
		return nil, fmt.Errorf("plans: %w", err)
	}
	var out []*kith.Plan
	byID := map[string]*kith.Plan{}
	for rows.Next() {
		p, err := scanPlan(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, p)
		byID[p.ID] = p
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	for _, p := range out {
		if p.FromConference() && p.CoreGroupOn.IsZero() {
			st, err := tx.timeliness(ctx)
			if err != nil {
				return nil, err
			}
			p.CoreGroupDue = kith.CoreGroupDue(p.StartedOn, st.cal)
		}
	}
	objectives, err := tx.objectives(ctx, `o.case_id = $1`, childFirst, c.ID)
	if err != nil {
		return nil, err
	}
	for _, o := range objectives {
		if p := byID[o.PlanID]; p != nil {
			p.Objectives = append(p.Objectives, o)
		}
	}
	return out, tx.planReviews(ctx, byID, `p.case_id = $1`, c.ID)
}

// planReviews adds their reviews, in order, to the plans in byID, reading
// the reviews of the plans matching where (on plans p).
func (tx *Tx) planReviews(ctx context.Context, byID map[string]*kith.Plan, where string, args ...any) error {
	rrows, err := tx.QueryContext(ctx, `SELECT r.id, r.plan_id, r.held_on, r.next_review_on, r.notes, COALESCE(u.display_name, ''), r.category
		FROM plan_reviews r JOIN plans p ON p.id = r.plan_id LEFT JOIN users u ON u.id = r.by_user_id
		WHERE `+where+` ORDER BY r.held_on, r.created_at`, args...)
	if err != nil {
		return fmt.Errorf("plan reviews: %w", err)
	}
	defer rrows.Close()
	for rrows.Next() {
		var rv kith.PlanReview
		var planID string
		var held, next scanDate
		if err := rrows.Scan(&rv.ID, &planID, &held, &next, &rv.Notes, &rv.ByName, &rv.Category); err != nil {
			return err
		}
		rv.HeldOn, rv.NextReviewOn = held.D, next.D
		if p := byID[planID]; p != nil {
			p.Reviews = append(p.Reviews, rv)
		}
	}
	return rrows.Err()
}

// objectives reads objectives matching where (on objectives o), in plan
// order, each with its ratings oldest first.
func (tx *Tx) objectives(ctx context.Context, where, childFirst string, args ...any) ([]kith.Objective, error) {
	rows, err := tx.QueryContext(ctx, `SELECT o.id, o.plan_id, o.case_id, o.position, o.change, o.measure, o.owner_kind, COALESCE(o.owner_id, ''),
		o.owner_name, o.owner_role, o.owner_agency, o.due_on, o.status, o.version FROM objectives o WHERE `+where+` ORDER BY o.plan_id, o.position`, args...)
	if err != nil {
		return nil, fmt.Errorf("objectives: %w", err)
	}
	var out []kith.Objective
	at := map[string]int{}
	for rows.Next() {
		var o kith.Objective
		var kind, status string
		var due scanDate
		if err := rows.Scan(&o.ID, &o.PlanID, &o.CaseID, &o.Position, &o.Change, &o.Measure, &kind, &o.Owner.ID, &o.Owner.Name, &o.Owner.Role,
			&o.Owner.Agency, &due, &status, &o.Version); err != nil {
			rows.Close()
			return nil, err
		}
		o.Owner.Kind, o.Due, o.Status, o.Ratings = kith.OwnerKind(kind), due.D, kith.ObjectiveStatus(status), []kith.Rating{}
		o.OwnerWords = o.Owner.Words(childFirst)
		at[o.ID] = len(out)
		out = append(out, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	rrows, err := tx.QueryContext(ctx, `SELECT r.id, r.objective_id, r.rated_on, r.score, r.comment, COALESCE(u.display_name, ''), COALESCE(r.review_id, '')
		FROM objective_ratings r JOIN objectives o ON o.id = r.objective_id LEFT JOIN users u ON u.id = r.by_user_id
		WHERE `+where+` ORDER BY r.rated_on, r.created_at`, args...)
	if err != nil {
		return nil, fmt.Errorf("ratings: %w", err)
	}
	defer rrows.Close()
	for rrows.Next() {
		var r kith.Rating
		var objectiveID string
		var on scanDate
		if err := rrows.Scan(&r.ID, &objectiveID, &on, &r.Score, &r.Comment, &r.ByName, &r.ReviewID); err != nil {
			return nil, err
		}
		r.On = on.D
		if i, ok := at[objectiveID]; ok {
			out[i].Ratings = append(out[i].Ratings, r)
		}
	}
	return out, rrows.Err()
}

func (tx *Tx) childFirstName(ctx context.Context, c *kith.Case) (string, error) {
	var first string
	err := tx.QueryRowContext(ctx, `SELECT first_name FROM people WHERE id = $1`, c.ChildID).Scan(&first)
	return first, err
}

// planFor reads one of a case's plans, with everything on it.
func (tx *Tx) planFor(ctx context.Context, c *kith.Case, planID string) (*kith.Plan, error) {
	first, err := tx.childFirstName(ctx, c)
	if err != nil {
		return nil, err
	}
	all, err := tx.plans(ctx, c, first)
	if err != nil {
		return nil, err
	}
	for _, p := range all {
		if p.ID == planID {
			return p, nil
		}
	}
	return nil, kith.NotFound("Plan")
}

// CasePlans returns a case's current plan and its earlier plans. The read
// is audited.
func (db *DB) CasePlans(ctx context.Context, a kith.Actor, ref string) (*kith.Case, *PlanView, error) {
	var c *kith.Case
	view := &PlanView{Earlier: []kith.Plan{}}
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if c, err = tx.caseFor(a, ref, kith.ViewCase); err != nil {
			return err
		}
		first, err := tx.childFirstName(ctx, c)
		if err != nil {
			return err
		}
		all, err := tx.plans(ctx, c, first)
		if err != nil {
			return err
		}
		for _, p := range all {
			if p.Current() {
				view.Current = p
			} else {
				view.Earlier = append(view.Earlier, *p)
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, db.finish(ctx, a, err)
	}
	return c, view, db.auditReads(ctx, a, auditEntry{Action: kith.AuditPlanViewed, CaseID: c.ID, SubjectType: "case", SubjectID: c.ID, Detail: "plans"})
}

// StartPlan starts a plan on an open case. A current plan ends the day the
// new one starts (a child in need plan becoming a child protection plan):
// a case has one current plan, and the earlier ones are kept.
func (db *DB) StartPlan(ctx context.Context, a kith.Actor, ref string, in kith.PlanInput) (string, error) {
	id := newID()
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		if err := in.Check(tx.Today()); err != nil {
			return err
		}
		return tx.insertPlan(ctx, a, c, id, in, conferencePlan{})
	})
	return id, db.finish(ctx, a, err)
}

// conferencePlan is what a child protection plan made at an initial
// conference keeps of it: the enquiry and the category of abuse.
type conferencePlan struct {
	section47ID, category string
}

// insertPlan starts plan id on case c, ending the current plan the day it
// starts.
func (tx *Tx) insertPlan(ctx context.Context, a kith.Actor, c *kith.Case, id string, in kith.PlanInput, conf conferencePlan) error {
	var oldID, oldKind string
	var oldStart scanDate
	err := tx.QueryRowContext(ctx, `SELECT id, kind, started_on FROM plans WHERE case_id = $1 AND ended_on IS NULL`, c.ID).Scan(&oldID, &oldKind, &oldStart)
	switch {
	case errNoRows(err):
	case err != nil:
		return err
	default:
		if in.StartedOn.Before(oldStart.D) {
			return fieldError("started", "The new plan cannot start before the current "+lowerFirst(kith.PlanKind(oldKind).Label())+", which started on "+oldStart.D.Long())
		}
		if err := tx.endPlan(ctx, a, c, oldID, kith.PlanKind(oldKind), in.StartedOn, "Replaced by the "+lowerFirst(in.Kind.Label())); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO plans (id, case_id, kind, started_on, review_on, created_by, created_at, updated_at,
			section47_id, initial_category, latest_category) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $9)`,
		id, c.ID, string(in.Kind), dt(in.StartedOn), dt(in.ReviewOn), nullString(a.UserID()), ts(tx.now), nullString(conf.section47ID), conf.category); err != nil {
		return fmt.Errorf("start plan: %w", err)
	}
	if err := tx.keyEvent(ctx, a, c.ID, kith.EventPlanStarted, tx.onDate(in.StartedOn), in.Kind.Label()+" started"); err != nil {
		return err
	}
	return tx.audit(a, auditEntry{Action: kith.AuditPlanStarted, CaseID: c.ID, SubjectType: "plan", SubjectID: id, Detail: string(in.Kind) + " from " + in.StartedOn.String()})
}

func (tx *Tx) endPlan(ctx context.Context, a kith.Actor, c *kith.Case, id string, kind kith.PlanKind, on kith.Date, reason string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE plans SET ended_on = $2, end_reason = $3, version = version + 1, updated_at = $4 WHERE id = $1`,
		id, dt(on), reason, ts(tx.now)); err != nil {
		return fmt.Errorf("end plan: %w", err)
	}
	if err := tx.keyEvent(ctx, a, c.ID, kith.EventPlanEnded, tx.onDate(on), kind.Label()+" ended: "+reason); err != nil {
		return err
	}
	return tx.audit(a, auditEntry{Action: kith.AuditPlanEnded, CaseID: c.ID, SubjectType: "plan", SubjectID: id, Detail: truncate(reason, 200)})
}

// EndPlan ends a case's current plan with a date and a reason.
func (db *DB) EndPlan(ctx context.Context, a kith.Actor, ref, planID string, on kith.Date, reason string, version int) error {
	reason = kith.CleanMultiline(reason)
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.caseFor(a, ref, kith.EditCase)
		if err != nil {
			return err
		}
		p, err := tx.planFor(ctx, c, planID)
		if err != nil {
			return err
		}
		if !p.Current() {
			return kith.Errorf(kith.EINVALID, "This plan already ended on %s.", p.EndedOn.Long())
		}
		if p.Version != version {
			return planConflict()
		}
		if err := kith.CheckPlanEnd(p, on, reason, tx.Today()); err != nil {
			return err
		}
		return tx.endPlan(ctx, a, c, p.ID, p.Kind, on, reason)
	})
	return db.finish(ctx, a, err)
}

func planConflict() error {
	return kith.Errorf(kith.ECONFLICT, "Someone else changed this plan while you were working on it. Check what they changed, then save again.")
}

// currentPlan reads a plan that may still be changed: the case's current
// plan, at the version the user saw.
func (tx *Tx) currentPlan(ctx context.Context, a kith.Actor, ref, planID string) (*kith.Case, *kith.Plan, error) {
	c, err := tx.editCase(a, ref)
	if err != nil {
		return nil, nil, err
	}
	p, err := tx.planFor(ctx, c, planID)
	if err != nil {
		return nil, nil, err
	}
	if !p.Current() {
		return nil, nil, kith.Errorf(kith.EINVALID, "This plan ended on %s: objectives and reviews are added to the current plan.", p.EndedOn.Long())
	}
	return c, p, nil
}

// SaveObjective adds an objective to a case's current plan (objectiveID
// empty) or changes one. The objective must be SMART: what should change,
// how we will know, who is responsible and by when.
func (db *DB) SaveObjective(ctx context.Context, a kith.Actor, ref, planID, objectiveID string, in kith.ObjectiveInput) (string, error) {
	in.Clean()
	id := objectiveID
	err := db.write(ctx, func(tx *Tx) error {
		c, p, err := tx.currentPlan(ctx, a, ref, planID)
		if err != nil {
			return err
		}
		var was *kith.Objective
		for i := range p.Objectives {
			if p.Objectives[i].ID == objectiveID {
				was = &p.Objectives[i]
			}
		}
		if objectiveID != "" && was == nil {
			return kith.NotFound("Objective")
		}
		if was != nil && was.Version != in.Version {
			return kith.Errorf(kith.ECONFLICT, "Someone else changed this objective while you were working on it. Check what they changed, then save again.")
		}
		var v kith.Validation
		if err := tx.resolveOwnerInto(ctx, a, c, &in.Owner, &v, "owner"); err != nil {
			return err
		}
		if err := v.Merge("", in.Check(p, was, tx.Today())); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		o := in.Owner
		if was == nil {
			id = newID()
			_, err = tx.ExecContext(ctx, `INSERT INTO objectives (id, plan_id, case_id, position, change, measure, owner_kind, owner_id, owner_name, owner_role,
				owner_agency, due_on, status, created_by, created_at, updated_at)
				VALUES ($1, $2, $3, (SELECT COALESCE(MAX(position), 0) + 1 FROM objectives WHERE plan_id = $2), $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)`,
				id, p.ID, c.ID, in.Change, in.Measure, string(o.Kind), nullString(o.ID), o.Name, o.Role, o.Agency, dt(in.Due), string(in.Status), nullString(a.UserID()), ts(tx.now))
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE objectives SET change = $3, measure = $4, owner_kind = $5, owner_id = $6, owner_name = $7, owner_role = $8,
				owner_agency = $9, due_on = $10, status = $11, version = version + 1, updated_at = $12 WHERE id = $1 AND version = $2`,
				id, in.Version, in.Change, in.Measure, string(o.Kind), nullString(o.ID), o.Name, o.Role, o.Agency, dt(in.Due), string(in.Status), ts(tx.now))
		}
		if err != nil {
			return fmt.Errorf("save objective: %w", err)
		}
		return tx.audit(a, auditEntry{Action: kith.AuditObjectiveSaved, CaseID: c.ID, SubjectType: "objective", SubjectID: id, Detail: truncate(in.Change, 200)})
	})
	return id, db.finish(ctx, a, err)
}

// RecordReview records a review of the current plan: a progress rating for
// each objective rated, and the date of the next review.
func (db *DB) RecordReview(ctx context.Context, a kith.Actor, ref, planID string, in kith.ReviewInput) (string, error) {
	id := newID()
	err := db.write(ctx, func(tx *Tx) error {
		c, p, err := tx.currentPlan(ctx, a, ref, planID)
		if err != nil {
			return err
		}
		if p.Version != in.Version {
			return planConflict()
		}
		var v kith.Validation
		for i := range in.Actions {
			if err := tx.resolveOwnerInto(ctx, a, c, &in.Actions[i].Owner, &v, "action."+strconv.Itoa(i)+".owner"); err != nil {
				return err
			}
		}
		if err := v.Merge("", in.Check(p, tx.Today())); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO plan_reviews (id, plan_id, held_on, next_review_on, notes, by_user_id, created_at, category) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			id, p.ID, dt(in.HeldOn), dt(in.NextReviewOn), in.Notes, nullString(a.UserID()), ts(tx.now), in.Category); err != nil {
			return fmt.Errorf("record review: %w", err)
		}
		for _, r := range in.Ratings {
			if r.Score == nil {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO objective_ratings (id, objective_id, review_id, rated_on, score, comment, by_user_id, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, newID(), r.ObjectiveID, id, dt(in.HeldOn), *r.Score, r.Comment, nullString(a.UserID()), ts(tx.now)); err != nil {
				return fmt.Errorf("rate objective: %w", err)
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE plans SET review_on = $3, version = version + 1, updated_at = $4,
			latest_category = CASE WHEN $5 = '' THEN latest_category ELSE $5 END WHERE id = $1 AND version = $2`,
			p.ID, p.Version, dt(in.NextReviewOn), ts(tx.now), in.Category)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return planConflict()
		}
		for _, n := range in.Actions {
			if _, err := tx.insertAction(ctx, a, c, n, actionSource{kind: kith.SourceReview}); err != nil {
				return err
			}
		}
		return tx.audit(a, auditEntry{Action: kith.AuditPlanReviewed, CaseID: c.ID, SubjectType: "plan", SubjectID: p.ID, Detail: "review " + in.HeldOn.String()})
	})
	return id, db.finish(ctx, a, err)
}

// Objective reads one objective with its ratings, the final records linked
// to it and its actions. The read is audited.
func (db *DB) Objective(ctx context.Context, a kith.Actor, ref, id string) (*kith.Case, *ObjectiveView, error) {
	var c *kith.Case
	view := &ObjectiveView{}
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if c, err = tx.caseFor(a, ref, kith.ViewCase); err != nil {
			return err
		}
		var planID string
		err = tx.QueryRowContext(ctx, `SELECT plan_id FROM objectives WHERE id = $1 AND case_id = $2`, id, c.ID).Scan(&planID)
		if errNoRows(err) {
			return kith.NotFound("Objective")
		} else if err != nil {
			return err
		}
		if view.Plan, err = tx.planFor(ctx, c, planID); err != nil {
			return err
		}
		for i := range view.Plan.Objectives {
			if view.Plan.Objectives[i].ID == id {
				view.Objective = &view.Plan.Objectives[i]
			}
		}
		if view.Records, err = tx.recordRows(ctx, `SELECT `+rowColumns+` FROM record_objectives ro JOIN records r ON r.id = ro.record_id
			JOIN cases c ON c.id = r.case_id JOIN users u ON u.id = r.author_id
			WHERE ro.objective_id = $1 AND r.status = 'final' ORDER BY r.occurred_at DESC`, id); err != nil {
			return err
		}
		if view.Records == nil {
			view.Records = []kith.RecordRow{}
		}
		view.Actions, err = tx.caseActions(ctx, c.ID, kith.ActionFilter{ObjectiveID: id})
		return err
	})
	if err != nil {
		return nil, nil, db.finish(ctx, a, err)
	}
	return c, view, db.auditReads(ctx, a, auditEntry{Action: kith.AuditPlanViewed, CaseID: c.ID, SubjectType: "objective", SubjectID: id})
}

// linkObjectives sets the objectives a draft works on. Each must be one of
// the case's objectives.
func (tx *Tx) linkObjectives(ctx context.Context, c *kith.Case, recordID string, ids []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM record_objectives WHERE record_id = $1`, recordID); err != nil {
		return err
	}
	for _, id := range dedupe(ids) {
		if err := tx.checkObjective(ctx, c, id, "objectives"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO record_objectives (record_id, objective_id) VALUES ($1, $2)`, recordID, id); err != nil {
			return fmt.Errorf("link objective: %w", err)
		}
	}
	return nil
}

// recordObjectives lists the objectives a record works on.
func (tx *Tx) recordObjectives(ctx context.Context, recordID string) ([]kith.ObjectiveRef, error) {
	rows, err := tx.QueryContext(ctx, `SELECT o.id, o.position, o.change FROM record_objectives ro JOIN objectives o ON o.id = ro.objective_id
		WHERE ro.record_id = $1 ORDER BY o.position`, recordID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []kith.ObjectiveRef
	for rows.Next() {
		var o kith.Objective
		if err := rows.Scan(&o.ID, &o.Position, &o.Change); err != nil {
			return nil, err
		}
		out = append(out, kith.ObjectiveRef{ID: o.ID, Title: o.Title()})
	}
	return out, rows.Err()
}

// CurrentObjectives lists the objectives of a case's current plan that are
// still being worked on: the choices a record form offers. It is part of
// showing the record form, whose read is audited.
func (db *DB) CurrentObjectives(ctx context.Context, a kith.Actor, ref string) ([]kith.Objective, error) {
	var out []kith.Objective
	err := db.read(ctx, func(tx *Tx) error {
		c, err := tx.caseFor(a, ref, kith.ViewCase)
		if err != nil {
			return err
		}
		out, err = tx.objectives(ctx, `o.case_id = $1 AND o.status = 'active' AND o.plan_id IN (SELECT id FROM plans WHERE case_id = $1 AND ended_on IS NULL)`, "", c.ID)
		return err
	})
	return out, db.finish(ctx, a, err)
}
