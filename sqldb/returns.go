package sqldb

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"kith"
)

// ReturnFilter narrows the children read for the returns to one team's or
// one worker's cases; empty, it reads the council's.
type ReturnFilter struct {
	TeamID, WorkerID string
	// FrontDoor also reads the children with only a contact or an early
	// help assessment in the period, and those records (Annex A's lists 1
	// and 2); the census and the 903 count neither.
	FrontDoor bool
	// Checking marks a read to check the record (My work, the data
	// quality page), audited as such, rather than to make a return.
	Checking bool
	// ListedCaseIDs, for My work, reads only these of the worker's own
	// cases: those the page's own list has just shown, whose audit event
	// names them, so the check is not audited again.
	ListedCaseIDs []string
}

// ReturnFacts loads, for a collection year, the facts of every child who
// may be in its returns: those with a CIN episode or a period of care open
// on some day of the year, with the council's working days. That scope is
// only a first sift in SQL: the returns' own rules (kith.CensusChildOf,
// kith.SSDA903ChildOf) decide who and what each return holds. A dozen
// queries whatever the council's size; the cases read are audited as one
// list.
//
// Service managers (and the operator at the command line) may read the
// council's or any team's for a return; a practitioner or manager only the
// cases allocated to them. A read to check the record (Checking) reads
// only the cases the reader may open.
func (db *DB) ReturnFacts(ctx context.Context, a kith.Actor, y kith.ReturnPeriod, f ReturnFilter) (kith.ReturnSet, error) {
	own := f.WorkerID != "" && f.WorkerID == a.UserID() && a.HasCaseRole()
	if f.ListedCaseIDs != nil && (!own || !f.Checking) {
		return kith.ReturnSet{}, kith.Errorf(kith.EINTERNAL, "a listed check is of the worker's own cases")
	}
	if !kith.MayMakeReturns(a) && !own {
		return kith.ReturnSet{}, db.finish(ctx, a, kith.Errorf(kith.EFORBIDDEN, "Only service managers may see the statutory returns of cases other than their own."))
	}
	var out kith.ReturnSet
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if out.Children, err = tx.returnFacts(ctx, a, y, f); err != nil {
			return err
		}
		st, err := tx.timeliness(ctx)
		if err != nil {
			return err
		}
		out.WorkingDays = st.cal
		return nil
	})
	if err != nil {
		return kith.ReturnSet{}, db.finish(ctx, a, err)
	}
	if f.ListedCaseIDs != nil {
		return out, nil // the list that showed them was audited
	}
	ids := make([]string, len(out.Children))
	for i, c := range out.Children {
		ids[i] = c.CaseID
	}
	action, detail := kith.AuditReturnMade, "Children in the returns for "+y.String()
	if f.Checking {
		action, detail = kith.AuditReturnChecked, "Children checked by the returns' rules for "+y.String()
	}
	return out, db.auditListing(ctx, a, action, detail, ids)
}

// returnScope picks the cases whose children may be in a year's returns:
// those with an episode or a period of care open on a day of it, or whose
// care ended in the six years before it (a care leaver the 903 asks about
// on a birthday from 17 to 21), and for Annex A (FrontDoor) those with an
// early help assessment open on a day of it or a contact in it, narrowed
// by the filter. Its arguments are returnArgs'. The filter comes first,
// so that one worker's or team's cases are found by their index, and each
// is then checked by its own episodes.
func returnScope(f ReturnFilter) string {
	q := `IN (SELECT c.id FROM cases c WHERE (EXISTS (SELECT 1 FROM episodes e WHERE e.case_id = c.id AND e.referral_at < $1
		AND (e.closed_on IS NULL OR e.closed_on >= $2))
	OR EXISTS (SELECT 1 FROM care_episodes ce WHERE ce.case_id = c.id AND ce.started_on < $3 AND (ce.ended_on IS NULL OR ce.ended_on >= $4))`
	if f.FrontDoor {
		q += `
	OR EXISTS (SELECT 1 FROM contacts k WHERE k.case_id = c.id AND k.contact_on >= $2 AND k.contact_on < $3)
	OR EXISTS (SELECT 1 FROM early_help_assessments h WHERE h.case_id = c.id AND h.started_on < $3
		AND (h.completed_on IS NULL OR h.completed_on >= $2))`
	}
	q += `)`
	n := 5
	if f.TeamID != "" {
		q += ` AND c.team_id = $5`
		n = 6
	}
	if f.WorkerID != "" {
		q += fmt.Sprintf(` AND c.worker_id = $%d`, n)
	}
	return q + `)`
}

// returnIDsListed is the most cases whose facts are read by listing their
// ids, well within both engines' limits on a statement's arguments.
const returnIDsListed = 5000

// leaverYears is how long before a year a care leaver the 903 asks about
// may have left care: at 16, five years before their 21st birthday, which
// may fall at the year's end.
const leaverYears = 6

// returnArgs are returnScope's arguments for a year: the first moment
// after it (referrals are times), its start, the day after it, the
// earliest day a care leaver in it may have left care, and the filter's
// team and worker when given.
func returnArgs(y kith.ReturnPeriod, f ReturnFilter) []any {
	after := y.End().AddDays(1)
	left := y.Start()
	left.Year -= leaverYears
	args := []any{ts(kith.InLondon(after, 0, 0)), dt(y.Start()), dt(after), dt(left)}
	if f.TeamID != "" {
		args = append(args, f.TeamID)
	}
	if f.WorkerID != "" {
		args = append(args, f.WorkerID)
	}
	return args
}

func (tx *Tx) returnFacts(ctx context.Context, a kith.Actor, y kith.ReturnPeriod, f ReturnFilter) ([]*kith.ReturnFacts, error) {
	args, scope := returnArgs(y, f), returnScope(f)
	if len(f.ListedCaseIDs) > 0 {
		scope = strings.TrimSuffix(scope, ")") + " AND c.id IN (" + placeholders(len(args)+1, len(f.ListedCaseIDs)) + "))"
		for _, id := range f.ListedCaseIDs {
			args = append(args, id)
		}
	} else if f.ListedCaseIDs != nil {
		return nil, nil // an empty list
	}
	if f.Checking && !a.System {
		// Checking is done on the cases the reader may open: a return is
		// the council's, but the problems name children and link to them.
		cond, more := scopeSQL(kith.ScopeFor(a, tx.policy(ctx)), len(args)+1)
		scope = strings.TrimSuffix(scope, ")") + " AND " + cond + ")"
		args = append(args, more...)
	}
	byCase := map[string]*kith.ReturnFacts{}
	var out []*kith.ReturnFacts
	rows, err := tx.QueryContext(ctx, `SELECT c.id, c.reference, c.team_id, COALESCE(t.name, ''), COALESCE(c.worker_id, ''),
		COALESCE(u.display_name, ''), p.id, p.date_of_birth, p.expected_date_of_birth, p.first_name, p.last_name,
		cf.last_visit_on, cf.last_seen_on, cf.last_seen_alone_on
		FROM cases c JOIN people p ON p.id = c.child_id LEFT JOIN teams t ON t.id = c.team_id LEFT JOIN users u ON u.id = c.worker_id
		LEFT JOIN case_facts cf ON cf.case_id = c.id
		WHERE c.id `+scope+` ORDER BY c.reference`, args...)
	if err != nil {
		return nil, fmt.Errorf("cases in the returns: %w", err)
	}
	byPerson := map[string]*kith.ReturnFacts{}
	for rows.Next() {
		f := &kith.ReturnFacts{}
		var personID string
		var dob, edd, visit, seen, alone scanDate
		var first, last string
		if err := rows.Scan(&f.CaseID, &f.CaseReference, &f.TeamID, &f.TeamName, &f.WorkerID, &f.WorkerName, &personID, &dob, &edd, &first, &last,
			&visit, &seen, &alone); err != nil {
			rows.Close()
			return nil, err
		}
		f.BirthDate, f.ExpectedBirthDate, f.ChildName = dob.D, edd.D, strings.TrimSpace(first+" "+last)
		f.LastVisit, f.LastSeen, f.LastSeenAlone = visit.D, seen.D, alone.D
		byCase[f.CaseID], byPerson[personID] = f, f
		out = append(out, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	if len(out) <= returnIDsListed {
		// One team's or worker's cases: the rest is read by their ids,
		// rather than finding them again in every query.
		scope, args = "IN ("+placeholders(1, len(out))+")", make([]any, len(out))
		for i, f := range out {
			args[i] = f.CaseID
		}
	}
	if err := tx.returnIdentities(ctx, byPerson, scope, args); err != nil {
		return nil, err
	}
	if err := tx.returnOwnChildren(ctx, byPerson, scope, args); err != nil {
		return nil, err
	}
	return out, tx.returnJourneys(ctx, byCase, scope, args, f.FrontDoor)
}

// returnIdentities gives each child their current identity items.
func (tx *Tx) returnIdentities(ctx context.Context, byPerson map[string]*kith.ReturnFacts, scope string, args []any) error {
	rows, err := tx.QueryContext(ctx, `SELECT ci.person_id, `+identityColumns+` FROM child_identities ci LEFT JOIN users u ON u.id = ci.recorded_by
		WHERE ci.person_id IN (SELECT c.child_id FROM cases c WHERE c.id `+scope+`) ORDER BY ci.person_id, ci.version DESC`, args...)
	if err != nil {
		return fmt.Errorf("identities in the returns: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var personID string
		var ci kith.ChildIdentity
		if err := scanIdentityAfter(rows, &personID, &ci); err != nil {
			return err
		}
		if f := byPerson[personID]; f != nil && f.Identity.Version == 0 {
			f.Identity = ci
		}
	}
	return rows.Err()
}

// returnJourneys gives each case its episodes, assessments, enquiries,
// plans and care, and with frontDoor its contacts and early help
// assessments.
func (tx *Tx) returnJourneys(ctx context.Context, byCase map[string]*kith.ReturnFacts, scope string, args []any, frontDoor bool) error {
	episodes, err := tx.episodeRows(ctx, `e.case_id `+scope, args...)
	if err != nil {
		return err
	}
	for _, e := range episodes {
		byCase[e.CaseID].Episodes = append(byCase[e.CaseID].Episodes, e)
	}
	assessments, err := tx.assessmentRows(ctx, `a.case_id `+scope, args...)
	if err != nil {
		return err
	}
	for _, r := range assessments {
		byCase[r.CaseID].Assessments = append(byCase[r.CaseID].Assessments, r.Assessment)
	}
	s47s, err := tx.section47Rows(ctx, `s.case_id `+scope, args...)
	if err != nil {
		return err
	}
	for _, s := range s47s {
		byCase[s.CaseID].Section47s = append(byCase[s.CaseID].Section47s, s)
	}
	if err := tx.returnPlans(ctx, byCase, scope, args); err != nil {
		return err
	}
	care, err := tx.careEpisodeRows(ctx, `e.case_id `+scope, args...)
	if err != nil {
		return err
	}
	for _, e := range care {
		byCase[e.CaseID].Care.Episodes = append(byCase[e.CaseID].Care.Episodes, e)
	}
	reviews, err := tx.claReviewRows(ctx, `r.case_id `+scope, args...)
	if err != nil {
		return err
	}
	for _, r := range reviews {
		byCase[r.CaseID].Care.Reviews = append(byCase[r.CaseID].Care.Reviews, r)
	}
	missing, err := tx.missingRows(ctx, `m.case_id `+scope, args...)
	if err != nil {
		return err
	}
	for _, m := range missing {
		byCase[m.CaseID].Care.Missing = append(byCase[m.CaseID].Care.Missing, m)
	}
	permanence, err := tx.permanenceRows(ctx, `p.case_id `+scope, args...)
	if err != nil {
		return err
	}
	for _, p := range permanence {
		byCase[p.CaseID].Care.Permanence = append(byCase[p.CaseID].Care.Permanence, p)
	}
	plans, err := tx.permanencePlanRows(ctx, `p.case_id `+scope, args...)
	if err != nil {
		return err
	}
	for _, p := range plans {
		byCase[p.CaseID].Care.PermanencePlans = append(byCase[p.CaseID].Care.PermanencePlans, p)
	}
	health, err := tx.healthRows(ctx, `h.case_id `+scope, args...)
	if err != nil {
		return err
	}
	for _, h := range health {
		byCase[h.CaseID].Care.Health = append(byCase[h.CaseID].Care.Health, h)
	}
	leaving, err := tx.leaverRows(ctx, `l.case_id `+scope, args...)
	if err != nil {
		return err
	}
	for _, l := range leaving {
		byCase[l.CaseID].Care.Leaving = append(byCase[l.CaseID].Care.Leaving, l)
	}
	decisions, err := tx.decisionRows(ctx, `a.case_id `+scope, args...)
	if err != nil {
		return err
	}
	for _, d := range decisions {
		byCase[d.CaseID].Care.Decisions = append(byCase[d.CaseID].Care.Decisions, d)
	}
	matches, err := tx.matchRows(ctx, `m.case_id `+scope, args...)
	if err != nil {
		return err
	}
	for _, m := range matches {
		byCase[m.CaseID].Care.Matches = append(byCase[m.CaseID].Care.Matches, m)
	}
	if frontDoor {
		if err := tx.returnFrontDoor(ctx, byCase, scope, args); err != nil {
			return err
		}
	}
	return tx.returnWorkers(ctx, byCase, scope, args)
}

// returnFrontDoor gives each case its contacts and early help
// assessments.
func (tx *Tx) returnFrontDoor(ctx context.Context, byCase map[string]*kith.ReturnFacts, scope string, args []any) error {
	contacts, err := tx.contactRows(ctx, `k.case_id `+scope, args...)
	if err != nil {
		return err
	}
	for _, c := range contacts {
		byCase[c.CaseID].Contacts = append(byCase[c.CaseID].Contacts, c)
	}
	early, err := tx.earlyHelpRows(ctx, `h.case_id `+scope, args...)
	if err != nil {
		return err
	}
	for _, e := range early {
		byCase[e.CaseID].EarlyHelp = append(byCase[e.CaseID].EarlyHelp, e)
	}
	return nil
}

// returnWorkers gives each case the spells its social workers held it,
// from its allocations (read after its episodes, which say when a spell
// was a case's first since its referral).
func (tx *Tx) returnWorkers(ctx context.Context, byCase map[string]*kith.ReturnFacts, scope string, args []any) error {
	rows, err := tx.QueryContext(ctx, `SELECT a.case_id, COALESCE(a.worker_id, ''), COALESCE(u.display_name, ''), COALESCE(u.swe_number, ''),
		a.started_at, a.ended_at, a.worker_change_reason
		FROM allocations a LEFT JOIN users u ON u.id = a.worker_id WHERE a.case_id `+scope+` ORDER BY a.case_id, a.started_at, a.id`, args...)
	if err != nil {
		return fmt.Errorf("social workers in the returns: %w", err)
	}
	defer rows.Close()
	allocs := map[string][]kith.AllocationSpan{}
	for rows.Next() {
		var caseID string
		var a kith.AllocationSpan
		var started, ended scanTime
		if err := rows.Scan(&caseID, &a.WorkerID, &a.WorkerName, &a.SWENumber, &started, &ended, &a.WorkerChangeReason); err != nil {
			return err
		}
		a.Started = kith.DateOf(started.T.In(kith.London))
		if ended.Valid {
			a.Ended = kith.DateOf(ended.T.In(kith.London))
		}
		allocs[caseID] = append(allocs[caseID], a)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for id, list := range allocs {
		byCase[id].WorkerSpells = kith.WorkerSpellsOf(list, byCase[id].Episodes)
	}
	return nil
}

// returnPlans gives each case its plans, with their reviews, the first
// first.
func (tx *Tx) returnPlans(ctx context.Context, byCase map[string]*kith.ReturnFacts, scope string, args []any) error {
	rows, err := tx.QueryContext(ctx, `SELECT `+planColumns+planFrom+` WHERE p.case_id `+scope+` ORDER BY p.case_id, p.started_on, p.created_at`, args...)
	if err != nil {
		return fmt.Errorf("plans in the returns: %w", err)
	}
	byID := map[string]*kith.Plan{}
	var plans []*kith.Plan
	for rows.Next() {
		p, err := scanPlan(rows)
		if err != nil {
			rows.Close()
			return err
		}
		byID[p.ID] = p
		plans = append(plans, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if err := tx.planReviews(ctx, byID, `p.case_id `+scope, args...); err != nil {
		return err
	}
	for _, p := range plans {
		byCase[p.CaseID].Plans = append(byCase[p.CaseID].Plans, *p)
	}
	for _, f := range byCase {
		sort.SliceStable(f.Plans, func(i, j int) bool { return f.Plans[i].StartedOn.Before(f.Plans[j].StartedOn) })
	}
	return nil
}

// returnOwnChildren gives each child the dates of birth of the children
// Kith records them as a parent of.
func (tx *Tx) returnOwnChildren(ctx context.Context, byPerson map[string]*kith.ReturnFacts, scope string, args []any) error {
	rows, err := tx.QueryContext(ctx, `SELECT r.person_id, p.date_of_birth FROM relationships r JOIN people p ON p.id = r.child_id
		WHERE r.kind = 'parent' AND p.date_of_birth IS NOT NULL
		AND r.person_id IN (SELECT c.child_id FROM cases c WHERE c.id `+scope+`) ORDER BY r.person_id, p.date_of_birth`, args...)
	if err != nil {
		return fmt.Errorf("children of the children in the returns: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var personID string
		var born scanDate
		if err := rows.Scan(&personID, &born); err != nil {
			return err
		}
		if f := byPerson[personID]; f != nil {
			f.OwnChildrenBorn = append(f.OwnChildrenBorn, born.D)
		}
	}
	return rows.Err()
}
