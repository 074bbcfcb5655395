package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"kith"
)

// SummaryTemplate is the built-in case summary template new summaries are
// written on (its newest version).
const SummaryTemplate = "case-summary"

// SummaryContext is what starting a summary offers: the period suggested,
// the finalised summaries, and the day of the case's last final record,
// which a closing or transfer summary must reach.
type SummaryContext struct {
	Case       *kith.Case
	Suggested  kith.SummaryPeriod
	Finalised  []kith.FinalSummary
	LastRecord kith.Date
	// Covered reports whether a finalised summary reaches the last record,
	// as closing or transferring the case requires.
	Covered bool
}

// finalSummaries lists a case's finalised summaries, oldest period first.
func (tx *Tx) finalSummaries(ctx context.Context, caseID string) ([]kith.FinalSummary, error) {
	rows, err := tx.QueryContext(ctx, `SELECT s.record_id, s.reason, s.period_from, s.period_to FROM case_summaries s JOIN records r ON r.id = s.record_id
		WHERE s.case_id = $1 AND r.status = 'final' ORDER BY s.period_to, s.period_from`, caseID)
	if err != nil {
		return nil, fmt.Errorf("final summaries: %w", err)
	}
	defer rows.Close()
	var out []kith.FinalSummary
	for rows.Next() {
		var f kith.FinalSummary
		var reason string
		var from, to scanDate
		if err := rows.Scan(&f.RecordID, &reason, &from, &to); err != nil {
			return nil, err
		}
		f.Reason, f.Period = kith.SummaryReason(reason), kith.SummaryPeriod{From: from.D, To: to.D}
		out = append(out, f)
	}
	return out, rows.Err()
}

// lastRecordDay is the day of the case's latest final record other than a
// summary (a summary is dated when written, after the period it covers).
func (tx *Tx) lastRecordDay(ctx context.Context, caseID string) (kith.Date, error) {
	var at scanTime
	err := tx.QueryRowContext(ctx, `SELECT r.occurred_at FROM records r WHERE r.case_id = $1 AND r.status = 'final'
		AND NOT EXISTS (SELECT 1 FROM case_summaries s WHERE s.record_id = r.id) ORDER BY r.occurred_at DESC LIMIT 1`, caseID).Scan(&at)
	if errNoRows(err) || !at.Valid {
		return kith.Date{}, nil
	} else if err != nil {
		return kith.Date{}, fmt.Errorf("last record: %w", err)
	}
	return kith.DateOf(at.T.In(kith.London)), nil
}

func (tx *Tx) summaryContext(ctx context.Context, c *kith.Case) (*SummaryContext, error) {
	out := &SummaryContext{Case: c}
	var err error
	if out.Finalised, err = tx.finalSummaries(ctx, c.ID); err != nil {
		return nil, err
	}
	if out.LastRecord, err = tx.lastRecordDay(ctx, c.ID); err != nil {
		return nil, err
	}
	out.Covered = kith.SummaryCovers(out.LastRecord, out.Finalised)
	allocated := c.OpenedOn
	if c.AllocatedAt != nil {
		allocated = kith.DateOf(c.AllocatedAt.In(kith.London))
	}
	out.Suggested = kith.SuggestedPeriod(tx.Today(), allocated, out.Finalised)
	return out, nil
}

// SummaryContext returns what starting a summary on a case offers.
func (db *DB) SummaryContext(ctx context.Context, a kith.Actor, ref string) (*SummaryContext, error) {
	var out *SummaryContext
	err := db.read(ctx, func(tx *Tx) error {
		c, err := tx.caseFor(a, ref, kith.ViewCase)
		if err != nil {
			return err
		}
		out, err = tx.summaryContext(ctx, c)
		return err
	})
	return out, db.finish(ctx, a, err)
}

// StartSummary begins a case summary: a draft on the summary template,
// named from its reason and period, with the facts of the period gathered
// beside it. The period is checked (not ending before it starts or in
// the future, and not overlapping a finalised summary for the same reason
// unless the practitioner says why).
func (db *DB) StartSummary(ctx context.Context, a kith.Actor, ref string, in kith.SummaryStart) (*kith.Summary, error) {
	var id string
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.caseFor(a, ref, kith.EditCase)
		if err != nil {
			return err
		}
		finalised, err := tx.finalSummaries(ctx, c.ID)
		if err != nil {
			return err
		}
		in.OverlapReason = kith.CleanText(in.OverlapReason)
		if err := in.Check(tx.Today(), finalised); err != nil {
			return err
		}
		t, err := tx.latestTemplate(ctx, SummaryTemplate)
		if err != nil {
			return err
		}
		facts, err := tx.gatherSummary(ctx, c, in.Period)
		if err != nil {
			return err
		}
		s := kith.Summary{Reason: in.Reason, Period: in.Period}
		r, err := tx.insertDraft(ctx, a, c, t, kith.RecordInput{TemplateKey: t.Key, Headline: s.Title(), OccurredAt: tx.now, Significant: true,
			Content: kith.RecordContent{}}, "")
		if err != nil {
			return err
		}
		id = r.ID
		factsJSON, err := json.Marshal(facts)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_summaries (record_id, case_id, reason, period_from, period_to, overlap_reason, facts, gathered_at, gathered_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, r.ID, c.ID, string(in.Reason), dt(in.Period.From), dt(in.Period.To), in.OverlapReason,
			string(factsJSON), ts(tx.now), nullString(a.UserID())); err != nil {
			return fmt.Errorf("start summary: %w", err)
		}
		return tx.audit(a, auditEntry{Action: kith.AuditSummaryStarted, CaseID: c.ID, SubjectType: "record", SubjectID: r.ID,
			Detail: fmt.Sprintf("%s, %d records", s.Title(), facts.Records)})
	})
	if err != nil {
		return nil, db.finish(ctx, a, err)
	}
	return db.Summary(ctx, a, id)
}

const writtenSummaryColumns = `s.record_id, c.reference, s.reason, s.period_from, s.period_to, s.overlap_reason, r.status, u.display_name, r.finalised_at,
	s.gathered_at, COALESCE(g.display_name, ''), s.sign_off_needed, COALESCE(so.display_name, ''), s.signed_off_at, s.sign_off_comment`

const writtenSummaryFrom = ` FROM case_summaries s JOIN records r ON r.id = s.record_id JOIN cases c ON c.id = s.case_id JOIN users u ON u.id = r.author_id
	LEFT JOIN users g ON g.id = s.gathered_by LEFT JOIN users so ON so.id = s.signed_off_by`

func scanWrittenSummary(row interface{ Scan(...any) error }, extra ...any) (*kith.Summary, error) {
	var s kith.Summary
	var reason, status string
	var from, to scanDate
	var finalised, gathered, signed scanTime
	dest := append([]any{&s.RecordID, &s.CaseReference, &reason, &from, &to, &s.OverlapReason, &status, &s.AuthorName, &finalised,
		&gathered, &s.GatheredBy, &s.SignOffNeeded, &s.SignedOffBy, &signed, &s.SignOffComment}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	s.Reason, s.Period, s.Status = kith.SummaryReason(reason), kith.SummaryPeriod{From: from.D, To: to.D}, kith.RecordStatus(status)
	s.FinalisedAt, s.GatheredAt, s.SignedOffAt = finalised.Ptr(), gathered.T, signed.Ptr()
	s.Sharing, s.Changes = []kith.Sharing{}, []kith.FactChange{}
	return &s, nil
}

// summaryOf reads the summary beside a record, with its facts, what the
// last gathering changed, and each time it was shared with the family.
func (tx *Tx) summaryOf(ctx context.Context, c *kith.Case, recordID string) (*kith.Summary, error) {
	var facts, changes string
	s, err := scanWrittenSummary(tx.QueryRowContext(ctx, `SELECT `+writtenSummaryColumns+`, s.facts, s.changes`+writtenSummaryFrom+` WHERE s.record_id = $1`, recordID), &facts, &changes)
	if errNoRows(err) {
		return nil, kith.NotFound("Case summary")
	} else if err != nil {
		return nil, fmt.Errorf("summary: %w", err)
	}
	s.CaseID = c.ID
	if err := json.Unmarshal([]byte(facts), &s.Facts); err != nil {
		return nil, fmt.Errorf("summary %s facts: %w", recordID, err)
	}
	if err := json.Unmarshal([]byte(changes), &s.Changes); err != nil {
		return nil, fmt.Errorf("summary %s changes: %w", recordID, err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT h.id, h.shared_on, h.how, h.with_whom, h.comments, h.written_by, COALESCE(u.display_name, ''), h.recorded_at
		FROM summary_sharing h LEFT JOIN users u ON u.id = h.recorded_by WHERE h.record_id = $1 ORDER BY h.shared_on, h.recorded_at`, recordID)
	if err != nil {
		return nil, fmt.Errorf("summary sharing: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h kith.Sharing
		var on scanDate
		var at scanTime
		if err := rows.Scan(&h.ID, &on, &h.How, &h.With, &h.Comments, &h.WrittenBy, &h.RecordedBy, &at); err != nil {
			return nil, err
		}
		h.On, h.RecordedAt = on.D, at.T
		s.Sharing = append(s.Sharing, h)
	}
	return s, rows.Err()
}

// summaryFor finds a summary's record and checks the actor may do action
// to its case; a draft is seen only by those who may edit the case.
func (tx *Tx) summaryFor(ctx context.Context, a kith.Actor, recordID string, action kith.Permission) (*kith.Case, *kith.Record, *kith.Template, *kith.Summary, error) {
	c, r, t, err := tx.recordFor(ctx, a, recordID, action)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if !t.Summary {
		return nil, nil, nil, nil, kith.NotFound("Case summary")
	}
	if r.ContentWithheld {
		// A withdrawn summary is what it said: for the case's managers.
		return nil, nil, nil, nil, &deniedError{caseID: c.ID, action: action, reason: "withdrawn summary " + r.ID + ": for the case's managers",
			err: kith.ErrContentWithheld()}
	}
	s, err := tx.summaryOf(ctx, c, r.ID)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	return c, r, t, s, nil
}

// Summary returns a case summary with its gathered facts. The read is
// audited.
func (db *DB) Summary(ctx context.Context, a kith.Actor, recordID string) (*kith.Summary, error) {
	var s *kith.Summary
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		_, _, _, s, err = tx.summaryFor(ctx, a, recordID, kith.ViewCase)
		return err
	})
	if err != nil {
		return nil, db.finish(ctx, a, err)
	}
	return s, db.auditReads(ctx, a, auditEntry{Action: kith.AuditSummaryViewed, CaseID: s.CaseID, SubjectType: "record", SubjectID: s.RecordID})
}

// CaseSummaries lists a case's summaries, newest period first, without
// their facts: drafts only for those who may edit the case. The read is
// audited.
func (db *DB) CaseSummaries(ctx context.Context, a kith.Actor, ref string) (*kith.Case, []kith.Summary, error) {
	var c *kith.Case
	out := []kith.Summary{}
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if c, err = tx.caseFor(a, ref, kith.ViewCase); err != nil {
			return err
		}
		where := ` WHERE s.case_id = $1 AND r.status <> 'withdrawn'`
		// Drafts are work in progress, for those who may edit the case.
		if kith.Decide(a, c.AccessFacts(), kith.EditCase, tx.policy(ctx)).Check("Case") != nil {
			where += ` AND r.status = 'final'`
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+writtenSummaryColumns+writtenSummaryFrom+where+` ORDER BY s.period_to DESC, r.created_at DESC`, c.ID)
		if err != nil {
			return fmt.Errorf("case summaries: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			s, err := scanWrittenSummary(rows)
			if err != nil {
				return err
			}
			s.CaseID = c.ID
			out = append(out, *s)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, nil, db.finish(ctx, a, err)
	}
	return c, out, db.auditReads(ctx, a, auditEntry{Action: kith.AuditSummaryViewed, CaseID: c.ID, SubjectType: "case", SubjectID: c.ID, Detail: "summaries"})
}

// RegatherSummary gathers a draft summary's facts again (records finalised
// or withdrawn since, actions followed up) and keeps what changed for the
// practitioner to check. typed, when given, is saved first in the same
// transaction, so nothing typed is lost by gathering again.
func (db *DB) RegatherSummary(ctx context.Context, a kith.Actor, recordID string, typed *kith.RecordInput) (*kith.Summary, error) {
	err := db.write(ctx, func(tx *Tx) error {
		c, r, t, err := tx.draftFor(ctx, a, recordID)
		if err != nil {
			return err
		}
		if !t.Summary {
			return kith.NotFound("Case summary")
		}
		if typed != nil {
			typed.Clean(t)
			if err := typed.CheckDraft(t); err != nil {
				return err
			}
			if _, err := tx.updateDraft(ctx, a, c, r, t, *typed); err != nil {
				return err
			}
		}
		s, err := tx.summaryOf(ctx, c, r.ID)
		if err != nil {
			return err
		}
		facts, err := tx.gatherSummary(ctx, c, s.Period)
		if err != nil {
			return err
		}
		changes := kith.DiffFacts(s.Facts, facts)
		factsJSON, err := json.Marshal(facts)
		if err != nil {
			return err
		}
		changesJSON, err := json.Marshal(changes)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE case_summaries SET facts = $2, changes = $3, gathered_at = $4, gathered_by = $5 WHERE record_id = $1`,
			r.ID, string(factsJSON), string(changesJSON), ts(tx.now), nullString(a.UserID())); err != nil {
			return fmt.Errorf("regather summary: %w", err)
		}
		return tx.audit(a, auditEntry{Action: kith.AuditSummaryGathered, CaseID: c.ID, SubjectType: "record", SubjectID: r.ID,
			Detail: fmt.Sprintf("%d changes", len(changes))})
	})
	if err != nil {
		return nil, db.finish(ctx, a, err)
	}
	return db.Summary(ctx, a, recordID)
}

// finaliseSummary is the part of finalising a summary that is particular
// to it: the facts it is finalised with must be the record as it stands
// (so nothing in it is out of date on the day it is locked), and the
// council's sign-off rule is fixed on it.
func (tx *Tx) finaliseSummary(ctx context.Context, c *kith.Case, r *kith.Record, t *kith.Template) error {
	if !t.Summary {
		return nil
	}
	s, err := tx.summaryOf(ctx, c, r.ID)
	if kith.ErrorCode(err) == kith.ENOTFOUND {
		return kith.Errorf(kith.EINVALID, "This summary was not started from a period, so Kith has no facts to finalise it with. Start a case summary from the case instead.")
	} else if err != nil {
		return err
	}
	facts, err := tx.gatherSummary(ctx, c, s.Period)
	if err != nil {
		return err
	}
	if err := kith.CheckFactsCurrent(s.Facts, facts); err != nil {
		return err
	}
	needed, err := tx.signOffNeeded(ctx)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE case_summaries SET sign_off_needed = $2 WHERE record_id = $1`, r.ID, needed)
	return err
}

// ShareSummary records that a finalised summary was shared and discussed
// with the child and family, with their comments in their own words.
func (db *DB) ShareSummary(ctx context.Context, a kith.Actor, recordID string, in kith.SharingInput) error {
	err := db.write(ctx, func(tx *Tx) error {
		c, r, _, _, err := tx.summaryFor(ctx, a, recordID, kith.EditCase)
		if err != nil {
			return err
		}
		if r.Status != kith.RecordFinal {
			return kith.Errorf(kith.EINVALID, "Finalise the summary before recording that it was shared: the family should see the summary as it will stay.")
		}
		in.Clean()
		if err := in.Check(kith.DateOf(r.FinalisedAt.In(kith.London)), tx.Today()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO summary_sharing (id, record_id, shared_on, how, with_whom, comments, written_by, recorded_by, recorded_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, newID(), r.ID, dt(in.On), in.How, in.With, in.Comments, in.WrittenBy, nullString(a.UserID()), ts(tx.now)); err != nil {
			return fmt.Errorf("share summary: %w", err)
		}
		return tx.audit(a, auditEntry{Action: kith.AuditSummaryShared, CaseID: c.ID, SubjectType: "record", SubjectID: r.ID, Detail: in.With})
	})
	return db.finish(ctx, a, err)
}

// SignOffSummary records a manager's countersignature on a finalised
// summary, with an optional comment. Only a manager of the case may sign,
// and only once.
func (db *DB) SignOffSummary(ctx context.Context, a kith.Actor, recordID, comment string) error {
	err := db.write(ctx, func(tx *Tx) error {
		c, r, _, s, err := tx.summaryFor(ctx, a, recordID, kith.ManageCase)
		if err != nil {
			return err
		}
		switch {
		case r.Status != kith.RecordFinal:
			return kith.Errorf(kith.EINVALID, "The summary is still a draft: it can be countersigned once it is finalised.")
		case s.SignedOffAt != nil:
			return kith.Errorf(kith.ECONFLICT, "%s countersigned this summary on %s.", s.SignedOffBy, s.SignedOffAt.In(kith.London).Format("2 January 2006 at 15:04"))
		}
		comment = kith.CleanMultiline(comment)
		if len(comment) > kith.MaxSectionText {
			return fieldError("comment", fmt.Sprintf("The comment must be %d characters or fewer", kith.MaxSectionText))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE case_summaries SET signed_off_by = $2, signed_off_at = $3, sign_off_comment = $4 WHERE record_id = $1 AND signed_off_at IS NULL`,
			r.ID, a.UserID(), ts(tx.now), comment); err != nil {
			return fmt.Errorf("sign off summary: %w", err)
		}
		return tx.audit(a, auditEntry{Action: kith.AuditSummarySignedOff, CaseID: c.ID, SubjectType: "record", SubjectID: r.ID})
	})
	return db.finish(ctx, a, err)
}

// signOffNeeded reports whether the council asks a manager to countersign
// each case summary.
func (tx *Tx) signOffNeeded(ctx context.Context) (bool, error) {
	var v string
	err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE name = 'summaries_need_sign_off'`).Scan(&v)
	if errNoRows(err) {
		return false, nil
	}
	return v == "true", err
}

// SummarySignOff reports whether the council asks a manager to countersign
// each case summary.
func (db *DB) SummarySignOff(ctx context.Context) (bool, error) {
	var needed bool
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		needed, err = tx.signOffNeeded(ctx)
		return err
	})
	return needed, err
}

// SetSummarySignOff changes whether summaries finalised from now on need a
// manager's countersignature (administrators).
func (db *DB) SetSummarySignOff(ctx context.Context, a kith.Actor, needed bool) error {
	if err := mustAdminister(a); err != nil {
		return err
	}
	return db.write(ctx, func(tx *Tx) error {
		v := fmt.Sprint(needed)
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (name, value) VALUES ('summaries_need_sign_off', $1)
			ON CONFLICT (name) DO UPDATE SET value = excluded.value`, v); err != nil {
			return err
		}
		return tx.audit(a, auditEntry{Action: kith.AuditAccessChanged, SubjectType: "setting", SubjectID: "summaries_need_sign_off", Detail: v})
	})
}

// SummaryLanding returns the latest summary finalised before a case was
// transferred to a worker, when they first open it: the receiving worker
// starts from the summary. It returns "" otherwise, and for a summary the
// worker wrote after the case came to them.
func (db *DB) SummaryLanding(ctx context.Context, a kith.Actor, c *kith.Case) (string, error) {
	if c.WorkerID == "" || c.WorkerID != a.UserID() {
		return "", nil
	}
	// Read first: the write (and its lock) happens once per transfer. It
	// is one statement, as a worker's every case page asks it: the open
	// transfer to them not yet shown, with the latest summary finalised
	// before it began (one they wrote since is their own).
	var allocation string
	var recordID sql.NullString
	err := db.reader.QueryRowContext(ctx, `SELECT a.id, (SELECT s.record_id FROM case_summaries s JOIN records r ON r.id = s.record_id
			WHERE s.case_id = a.case_id AND r.status = 'final' AND r.finalised_at <= a.started_at ORDER BY s.period_to DESC, r.finalised_at DESC LIMIT 1)
		FROM allocations a WHERE a.case_id = $1 AND a.ended_at IS NULL AND a.worker_id = $2 AND a.kind = 'transferred' AND a.summary_shown_at IS NULL`,
		c.ID, a.UserID()).Scan(&allocation, &recordID)
	if errNoRows(err) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("summary on transfer: %w", err)
	}
	if !recordID.Valid {
		return "", nil
	}
	err = db.write(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE allocations SET summary_shown_at = $2 WHERE id = $1`, allocation, ts(tx.now))
		return err
	})
	return recordID.String, err
}

// summaryRequired refuses closing or transferring a case that no
// finalised summary covers up to its last record, unless a manager gives
// the reason to go ahead without one; that reason is audited.
func (tx *Tx) summaryRequired(ctx context.Context, a kith.Actor, c *kith.Case, reason kith.SummaryReason, without string) error {
	sc, err := tx.summaryContext(ctx, c)
	if err != nil || sc.Covered {
		return err
	}
	if err := kith.CheckCovered(reason, sc.LastRecord, sc.Finalised, without); err != nil {
		return err
	}
	return tx.audit(a, auditEntry{Action: kith.AuditSummaryOverridden, CaseID: c.ID, SubjectType: "case", SubjectID: c.ID,
		Detail: string(reason) + ": " + kith.CleanText(without)})
}

// GatherSummary gathers the facts a summary of the period would start
// with, without starting one: for a preview, and what the summary/gather
// benchmark measures. The read is audited.
func (db *DB) GatherSummary(ctx context.Context, a kith.Actor, ref string, p kith.SummaryPeriod) (kith.SummaryFacts, error) {
	var facts kith.SummaryFacts
	var caseID string
	err := db.read(ctx, func(tx *Tx) error {
		c, err := tx.caseFor(a, ref, kith.ViewCase)
		if err != nil {
			return err
		}
		if err := p.Check(tx.Today()); err != nil {
			return err
		}
		caseID = c.ID
		facts, err = tx.gatherSummary(ctx, c, p)
		return err
	})
	if err != nil {
		return facts, db.finish(ctx, a, err)
	}
	return facts, db.auditReads(ctx, a, auditEntry{Action: kith.AuditSummaryViewed, CaseID: caseID, SubjectType: "case", SubjectID: caseID,
		Detail: "gathered " + p.From.String() + " to " + p.To.String()})
}
