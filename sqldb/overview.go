package sqldb

import (
	"context"
	"fmt"

	"kith"
)

// CaseOverview returns everything the case page shows, and audits the view.
func (db *DB) CaseOverview(ctx context.Context, a kith.Actor, ref string) (*kith.CaseOverview, error) {
	var o *kith.CaseOverview
	err := db.read(ctx, func(tx *Tx) error {
		c, err := tx.caseFor(a, ref, kith.ViewCase)
		if err != nil {
			return err
		}
		o, err = tx.overview(ctx, a, c)
		return err
	})
	if err != nil {
		return nil, db.finish(ctx, a, err)
	}
	if err := db.auditReads(ctx, a, auditEntry{Action: kith.AuditCaseViewed, CaseID: o.Case.ID, SubjectType: "case", SubjectID: o.Case.ID}); err != nil {
		return nil, err
	}
	return o, nil
}

func (tx *Tx) overview(ctx context.Context, a kith.Actor, c *kith.Case) (*kith.CaseOverview, error) {
	o := &kith.CaseOverview{Case: *c, Can: tx.permissions(ctx, a, c),
		Network: []kith.NetworkMember{}, Professionals: []kith.Involvement{}, Warnings: []kith.Warning{},
		Allocations: []kith.Allocation{}, StatusPeriods: []kith.StatusPeriod{}, KeyEvents: []kith.KeyEvent{}}

	rels, err := tx.relationships(ctx, c.ChildID)
	if err != nil {
		return nil, err
	}
	ids := []string{c.ChildID}
	for _, r := range rels {
		ids = append(ids, r.PersonID)
	}
	people, err := tx.loadPeople(ctx, ids)
	if err != nil {
		return nil, err
	}
	if err := tx.withholdHiddenChildren(ctx, a, people); err != nil {
		return nil, err
	}
	o.Child = *people[c.ChildID]
	ownCases, err := tx.visibleOwnCases(ctx, a, ids[1:])
	if err != nil {
		return nil, err
	}
	for _, r := range rels {
		o.Network = append(o.Network, kith.NetworkMember{Relationship: r, Person: *people[r.PersonID], CaseReference: ownCases[r.PersonID]})
	}
	if o.Professionals, err = tx.involvements(ctx, c.ID); err != nil {
		return nil, err
	}
	if o.Warnings, err = tx.warnings(ctx, c.ID); err != nil {
		return nil, err
	}
	if o.Allocations, err = tx.allocations(ctx, c.ID); err != nil {
		return nil, err
	}
	if o.StatusPeriods, err = tx.statusPeriods(ctx, c.ID); err != nil {
		return nil, err
	}
	if o.KeyEvents, err = tx.keyEvents(ctx, c.ID); err != nil {
		return nil, err
	}
	f, err := tx.journeyFacts(ctx, c)
	if err != nil {
		return nil, err
	}
	o.Episodes, o.DecisionDue, o.Assessments, o.Section47s, o.LookedAfter = f.Episodes, f.DecisionDue, f.Assessments, f.Section47s, f.Care
	o.Journey = kith.BuildJourney(f)
	if o.Contacts, err = tx.contactRows(ctx, `k.case_id = $1`, c.ID); err != nil {
		return nil, err
	}
	if o.EarlyHelp, err = tx.earlyHelpRows(ctx, `h.case_id = $1`, c.ID); err != nil {
		return nil, err
	}
	if c.State == kith.CaseOpen {
		if o.Clocks, err = tx.caseClocks(ctx, c.ID); err != nil {
			return nil, err
		}
	}
	return o, nil
}

// relationships lists a child's network, current first, then by kind and
// name.
func (tx *Tx) relationships(ctx context.Context, childID string) ([]kith.Relationship, error) {
	rows, err := tx.QueryContext(ctx, `SELECT r.id, r.person_id, r.kind, r.lives_with_child, r.parental_responsibility, r.notes, r.started_on, r.ended_on, r.version
		FROM relationships r JOIN people p ON p.id = r.person_id WHERE r.child_id = $1
		ORDER BY r.ended_on IS NOT NULL, r.lives_with_child DESC, lower(p.last_name), lower(p.first_name)`, childID)
	if err != nil {
		return nil, fmt.Errorf("relationships: %w", err)
	}
	defer rows.Close()
	var out []kith.Relationship
	for rows.Next() {
		r := kith.Relationship{ChildID: childID}
		var kind, pr string
		var started, ended scanDate
		if err := rows.Scan(&r.ID, &r.PersonID, &kind, &r.LivesWithChild, &pr, &r.Notes, &started, &ended, &r.Version); err != nil {
			return nil, err
		}
		r.Kind, r.ParentalResponsibility, r.StartedOn, r.EndedOn = kith.RelationshipKind(kind), kith.Answer(pr), started.D, ended.D
		out = append(out, r)
	}
	return out, rows.Err()
}

// visibleOwnCases returns, for people who are themselves children with a
// case, that case's reference, but only where the actor may open it.
func (tx *Tx) visibleOwnCases(ctx context.Context, a kith.Actor, personIDs []string) (map[string]string, error) {
	out := map[string]string{}
	if len(personIDs) == 0 {
		return out, nil
	}
	scope, args := scopeSQL(kith.ScopeFor(a, tx.policy(ctx)), len(personIDs)+1)
	rows, err := tx.QueryContext(ctx, `SELECT c.child_id, c.reference FROM cases c WHERE c.child_id IN (`+placeholders(1, len(personIDs))+`) AND `+scope,
		append(anys(personIDs), args...)...)
	if err != nil {
		return nil, fmt.Errorf("own cases: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, ref string
		if err := rows.Scan(&id, &ref); err != nil {
			return nil, err
		}
		out[id] = ref
	}
	return out, rows.Err()
}

func (tx *Tx) involvements(ctx context.Context, caseID string) ([]kith.Involvement, error) {
	rows, err := tx.QueryContext(ctx, `SELECT i.id, i.note, i.started_on, i.ended_on, p.id, p.name, p.role, p.agency, p.phone, p.email, p.version
		FROM involvements i JOIN professionals p ON p.id = i.professional_id WHERE i.case_id = $1
		ORDER BY i.ended_on IS NOT NULL, lower(p.agency), lower(p.name)`, caseID)
	if err != nil {
		return nil, fmt.Errorf("involvements: %w", err)
	}
	defer rows.Close()
	out := []kith.Involvement{}
	for rows.Next() {
		var i kith.Involvement
		var started, ended scanDate
		p := &i.Professional
		if err := rows.Scan(&i.ID, &i.Note, &started, &ended, &p.ID, &p.Name, &p.Role, &p.Agency, &p.Phone, &p.Email, &p.Version); err != nil {
			return nil, err
		}
		i.StartedOn, i.EndedOn = started.D, ended.D
		out = append(out, i)
	}
	return out, rows.Err()
}

func (tx *Tx) warnings(ctx context.Context, caseID string) ([]kith.Warning, error) {
	rows, err := tx.QueryContext(ctx, `SELECT w.id, w.kind, w.detail, w.review_on, COALESCE(w.person_id, ''), COALESCE(p.first_name || ' ' || p.last_name, ''),
		w.created_at, COALESCE(u.display_name, ''), w.ended_on, w.end_reason, w.version
		FROM warnings w LEFT JOIN people p ON p.id = w.person_id LEFT JOIN users u ON u.id = w.created_by
		WHERE w.case_id = $1 ORDER BY w.ended_on IS NOT NULL, w.review_on, w.created_at`, caseID)
	if err != nil {
		return nil, fmt.Errorf("warnings: %w", err)
	}
	defer rows.Close()
	out := []kith.Warning{}
	for rows.Next() {
		var w kith.Warning
		var kind string
		var review, ended scanDate
		var created scanTime
		if err := rows.Scan(&w.ID, &kind, &w.Detail, &review, &w.PersonID, &w.PersonName, &created, &w.ByName, &ended, &w.EndReason, &w.Version); err != nil {
			return nil, err
		}
		w.Kind, w.ReviewOn, w.CreatedAt, w.EndedOn = kith.WarningKind(kind), review.D, created.T, ended.D
		out = append(out, w)
	}
	return out, rows.Err()
}

func (tx *Tx) allocations(ctx context.Context, caseID string) ([]kith.Allocation, error) {
	rows, err := tx.QueryContext(ctx, `SELECT a.id, a.kind, a.team_id, t.name, COALESCE(a.worker_id, ''), COALESCE(w.display_name, ''), a.started_at, a.ended_at, a.reason,
		COALESCE(b.display_name, '')
		FROM allocations a JOIN teams t ON t.id = a.team_id LEFT JOIN users w ON w.id = a.worker_id LEFT JOIN users b ON b.id = a.by_user_id
		WHERE a.case_id = $1 ORDER BY a.started_at DESC, a.id DESC`, caseID)
	if err != nil {
		return nil, fmt.Errorf("allocations: %w", err)
	}
	defer rows.Close()
	out := []kith.Allocation{}
	for rows.Next() {
		var al kith.Allocation
		var kind string
		var started, ended scanTime
		if err := rows.Scan(&al.ID, &kind, &al.TeamID, &al.TeamName, &al.WorkerID, &al.WorkerName, &started, &ended, &al.Reason, &al.ByName); err != nil {
			return nil, err
		}
		al.Kind, al.StartedAt, al.EndedAt = kith.AllocationKind(kind), started.T, ended.Ptr()
		out = append(out, al)
	}
	return out, rows.Err()
}

func (tx *Tx) statusPeriods(ctx context.Context, caseID string) ([]kith.StatusPeriod, error) {
	rows, err := tx.QueryContext(ctx, `SELECT s.id, s.kind, s.started_on, s.ended_on, COALESCE(u.display_name, '')
		FROM status_periods s LEFT JOIN users u ON u.id = s.created_by WHERE s.case_id = $1 ORDER BY s.ended_on IS NOT NULL, s.started_on DESC, s.id DESC`, caseID)
	if err != nil {
		return nil, fmt.Errorf("status periods: %w", err)
	}
	defer rows.Close()
	out := []kith.StatusPeriod{}
	for rows.Next() {
		var p kith.StatusPeriod
		var kind string
		var started, ended scanDate
		if err := rows.Scan(&p.ID, &kind, &started, &ended, &p.ByName); err != nil {
			return nil, err
		}
		p.Kind, p.StartedOn, p.EndedOn = kith.StatusKind(kind), started.D, ended.D
		out = append(out, p)
	}
	return out, rows.Err()
}

func (tx *Tx) keyEvents(ctx context.Context, caseID string) ([]kith.KeyEvent, error) {
	// A key event made by a record goes when the record is withdrawn, as
	// it does from the chronology: its summary is the record's headline.
	rows, err := tx.QueryContext(ctx, `SELECT e.id, e.kind, e.occurred_at, e.summary, COALESCE(u.display_name, ''), e.record_id IS NOT NULL
		FROM key_events e LEFT JOIN users u ON u.id = e.by_user_id LEFT JOIN records r ON r.id = e.record_id
		WHERE e.case_id = $1 AND (e.record_id IS NULL OR r.status = 'final') ORDER BY e.occurred_at, e.id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("key events: %w", err)
	}
	defer rows.Close()
	out := []kith.KeyEvent{}
	for rows.Next() {
		var e kith.KeyEvent
		var kind string
		var at scanTime
		if err := rows.Scan(&e.ID, &kind, &at, &e.Summary, &e.ByName, &e.FromRecord); err != nil {
			return nil, err
		}
		e.Kind, e.OccurredAt = kith.KeyEventKind(kind), at.T
		out = append(out, e)
	}
	return out, rows.Err()
}
