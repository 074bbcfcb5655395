package sqldb

import (
	"context"
	"encoding/json"
	"fmt"
	"sync/atomic"

	"kith"
	"kith/calendar"
)

// timelinessState is the settings in force and the calendar built from them.
type timelinessState struct {
	settings kith.TimelinessSettings
	cal      *calendar.Calendar
}

// timelinessCache holds the newest settings this process has read. Another
// server may save newer ones, so every use first reads the newest version
// number (one row from the primary key) and reloads when it has moved.
type timelinessCache struct {
	p atomic.Pointer[timelinessState]
}

// timeliness returns the settings in force and their calendar.
func (tx *Tx) timeliness(ctx context.Context) (*timelinessState, error) {
	var version int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM timeliness_settings`).Scan(&version); err != nil {
		return nil, fmt.Errorf("timeliness version: %w", err)
	}
	if st := tx.db.timeliness.p.Load(); st != nil && st.settings.Version == version {
		return st, nil
	}
	s := kith.DefaultTimelinessSettings()
	if version > 0 {
		var closures, policies string
		var at scanTime
		err := tx.QueryRowContext(ctx, `SELECT t.nation, t.closures, t.policies, t.reason, t.created_at, COALESCE(u.display_name, '')
			FROM timeliness_settings t LEFT JOIN users u ON u.id = t.created_by WHERE t.version = $1`, version).
			Scan(&s.Nation, &closures, &policies, &s.Reason, &at, &s.CreatedByName)
		if err != nil {
			return nil, fmt.Errorf("timeliness settings: %w", err)
		}
		s.Version, s.CreatedAt = version, at.T
		if err := json.Unmarshal([]byte(closures), &s.Closures); err != nil {
			return nil, fmt.Errorf("timeliness settings %d closures: %w", version, err)
		}
		s.Policies = kith.Policies{}
		if err := json.Unmarshal([]byte(policies), &s.Policies); err != nil {
			return nil, fmt.Errorf("timeliness settings %d policies: %w", version, err)
		}
		s.Policies = s.Policies.WithNewKinds()
	}
	cal, err := calendar.New(calendar.Nation(s.Nation), s.Closures)
	if err != nil {
		return nil, fmt.Errorf("timeliness settings %d: %w", version, err)
	}
	st := &timelinessState{settings: s, cal: cal}
	tx.db.timeliness.p.Store(st)
	return st, nil
}

// TimelinessSettings returns the council's calendar and clocks in force.
func (db *DB) TimelinessSettings(ctx context.Context) (kith.TimelinessSettings, *calendar.Calendar, error) {
	var st *timelinessState
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		st, err = tx.timeliness(ctx)
		return err
	})
	if err != nil {
		return kith.TimelinessSettings{}, nil, err
	}
	return st.settings, st.cal, nil
}

// SaveTimelinessSettings checks and saves a new version of the council's
// calendar and clocks. in.Version is the version the change started from:
// if someone saved since, nothing is saved. A refused change leaves the
// settings in force as they were.
func (db *DB) SaveTimelinessSettings(ctx context.Context, a kith.Actor, in kith.TimelinessSettings) (kith.TimelinessSettings, error) {
	if !kith.CanSetTimeliness(a) {
		return kith.TimelinessSettings{}, db.finish(ctx, a, kith.Errorf(kith.EFORBIDDEN, "Only an administrator or a service manager can change the working-day calendar and deadlines."))
	}
	in.Reason = kith.CleanText(in.Reason)
	if err := in.Check(calendar.ValidNation); err != nil {
		return kith.TimelinessSettings{}, err
	}
	if in.Closures == nil {
		in.Closures = []kith.Closure{}
	}
	closures, _ := json.Marshal(in.Closures)
	policies, _ := json.Marshal(in.Policies)
	var out kith.TimelinessSettings
	err := db.write(ctx, func(tx *Tx) error {
		cur, err := tx.timeliness(ctx)
		if err != nil {
			return err
		}
		if in.Version != cur.settings.Version {
			return kith.Errorf(kith.ECONFLICT, "Someone changed the calendar and deadlines since you opened them. Your changes were not saved: look at the settings now in force and make them again.")
		}
		next := cur.settings.Version + 1
		if _, err := tx.ExecContext(ctx, `INSERT INTO timeliness_settings (version, nation, closures, policies, reason, created_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, next, in.Nation, string(closures), string(policies), in.Reason, ts(tx.now), nullString(a.UserID())); err != nil {
			return fmt.Errorf("save timeliness settings: %w", err)
		}
		st, err := tx.timeliness(ctx)
		if err != nil {
			return err
		}
		out = st.settings
		return tx.audit(a, auditEntry{Action: kith.AuditTimelinessChanged, SubjectType: "timeliness", SubjectID: fmt.Sprint(next), Detail: in.Reason})
	})
	// Should the transaction roll back, the cache may hold the version it
	// wrote; the next use finds a lower newest version and reloads.
	return out, db.finish(ctx, a, err)
}

// judgeRecord stores the deadline a record was finalised against and how
// late it was, counts it for the timeliness report and moves its case's
// clock dates on. It runs in the transaction that finalises the record.
func (tx *Tx) judgeRecord(ctx context.Context, c *kith.Case, r *kith.Record, t *kith.Template) error {
	st, err := tx.timeliness(ctx)
	if err != nil {
		return err
	}
	pol := st.settings.Policies
	facts := kith.RecordFactsOf(t, r)
	if due, ok := pol.RecordingDeadline(facts, st.cal); ok {
		finalOn := calendar.DayOf(tx.now)
		late := kith.JudgeRecord(facts.Event, due.Due, finalOn, st.cal)
		if _, err := tx.ExecContext(ctx, `INSERT INTO record_timeliness (record_id, case_id, team_id, author_id, template_key, risk_identified,
			event_on, due_on, clock_key, rule, finalised_on, working_days_taken, working_days_late, settings_version)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
			r.ID, c.ID, c.TeamID, r.AuthorID, t.Key, r.RiskIdentified, dt(facts.Event), dt(due.Due), due.ClockKey, due.Rule,
			dt(finalOn), late.Taken, late.Late, st.settings.Version); err != nil {
			return fmt.Errorf("record timeliness: %w", err)
		}
		if err := tx.countTimeliness(ctx, finalOn, c.TeamID, r.AuthorID, t.Key, r.RiskIdentified, late, 1); err != nil {
			return err
		}
	}
	f, err := tx.caseFacts(ctx, c.ID)
	if err != nil {
		return err
	}
	before := f.Dates()
	pol.NoteRecord(&f, t, r)
	if f.Dates() == before {
		return nil
	}
	return tx.saveCaseFacts(ctx, f)
}

// addTimelinessCount adds to the report's count for one kind of record.
const addTimelinessCount = `INSERT INTO timeliness_counts (month, team_id, author_id, template_key, risk_identified, working_days_taken, on_time, records)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
	ON CONFLICT (month, team_id, author_id, template_key, risk_identified, working_days_taken, on_time)
	DO UPDATE SET records = timeliness_counts.records + excluded.records`

// countTimeliness adds delta to the report's count for one kind of record.
func (tx *Tx) countTimeliness(ctx context.Context, finalOn kith.Date, teamID, authorID, templateKey string, risk bool, l kith.Lateness, delta int) error {
	_, err := tx.ExecContext(ctx, addTimelinessCount, string(kith.MonthOf(finalOn)), teamID, authorID, templateKey, risk, l.Taken, l.OnTime(), delta)
	if err != nil {
		return fmt.Errorf("count record timeliness: %w", err)
	}
	return nil
}

// recordTimeliness reads how a final record was judged.
func (tx *Tx) recordTimeliness(ctx context.Context, recordID string) (*kith.RecordTimeliness, error) {
	var due scanDate
	var rt kith.RecordTimeliness
	var l kith.Lateness
	err := tx.QueryRowContext(ctx, `SELECT due_on, rule, working_days_taken, working_days_late FROM record_timeliness WHERE record_id = $1`, recordID).
		Scan(&due, &rt.Rule, &l.Taken, &l.Late)
	if errNoRows(err) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("record timeliness: %w", err)
	}
	rt.Due, rt.Lateness = due.D, &l
	return &rt, nil
}

// timelinessOf is how a record stands against its deadline: as judged
// when it was finalised, or for a draft under the clocks in force today
// (counted from when it was begun until it has an event date).
func (tx *Tx) timelinessOf(ctx context.Context, r *kith.Record, t *kith.Template) (*kith.RecordTimeliness, error) {
	if r.Status != kith.RecordDraft {
		return tx.recordTimeliness(ctx, r.ID)
	}
	st, err := tx.timeliness(ctx)
	if err != nil {
		return nil, err
	}
	// A draft with no event date yet counts from when it was begun, as
	// My drafts and My work count it.
	facts := kith.RecordFactsOf(t, r)
	if facts.Event.IsZero() && !r.CreatedAt.IsZero() {
		facts.Event = calendar.DayOf(r.CreatedAt)
	}
	due, ok := st.settings.Policies.RecordingDeadline(facts, st.cal)
	if !ok {
		return nil, nil
	}
	return &kith.RecordTimeliness{Due: due.Due, Rule: due.Rule}, nil
}

// unjudgeRecord takes a withdrawn record out of the timeliness report and
// works its case's clock dates out again without it.
func (tx *Tx) unjudgeRecord(ctx context.Context, c *kith.Case, r *kith.Record) error {
	var teamID, authorID, templateKey string
	var risk bool
	var finalOn scanDate
	var l kith.Lateness
	err := tx.QueryRowContext(ctx, `SELECT team_id, author_id, template_key, risk_identified, finalised_on, working_days_taken, working_days_late
		FROM record_timeliness WHERE record_id = $1`, r.ID).Scan(&teamID, &authorID, &templateKey, &risk, &finalOn, &l.Taken, &l.Late)
	switch {
	case errNoRows(err):
	case err != nil:
		return fmt.Errorf("record timeliness: %w", err)
	default:
		if err := tx.countTimeliness(ctx, finalOn.D, teamID, authorID, templateKey, risk, l, -1); err != nil {
			return err
		}
	}
	return tx.recountCaseFacts(ctx, c.ID)
}

// caseFacts reads the clock dates kept for a case (zero dates if none yet).
func (tx *Tx) caseFacts(ctx context.Context, caseID string) (kith.CaseFacts, error) {
	f := kith.CaseFacts{CaseID: caseID}
	var dates factDates
	err := tx.QueryRowContext(ctx, `SELECT `+factColumns+` FROM case_facts f WHERE f.case_id = $1`, caseID).Scan(dates.dest()...)
	if errNoRows(err) {
		return f, nil
	} else if err != nil {
		return f, fmt.Errorf("case facts: %w", err)
	}
	dates.into(&f)
	return f, nil
}

// factColumns are the dates kept in case_facts f, as factDates reads them.
const factColumns = `f.placement_on, f.last_visit_on, f.last_seen_on, f.last_seen_alone_on, f.last_summary_on, f.last_oversight_on`

// factDates scans factColumns (NULL when a case has no row yet).
type factDates [6]scanDate

func (d *factDates) dest() []any {
	out := make([]any, len(d))
	for i := range d {
		out[i] = &d[i]
	}
	return out
}

func (d *factDates) into(f *kith.CaseFacts) {
	f.PlacementOn, f.LastVisit, f.LastSeen, f.LastSeenAlone, f.LastSummary, f.LastOversight = d[0].D, d[1].D, d[2].D, d[3].D, d[4].D, d[5].D
}

func (tx *Tx) saveCaseFacts(ctx context.Context, f kith.CaseFacts) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO case_facts (case_id, placement_on, last_visit_on, last_seen_on, last_seen_alone_on, last_summary_on, last_oversight_on)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (case_id) DO UPDATE SET placement_on = excluded.placement_on, last_visit_on = excluded.last_visit_on,
			last_seen_on = excluded.last_seen_on, last_seen_alone_on = excluded.last_seen_alone_on,
			last_summary_on = excluded.last_summary_on, last_oversight_on = excluded.last_oversight_on`,
		f.CaseID, dt(f.PlacementOn), dt(f.LastVisit), dt(f.LastSeen), dt(f.LastSeenAlone), dt(f.LastSummary), dt(f.LastOversight))
	if err != nil {
		return fmt.Errorf("save case facts: %w", err)
	}
	return nil
}

// recountCaseFacts works a case's clock dates out from its final records,
// after one is withdrawn. Withdrawal is rare, so reading the running record
// here is fine; nothing on a busy path does.
func (tx *Tx) recountCaseFacts(ctx context.Context, caseID string) error {
	st, err := tx.timeliness(ctx)
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+recordColumns+recordFrom+` WHERE r.case_id = $1 AND r.status = 'final'`, caseID)
	if err != nil {
		return fmt.Errorf("recount case facts: %w", err)
	}
	var records []*kith.Record
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			rows.Close()
			return err
		}
		records = append(records, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	f := kith.CaseFacts{CaseID: caseID}
	for _, r := range records {
		t, err := tx.template(ctx, r.TemplateKey, r.TemplateVersion)
		if err != nil {
			return err
		}
		st.settings.Policies.NoteRecord(&f, t, r)
	}
	placed, err := tx.latestPlacement(ctx, caseID)
	if err != nil {
		return err
	}
	if placed.After(f.PlacementOn) {
		f.PlacementOn = placed
	}
	return tx.saveCaseFacts(ctx, f)
}
