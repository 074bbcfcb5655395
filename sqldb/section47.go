package sqldb

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"kith"
)

const section47Columns = `s.id, s.case_id, s.episode_id, s.strategy_record_id, s.started_on, s.outcome, s.concluded_on,
	s.no_conference_reason, s.conference_on, s.version, s.conference_decision,
	COALESCE((SELECT p.id FROM plans p WHERE p.section47_id = s.id), '')`

// section47Rows reads the enquiries matching where, each with its
// conference target date.
func (tx *Tx) section47Rows(ctx context.Context, where string, args ...any) ([]kith.Section47, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+section47Columns+` FROM section47s s WHERE `+where+` ORDER BY s.started_on, s.created_at`, args...)
	if err != nil {
		return nil, fmt.Errorf("load section 47 enquiries: %w", err)
	}
	defer rows.Close()
	var out []kith.Section47
	for rows.Next() {
		var s kith.Section47
		var started, concluded, conference scanDate
		var outcome, decision string
		if err := rows.Scan(&s.ID, &s.CaseID, &s.EpisodeID, &s.StrategyRecordID, &started, &outcome, &concluded,
			&s.NoConferenceReason, &conference, &s.Version, &decision, &s.PlanID); err != nil {
			return nil, err
		}
		s.ConferenceDecision = kith.ConferenceDecision(decision)
		s.StartedOn, s.Outcome, s.ConcludedOn, s.ConferenceOn = started.D, kith.S47Outcome(outcome), concluded.D, conference.D
		out = append(out, s)
	}
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	st, err := tx.timeliness(ctx)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].ConferenceDue = kith.ConferenceTarget(out[i].StartedOn, st.cal)
	}
	return out, nil
}

// Section47s returns a case's section 47 enquiries, the earliest first.
func (db *DB) Section47s(ctx context.Context, a kith.Actor, ref string) ([]kith.Section47, error) {
	return readJourney(ctx, db, a, ref, func(tx *Tx, c *kith.Case) ([]kith.Section47, error) {
		return tx.section47Rows(ctx, `s.case_id = $1`, c.ID)
	})
}

// strategyDiscussions lists the strategy discussions of the case's current
// episode that have not started an enquiry, the latest first.
func (tx *Tx) strategyDiscussions(ctx context.Context, c *kith.Case, ep kith.Episode) ([]kith.StrategyDiscussion, error) {
	rows, err := tx.QueryContext(ctx, `SELECT r.id, r.headline, r.occurred_at, r.content FROM records r
		WHERE r.case_id = $1 AND r.status = 'final' AND r.template_key = $2 AND r.occurred_at >= $3
		AND NOT EXISTS (SELECT 1 FROM section47s s WHERE s.strategy_record_id = r.id)
		ORDER BY r.occurred_at DESC`, c.ID, kith.StrategyTemplate, ts(kith.InLondon(ep.ReferralOn(), 0, 0)))
	if err != nil {
		return nil, fmt.Errorf("strategy discussions: %w", err)
	}
	defer rows.Close()
	var out []kith.StrategyDiscussion
	for rows.Next() {
		var r kith.Record
		var at scanTime
		var content string
		if err := rows.Scan(&r.ID, &r.Headline, &at, &content); err != nil {
			return nil, err
		}
		r.TemplateKey = kith.StrategyTemplate
		if err := json.Unmarshal([]byte(content), &r.Content); err != nil {
			return nil, fmt.Errorf("record %s content: %w", r.ID, err)
		}
		if kith.IsStrategyDiscussion(&r) {
			out = append(out, kith.StrategyDiscussion{RecordID: r.ID, Headline: r.Headline, HeldOn: kith.DateOf(at.T.In(kith.London))})
		}
	}
	return out, rows.Err()
}

// StrategyDiscussions lists the strategy discussions that may start a
// section 47 enquiry on the case: final, in its current episode, and not
// yet the start of one.
func (db *DB) StrategyDiscussions(ctx context.Context, a kith.Actor, ref string) ([]kith.StrategyDiscussion, error) {
	var out []kith.StrategyDiscussion
	err := db.read(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		ep, _, err := tx.currentEpisode(ctx, c)
		if err != nil {
			return err
		}
		out, err = tx.strategyDiscussions(ctx, c, ep)
		return err
	})
	return out, db.finish(ctx, a, err)
}

// StartSection47 starts a section 47 enquiry at the strategy discussion
// that decided on it, in the case's current episode. An episode has at
// most one open enquiry.
func (db *DB) StartSection47(ctx context.Context, a kith.Actor, ref string, in kith.Section47Input) (kith.Section47, error) {
	var out kith.Section47
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		if err := in.Validate(); err != nil {
			return err
		}
		ep, _, err := tx.currentEpisode(ctx, c)
		if err != nil {
			return err
		}
		open, err := tx.section47Rows(ctx, `s.episode_id = $1 AND s.outcome = ''`, ep.ID)
		if err != nil {
			return err
		}
		if len(open) > 0 {
			return kith.Errorf(kith.ECONFLICT, "The section 47 enquiry started on %s has not concluded: record its outcome before another starts.", open[0].StartedOn.Long())
		}
		choices, err := tx.strategyDiscussions(ctx, c, ep)
		if err != nil {
			return err
		}
		var sd *kith.StrategyDiscussion
		for i := range choices {
			if choices[i].RecordID == in.StrategyRecordID {
				sd = &choices[i]
			}
		}
		if sd == nil {
			return fieldError("strategy_record_id", "Select a strategy discussion of this episode that has not already started an enquiry")
		}
		id := newID()
		if _, err := tx.ExecContext(ctx, `INSERT INTO section47s (id, case_id, episode_id, strategy_record_id, started_on, created_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, c.ID, ep.ID, sd.RecordID, dt(sd.HeldOn), ts(tx.now), nullString(a.UserID())); err != nil {
			return fmt.Errorf("start section 47 enquiry: %w", err)
		}
		if err := tx.keyEvent(ctx, a, c.ID, kith.EventS47Started, notBefore(tx.onDate(sd.HeldOn), ep.ReferralAt),
			"Section 47 enquiry started at the strategy discussion"); err != nil {
			return err
		}
		if err := tx.audit(a, auditEntry{Action: kith.AuditS47Started, CaseID: c.ID, SubjectType: "section47", SubjectID: id,
			Detail: fmt.Sprintf("Episode %d, strategy discussion %s on %s", ep.Number, sd.RecordID, sd.HeldOn)}); err != nil {
			return err
		}
		out, err = tx.section47For(ctx, c, id)
		return err
	})
	return out, db.finish(ctx, a, err)
}

// section47For loads one enquiry of case c.
func (tx *Tx) section47For(ctx context.Context, c *kith.Case, id string) (kith.Section47, error) {
	rows, err := tx.section47Rows(ctx, `s.case_id = $1 AND s.id = $2`, c.ID, id)
	if err != nil {
		return kith.Section47{}, err
	}
	if len(rows) == 0 {
		return kith.Section47{}, kith.NotFound("Section 47 enquiry")
	}
	return rows[0], nil
}

// ConcludeSection47 records what an enquiry concluded and, when it needs
// no conference, why.
func (db *DB) ConcludeSection47(ctx context.Context, a kith.Actor, ref, id string, in kith.S47OutcomeInput) (kith.Section47, error) {
	var out kith.Section47
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		s, err := tx.section47For(ctx, c, id)
		if err != nil {
			return err
		}
		if !s.Open() {
			return kith.Errorf(kith.ECONFLICT, "This enquiry concluded on %s: %s.", s.ConcludedOn.Long(), lowerFirst(s.Outcome.Label()))
		}
		if err := in.Validate(tx.Today(), s.StartedOn); err != nil {
			return err
		}
		if !s.ConferenceOn.IsZero() && in.Outcome != kith.S47Conference {
			return fieldError("outcome", "A conference was held on "+s.ConferenceOn.Long()+": the enquiry concluded that one was needed")
		}
		if in.Version != s.Version {
			return staleEdit("this enquiry")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE section47s SET outcome = $2, concluded_on = $3, no_conference_reason = $4, version = version + 1 WHERE id = $1`,
			id, string(in.Outcome), dt(in.ConcludedOn), in.NoConferenceReason); err != nil {
			return fmt.Errorf("conclude section 47 enquiry: %w", err)
		}
		summary := "Section 47 enquiry concluded: " + in.Outcome.Label()
		if err := tx.keyEvent(ctx, a, c.ID, kith.EventS47Concluded, notBefore(tx.onDate(in.ConcludedOn), tx.onDate(s.StartedOn)), summary); err != nil {
			return err
		}
		if err := tx.audit(a, auditEntry{Action: kith.AuditS47Concluded, CaseID: c.ID, SubjectType: "section47", SubjectID: id,
			Detail: string(in.Outcome) + " on " + in.ConcludedOn.String()}); err != nil {
			return err
		}
		out, err = tx.section47For(ctx, c, id)
		return err
	})
	return out, db.finish(ctx, a, err)
}

// RecordConference records the initial child protection conference of an
// enquiry. One held before the enquiry's outcome was recorded says what
// the outcome was: a conference was needed.
func (db *DB) RecordConference(ctx context.Context, a kith.Actor, ref, id string, in kith.ConferenceInput) (kith.Section47, error) {
	var out kith.Section47
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.editCase(a, ref)
		if err != nil {
			return err
		}
		s, err := tx.section47For(ctx, c, id)
		if err != nil {
			return err
		}
		switch {
		case !s.ConferenceOn.IsZero():
			return kith.Errorf(kith.ECONFLICT, "The initial conference of this enquiry was recorded as held on %s.", s.ConferenceOn.Long())
		case s.NoConference():
			return kith.Errorf(kith.ECONFLICT, "This enquiry concluded that no conference was needed: %s.", lowerFirst(s.Outcome.Label()))
		}
		child, err := tx.childDates(ctx, c)
		if err != nil {
			return err
		}
		if err := in.Validate(tx.Today(), s.StartedOn, child); err != nil {
			return err
		}
		if in.Version != s.Version {
			return staleEdit("this enquiry")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE section47s SET conference_on = $2, outcome = $3, conference_decision = $4,
			concluded_on = COALESCE(concluded_on, $2), version = version + 1 WHERE id = $1`,
			id, dt(in.HeldOn), string(kith.S47Conference), string(in.Decision)); err != nil {
			return fmt.Errorf("record conference: %w", err)
		}
		summary := "Initial child protection conference: " + lowerFirst(in.Decision.Label())
		if in.Decision == kith.ConferencePlan {
			summary += ", under the category " + kith.CategoriesOfAbuse.Label(in.Category)
		}
		if err := tx.keyEvent(ctx, a, c.ID, kith.EventConferenceHeld, tx.onDate(in.HeldOn), summary); err != nil {
			return err
		}
		if in.Decision == kith.ConferencePlan {
			if err := tx.conferencePlan(ctx, a, c, s.ID, in); err != nil {
				return err
			}
		}
		if err := tx.audit(a, auditEntry{Action: kith.AuditConferenceHeld, CaseID: c.ID, SubjectType: "section47", SubjectID: id,
			Detail: "Held " + in.HeldOn.String()}); err != nil {
			return err
		}
		out, err = tx.section47For(ctx, c, id)
		return err
	})
	return out, db.finish(ctx, a, err)
}

// conferenceWork lists the enquiries waiting for their initial conference
// on the cases of a work list (where), due by until.
func (tx *Tx) conferenceWork(ctx context.Context, where string, args []any, until kith.Date, byID map[string]kith.WorkCase) ([]kith.WorkItem, error) {
	// The SQL narrows to the rows Section47.AwaitsConference keeps.
	rows, err := tx.section47Rows(ctx, `s.conference_on IS NULL AND s.outcome IN ('', 'conference')
		AND s.case_id IN (SELECT c.id FROM cases c WHERE `+where+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("conference work: %w", err)
	}
	var out []kith.WorkItem
	for _, s := range rows {
		c, ok := byID[s.CaseID]
		if !ok || !s.AwaitsConference() || s.ConferenceDue.After(until) {
			continue
		}
		out = append(out, c.ConferenceWork(s))
	}
	return out, nil
}

// childDates reads the child's date of birth and expected date of birth.
func (tx *Tx) childDates(ctx context.Context, c *kith.Case) (*kith.Person, error) {
	var dob, edd scanDate
	if err := tx.QueryRowContext(ctx, `SELECT date_of_birth, expected_date_of_birth FROM people WHERE id = $1`, c.ChildID).Scan(&dob, &edd); err != nil {
		return nil, fmt.Errorf("the child's dates: %w", err)
	}
	return &kith.Person{ID: c.ChildID, DateOfBirth: dob.D, ExpectedDateOfBirth: edd.D}, nil
}

// conferencePlan starts the child protection plan an initial conference
// decided on: from the day of the conference (census rule 2885), its first
// review conference due within 3 months, replacing any current plan, with
// the child protection status if the child has none.
func (tx *Tx) conferencePlan(ctx context.Context, a kith.Actor, c *kith.Case, section47ID string, in kith.ConferenceInput) error {
	plan := kith.PlanInput{Kind: kith.PlanChildProtection, StartedOn: in.HeldOn, ReviewOn: kith.FirstCPReviewDue(in.HeldOn)}
	if err := tx.insertPlan(ctx, a, c, newID(), plan, conferencePlan{section47ID: section47ID, category: in.Category}); err != nil {
		// The plan starts on the conference's day: a problem with its
		// start is one with the conference's date.
		if f := kith.ErrorFields(err); len(f) == 1 && f[0].Field == "started" {
			return fieldError("held_on", f[0].Message)
		}
		return err
	}
	return tx.startStatusIfNone(ctx, a, c, kith.StatusCP, in.HeldOn)
}

// checkStepsFinished refuses to close a case whose open episode has an
// assessment or enquiry still going (kith.ClosingProblems), or whose child
// is looked after (kith.CareClosingProblems).
func (tx *Tx) checkStepsFinished(ctx context.Context, c *kith.Case) error {
	care, err := tx.careEpisodeRows(ctx, `e.case_id = $1`, c.ID)
	if err != nil {
		return err
	}
	problems := kith.CareClosingProblems(care)
	eps, err := tx.episodes(ctx, c.ID)
	if err != nil {
		return err
	}
	if n := len(eps); n > 0 && eps[n-1].Open() {
		episodeID := eps[n-1].ID
		rows, err := tx.assessmentRows(ctx, `a.episode_id = $1 AND a.authorised_on IS NULL`, episodeID)
		if err != nil {
			return err
		}
		var as []kith.Assessment
		for _, r := range rows {
			as = append(as, r.Assessment)
		}
		ss, err := tx.section47Rows(ctx, `s.episode_id = $1 AND s.conference_on IS NULL AND s.outcome IN ('', 'conference')`, episodeID)
		if err != nil {
			return err
		}
		problems = append(kith.ClosingProblems(episodeID, as, ss), problems...)
	}
	if len(problems) > 0 {
		return kith.Errorf(kith.EINVALID, "%s", strings.Join(problems, " "))
	}
	return nil
}
