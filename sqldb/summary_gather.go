package sqldb

import (
	"context"
	"encoding/json"
	"fmt"

	"kith"
)

// gatherSummary gathers a case summary's facts for a period from what the
// case holds now: its final records whose day is in the period (the
// running-record index finds them without reading the rest of the case),
// its actions and referrals that touch the period, the objectives of the
// plans in force in it, and the adults outside the household.
func (tx *Tx) gatherSummary(ctx context.Context, c *kith.Case, p kith.SummaryPeriod) (kith.SummaryFacts, error) {
	in := kith.SummaryInputs{Period: p}
	from, until := dayBounds(p.From, p.To)
	rows, err := tx.QueryContext(ctx, `SELECT id, template_key, template_version, headline, occurred_at, occurred_until, content FROM records
		WHERE case_id = $1 AND status = 'final' AND occurred_at >= $2 AND occurred_at < $3 ORDER BY occurred_at, id`, c.ID, ts(from), ts(until))
	if err != nil {
		return kith.SummaryFacts{}, fmt.Errorf("summary records: %w", err)
	}
	type row struct {
		r       kith.Record
		content string
	}
	var found []row
	for rows.Next() {
		var x row
		var at, until scanTime
		if err := rows.Scan(&x.r.ID, &x.r.TemplateKey, &x.r.TemplateVersion, &x.r.Headline, &at, &until, &x.content); err != nil {
			rows.Close()
			return kith.SummaryFacts{}, err
		}
		x.r.OccurredAt, x.r.OccurredUntil, x.r.Status = at.T, until.Ptr(), kith.RecordFinal
		found = append(found, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return kith.SummaryFacts{}, err
	}
	for i := range found {
		r := &found[i].r
		t, err := tx.template(ctx, r.TemplateKey, r.TemplateVersion)
		if err != nil {
			return kith.SummaryFacts{}, err
		}
		if err := json.Unmarshal([]byte(found[i].content), &r.Content); err != nil {
			return kith.SummaryFacts{}, fmt.Errorf("record %s content: %w", r.ID, err)
		}
		r.TemplateName = t.Name
		in.Records = append(in.Records, kith.SummarySource{Record: r, Template: t})
	}
	// Actions raised by the end of the period and not closed before it,
	// leaving out those agreed in withdrawn records, as their records are.
	arows, err := tx.QueryContext(ctx, `SELECT `+actionColumns+actionFrom+`
		WHERE a.case_id = $1 AND a.created_at < $2 AND (a.status = 'open' OR a.closed_on >= $3) AND (sr.status IS NULL OR sr.status <> 'withdrawn')
		ORDER BY a.created_at`, c.ID, ts(until), dt(p.From))
	if err != nil {
		return kith.SummaryFacts{}, fmt.Errorf("summary actions: %w", err)
	}
	for arows.Next() {
		x, err := scanAction(arows)
		if err != nil {
			arows.Close()
			return kith.SummaryFacts{}, err
		}
		in.Actions = append(in.Actions, *x)
	}
	arows.Close()
	if err := arows.Err(); err != nil {
		return kith.SummaryFacts{}, err
	}
	if in.Referrals, err = tx.referrals(ctx, `r.case_id = $1 AND r.referred_on <= $2`, c.ID, dt(p.To)); err != nil {
		return kith.SummaryFacts{}, err
	}
	if in.Objectives, err = tx.summaryObjectives(ctx, c, p); err != nil {
		return kith.SummaryFacts{}, err
	}
	if in.Adults, err = tx.adultsElsewhere(ctx, c); err != nil {
		return kith.SummaryFacts{}, err
	}
	return kith.GatherSummary(in), nil
}

// summaryObjectives are the objectives of the plans in force at any time
// in the period, each with its plan's title.
func (tx *Tx) summaryObjectives(ctx context.Context, c *kith.Case, p kith.SummaryPeriod) ([]kith.SummaryObjective, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+planColumns+planFrom+` WHERE p.case_id = $1 AND p.started_on <= $2 AND (p.ended_on IS NULL OR p.ended_on >= $3)
		ORDER BY p.started_on, p.created_at`, c.ID, dt(p.To), dt(p.From))
	if err != nil {
		return nil, fmt.Errorf("summary plans: %w", err)
	}
	var plans []*kith.Plan
	for rows.Next() {
		pl, err := scanPlan(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		plans = append(plans, pl)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(plans) == 0 {
		return nil, err
	}
	first, err := tx.childFirstName(ctx, c)
	if err != nil {
		return nil, err
	}
	var out []kith.SummaryObjective
	for _, pl := range plans {
		objectives, err := tx.objectives(ctx, `o.plan_id = $1`, first, pl.ID)
		if err != nil {
			return nil, err
		}
		for _, o := range objectives {
			out = append(out, kith.SummaryObjective{Objective: o, Plan: pl.Title()})
		}
	}
	return out, nil
}

// adultsElsewhere are the significant adults in the child's network who
// do not live with them (seed 003): current relationships other than
// siblings and friends.
func (tx *Tx) adultsElsewhere(ctx context.Context, c *kith.Case) ([]kith.AdultElsewhere, error) {
	rels, err := tx.relationships(ctx, c.ChildID)
	if err != nil {
		return nil, err
	}
	elsewhere := func(r kith.Relationship) bool {
		return r.Current() && !r.LivesWithChild && r.Kind != kith.RelSibling && r.Kind != kith.RelFriend
	}
	var ids []string
	for _, r := range rels {
		if elsewhere(r) {
			ids = append(ids, r.PersonID)
		}
	}
	people, err := tx.loadPeople(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []kith.AdultElsewhere
	for _, r := range rels {
		if p := people[r.PersonID]; p != nil && elsewhere(r) {
			out = append(out, kith.AdultElsewhere{Name: p.FullName(), Relationship: r.Kind.Label()})
		}
	}
	return out, nil
}
