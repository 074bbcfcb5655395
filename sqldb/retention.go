package sqldb

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"kith"
)

// Retention: the council's policy, the closed cases due for disposal,
// legal holds, and disposal proposed by one information governance
// officer and approved by another (disposal.go removes the content).
// Officers see that a case exists, whose it is and how long it is kept,
// never what it holds; every read and change is audited on the case.

var errNotRetention = kith.Errorf(kith.EFORBIDDEN, "Only information governance officers can see or change what is kept and disposed of.")

// reviewListMax caps each of the review list's sections: the council's
// first review may find thousands due, which are worked through in turn.
const reviewListMax = 500

// RetentionReview is the review list: what is due for disposal, what is
// proposed and waits for a second person, what is due but held, and the
// disposals made, newest first.
type RetentionReview struct {
	Policy   kith.RetentionPolicy
	Due      []kith.CaseRetention
	DueCount int
	Proposed []kith.CaseRetention
	Held     []kith.CaseRetention
	Disposed []kith.CaseDisposal
	// Closed is how many closed cases were weighed.
	Closed int
}

// retentionPolicy reads the council's policy, or the default.
func (tx *Tx) retentionPolicy(ctx context.Context) (kith.RetentionPolicy, error) {
	p := kith.DefaultRetentionPolicy()
	rows, err := tx.QueryContext(ctx, `SELECT name, value FROM settings WHERE name IN ('retention_child_protection_years', 'retention_other_years')`)
	if err != nil {
		return p, err
	}
	defer rows.Close()
	for rows.Next() {
		var name, value string
		if err := rows.Scan(&name, &value); err != nil {
			return p, err
		}
		n, err := strconv.Atoi(value)
		if err != nil {
			return p, fmt.Errorf("setting %s: %w", name, err)
		}
		if name == "retention_other_years" {
			p.OtherYears = n
		} else {
			p.ChildProtectionYears = n
		}
	}
	return p, rows.Err()
}

// RetentionPolicy reads the council's retention policy.
func (db *DB) RetentionPolicy(ctx context.Context, a kith.Actor) (kith.RetentionPolicy, error) {
	if !kith.MayManageRetention(a) {
		return kith.RetentionPolicy{}, db.finish(ctx, a, errNotRetention)
	}
	var p kith.RetentionPolicy
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		p, err = tx.retentionPolicy(ctx)
		return err
	})
	return p, db.finish(ctx, a, err)
}

// SetRetentionPolicy changes the council's years.
func (db *DB) SetRetentionPolicy(ctx context.Context, a kith.Actor, p kith.RetentionPolicy) error {
	if !kith.MayManageRetention(a) {
		return db.finish(ctx, a, errNotRetention)
	}
	if err := p.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *Tx) error {
		for name, n := range map[string]int{"retention_child_protection_years": p.ChildProtectionYears, "retention_other_years": p.OtherYears} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM settings WHERE name = $1`, name); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (name, value) VALUES ($1, $2)`, name, strconv.Itoa(n)); err != nil {
				return err
			}
		}
		return tx.audit(a, auditEntry{Action: kith.AuditRetentionChanged, SubjectType: "retention_policy",
			Detail: fmt.Sprintf("child protection records %d years after closure, others %d", p.ChildProtectionYears, p.OtherYears)})
	})
	return db.finish(ctx, a, err)
}

// retentionColumns are what the rules need of a closed case (the facts
// of kith.RetentionFacts): the codes come from the domain.
var retentionColumns = `c.id, c.reference, p.first_name, p.last_name, p.date_of_birth, c.closed_on,
	(SELECT ci.date_of_death FROM child_identities ci WHERE ci.person_id = c.child_id ORDER BY ci.version DESC LIMIT 1),
	(EXISTS (SELECT 1 FROM care_episodes ce WHERE ce.case_id = c.id)
		OR EXISTS (SELECT 1 FROM status_periods sp WHERE sp.case_id = c.id AND sp.kind IN ` +
	quotedList(string(kith.StatusCLA), string(kith.StatusCareLeaver)) + `)),
	(SELECT MIN(ce.ended_on) FROM care_episodes ce WHERE ce.case_id = c.id AND ce.reason_ended IN ` + quotedList(kith.AdoptedReasons...) + `),
	EXISTS (SELECT 1 FROM status_periods sp WHERE sp.case_id = c.id AND sp.kind = ` + quotedList(string(kith.StatusCP)) + `)
	FROM cases c JOIN people p ON p.id = c.child_id WHERE c.state = 'closed'`

// quotedList writes codes as an SQL list of literals: ('E11', 'E12').
// Only for the domain's own codes, never for what a user typed.
func quotedList(codes ...string) string {
	q := make([]string, len(codes))
	for i, c := range codes {
		q[i] = "'" + strings.ReplaceAll(c, "'", "''") + "'"
	}
	return "(" + strings.Join(q, ", ") + ")"
}

// closedCases reads the closed cases matching and (" AND …"), each with
// how long it is kept under p, its holds and its live disposal.
func (tx *Tx) closedCases(ctx context.Context, p kith.RetentionPolicy, and string, args ...any) ([]kith.CaseRetention, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+retentionColumns+and+` ORDER BY c.closed_on, c.reference`, args...)
	if err != nil {
		return nil, fmt.Errorf("weigh closed cases: %w", err)
	}
	var out []kith.CaseRetention
	for rows.Next() {
		var cr kith.CaseRetention
		var first, last string
		var dob, closed, died, adopted scanDate
		var f kith.RetentionFacts
		if err := rows.Scan(&cr.CaseID, &cr.CaseReference, &first, &last, &dob, &closed, &died, &f.LookedAfter, &adopted, &f.ChildProtection); err != nil {
			rows.Close()
			return nil, err
		}
		f.DateOfBirth, f.ClosedOn, f.DiedOn, f.AdoptionOrderOn = dob.D, closed.D, died.D, adopted.D
		cr.ChildName = (&kith.Person{FirstName: first, LastName: last}).FullName()
		cr.ClosedOn, cr.Kind, cr.Due = closed.D, kith.RetentionKind(f), kith.RetentionFor(f, p)
		out = append(out, cr)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	byID := make(map[string]*kith.CaseRetention, len(out))
	for i := range out {
		byID[out[i].CaseID] = &out[i]
	}
	holds, err := tx.legalHolds(ctx)
	if err != nil {
		return nil, err
	}
	for id, hs := range holds {
		if cr := byID[id]; cr != nil {
			cr.Holds = hs
		}
	}
	disposals, err := tx.disposals(ctx, `d.state <> 'cancelled'`)
	if err != nil {
		return nil, err
	}
	for id, d := range disposals {
		if cr := byID[id]; cr != nil {
			cr.Disposal = d
		}
	}
	today := tx.Today()
	for i := range out {
		out[i].Refusal = kith.DisposalRefusal(out[i].Due, out[i].Holds, today)
	}
	return out, nil
}

// legalHolds reads every case's holds, newest first: those placed by an
// officer, and a hold for each subject access request still being
// answered (its record must not go while it is).
func (tx *Tx) legalHolds(ctx context.Context) (map[string][]kith.LegalHold, error) {
	rows, err := tx.QueryContext(ctx, `SELECT h.case_id, h.id, h.reason, h.placed_on, pu.display_name, h.lifted_on, COALESCE(lu.display_name, ''), h.lift_reason
		FROM legal_holds h JOIN users pu ON pu.id = h.placed_by LEFT JOIN users lu ON lu.id = h.lifted_by
		UNION ALL
		SELECT s.case_id, '', 'subject access request ' || s.reference || ' is being answered', s.received_on, u.display_name, NULL, '', ''
		FROM subject_access_requests s JOIN users u ON u.id = s.logged_by WHERE s.responded_on IS NULL AND s.withdrawn_on IS NULL`)
	if err != nil {
		return nil, fmt.Errorf("read legal holds: %w", err)
	}
	defer rows.Close()
	out := map[string][]kith.LegalHold{}
	for rows.Next() {
		var caseID string
		var h kith.LegalHold
		var placed, lifted scanDate
		if err := rows.Scan(&caseID, &h.ID, &h.Reason, &placed, &h.PlacedBy, &lifted, &h.LiftedBy, &h.LiftReason); err != nil {
			return nil, err
		}
		h.PlacedOn, h.LiftedOn = placed.D, lifted.D
		out[caseID] = append(out[caseID], h)
	}
	for _, hs := range out {
		sort.SliceStable(hs, func(i, j int) bool { return hs[i].PlacedOn.After(hs[j].PlacedOn) })
	}
	return out, rows.Err()
}

// disposalColumns are a disposal's, for disposalList.
const disposalColumns = `d.case_id, d.id, d.case_reference, d.kind, d.rule, d.kept_until, pu.display_name, d.proposed_at, d.proposal_note, d.state,
	COALESCE(du.display_name, ''), d.decided_at, d.decision_note, d.records, d.files
	FROM case_disposals d JOIN users pu ON pu.id = d.proposed_by LEFT JOIN users du ON du.id = d.decided_by`

// disposals reads the disposals matching where, by case id.
func (tx *Tx) disposals(ctx context.Context, where string, args ...any) (map[string]*kith.CaseDisposal, error) {
	list, err := tx.disposalList(ctx, where+` ORDER BY d.proposed_at`, args...)
	out := make(map[string]*kith.CaseDisposal, len(list))
	for i := range list {
		out[list[i].caseID] = &list[i].CaseDisposal
	}
	return out, err
}

type disposalRow struct {
	caseID string
	kith.CaseDisposal
}

func (tx *Tx) disposalList(ctx context.Context, whereOrder string, args ...any) ([]disposalRow, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+disposalColumns+` WHERE `+whereOrder, args...)
	if err != nil {
		return nil, fmt.Errorf("read disposals: %w", err)
	}
	defer rows.Close()
	var out []disposalRow
	for rows.Next() {
		var d disposalRow
		var until scanDate
		var proposed, decided scanTime
		var state string
		if err := rows.Scan(&d.caseID, &d.ID, &d.CaseReference, &d.Kind, &d.Rule, &until, &d.ProposedBy, &proposed, &d.ProposalNote, &state,
			&d.DecidedBy, &decided, &d.DecisionNote, &d.Records, &d.Files); err != nil {
			return nil, err
		}
		d.KeptUntil, d.ProposedAt, d.State, d.DecidedAt = until.D, proposed.T, kith.DisposalState(state), decided.Ptr()
		out = append(out, d)
	}
	return out, rows.Err()
}

// RetentionReview weighs every closed case against the policy and lists
// what is due, proposed, held and disposed of.
func (db *DB) RetentionReview(ctx context.Context, a kith.Actor) (RetentionReview, error) {
	if !kith.MayManageRetention(a) {
		return RetentionReview{}, db.finish(ctx, a, errNotRetention)
	}
	var rv RetentionReview
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if rv.Policy, err = tx.retentionPolicy(ctx); err != nil {
			return err
		}
		cases, err := tx.closedCases(ctx, rv.Policy, "")
		if err != nil {
			return err
		}
		rv.Closed = len(cases)
		today := tx.Today()
		for _, c := range cases {
			switch {
			case c.Disposal != nil && c.Disposal.State == kith.DisposalProposed:
				rv.Proposed = append(rv.Proposed, c)
			case c.Disposal != nil:
				// Disposed: listed below from its tombstone.
			case c.Due.Open || !today.After(c.Due.Until):
				// Still kept.
			case len(c.HoldsNow(today)) > 0:
				if len(rv.Held) < reviewListMax {
					rv.Held = append(rv.Held, c)
				}
			default:
				rv.Due = append(rv.Due, c)
			}
		}
		kith.SortByDue(rv.Due)
		rv.DueCount = len(rv.Due)
		rv.Due = rv.Due[:min(len(rv.Due), reviewListMax)]
		done, err := tx.disposalList(ctx, `d.state = 'disposed' ORDER BY d.decided_at DESC LIMIT 50`)
		for _, d := range done {
			rv.Disposed = append(rv.Disposed, d.CaseDisposal)
		}
		return err
	})
	if err != nil {
		return rv, db.finish(ctx, a, err)
	}
	return rv, db.auditReads(ctx, a, auditEntry{Action: kith.AuditRetentionViewed, SubjectType: "retention",
		Detail: fmt.Sprintf("the review list: %d of %d closed cases due for disposal, %d proposed, %d held", rv.DueCount, rv.Closed, len(rv.Proposed), len(rv.Held))})
}

// closedCase finds one case for retention by its reference: closed, or a
// clear message.
func (tx *Tx) closedCase(ctx context.Context, ref string) (kith.CaseRetention, kith.RetentionPolicy, error) {
	p, err := tx.retentionPolicy(ctx)
	if err != nil {
		return kith.CaseRetention{}, p, err
	}
	norm, ok := kith.NormaliseReference(ref)
	if !ok {
		return kith.CaseRetention{}, p, kith.NotFound("Case")
	}
	cs, err := tx.closedCases(ctx, p, ` AND c.reference = $1`, norm)
	if err != nil {
		return kith.CaseRetention{}, p, err
	}
	if len(cs) == 0 {
		var state string
		err := tx.QueryRowContext(ctx, `SELECT state FROM cases WHERE reference = $1`, norm).Scan(&state)
		if errNoRows(err) {
			return kith.CaseRetention{}, p, kith.NotFound("Case")
		} else if err != nil {
			return kith.CaseRetention{}, p, err
		}
		return kith.CaseRetention{}, p, kith.Errorf(kith.EINVALID, "Case %s is open: its record is kept while it is, and retention starts when it closes.", norm)
	}
	return cs[0], p, nil
}

// lockForRetention takes the case's row for the rest of a change to its
// retention, so that a hold placed and a disposal approved at the same
// moment happen one after the other, the second seeing the first (on
// SQLite one writer at a time does this already).
func (tx *Tx) lockForRetention(ctx context.Context, ref string) error {
	norm, ok := kith.NormaliseReference(ref)
	if !ok || tx.db.Dialect != Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT 1 FROM cases WHERE reference = $1`+tx.db.Dialect.lockRow("UPDATE"), norm)
	return err
}

// CaseRetention reads one closed case's retention: how long it is kept,
// its holds, and its disposal.
func (db *DB) CaseRetention(ctx context.Context, a kith.Actor, ref string) (kith.CaseRetention, error) {
	if !kith.MayManageRetention(a) {
		return kith.CaseRetention{}, db.finish(ctx, a, errNotRetention)
	}
	var out kith.CaseRetention
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, _, err = tx.closedCase(ctx, ref)
		return err
	})
	if err != nil {
		return out, db.finish(ctx, a, err)
	}
	return out, db.auditReads(ctx, a, auditEntry{Action: kith.AuditRetentionViewed, CaseID: out.CaseID, SubjectType: "retention",
		SubjectID: out.CaseReference, Detail: "how long the record is kept and why"})
}

// PlaceLegalHold suspends a closed case's disposal until the hold is
// lifted.
func (db *DB) PlaceLegalHold(ctx context.Context, a kith.Actor, ref string, in kith.LegalHoldInput) error {
	if !kith.MayManageRetention(a) {
		return db.finish(ctx, a, errNotRetention)
	}
	err := db.write(ctx, func(tx *Tx) error {
		if err := in.Validate(tx.Today()); err != nil {
			return err
		}
		if err := tx.lockForRetention(ctx, ref); err != nil {
			return err
		}
		cr, _, err := tx.closedCase(ctx, ref)
		if err != nil {
			return err
		}
		if cr.Disposal != nil && cr.Disposal.State == kith.DisposalDisposed {
			return kith.Errorf(kith.ECONFLICT, "Case %s's record was disposed of: there is nothing left to hold.", cr.CaseReference)
		}
		id := newID()
		if _, err := tx.ExecContext(ctx, `INSERT INTO legal_holds (id, case_id, reason, placed_on, placed_by, placed_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			id, cr.CaseID, in.Reason, dt(in.PlacedOn), a.UserID(), ts(tx.now)); err != nil {
			return err
		}
		return tx.audit(a, auditEntry{Action: kith.AuditRetentionChanged, CaseID: cr.CaseID, SubjectType: "legal_hold", SubjectID: id,
			Detail: truncate("placed a legal hold: "+in.Reason, 500)})
	})
	return db.finish(ctx, a, err)
}

// LiftLegalHold ends a hold, with why.
func (db *DB) LiftLegalHold(ctx context.Context, a kith.Actor, ref string, in kith.LiftHoldInput) error {
	if !kith.MayManageRetention(a) {
		return db.finish(ctx, a, errNotRetention)
	}
	err := db.write(ctx, func(tx *Tx) error {
		if err := in.Validate(); err != nil {
			return err
		}
		if err := tx.lockForRetention(ctx, ref); err != nil {
			return err
		}
		cr, _, err := tx.closedCase(ctx, ref)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE legal_holds SET lifted_on = $1, lifted_by = $2, lifted_at = $3, lift_reason = $4
			WHERE id = $5 AND case_id = $6 AND lifted_on IS NULL`, dt(tx.Today()), a.UserID(), ts(tx.now), in.Reason, in.HoldID, cr.CaseID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return kith.Errorf(kith.ECONFLICT, "That hold is not on case %s, or was lifted already.", cr.CaseReference)
		}
		return tx.audit(a, auditEntry{Action: kith.AuditRetentionChanged, CaseID: cr.CaseID, SubjectType: "legal_hold", SubjectID: in.HoldID,
			Detail: truncate("lifted a legal hold: "+in.Reason, 500)})
	})
	return db.finish(ctx, a, err)
}

// ProposeDisposal proposes that a closed case's record, past its
// retention and under no hold, be disposed of. Someone else approves it.
func (db *DB) ProposeDisposal(ctx context.Context, a kith.Actor, ref, note string) error {
	if !kith.MayManageRetention(a) {
		return db.finish(ctx, a, errNotRetention)
	}
	err := db.write(ctx, func(tx *Tx) error {
		if err := tx.lockForRetention(ctx, ref); err != nil {
			return err
		}
		cr, _, err := tx.closedCase(ctx, ref)
		if err != nil {
			return err
		}
		if cr.Disposal != nil {
			return kith.Errorf(kith.ECONFLICT, "Case %s's disposal was %s by %s already.", cr.CaseReference, cr.Disposal.State, cr.Disposal.ProposedBy)
		}
		if cr.Refusal != "" {
			return kith.Errorf(kith.EINVALID, "Case %s's record may not be disposed of: %s", cr.CaseReference, cr.Refusal)
		}
		var v kith.Validation
		kith.CheckLength(&v, "proposal_note", "the note", note, 1000)
		if err := v.Err(); err != nil {
			return err
		}
		id := newID()
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_disposals (id, case_id, case_reference, kind, rule, kept_until, proposed_by, proposed_at, proposal_note, state)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'proposed')`,
			id, cr.CaseID, cr.CaseReference, cr.Kind, cr.Due.Rule, dt(cr.Due.Until), a.UserID(), ts(tx.now), note); err != nil {
			return err
		}
		return tx.audit(a, auditEntry{Action: kith.AuditRetentionChanged, CaseID: cr.CaseID, SubjectType: "disposal", SubjectID: id,
			Detail: truncate(fmt.Sprintf("proposed disposal: %s, kept until %s (%s)", cr.Kind, cr.Due.Until.Long(), cr.Due.Rule), 500)})
	})
	return db.finish(ctx, a, err)
}

// DecideDisposal is the second person's answer to a proposed disposal:
// turned down, it is cancelled (and may be proposed again); approved, the
// case's content is removed there and then (disposeCase), unless a hold
// was placed or the rules changed since it was proposed.
func (db *DB) DecideDisposal(ctx context.Context, a kith.Actor, ref string, in kith.DisposalDecision) (kith.CaseDisposal, error) {
	if !kith.MayManageRetention(a) {
		return kith.CaseDisposal{}, db.finish(ctx, a, errNotRetention)
	}
	if err := in.Validate(); err != nil {
		return kith.CaseDisposal{}, err
	}
	var out kith.CaseDisposal
	var files []string
	err := db.write(ctx, func(tx *Tx) error {
		files = nil
		if err := tx.lockForRetention(ctx, ref); err != nil {
			return err
		}
		cr, _, err := tx.closedCase(ctx, ref)
		if err != nil {
			return err
		}
		d := cr.Disposal
		if d == nil || d.State != kith.DisposalProposed {
			return kith.Errorf(kith.ECONFLICT, "No disposal of case %s waits for approval.", cr.CaseReference)
		}
		var proposer string
		if err := tx.QueryRowContext(ctx, `SELECT proposed_by FROM case_disposals WHERE id = $1`, d.ID).Scan(&proposer); err != nil {
			return err
		}
		if err := kith.CheckDisposalApprover(proposer, a.UserID()); err != nil {
			return err
		}
		if !in.Approves() {
			res, err := tx.ExecContext(ctx, `UPDATE case_disposals SET state = 'cancelled', decided_by = $1, decided_at = $2, decision_note = $3
				WHERE id = $4 AND state = 'proposed'`, a.UserID(), ts(tx.now), in.Note, d.ID)
			if err != nil {
				return err
			}
			if won, _ := res.RowsAffected(); won != 1 {
				return kith.Errorf(kith.ECONFLICT, "Someone else decided on case %s's disposal at the same moment: look again.", cr.CaseReference)
			}
			out = *d
			out.State = kith.DisposalCancelled
			return tx.audit(a, auditEntry{Action: kith.AuditRetentionChanged, CaseID: cr.CaseID, SubjectType: "disposal", SubjectID: d.ID,
				Detail: truncate("turned down the disposal: "+in.Note, 500)})
		}
		// Weighed again now: a hold placed, or a fact recorded, since it
		// was proposed stops it.
		if cr.Refusal != "" {
			return kith.Errorf(kith.EINVALID, "Case %s's record may not be disposed of: %s", cr.CaseReference, cr.Refusal)
		}
		counts, gone, err := tx.disposeCase(ctx, cr.CaseID, cr.CaseReference, d.ID)
		if err != nil {
			return err
		}
		files = gone
		if _, err := tx.ExecContext(ctx, `UPDATE case_disposals SET decided_by = $1, decided_at = $2, decision_note = $3, records = $4, files = $5 WHERE id = $6`,
			a.UserID(), ts(tx.now), in.Note, counts.records, counts.files, d.ID); err != nil {
			return err
		}
		out = *d
		at := tx.now
		out.State, out.DecidedBy, out.DecidedAt, out.DecisionNote, out.Records, out.Files = kith.DisposalDisposed, a.User.DisplayName, &at, in.Note, counts.records, counts.files
		return tx.audit(a, auditEntry{Action: kith.AuditCaseDisposed, CaseID: cr.CaseID, SubjectType: "disposal", SubjectID: d.ID,
			Detail: truncate(fmt.Sprintf("%s: %s record, kept until %s (%s); proposed by %s; %d records and %d files removed",
				cr.CaseReference, cr.Kind, cr.Due.Until.Long(), cr.Due.Rule, d.ProposedBy, counts.records, counts.files), 500)})
	})
	if err == nil {
		db.removeFiles(files)
	}
	return out, db.finish(ctx, a, err)
}

// disposedError tells someone who could have seen a case that its
// record was disposed of: when, and under which rule.
func (tx *Tx) disposedError(ctx context.Context, c *kith.Case) error {
	ds, err := tx.disposals(ctx, `d.case_id = $1 AND d.state = 'disposed'`, c.ID)
	if err != nil {
		return err
	}
	d := ds[c.ID]
	if d == nil || d.DecidedAt == nil {
		return kith.NotFound("Case")
	}
	return kith.Errorf(kith.ENOTFOUND, "Case %s's record was disposed of on %s under the retention policy (%s, kept until %s). Nothing of it is left to show.",
		c.Reference, kith.DateOf(d.DecidedAt.In(kith.London)).Long(), d.Rule, d.KeptUntil.Long())
}
