package sqldb

import (
	"context"
	"fmt"
	"strings"

	"kith"
	"kith/calendar"
)

// WorkFilter chooses whose work a list shows.
type WorkFilter struct {
	// Mine: the cases allocated to the actor and the drafts they wrote.
	// Otherwise the open cases of the teams the actor manages (narrowed by
	// TeamID and WorkerID) and every draft on them.
	Mine     bool
	TeamID   string
	WorkerID string // or WorkerNone: cases waiting for a worker
}

// WorkerNone in a WorkFilter chooses the cases no worker holds.
const WorkerNone = "none"

// WorkList is what is overdue and due soon across a set of open cases,
// and, for a team, the same counted per worker.
type WorkList struct {
	kith.Work
	Workers []kith.WorkerLoad `json:"workers,omitempty"`
	// CaseIDs are the open cases the list covers, which its audit event
	// names.
	CaseIDs []string `json:"-"`
}

// Work lists what is overdue and what is due in the next five working days
// across a caseload: drafts past their deadline, visits, summaries,
// management oversight and open actions, the overdue in My work's order
// (kith.TriageLess). It reads each case's kept clock
// dates (case_facts), never its running record. The listing is audited.
func (db *DB) Work(ctx context.Context, a kith.Actor, f WorkFilter) (*WorkList, error) {
	if !f.Mine && !kith.CanSeeTeamWork(a) {
		return nil, db.finish(ctx, a, kith.Errorf(kith.EFORBIDDEN, "Only a team manager or service manager can see a team's work."))
	}
	var out WorkList
	var cases []kith.WorkCase
	var month []kith.MonthRecords
	var shown []string // the cases of drafts listed, which may not be among cases
	err := db.read(ctx, func(tx *Tx) error {
		st, err := tx.timeliness(ctx)
		if err != nil {
			return err
		}
		where, args := workWhere(a, f, tx.policy(ctx))
		if cases, err = tx.workCases(ctx, where, args); err != nil {
			return err
		}
		var items []kith.WorkItem
		byID := map[string]kith.WorkCase{}
		for _, c := range cases {
			byID[c.CaseID] = c
			items = append(items, st.settings.Policies.CaseWork(c, st.cal)...)
		}
		draftWhere, draftArgs := where, args
		if f.Mine {
			scope, sargs := scopeSQL(kith.ScopeFor(a, tx.policy(ctx)), 2)
			draftWhere, draftArgs = "r.author_id = $1 AND "+scope, append([]any{a.UserID()}, sargs...)
		}
		drafts, err := tx.drafts(ctx, draftWhere, draftArgs)
		if err != nil {
			return err
		}
		for _, d := range drafts {
			if d.Blank {
				continue
			}
			c, ok := byID[d.CaseID]
			if !ok {
				c = kith.WorkCase{CaseID: d.CaseID, Reference: d.CaseReference, ChildName: d.ChildName}
			}
			it := c.DraftWork(d.ID, d.TemplateKey, d.TemplateName, d.Headline, d.AuthorName,
				kith.RecordingDeadline{Due: d.DueBy, Rule: d.DueRule, ClockKey: d.DueClock})
			it.HarmOrRisk = d.Risk
			items = append(items, it)
			shown = append(shown, d.CaseID)
		}
		today := calendar.DayOf(tx.now)
		actions, err := tx.actionWork(ctx, where, args, st.cal.AddWorkingDays(today, kith.WorkHorizon), byID)
		if err != nil {
			return err
		}
		items = append(items, actions...)
		if clock, ok := st.settings.Policies.ReferralClock(); ok {
			referrals, err := tx.referralWork(ctx, where, args, st.cal.AddWorkingDays(today, kith.WorkHorizon), clock, st.cal, byID)
			if err != nil {
				return err
			}
			items = append(items, referrals...)
		}
		decisions, err := tx.decisionWork(ctx, where, args, st.cal.AddWorkingDays(today, kith.WorkHorizon), st.cal, byID)
		if err != nil {
			return err
		}
		items = append(items, decisions...)
		assessing, err := tx.assessmentWork(ctx, where, args, st.cal.AddWorkingDays(today, kith.WorkHorizon), st.cal, byID)
		if err != nil {
			return err
		}
		items = append(items, assessing...)
		conferences, err := tx.conferenceWork(ctx, where, args, st.cal.AddWorkingDays(today, kith.WorkHorizon), byID)
		if err != nil {
			return err
		}
		items = append(items, conferences...)
		protection, err := tx.childProtectionWork(ctx, where, args, st.cal.AddWorkingDays(today, kith.WorkHorizon), st.cal, byID)
		if err != nil {
			return err
		}
		items = append(items, protection...)
		reviews, err := tx.claReviewWork(ctx, where, args, st.cal.AddWorkingDays(today, kith.WorkHorizon), st.cal, byID)
		if err != nil {
			return err
		}
		items = append(items, reviews...)
		out.Work = kith.PlanWork(items, today, st.cal)
		out.Cases = len(cases)
		if !f.Mine {
			month, err = tx.monthRecords(ctx, a, kith.MonthOf(today), f)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if !f.Mine {
		out.Workers = kith.LoadByWorker(out.Work, cases, month)
	}
	ids := shown
	for _, c := range cases {
		ids = append(ids, c.CaseID)
		out.CaseIDs = append(out.CaseIDs, c.CaseID)
	}
	detail := "My work"
	if !f.Mine {
		detail = "Team work"
		if f.TeamID != "" {
			detail += ", team " + f.TeamID
		}
		if f.WorkerID != "" {
			detail += ", worker " + f.WorkerID
		}
	}
	if err := db.auditListing(ctx, a, kith.AuditCaseListed, detail, ids); err != nil {
		return nil, err
	}
	return &out, nil
}

// workWhere is the condition on cases c for a work list: open, in the
// actor's scope, and the actor's own or the chosen team's and worker's.
func workWhere(a kith.Actor, f WorkFilter, p kith.AccessPolicy) (string, []any) {
	scope, args := scopeSQL(kith.ScopeFor(a, p), 1)
	where := []string{"c.state = 'open'", scope}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.Mine {
		add("c.worker_id = $%d", a.UserID())
	}
	if !f.Mine && f.TeamID != "" {
		add("c.team_id = $%d", f.TeamID)
	}
	switch {
	case f.Mine || f.WorkerID == "":
	case f.WorkerID == WorkerNone:
		where = append(where, "c.worker_id IS NULL")
	default:
		add("c.worker_id = $%d", f.WorkerID)
	}
	return strings.Join(where, " AND "), args
}

// workCases reads the open cases matching where, each with its clock dates:
// allocation, current statuses and the dates kept in case_facts.
func (tx *Tx) workCases(ctx context.Context, where string, args []any) ([]kith.WorkCase, error) {
	rows, err := tx.QueryContext(ctx, `SELECT c.id, c.reference, p.first_name, p.last_name, c.team_id, COALESCE(c.worker_id, ''),
		COALESCE(w.display_name, ''), c.allocated_at, c.opened_on, `+factColumns+`
		FROM cases c JOIN people p ON p.id = c.child_id LEFT JOIN users w ON w.id = c.worker_id
		LEFT JOIN case_facts f ON f.case_id = c.id
		WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("work cases: %w", err)
	}
	defer rows.Close()
	var out []kith.WorkCase
	index := map[string]int{}
	for rows.Next() {
		var c kith.WorkCase
		var first, last string
		var allocated scanTime
		var opened scanDate
		var dates factDates
		if err := rows.Scan(append([]any{&c.CaseID, &c.Reference, &first, &last, &c.TeamID, &c.WorkerID, &c.WorkerName, &allocated, &opened},
			dates.dest()...)...); err != nil {
			return nil, err
		}
		c.ChildName = strings.TrimSpace(first + " " + last)
		c.Facts = kith.CaseFacts{CaseID: c.CaseID, AllocatedOn: opened.D, Statuses: map[kith.StatusKind]kith.Date{}}
		dates.into(&c.Facts)
		if allocated.Valid {
			c.Facts.AllocatedOn = calendar.DayOf(allocated.T)
		}
		index[c.CaseID] = len(out)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(out) == 0 {
		return out, nil
	}
	srows, err := tx.QueryContext(ctx, `SELECT sp.case_id, sp.kind, sp.started_on FROM status_periods sp JOIN cases c ON c.id = sp.case_id
		WHERE sp.ended_on IS NULL AND `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("work case statuses: %w", err)
	}
	defer srows.Close()
	for srows.Next() {
		var id, kind string
		var began scanDate
		if err := srows.Scan(&id, &kind, &began); err != nil {
			return nil, err
		}
		if i, ok := index[id]; ok {
			out[i].Facts.Statuses[kith.StatusKind(kind)] = began.D
		}
	}
	return out, srows.Err()
}

// caseClocks is what is due next on one open case, and when its child was
// last visited and seen.
func (tx *Tx) caseClocks(ctx context.Context, caseID string) (*kith.CaseClocks, error) {
	st, err := tx.timeliness(ctx)
	if err != nil {
		return nil, err
	}
	cases, err := tx.workCases(ctx, "c.id = $1", []any{caseID})
	if err != nil || len(cases) == 0 {
		return nil, err
	}
	f := cases[0].Facts
	next := st.settings.Policies.NextDue(f, st.cal)
	if next == nil {
		next = []kith.Due{}
	}
	return &kith.CaseClocks{Today: calendar.DayOf(tx.now), LastVisit: f.LastVisit, LastSeen: f.LastSeen, LastSeenAlone: f.LastSeenAlone, Next: next}, nil
}

// monthRecords counts, per worker, the records finalised in a month on the
// teams of a team work list (those the actor may report on), from the
// report's monthly counts.
func (tx *Tx) monthRecords(ctx context.Context, a kith.Actor, m kith.Month, f WorkFilter) ([]kith.MonthRecords, error) {
	if f.WorkerID == WorkerNone {
		return nil, nil // nobody wrote the records of cases nobody holds
	}
	all, err := tx.teams(ctx, "")
	if err != nil {
		return nil, err
	}
	teams := map[string]bool{}
	for _, t := range kith.ReportTeams(a, all) {
		if f.TeamID == "" || f.TeamID == t.ID {
			teams[t.ID] = true
		}
	}
	if len(teams) == 0 {
		return nil, nil
	}
	args := []any{string(m)}
	var ph []string
	for id := range teams {
		args = append(args, id)
		ph = append(ph, fmt.Sprintf("$%d", len(args)))
	}
	q := `SELECT t.author_id, u.display_name, SUM(t.records), SUM(CASE WHEN t.on_time THEN 0 ELSE t.records END)
		FROM timeliness_counts t JOIN users u ON u.id = t.author_id
		WHERE t.month = $1 AND t.team_id IN (` + strings.Join(ph, ", ") + `)`
	if f.WorkerID != "" {
		args = append(args, f.WorkerID)
		q += fmt.Sprintf(" AND t.author_id = $%d", len(args))
	}
	rows, err := tx.QueryContext(ctx, q+` GROUP BY t.author_id, u.display_name HAVING SUM(t.records) > 0`, args...)
	if err != nil {
		return nil, fmt.Errorf("records this month: %w", err)
	}
	defer rows.Close()
	var out []kith.MonthRecords
	for rows.Next() {
		var r kith.MonthRecords
		if err := rows.Scan(&r.WorkerID, &r.WorkerName, &r.Finalised, &r.Late); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	// The counts are kept for everyone: the records of cases the reader
	// is kept from come out of them (kith.FiguresCount).
	ids := make([]string, 0, len(teams))
	for id := range teams {
		ids = append(ids, id)
	}
	hidden, err := tx.hiddenRecords(ctx, a, m.First(), m.Add(1).First().AddDays(-1), ids, f.WorkerID)
	if err != nil {
		return nil, err
	}
	return kith.MonthRecordsWithout(out, hidden), nil
}
