package sqldb

import (
	"context"
	"fmt"
	"strings"

	"kith"
)

// actionColumns and actionFrom read actions with what lists show beside
// them: the case, the child's first name (for the owner in a family's
// words), the objective and the record they were agreed in, and whether
// that record was withdrawn (its words are then withheld: see
// kith.Action.WithholdWithdrawn).
const actionColumns = `a.id, a.case_id, c.reference, ch.first_name, a.what, a.owner_kind, COALESCE(a.owner_id, ''), a.owner_name, a.owner_role,
	a.owner_agency, a.due_on, COALESCE(a.objective_id, ''), COALESCE(o.position, 0), COALESCE(o.change, ''), a.source_kind,
	COALESCE(a.source_record_id, ''), a.source_name, a.source_on, a.status, a.outcome, a.closed_on,
	COALESCE(cb.display_name, ''), a.version, a.created_at, COALESCE(mb.display_name, ''), COALESCE(sr.status, '')`

const actionFrom = ` FROM actions a JOIN cases c ON c.id = a.case_id JOIN people ch ON ch.id = c.child_id
	LEFT JOIN objectives o ON o.id = a.objective_id
	LEFT JOIN users cb ON cb.id = a.closed_by LEFT JOIN users mb ON mb.id = a.created_by
	LEFT JOIN records sr ON sr.id = a.source_record_id`

func scanAction(row interface{ Scan(...any) error }) (*kith.Action, error) {
	var x kith.Action
	var child, kind, source, status string
	var due, closed, sourceOn scanDate
	var created scanTime
	var position int
	var change, sourceStatus string
	if err := row.Scan(&x.ID, &x.CaseID, &x.CaseReference, &child, &x.What, &kind, &x.Owner.ID, &x.Owner.Name, &x.Owner.Role,
		&x.Owner.Agency, &due, &x.ObjectiveID, &position, &change, &source, &x.RecordID, &x.RecordTitle, &sourceOn, &status, &x.Outcome, &closed,
		&x.ClosedByName, &x.Version, &created, &x.CreatedBy, &sourceStatus); err != nil {
		return nil, err
	}
	x.Owner.Kind, x.SourceKind, x.Status = kith.OwnerKind(kind), kith.ActionSourceKind(source), kith.ActionStatus(status)
	x.OwnerWords = x.Owner.Words(child)
	x.Due, x.ClosedOn, x.CreatedAt = due.D, closed.D, created.T
	if x.ObjectiveID != "" {
		x.ObjectiveTitle = kith.Objective{Position: position, Change: change}.Title()
	}
	if x.RecordID != "" && !sourceOn.D.IsZero() {
		x.RecordTitle += " on " + sourceOn.D.Long()
	}
	x.SourceWithdrawn = sourceStatus == string(kith.RecordWithdrawn)
	x.WithholdWithdrawn()
	return &x, nil
}

// closeWithdrawnActions closes, as no longer needed, the open actions
// agreed in a record being withdrawn: they were agreed for another child,
// so they are nobody's work on this one.
func (tx *Tx) closeWithdrawnActions(ctx context.Context, a kith.Actor, c *kith.Case, recordID string) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, due_on FROM actions WHERE source_record_id = $1 AND status = 'open'`, recordID)
	if err != nil {
		return fmt.Errorf("withdrawn record's actions: %w", err)
	}
	type open struct {
		id  string
		due scanDate
	}
	var found []open
	for rows.Next() {
		var o open
		if err := rows.Scan(&o.id, &o.due); err != nil {
			rows.Close()
			return err
		}
		found = append(found, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	today := dt(tx.Today())
	for _, o := range found {
		if _, err := tx.ExecContext(ctx, `UPDATE actions SET status = $2, outcome = $3, closed_on = $4, closed_by = $5, version = version + 1, updated_at = $6
			WHERE id = $1`, o.id, string(kith.ActionNotNeeded), kith.WithdrawnActionOutcome, today, nullString(a.UserID()), ts(tx.now)); err != nil {
			return fmt.Errorf("close withdrawn record's action: %w", err)
		}
		if err := tx.actionHistory(ctx, a, o.id, kith.ActionNotNeeded, kith.WithdrawnActionOutcome, today, o.due.D); err != nil {
			return err
		}
		if err := tx.audit(a, auditEntry{Action: kith.AuditActionUpdated, CaseID: c.ID, SubjectType: "action", SubjectID: o.id,
			Detail: string(kith.ActionNotNeeded) + ": record withdrawn"}); err != nil {
			return err
		}
	}
	return nil
}

// insertAction adds an action to a case, with its first line of history.
func (tx *Tx) insertAction(ctx context.Context, a kith.Actor, c *kith.Case, n kith.NewAction, source actionSource) (string, error) {
	id := newID()
	status, closed, closedBy := kith.ActionOpen, dt(kith.Date{}), nullString("")
	if n.AlreadyDone {
		status, closed, closedBy = kith.ActionDone, dt(n.Due), nullString(a.UserID())
		if n.Outcome == "" {
			n.Outcome = "Already done when it was recorded"
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO actions (id, case_id, what, owner_kind, owner_id, owner_name, owner_role, owner_agency, due_on,
		objective_id, source_kind, source_record_id, status, outcome, closed_on, closed_by, created_by, created_at, updated_at, source_name, source_on)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18, $19, $20)`,
		id, c.ID, n.What, string(n.Owner.Kind), nullString(n.Owner.ID), n.Owner.Name, n.Owner.Role, n.Owner.Agency, dt(n.Due),
		nullString(n.ObjectiveID), string(source.kind), nullString(source.recordID), string(status), n.Outcome, closed, closedBy, nullString(a.UserID()), ts(tx.now),
		source.name, dt(source.on))
	if err != nil {
		return "", fmt.Errorf("insert action: %w", err)
	}
	if err := tx.actionHistory(ctx, a, id, status, n.Outcome, closed, n.Due); err != nil {
		return "", err
	}
	return id, tx.audit(a, auditEntry{Action: kith.AuditActionAdded, CaseID: c.ID, SubjectType: "action", SubjectID: id, Detail: truncate(n.What, 200)})
}

// actionSource is where an action was agreed: a kind, and for a record its
// id, its kind's name and the day it happened.
type actionSource struct {
	kind     kith.ActionSourceKind
	recordID string
	name     string
	on       kith.Date
}

func (tx *Tx) actionHistory(ctx context.Context, a kith.Actor, id string, status kith.ActionStatus, outcome string, on dt, due kith.Date) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO action_updates (id, action_id, status, outcome, on_date, due_on, by_user_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		newID(), id, string(status), outcome, on, dt(due), nullString(a.UserID()), ts(tx.now))
	if err != nil {
		return fmt.Errorf("action history: %w", err)
	}
	return nil
}

// checkObjective makes sure an action's objective belongs to the case.
func (tx *Tx) checkObjective(ctx context.Context, c *kith.Case, objectiveID, field string) error {
	if objectiveID == "" {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM objectives WHERE id = $1 AND case_id = $2`, objectiveID, c.ID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fieldError(field, "Choose one of this child’s plan objectives, or none")
	}
	return nil
}

// AddAction raises an action on a case from its actions page or the API.
func (db *DB) AddAction(ctx context.Context, a kith.Actor, ref string, n kith.NewAction) (*kith.Action, error) {
	n.Clean()
	var id string
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		var v kith.Validation
		if err := tx.resolveOwnerInto(ctx, a, c, &n.Owner, &v, "owner"); err != nil {
			return err
		}
		if err := v.Merge("", n.Check(tx.Today())); err != nil {
			return err
		}
		if err := v.Merge("", tx.checkObjective(ctx, c, n.ObjectiveID, "objective")); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		id, err = tx.insertAction(ctx, a, c, n, actionSource{kind: kith.SourceCase})
		return err
	})
	if err != nil {
		return nil, db.finish(ctx, a, err)
	}
	_, x, err := db.Action(ctx, a, ref, id)
	return x, err
}

// actionsFromRecord turns a finalised record's agreed actions into actions
// on the case, each pointing back at the record.
func (tx *Tx) actionsFromRecord(ctx context.Context, a kith.Actor, c *kith.Case, r *kith.Record, t *kith.Template) error {
	var choices []kith.Owner
	for _, s := range t.Sections {
		if s.Kind != kith.SectionActions {
			continue
		}
		for _, item := range r.Content[s.Key].Actions {
			due, err := kith.ParseISODate(item.By)
			if err != nil {
				return fieldError(s.Field(), "Each action’s “by when” must be a real date")
			}
			owner := kith.ParseOwnerRef(item.WhoRef)
			if owner.ID != "" {
				if owner, err = tx.resolveOwner(ctx, a, c, owner, s.Field()); err != nil {
					return err
				}
			} else {
				// Typed rather than chosen: the one person offered by that
				// name or role is meant (kith.MatchOwner), so the family
				// version says "Wendy Alder", not "someone outside the
				// family".
				owner = kith.Owner{Kind: kith.OwnerOther, Name: item.Who}
				if choices == nil {
					if choices, err = tx.ownerChoices(ctx, a, c); err != nil {
						return err
					}
				}
				if m, ok := kith.MatchOwner(item.Who, choices); ok {
					owner = m
				}
			}
			if err := tx.checkObjective(ctx, c, item.Objective, s.Field()); err != nil {
				return err
			}
			n := kith.NewAction{What: item.What, Owner: owner, Due: due, ObjectiveID: item.Objective, AlreadyDone: item.Done}
			source := actionSource{kind: kith.SourceRecord, recordID: r.ID, name: t.Name, on: kith.DateOf(r.OccurredAt.In(kith.London))}
			if _, err := tx.insertAction(ctx, a, c, n, source); err != nil {
				return err
			}
		}
	}
	return nil
}

// UpdateAction closes an action (done, no longer needed), reopens it or
// moves its date. A change made against an older version is refused as a
// conflict, so two people following up the same action cannot overwrite
// each other.
func (db *DB) UpdateAction(ctx context.Context, a kith.Actor, ref, id string, u kith.ActionUpdate) (*kith.Action, error) {
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.caseFor(a, ref, kith.EditCase)
		if err != nil {
			return err
		}
		x, err := scanAction(tx.QueryRowContext(ctx, `SELECT `+actionColumns+actionFrom+` WHERE a.id = $1 AND a.case_id = $2`, id, c.ID))
		if errNoRows(err) {
			return kith.NotFound("Action")
		} else if err != nil {
			return err
		}
		if err := c.CheckOpen(); err != nil {
			return err
		}
		if x.SourceWithdrawn {
			return kith.Errorf(kith.ECONFLICT, "This action was agreed in a record that was withdrawn, so it cannot be changed. Add a new action if something still needs doing.")
		}
		if u.Version != x.Version {
			return kith.Errorf(kith.ECONFLICT, "Someone else updated this action while you were looking at it. Check what they changed, then update it again.")
		}
		if err := u.Check(x, tx.Today()); err != nil {
			return err
		}
		due, closedBy := x.Due, nullString("")
		if u.Status == kith.ActionOpen {
			due = u.Due
		} else {
			closedBy = nullString(a.UserID())
		}
		res, err := tx.ExecContext(ctx, `UPDATE actions SET status = $3, outcome = $4, closed_on = $5, closed_by = $6, due_on = $7,
			version = version + 1, updated_at = $8 WHERE id = $1 AND version = $2`,
			id, u.Version, string(u.Status), u.Outcome, dt(u.On), closedBy, dt(due), ts(tx.now))
		if err != nil {
			return fmt.Errorf("update action: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return kith.Errorf(kith.ECONFLICT, "Someone else updated this action while you were looking at it. Check what they changed, then update it again.")
		}
		if err := tx.actionHistory(ctx, a, id, u.Status, u.Outcome, dt(u.On), due); err != nil {
			return err
		}
		return tx.audit(a, auditEntry{Action: kith.AuditActionUpdated, CaseID: c.ID, SubjectType: "action", SubjectID: id,
			Detail: string(u.Status) + " " + truncate(u.Outcome, 200)})
	})
	if err != nil {
		return nil, db.finish(ctx, a, err)
	}
	_, x, err := db.Action(ctx, a, ref, id)
	return x, err
}

// Action reads one action on a case, audited as a view of the case.
func (db *DB) Action(ctx context.Context, a kith.Actor, ref, id string) (*kith.Case, *kith.Action, error) {
	var c *kith.Case
	var x *kith.Action
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if c, err = tx.caseFor(a, ref, kith.ViewCase); err != nil {
			return err
		}
		x, err = scanAction(tx.QueryRowContext(ctx, `SELECT `+actionColumns+actionFrom+` WHERE a.id = $1 AND a.case_id = $2`, id, c.ID))
		if errNoRows(err) {
			return kith.NotFound("Action")
		}
		return err
	})
	if err != nil {
		return nil, nil, db.finish(ctx, a, err)
	}
	return c, x, db.auditReads(ctx, a, auditEntry{Action: kith.AuditActionViewed, CaseID: c.ID, SubjectType: "action", SubjectID: id})
}

// CaseActions lists a case's actions: open ones by due date, then closed
// ones, most recently closed first. The read is audited.
func (db *DB) CaseActions(ctx context.Context, a kith.Actor, ref string, f kith.ActionFilter) (*kith.Case, []kith.Action, error) {
	var c *kith.Case
	var out []kith.Action
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if c, err = tx.caseFor(a, ref, kith.ViewCase); err != nil {
			return err
		}
		out, err = tx.caseActions(ctx, c.ID, f)
		return err
	})
	if err != nil {
		return nil, nil, db.finish(ctx, a, err)
	}
	return c, out, db.auditReads(ctx, a, auditEntry{Action: kith.AuditActionViewed, CaseID: c.ID, SubjectType: "case", SubjectID: c.ID, Detail: "actions"})
}

func (tx *Tx) caseActions(ctx context.Context, caseID string, f kith.ActionFilter) ([]kith.Action, error) {
	where, args := []string{"a.case_id = $1"}, []any{caseID}
	if f.Status != "" {
		args = append(args, string(f.Status))
		where = append(where, fmt.Sprintf("a.status = $%d", len(args)))
	}
	if f.ObjectiveID != "" {
		args = append(args, f.ObjectiveID)
		where = append(where, fmt.Sprintf("a.objective_id = $%d", len(args)))
	}
	if !f.ClosedSince.IsZero() {
		args = append(args, dt(f.ClosedSince))
		where = append(where, fmt.Sprintf("(a.status = 'open' OR a.closed_on >= $%d)", len(args)))
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+actionColumns+actionFrom+` WHERE `+strings.Join(where, " AND ")+`
		ORDER BY CASE WHEN a.status = 'open' THEN 0 ELSE 1 END, CASE WHEN a.status = 'open' THEN a.due_on END, a.closed_on DESC, a.created_at`, args...)
	if err != nil {
		return nil, fmt.Errorf("case actions: %w", err)
	}
	defer rows.Close()
	out := []kith.Action{}
	for rows.Next() {
		x, err := scanAction(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *x)
	}
	return out, rows.Err()
}

// actionWork is the open actions due by until on the cases matching where
// (a condition on cases c), as lines of work counted against each case's
// worker.
func (tx *Tx) actionWork(ctx context.Context, where string, args []any, until kith.Date, byID map[string]kith.WorkCase) ([]kith.WorkItem, error) {
	args = append(append([]any{}, args...), dt(until))
	rows, err := tx.QueryContext(ctx, `SELECT a.id, a.case_id, a.what, a.owner_kind, a.owner_name, a.owner_role, a.owner_agency, a.due_on,
		a.source_name, a.source_on
		FROM actions a JOIN cases c ON c.id = a.case_id
		WHERE a.status = 'open' AND a.due_on <= $`+fmt.Sprint(len(args))+` AND `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("action work: %w", err)
	}
	defer rows.Close()
	var out []kith.WorkItem
	for rows.Next() {
		var id, caseID, what, kind, name, role, agency, template string
		var due, on scanDate
		if err := rows.Scan(&id, &caseID, &what, &kind, &name, &role, &agency, &due, &template, &on); err != nil {
			return nil, err
		}
		c, ok := byID[caseID]
		if !ok {
			continue
		}
		owner := kith.Owner{Kind: kith.OwnerKind(kind), Name: name, Role: role, Agency: agency}
		agreed := ""
		if template != "" && !on.D.IsZero() {
			agreed = template + " on " + on.D.Long()
		}
		out = append(out, c.ActionWork(id, what, owner, due.D, agreed))
	}
	return out, rows.Err()
}

// OverdueActionsPage is a page of overdue actions, longest overdue first,
// and how many there are in all.
type OverdueActionsPage struct {
	Actions []kith.Action `json:"actions"`
	Total   int           `json:"total"`
	// Next is the offset of the next page (0 when this is the last).
	Next int `json:"next_offset,omitempty"`
}

// MaxActionsPage is the most actions a page of overdue actions holds.
const MaxActionsPage = 500

// OverdueActions lists the open actions whose date has passed across a
// caseload (f as for Work): the actor's cases, or a team's for its
// managers, longest overdue first, a page at a time (limit, from offset).
// Only the cases on the page are audited as listed.
func (db *DB) OverdueActions(ctx context.Context, a kith.Actor, f WorkFilter, limit, offset int) (*OverdueActionsPage, error) {
	if !f.Mine && !kith.CanSeeTeamWork(a) {
		return nil, db.finish(ctx, a, kith.Errorf(kith.EFORBIDDEN, "Only a team manager or service manager can see a team's actions."))
	}
	if limit <= 0 || limit > MaxActionsPage {
		limit = 100
	}
	offset = max(offset, 0)
	out := &OverdueActionsPage{Actions: []kith.Action{}}
	err := db.read(ctx, func(tx *Tx) error {
		where, args := workWhere(a, f, tx.policy(ctx))
		args = append(args, dt(tx.Today()))
		cond := ` WHERE a.status = 'open' AND a.due_on < $` + fmt.Sprint(len(args)) + ` AND ` + where
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM actions a JOIN cases c ON c.id = a.case_id`+cond, args...).Scan(&out.Total); err != nil {
			return fmt.Errorf("count overdue actions: %w", err)
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+actionColumns+actionFrom+cond+` ORDER BY a.due_on, c.reference, a.id LIMIT `+fmt.Sprint(limit)+` OFFSET `+fmt.Sprint(offset), args...)
		if err != nil {
			return fmt.Errorf("overdue actions: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			x, err := scanAction(rows)
			if err != nil {
				return err
			}
			out.Actions = append(out.Actions, *x)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, db.finish(ctx, a, err)
	}
	if offset+len(out.Actions) < out.Total {
		out.Next = offset + len(out.Actions)
	}
	ids := make([]string, 0, len(out.Actions))
	for _, x := range out.Actions {
		ids = append(ids, x.CaseID)
	}
	return out, db.auditListing(ctx, a, kith.AuditCaseListed, "Overdue actions", dedupe(ids))
}
