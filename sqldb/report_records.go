package sqldb

import (
	"context"
	"fmt"
	"strings"

	"kith"
	"kith/calendar"
)

// TimelinessRecordsPage is how many of a count's records one page lists.
const TimelinessRecordsPage = 100

// TimelinessRecords lists the records behind one count of the timeliness
// report (a slice of it), latest first by working days late: exactly the
// records the count counts, read from how each was judged when finalised
// (record_timeliness) where the report reads the counts kept with them.
// So: final records (a withdrawn one leaves both), finalised in the
// period's months, in the team they were finalised in, leaving out the
// cases the reader is kept from (kith.FiguresCount). A record on a case
// the reader may no longer open is listed without its child. Listing is
// audited with the cases listed.
func (db *DB) TimelinessRecords(ctx context.Context, a kith.Actor, f TimelinessReportFilter, s kith.TimelinessSlice, offset int) (*kith.TimelinessRecords, error) {
	out := &kith.TimelinessRecords{Period: f.Period, Slice: s, Offset: max(offset, 0), Rows: []kith.TimelinessRecord{}}
	var caseIDs []string
	err := db.read(ctx, func(tx *Tx) error {
		if err := kith.CheckPeriod(f.Period, calendar.DayOf(tx.now)); err != nil {
			return err
		}
		if err := kith.CheckSlice(s, f.Period); err != nil {
			return err
		}
		teams, scope, every, err := tx.reportScope(ctx, a, f.TeamID)
		if err != nil {
			return err
		}
		out.Scope = scope
		from, to := f.Period.From.First(), f.Period.To.Add(1).First().AddDays(-1)
		if s.Month != "" {
			from, to = s.Month.First(), s.Month.Add(1).First().AddDays(-1)
		}
		args := []any{a.UserID(), dt(from), dt(to)}
		where := []string{`r.status = 'final'`, `rt.finalised_on >= $2`, `rt.finalised_on <= $3`,
			`rt.case_id NOT IN (` + keptFromSQL("$1") + `)`}
		arg := func(v any) string {
			args = append(args, v)
			return fmt.Sprintf("$%d", len(args))
		}
		if !every {
			ph := make([]string, len(teams))
			for i, t := range teams {
				ph[i] = arg(t.ID)
			}
			where = append(where, `rt.team_id IN (`+strings.Join(ph, ", ")+`)`)
		}
		if s.TemplateKey != "" {
			where = append(where, `rt.template_key = `+arg(s.TemplateKey))
		}
		if s.Risk != "" {
			where = append(where, `rt.risk_identified = `+arg(s.Risk == "risk"))
		}
		if s.WorkerID != "" {
			where = append(where, `rt.author_id = `+arg(s.WorkerID))
		}
		switch s.Timing {
		case kith.TimingOnTime:
			where = append(where, `rt.working_days_late = 0`)
		case kith.TimingLate:
			where = append(where, `rt.working_days_late > 0`)
		}
		countFrom := ` FROM record_timeliness rt JOIN records r ON r.id = rt.record_id WHERE ` + strings.Join(where, " AND ")
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*)`+countFrom, args...).Scan(&out.Total); err != nil {
			return fmt.Errorf("count timeliness records: %w", err)
		}
		scopeCond, scopeArgs := scopeSQL(kith.ScopeFor(a, tx.policy(ctx)), len(args)+1)
		args = append(args, scopeArgs...)
		page := arg(TimelinessRecordsPage)
		skip := arg(out.Offset)
		rows, err := tx.QueryContext(ctx, `SELECT rt.record_id, c.id, c.reference, p.first_name, p.last_name, r.headline, rt.template_key,
			COALESCE(u.display_name, ''), rt.event_on, rt.due_on, rt.finalised_on, rt.working_days_taken, rt.working_days_late,
			CASE WHEN `+scopeCond+` THEN 1 ELSE 0 END
			FROM record_timeliness rt JOIN records r ON r.id = rt.record_id JOIN cases c ON c.id = rt.case_id
			JOIN people p ON p.id = c.child_id LEFT JOIN users u ON u.id = rt.author_id
			WHERE `+strings.Join(where, " AND ")+`
			ORDER BY rt.working_days_late DESC, rt.finalised_on DESC, rt.record_id LIMIT `+page+` OFFSET `+skip, args...)
		if err != nil {
			return fmt.Errorf("timeliness records: %w", err)
		}
		defer rows.Close()
		templates := map[string]string{}
		for rows.Next() {
			var rec kith.TimelinessRecord
			var caseID, first, last, key string
			var event, due, final scanDate
			var open int
			if err := rows.Scan(&rec.RecordID, &caseID, &rec.CaseRef, &first, &last, &rec.Headline, &key, &rec.AuthorName,
				&event, &due, &final, &rec.Lateness.Taken, &rec.Lateness.Late, &open); err != nil {
				return err
			}
			rec.Event, rec.Due, rec.Finalised = event.D, due.D, final.D
			templates[key] = key
			rec.TemplateName = key
			if open == 1 {
				rec.ChildName = strings.TrimSpace(first + " " + last)
				caseIDs = append(caseIDs, caseID)
			} else {
				// Counted in the team it was finalised in, but its case
				// is now where the reader may not open it.
				rec.RecordID, rec.CaseRef, rec.Headline, rec.Hidden = "", "", "", true
			}
			out.Rows = append(out.Rows, rec)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		for key := range templates {
			t, err := tx.latestTemplate(ctx, key)
			if err != nil {
				return err
			}
			templates[key] = t.Name
		}
		for i := range out.Rows {
			out.Rows[i].TemplateName = templates[out.Rows[i].TemplateName]
		}
		var worker string
		if s.WorkerID != "" {
			if err := tx.QueryRowContext(ctx, `SELECT display_name FROM users WHERE id = $1`, s.WorkerID).Scan(&worker); err != nil && !errNoRows(err) {
				return err
			}
		}
		var template string
		if s.TemplateKey != "" {
			if t, err := tx.latestTemplate(ctx, s.TemplateKey); err == nil {
				template = t.Name
			}
		}
		out.Label = kith.SliceLabel(s, template, worker)
		return nil
	})
	if err != nil {
		return nil, db.finish(ctx, a, err)
	}
	detail := fmt.Sprintf("Record timeliness, %s to %s, %s: %s, from record %d", f.Period.From, f.Period.To, out.Scope, out.Label, out.Offset+1)
	if err := db.auditListing(ctx, a, kith.AuditRecordListed, detail, caseIDs); err != nil {
		return nil, err
	}
	return out, nil
}
