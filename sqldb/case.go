package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/google/uuid"

	"kith"
)

const caseColumns = `c.id, c.reference, c.child_id, c.state, c.opened_on, c.closed_on, c.close_reason, c.team_id, t.name, t.service_id,
	COALESCE(c.worker_id, ''), COALESCE(w.display_name, ''), c.allocated_at, c.restricted, c.version`

const caseFrom = ` FROM cases c JOIN teams t ON t.id = c.team_id LEFT JOIN users w ON w.id = c.worker_id`

func scanCase(row interface{ Scan(...any) error }, extra ...any) (*kith.Case, error) {
	var c kith.Case
	var opened, closed scanDate
	var allocated scanTime
	var state string
	dest := append([]any{&c.ID, &c.Reference, &c.ChildID, &state, &opened, &closed, &c.CloseReason, &c.TeamID, &c.TeamName, &c.ServiceID,
		&c.WorkerID, &c.WorkerName, &allocated, &c.Restricted, &c.Version}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	c.State, c.OpenedOn, c.ClosedOn, c.AllocatedAt = kith.CaseState(state), opened.D, closed.D, allocated.Ptr()
	c.Statuses = []kith.StatusKind{}
	return &c, nil
}

// caseFor finds a case by reference (or id) and checks that the actor may
// do action to it. A case the actor may not know of is answered exactly as
// an unknown one.
func (tx *Tx) caseFor(a kith.Actor, ref string, action kith.Permission) (*kith.Case, error) {
	ctx := context.Background()
	key, where := ref, "c.id = $1"
	if r, ok := kith.NormaliseReference(ref); ok {
		key, where = r, "c.reference = $1"
	} else if _, err := uuid.Parse(ref); err != nil {
		return nil, kith.NotFound("Case")
	}
	var onList, lockedOut, disposed bool
	var setting, statuses sql.NullString
	c, err := scanCase(tx.QueryRowContext(ctx, `SELECT `+caseColumns+`,
		EXISTS (SELECT 1 FROM case_access_list al WHERE al.case_id = c.id AND al.user_id = $2),
		EXISTS (SELECT 1 FROM case_lockouts lo WHERE lo.case_id = c.id AND lo.user_id = $2),
		EXISTS (SELECT 1 FROM case_disposals d WHERE d.case_id = c.id AND d.state = 'disposed'),
		`+policySetting+`, `+tx.db.Dialect.gathered("sp.kind", "status_periods sp WHERE sp.case_id = c.id AND sp.ended_on IS NULL")+
		caseFrom+` WHERE `+where, key, a.UserID()), &onList, &lockedOut, &disposed, &setting, &statuses)
	if errNoRows(err) {
		return nil, kith.NotFound("Case")
	} else if err != nil {
		return nil, fmt.Errorf("find case: %w", err)
	}
	if tx.pol == nil {
		tx.notePolicy(setting)
	}
	facts := c.AccessFacts()
	facts.OnAccessList, facts.LockedOut = onList, lockedOut
	d := kith.Decide(a, facts, action, tx.policy(ctx))
	if err := d.Check("Case"); err != nil {
		return nil, &deniedError{caseID: c.ID, action: action, reason: d.Reason, err: err}
	}
	if disposed {
		// Told only to those who could have seen it: to anyone else it
		// is unknown, as before.
		return nil, tx.disposedError(ctx, c)
	}
	c.Statuses = badgeOrder(splitList(statuses))
	return c, nil
}

// permissions works out what the actor may do to a case they can see.
func (tx *Tx) permissions(ctx context.Context, a kith.Actor, c *kith.Case) kith.CasePermissions {
	facts := c.AccessFacts()
	// The actor can see the case, so they are not locked out; for a
	// restricted case they are on its list.
	facts.OnAccessList = c.Restricted
	return kith.PermissionsFor(a, facts, tx.policy(ctx))
}

// attachStatuses fills in the current status badges of cases.
func (tx *Tx) attachStatuses(ctx context.Context, cases []*kith.Case) error {
	if len(cases) == 0 {
		return nil
	}
	byID := map[string]*kith.Case{}
	ids := make([]string, len(cases))
	for i, c := range cases {
		byID[c.ID], ids[i] = c, c.ID
	}
	got, err := tx.currentStatuses(ctx, ids)
	if err != nil {
		return err
	}
	for id, kinds := range got {
		byID[id].Statuses = kinds
	}
	return nil
}

// currentStatuses returns the current status kinds of each case, in badge
// order.
func (tx *Tx) currentStatuses(ctx context.Context, caseIDs []string) (map[string][]kith.StatusKind, error) {
	pairs, err := tx.pairs(ctx, `SELECT case_id, kind FROM status_periods WHERE ended_on IS NULL AND case_id IN (`+placeholders(1, len(caseIDs))+`)`, anys(caseIDs)...)
	if err != nil {
		return nil, fmt.Errorf("case statuses: %w", err)
	}
	out := map[string][]kith.StatusKind{}
	for id, kinds := range pairs {
		out[id] = badgeOrder(kinds)
	}
	return out, nil
}

// badgeOrder puts a case's current status kinds in the order their
// badges are shown; nil when it has none.
func badgeOrder(kinds []string) []kith.StatusKind {
	var out []kith.StatusKind
	for _, k := range kith.StatusKinds {
		for _, got := range kinds {
			if kith.StatusKind(got) == k {
				out = append(out, k)
			}
		}
	}
	return out
}

// Case returns a case the actor may view, without auditing: for forms that
// show the identity bar. Viewing the case page goes through CaseOverview,
// which is audited.
func (db *DB) Case(ctx context.Context, a kith.Actor, ref string, action kith.Permission) (*kith.Case, kith.CasePermissions, error) {
	var c *kith.Case
	var can kith.CasePermissions
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if c, err = tx.caseFor(a, ref, action); err != nil {
			return err
		}
		can = tx.permissions(ctx, a, c)
		return nil
	})
	return c, can, db.finish(ctx, a, err)
}

// CreateCase opens a case for a new child in a team. The case starts held by
// the team, unallocated; its opening is the first allocation period and a
// key event.
func (db *DB) CreateCase(ctx context.Context, a kith.Actor, in kith.NewCaseInput) (*kith.Case, error) {
	var c *kith.Case
	err := db.write(ctx, func(tx *Tx) error {
		var v kith.Validation
		_ = v.Merge("", in.Validate(tx.Today()))
		_ = v.Merge("", in.ValidateReferral(tx.now))
		if err := v.Err(); err != nil {
			return err
		}
		var teamName, serviceID string
		err := tx.QueryRowContext(ctx, `SELECT name, service_id FROM teams WHERE id = $1`, in.TeamID).Scan(&teamName, &serviceID)
		if errNoRows(err) {
			return fieldError("team_id", "Select the team the case will be held by")
		} else if err != nil {
			return err
		}
		if !kith.CanCreateCaseIn(a, in.TeamID, serviceID) {
			return fieldError("team_id", "You can only open cases in your own teams. Select one of your teams")
		}
		childID, err := tx.insertPerson(ctx, a, in.Child)
		if err != nil {
			return err
		}
		if in.Address != nil {
			if _, err := tx.insertAddress(ctx, a, childID, *in.Address); err != nil {
				return err
			}
		}
		year := in.OpenedOn.Year
		var n int
		if err := tx.QueryRowContext(ctx, `INSERT INTO counters (name, value) VALUES ($1, 1)
			ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value`, fmt.Sprintf("case_reference:%d", year)).Scan(&n); err != nil {
			return fmt.Errorf("next case reference: %w", err)
		}
		id, ref := newID(), kith.Reference(year, n)
		if _, err := tx.ExecContext(ctx, `INSERT INTO cases (id, reference, ref_number, child_id, state, opened_on, team_id, created_at, updated_at)
			VALUES ($1, $2, $3, $4, 'open', $5, $6, $7, $7)`, id, ref, n, childID, dt(in.OpenedOn), in.TeamID, ts(tx.now)); err != nil {
			return fmt.Errorf("insert case: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO allocations (id, case_id, kind, team_id, started_at, by_user_id) VALUES ($1, $2, $3, $4, $5, $6)`,
			newID(), id, string(kith.AllocationOpened), in.TeamID, ts(tx.now), nullString(a.UserID())); err != nil {
			return err
		}
		summary := "Case opened and held by " + teamName
		if err := tx.keyEvent(ctx, a, id, kith.EventCaseOpened, tx.onDate(in.OpenedOn), summary); err != nil {
			return err
		}
		referral := kith.EpisodeReferralInput{ReferralAt: tx.onDate(in.OpenedOn)}
		if in.Referral != nil {
			referral = *in.Referral
			summary := "Referral received from " + kith.ReferralSources.Label(referral.Source)
			if err := tx.keyEvent(ctx, a, id, kith.EventReferralReceived, referral.ReferralAt, summary); err != nil {
				return err
			}
		}
		if err := tx.insertEpisode(ctx, id, 1, referral); err != nil {
			return err
		}
		if in.Status != "" {
			if err := tx.insertStatus(ctx, a, id, kith.StatusInput{Kind: in.Status, StartedOn: in.OpenedOn}); err != nil {
				return err
			}
		}
		if err := tx.audit(a, auditEntry{Action: kith.AuditCaseCreated, CaseID: id, SubjectType: "case", SubjectID: id, Detail: ref + " in " + teamName}); err != nil {
			return err
		}
		c, err = tx.caseByID(ctx, id)
		return err
	})
	return c, err
}

// caseByID loads a case without an access check, for use after a change the
// actor was allowed to make.
func (tx *Tx) caseByID(ctx context.Context, id string) (*kith.Case, error) {
	c, err := scanCase(tx.QueryRowContext(ctx, `SELECT `+caseColumns+caseFrom+` WHERE c.id = $1`, id))
	if err != nil {
		return nil, fmt.Errorf("load case: %w", err)
	}
	return c, tx.attachStatuses(ctx, []*kith.Case{c})
}

// CaseHeader returns a case and its child, for the identity bar of a case
// page, after checking that the actor may do action to it. Showing it is a
// read of the case, so it is audited; page says which page it was.
func (db *DB) CaseHeader(ctx context.Context, a kith.Actor, ref string, action kith.Permission, page string) (*kith.Case, *kith.Person, kith.CasePermissions, error) {
	var c *kith.Case
	var child *kith.Person
	var can kith.CasePermissions
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if c, err = tx.caseFor(a, ref, action); err != nil {
			return err
		}
		can = tx.permissions(ctx, a, c)
		people, err := tx.loadPeople(ctx, []string{c.ChildID})
		if err != nil {
			return err
		}
		child = people[c.ChildID]
		return nil
	})
	if err != nil {
		return nil, nil, can, db.finish(ctx, a, err)
	}
	if err := db.auditReads(ctx, a, auditEntry{Action: kith.AuditCaseViewed, CaseID: c.ID, SubjectType: "page", Detail: page}); err != nil {
		return nil, nil, can, err
	}
	return c, child, can, nil
}
