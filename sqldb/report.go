package sqldb

import (
	"context"
	"fmt"
	"strings"

	"kith"
	"kith/calendar"
)

// TimelinessReportFilter chooses a report's period and team.
type TimelinessReportFilter struct {
	Period kith.TimelinessPeriod
	TeamID string // empty: every team the actor may report on
}

// TimelinessReport adds up the record-timeliness counts for a period and a
// team, or every team the actor may report on. It reads the monthly counts
// kept as records are finalised (timeliness_counts), never the records
// themselves, so it costs the same however long the record grows. Viewing
// it is audited.
func (db *DB) TimelinessReport(ctx context.Context, a kith.Actor, f TimelinessReportFilter) (*kith.TimelinessReport, error) {
	var out kith.TimelinessReport
	err := db.read(ctx, func(tx *Tx) error {
		if err := kith.CheckPeriod(f.Period, calendar.DayOf(tx.now)); err != nil {
			return err
		}
		teams, scope, every, err := tx.reportScope(ctx, a, f.TeamID)
		if err != nil {
			return err
		}
		counts, err := tx.timelinessCounts(ctx, f.Period, teams, every)
		if err != nil {
			return err
		}
		// The counts are kept for everyone: the records of cases the
		// reader is kept from come out of them (kith.FiguresCount).
		var teamIDs []string
		if !every {
			teamIDs = []string{}
			for _, t := range teams {
				teamIDs = append(teamIDs, t.ID)
			}
		}
		hidden, err := tx.hiddenRecords(ctx, a, f.Period.From.First(), f.Period.To.Add(1).First().AddDays(-1), teamIDs, "")
		if err != nil {
			return err
		}
		counts = counts.Without(hidden)
		names, err := tx.reportNames(ctx, counts)
		if err != nil {
			return err
		}
		out = kith.BuildTimelinessReport(f.Period, scope, counts, names)
		return nil
	})
	if err != nil {
		return nil, db.finish(ctx, a, err)
	}
	detail := fmt.Sprintf("Record timeliness, %s to %s, %s", f.Period.From, f.Period.To, out.Scope)
	if err := db.auditListing(ctx, a, kith.AuditReportViewed, detail, nil); err != nil {
		return nil, err
	}
	return &out, nil
}

// reportScope is the teams a timeliness report (or the records behind one
// of its counts) covers for the actor: the team chosen, or every team they
// may report on; the scope's name; and whether that is every team.
func (tx *Tx) reportScope(ctx context.Context, a kith.Actor, teamID string) ([]kith.Team, string, bool, error) {
	all, err := tx.teams(ctx, "")
	if err != nil {
		return nil, "", false, err
	}
	teams := kith.ReportTeams(a, all)
	if len(teams) == 0 {
		return nil, "", false, kith.Errorf(kith.EFORBIDDEN, "Only managers and auditors can see the record timeliness report.")
	}
	scope := "All your teams"
	if len(teams) == len(all) {
		scope = "Every team"
	}
	if teamID != "" {
		var one []kith.Team
		for _, t := range teams {
			if t.ID == teamID {
				one, scope = []kith.Team{t}, t.Name
			}
		}
		if one == nil {
			return nil, "", false, kith.Errorf(kith.EFORBIDDEN, "You cannot see that team's figures: choose one of your teams.")
		}
		teams = one
	}
	return teams, scope, len(teams) == len(all), nil
}

// timelinessCounts adds up the counts for a period and teams (every team:
// no team condition at all) the two ways the report needs, in the
// database: a year of a large council is a few hundred thousand rows in,
// a few thousand out.
func (tx *Tx) timelinessCounts(ctx context.Context, p kith.TimelinessPeriod, teams []kith.Team, every bool) (kith.TimelinessCounts, error) {
	where := `month >= $1 AND month <= $2 AND records > 0`
	args := []any{string(p.From), string(p.To)}
	if !every {
		ph := make([]string, len(teams))
		for i, t := range teams {
			args = append(args, t.ID)
			ph[i] = fmt.Sprintf("$%d", len(args))
		}
		where += ` AND team_id IN (` + strings.Join(ph, ", ") + `)`
	}
	var out kith.TimelinessCounts
	rows, err := tx.QueryContext(ctx, `SELECT month, template_key, risk_identified, working_days_taken, on_time, SUM(records)
		FROM timeliness_counts WHERE `+where+` GROUP BY month, template_key, risk_identified, working_days_taken, on_time`, args...)
	if err != nil {
		return out, fmt.Errorf("timeliness counts by kind: %w", err)
	}
	for rows.Next() {
		var c kith.TimelinessCount
		var month string
		if err := rows.Scan(&month, &c.TemplateKey, &c.Risk, &c.Taken, &c.OnTime, &c.Records); err != nil {
			rows.Close()
			return out, err
		}
		c.Month = kith.Month(month)
		out.ByKind = append(out.ByKind, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT author_id, working_days_taken, on_time, SUM(records)
		FROM timeliness_counts WHERE `+where+` GROUP BY author_id, working_days_taken, on_time`, args...)
	if err != nil {
		return out, fmt.Errorf("timeliness counts by worker: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c kith.TimelinessCount
		if err := rows.Scan(&c.AuthorID, &c.Taken, &c.OnTime, &c.Records); err != nil {
			return out, err
		}
		out.ByWorker = append(out.ByWorker, c)
	}
	return out, rows.Err()
}

// reportNames names the templates and authors the counts refer to.
func (tx *Tx) reportNames(ctx context.Context, counts kith.TimelinessCounts) (kith.ReportNames, error) {
	names := kith.ReportNames{Templates: map[string]string{}, Workers: map[string]string{}}
	authors := map[string]bool{}
	for _, c := range counts.ByWorker {
		authors[c.AuthorID] = true
	}
	for _, c := range counts.ByKind {
		if _, ok := names.Templates[c.TemplateKey]; !ok {
			t, err := tx.latestTemplate(ctx, c.TemplateKey)
			if err != nil {
				return names, err
			}
			names.Templates[c.TemplateKey] = t.Name
		}
	}
	if len(authors) == 0 {
		return names, nil
	}
	ids := make([]string, 0, len(authors))
	for id := range authors {
		ids = append(ids, id)
	}
	pairs, err := tx.pairs(ctx, `SELECT id, display_name FROM users WHERE id IN (`+placeholders(1, len(ids))+`)`, anys(ids)...)
	if err != nil {
		return names, fmt.Errorf("report names: %w", err)
	}
	for id, n := range pairs {
		if len(n) > 0 {
			names.Workers[id] = n[0]
		}
	}
	return names, nil
}
