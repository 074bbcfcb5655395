package sqldb

import (
	"context"
	"slices"

	"kith"
	"kith/calendar"
	"kith/quality"
)

// WritingReport is the writing coach's team view for a period: what the
// team's finalised records most often miss, per 1,000 words, against the
// same length of time before. Managers (and service managers) see each
// practitioner's figures; a practitioner sees their team's and their own.
// Auditors see the teams' figures but no one's own.
func (db *DB) WritingReport(ctx context.Context, a kith.Actor, f TimelinessReportFilter) (*quality.Report, error) {
	var out *quality.Report
	err := db.read(ctx, func(tx *Tx) error {
		if err := kith.CheckPeriod(f.Period, calendar.DayOf(tx.now)); err != nil {
			return err
		}
		all, err := tx.teams(ctx, "")
		if err != nil {
			return err
		}
		var teams []kith.Team
		for _, t := range kith.WritingTeams(a, all) {
			if f.TeamID == "" || f.TeamID == t.ID {
				teams = append(teams, t)
			}
		}
		if len(teams) == 0 {
			if f.TeamID != "" {
				return kith.Errorf(kith.EFORBIDDEN, "You cannot see that team’s writing: choose one of your teams.")
			}
			return kith.Errorf(kith.EFORBIDDEN, "The writing view is for the members and managers of a team.")
		}
		scope := "Your teams"
		if len(teams) == 1 {
			scope = teams[0].Name
		}
		everyone := kith.SeesEveryWriter(a, teams)
		months := len(f.Period.Months())
		before := kith.TimelinessPeriod{From: f.Period.From.Add(-months), To: f.Period.From.Add(-1)}
		now, err := tx.writingTallies(ctx, a, teams, f.Period)
		if err != nil {
			return err
		}
		earlier, err := tx.writingTallies(ctx, a, teams, before)
		if err != nil {
			return err
		}
		rep := &quality.Report{Scope: scope, Period: f.Period, Before: before, AllWriters: everyone}
		for _, t := range now {
			rep.Now.Add(t)
		}
		for _, t := range earlier {
			rep.Earlier.Add(t)
		}
		rep.Rules = db.Quality.Rates(rep.Now, rep.Earlier)
		names, err := tx.userNames(ctx, now)
		if err != nil {
			return err
		}
		for id, t := range now {
			if everyone || id == a.UserID() {
				rep.Writers = append(rep.Writers, db.Quality.Writer(id, names[id], t))
			}
		}
		slices.SortFunc(rep.Writers, func(x, y quality.WriterRate) int {
			if x.Name < y.Name {
				return -1
			}
			if x.Name > y.Name {
				return 1
			}
			return 0
		})
		out = rep
		return nil
	})
	if err == nil {
		detail := out.Scope + " " + string(f.Period.From) + " to " + string(f.Period.To)
		err = db.auditReads(ctx, a, auditEntry{Action: kith.AuditQualityViewed, SubjectType: "team", SubjectID: f.TeamID, Detail: detail})
	}
	return out, db.finish(ctx, a, err)
}

// writingTallies adds up each writer's finalised records and findings in
// the teams over the period's months, leaving out the cases the reader is
// kept from (kith.FiguresCount) and records since withdrawn, as the
// timeliness report does. Only records the coach checked as they were
// finalised in Kith count: records loaded in bulk (an earlier system's, the
// demo council's history) were never checked, and have no words or
// findings to add.
func (tx *Tx) writingTallies(ctx context.Context, a kith.Actor, teams []kith.Team, p kith.TimelinessPeriod) (map[string]quality.Tally, error) {
	ids := make([]string, len(teams))
	for i, t := range teams {
		ids[i] = t.ID
	}
	from := p.From.First().Time(kith.London)
	to := p.To.Add(1).First().Time(kith.London)
	args := append([]any{ts(from), ts(to), a.UserID()}, anys(ids)...)
	in := placeholders(4, len(ids)) + `) AND q.case_id NOT IN (` + keptFromSQL("$3")
	out := map[string]quality.Tally{}
	rows, err := tx.QueryContext(ctx, `SELECT COALESCE(q.author_id, ''), COUNT(*), COALESCE(SUM(q.words), 0) FROM record_quality q
		JOIN records r ON r.id = q.record_id WHERE r.status = 'final' AND q.finalised_at >= $1 AND q.finalised_at < $2 AND q.team_id IN (`+in+`) GROUP BY q.author_id`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id string
		var t quality.Tally
		if err := rows.Scan(&id, &t.Records, &t.Words); err != nil {
			rows.Close()
			return nil, err
		}
		t.Findings, t.Dismissed = map[string]int{}, map[string]int{}
		out[id] = t
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT COALESCE(q.author_id, ''), f.rule, COUNT(*), SUM(CASE WHEN f.dismissed_reason <> '' THEN 1 ELSE 0 END)
		FROM record_findings f JOIN record_quality q ON q.record_id = f.record_id
		JOIN records r ON r.id = q.record_id WHERE r.status = 'final' AND q.finalised_at >= $1 AND q.finalised_at < $2 AND q.team_id IN (`+in+`) GROUP BY q.author_id, f.rule`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, rule string
		var n, dismissed int
		if err := rows.Scan(&id, &rule, &n, &dismissed); err != nil {
			return nil, err
		}
		out[id].Findings[rule] += n
		out[id].Dismissed[rule] += dismissed
	}
	return out, rows.Err()
}

// userNames returns the display names of the writers of tallies.
func (tx *Tx) userNames(ctx context.Context, tallies map[string]quality.Tally) (map[string]string, error) {
	out := map[string]string{}
	for id := range tallies {
		if id == "" {
			out[id] = "Kith"
			continue
		}
		var name string
		if err := tx.QueryRowContext(ctx, `SELECT display_name FROM users WHERE id = $1`, id).Scan(&name); err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, nil
}
