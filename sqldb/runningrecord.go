package sqldb

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"kith"
)

const rowColumns = `r.id, r.case_id, c.reference, r.template_key, r.template_version, r.headline, r.occurred_at, u.display_name, r.status, r.significant, r.finalised_at`

func scanRow(row interface{ Scan(...any) error }, extra ...any) (kith.RecordRow, error) {
	var rr kith.RecordRow
	var occurred, finalised scanTime
	var status string
	if err := row.Scan(append([]any{&rr.ID, &rr.CaseID, &rr.CaseReference, &rr.TemplateKey, &rr.TemplateVersion, &rr.Headline, &occurred, &rr.AuthorName,
		&status, &rr.Significant, &finalised}, extra...)...); err != nil {
		return rr, err
	}
	rr.OccurredAt, rr.Status, rr.FinalisedAt = occurred.T, kith.RecordStatus(status), finalised.Ptr()
	return rr, nil
}

// nameTemplates fills in each row's template name. It runs after the rows
// are read: PostgreSQL cannot run a query while another's rows are open.
func (tx *Tx) nameTemplates(ctx context.Context, rows []*kith.RecordRow) error {
	for _, rr := range rows {
		t, err := tx.template(ctx, rr.TemplateKey, rr.TemplateVersion)
		if err != nil {
			return err
		}
		rr.TemplateName = t.Name
	}
	return nil
}

// recordRows runs a query of rowColumns and names the templates.
func (tx *Tx) recordRows(ctx context.Context, query string, args ...any) ([]kith.RecordRow, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("records: %w", err)
	}
	var out []kith.RecordRow
	for rows.Next() {
		rr, err := scanRow(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, rr)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ptrs := make([]*kith.RecordRow, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	return out, tx.nameTemplates(ctx, ptrs)
}

// cursor encodes the last row of a page: newest-first order is by
// occurred-at, then id.
func cursor(r kith.RecordRow) string {
	return r.OccurredAt.UTC().Format(timeLayout) + "_" + r.ID
}

func parseCursor(s string) (time.Time, string, bool) {
	at, id, ok := strings.Cut(s, "_")
	if !ok {
		return time.Time{}, "", false
	}
	t, err := time.Parse(timeLayout, at)
	return t, id, err == nil
}

// dayBounds turns a date range in the council's zone into UTC instants.
func dayBounds(from, to kith.Date) (time.Time, time.Time) {
	var a, b time.Time
	if !from.IsZero() {
		a = from.Time(kith.London)
	}
	if !to.IsZero() {
		b = to.AddDays(1).Time(kith.London)
	}
	return a, b
}

// RunningRecord returns a page of a case's final records, newest first,
// with the case's drafts (for those who may edit it) and notices of any
// withdrawn records. Viewing it is audited.
func (db *DB) RunningRecord(ctx context.Context, a kith.Actor, ref string, f kith.RecordFilter) (*kith.Case, *kith.RunningRecord, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	var c *kith.Case
	out := &kith.RunningRecord{}
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if c, err = tx.caseFor(a, ref, kith.ViewCase); err != nil {
			return err
		}
		where, args := []string{"r.case_id = $1", "r.status = 'final'"}, []any{c.ID}
		arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
		if f.TemplateKey != "" {
			where = append(where, "r.template_key = "+arg(f.TemplateKey))
		}
		if f.AuthorID != "" {
			where = append(where, "r.author_id = "+arg(f.AuthorID))
		}
		from, to := dayBounds(f.From, f.To)
		if !from.IsZero() {
			where = append(where, "r.occurred_at >= "+arg(ts(from)))
		}
		if !to.IsZero() {
			where = append(where, "r.occurred_at < "+arg(ts(to)))
		}
		if f.SignificantOnly {
			where = append(where, "r.significant = TRUE")
		}
		if at, id, ok := parseCursor(f.Before); ok {
			where = append(where, "(r.occurred_at < "+arg(ts(at))+" OR (r.occurred_at = "+arg(ts(at))+" AND r.id < "+arg(id)+"))")
		}
		if out.Rows, err = tx.recordRows(ctx, `SELECT `+rowColumns+` FROM records r`+tx.db.Dialect.indexedBy("records_running")+` JOIN cases c ON c.id = r.case_id JOIN users u ON u.id = r.author_id
			WHERE `+strings.Join(where, " AND ")+` ORDER BY r.occurred_at DESC, r.id DESC LIMIT `+fmt.Sprint(f.Limit+1), args...); err != nil {
			return err
		}
		if len(out.Rows) > f.Limit {
			out.Rows = out.Rows[:f.Limit]
			out.Next = cursor(out.Rows[f.Limit-1])
		}
		if err := tx.attachLateness(ctx, out.Rows); err != nil {
			return err
		}
		out.Can = tx.permissions(ctx, a, c)
		// The identity bar shows the child's name and age, not their
		// address and phones.
		people, err := tx.peopleWithoutContacts(ctx, []string{c.ChildID})
		if err != nil {
			return err
		}
		out.Child = people[c.ChildID]
		if out.Can.Edit {
			if out.Drafts, err = tx.caseDrafts(ctx, c.ID); err != nil {
				return err
			}
		}
		if out.Withdrawn, err = tx.withdrawn(ctx, c.ID); err != nil {
			return err
		}
		out.Authors, err = tx.recordAuthors(ctx, c.ID)
		return err
	})
	if err != nil {
		return nil, nil, db.finish(ctx, a, err)
	}
	return c, out, db.auditReads(ctx, a, auditEntry{Action: kith.AuditRecordListed, CaseID: c.ID, SubjectType: "page", Detail: fmt.Sprintf("running record, %d rows", len(out.Rows))})
}

// caseDrafts and withdrawn repeat status <> 'final' so that SQLite uses
// the partial index of records that are not final: it does not see that
// status = 'draft' implies it, and would read every record instead.
func (tx *Tx) caseDrafts(ctx context.Context, caseID string) ([]kith.RecordRow, error) {
	return tx.recordRows(ctx, `SELECT `+rowColumns+` FROM records r JOIN cases c ON c.id = r.case_id JOIN users u ON u.id = r.author_id
		WHERE r.case_id = $1 AND r.status <> 'final' AND r.status = 'draft' ORDER BY r.updated_at DESC`, caseID)
}

func (tx *Tx) withdrawn(ctx context.Context, caseID string) ([]kith.Record, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+recordColumns+recordFrom+` WHERE r.case_id = $1 AND r.status <> 'final' AND r.status = 'withdrawn' ORDER BY r.withdrawn_at DESC`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []kith.Record
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, err
		}
		// Only the notice is shown: the content stays out of normal views.
		out = append(out, kith.Record{ID: r.ID, TemplateKey: r.TemplateKey, OccurredAt: r.OccurredAt, AuthorName: r.AuthorName,
			WithdrawnAt: r.WithdrawnAt, WithdrawnByName: r.WithdrawnByName, WithdrawReason: r.WithdrawReason, Status: r.Status})
	}
	return out, rows.Err()
}

func (tx *Tx) recordAuthors(ctx context.Context, caseID string) ([]kith.User, error) {
	// A long running record has thousands of records by a dozen authors:
	// step from one author to the next in the records_case_author index
	// (a seek each) rather than reading every record's author.
	rows, err := tx.QueryContext(ctx, `WITH RECURSIVE authors(id) AS (
			SELECT MIN(author_id) FROM records WHERE case_id = $1 AND status = 'final'
			UNION ALL
			SELECT (SELECT MIN(r.author_id) FROM records r WHERE r.case_id = $1 AND r.status = 'final' AND r.author_id > a.id)
			FROM authors a WHERE a.id IS NOT NULL)
		SELECT u.id, u.display_name FROM users u WHERE u.id IN (SELECT id FROM authors) ORDER BY u.display_name`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []kith.User
	for rows.Next() {
		var u kith.User
		if err := rows.Scan(&u.ID, &u.DisplayName); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// MyDrafts lists the actor's unfinished drafts, oldest deadline first,
// on cases they may still edit. Each deadline is the strictest recording
// clock in force for the draft as saved; a draft with no event date yet
// counts from when it was begun.
func (db *DB) MyDrafts(ctx context.Context, a kith.Actor) ([]kith.DraftRow, error) {
	var out []kith.DraftRow
	err := db.read(ctx, func(tx *Tx) error {
		scope, args := scopeSQL(kith.ScopeFor(a, tx.policy(ctx)), 2)
		var err error
		out, err = tx.drafts(ctx, `r.author_id = $1 AND `+scope, append([]any{a.UserID()}, args...))
		return err
	})
	return out, err
}

// drafts lists the drafts matching a condition on records r and cases c,
// each with its recording deadline, oldest deadline first.
func (tx *Tx) drafts(ctx context.Context, cond string, args []any) ([]kith.DraftRow, error) {
	st, err := tx.timeliness(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+rowColumns+`, r.updated_at, r.created_at, p.first_name, p.last_name,
		r.template_version, r.risk_identified, r.content, r.author_id, r.location, COALESCE(r.typed, '')
		FROM records r JOIN cases c ON c.id = r.case_id JOIN users u ON u.id = r.author_id JOIN people p ON p.id = c.child_id
		WHERE r.status = 'draft' AND `+cond+` ORDER BY r.updated_at DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("drafts: %w", err)
	}
	defer rows.Close()
	var out []kith.DraftRow
	var drafts []*kith.Record
	for rows.Next() {
		var d kith.DraftRow
		var updated, created scanTime
		var first, last, content, typed string
		r := &kith.Record{}
		if d.RecordRow, err = scanRow(rows, &updated, &created, &first, &last, &r.TemplateVersion, &r.RiskIdentified, &content, &d.AuthorID,
			&r.Location, &typed); err != nil {
			return nil, err
		}
		d.UpdatedAt, d.ChildName, d.Risk = updated.T, strings.TrimSpace(first+" "+last), r.RiskIdentified
		r.TemplateKey, r.OccurredAt = d.TemplateKey, created.T
		if !d.OccurredAt.IsZero() {
			r.OccurredAt = d.OccurredAt
		}
		if err := json.Unmarshal([]byte(content), &r.Content); err != nil {
			return nil, fmt.Errorf("draft %s content: %w", d.ID, err)
		}
		if typed != "" {
			if err := json.Unmarshal([]byte(typed), &r.Typed); err != nil {
				return nil, fmt.Errorf("draft %s typing: %w", d.ID, err)
			}
		}
		r.Headline = d.Headline
		blank := *r
		blank.OccurredAt = d.OccurredAt
		d.Blank = blank.Blank()
		out, drafts = append(out, d), append(drafts, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	for i, r := range drafts {
		t, err := tx.template(ctx, r.TemplateKey, r.TemplateVersion)
		if err != nil {
			return nil, err
		}
		due, _ := st.settings.Policies.RecordingDeadline(kith.RecordFactsOf(t, r), st.cal)
		out[i].DueBy, out[i].DueRule, out[i].DueClock = due.Due, due.Rule, due.ClockKey
		out[i].TemplateName = t.Name
	}
	sortDrafts(out)
	return out, nil
}

func sortDrafts(ds []kith.DraftRow) {
	for i := 1; i < len(ds); i++ {
		for j := i; j > 0 && ds[j].DueBy.Before(ds[j-1].DueBy); j-- {
			ds[j], ds[j-1] = ds[j-1], ds[j]
		}
	}
}

// attachLateness marks the rows of records finalised late: one query by
// primary key for the page, not a join on every row of the running record.
func (tx *Tx) attachLateness(ctx context.Context, rows []kith.RecordRow) error {
	if len(rows) == 0 {
		return nil
	}
	ids := make([]string, len(rows))
	at := map[string]int{}
	for i, r := range rows {
		ids[i], at[r.ID] = r.ID, i
	}
	res, err := tx.QueryContext(ctx, `SELECT record_id, working_days_late FROM record_timeliness
		WHERE working_days_late > 0 AND record_id IN (`+placeholders(1, len(ids))+`)`, anys(ids)...)
	if err != nil {
		return fmt.Errorf("record lateness: %w", err)
	}
	defer res.Close()
	for res.Next() {
		var id string
		var late int
		if err := res.Scan(&id, &late); err != nil {
			return err
		}
		rows[at[id]].WorkingDaysLate = late
	}
	return res.Err()
}
