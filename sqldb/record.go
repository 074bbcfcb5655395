package sqldb

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"

	"kith"
)

const recordColumns = `r.id, r.case_id, c.reference, COALESCE(r.group_id, ''), r.template_key, r.template_version, r.headline,
	r.occurred_at, r.occurred_until, r.location, r.significant, r.risk_identified, r.status, r.content, r.version, r.author_id, u.display_name,
	r.created_at, r.updated_at, r.finalised_at, r.content_hash, r.withdrawn_at, COALESCE(wu.display_name, ''), r.withdraw_reason,
	COALESCE((SELECT su.display_name FROM record_versions rv JOIN users su ON su.id = rv.saved_by
		WHERE rv.record_id = r.id ORDER BY rv.version DESC LIMIT 1), ''), COALESCE(r.typed, '')`

const recordFrom = ` FROM records r JOIN cases c ON c.id = r.case_id JOIN users u ON u.id = r.author_id LEFT JOIN users wu ON wu.id = r.withdrawn_by`

func scanRecord(row interface{ Scan(...any) error }) (*kith.Record, error) {
	var r kith.Record
	var occurred, until, created, updated, finalised, withdrawn scanTime
	var status, content, typed string
	if err := row.Scan(&r.ID, &r.CaseID, &r.CaseReference, &r.GroupID, &r.TemplateKey, &r.TemplateVersion, &r.Headline,
		&occurred, &until, &r.Location, &r.Significant, &r.RiskIdentified, &status, &content, &r.Version, &r.AuthorID, &r.AuthorName,
		&created, &updated, &finalised, &r.ContentHash, &withdrawn, &r.WithdrawnByName, &r.WithdrawReason, &r.LastSavedBy, &typed); err != nil {
		return nil, err
	}
	if typed != "" {
		if err := json.Unmarshal([]byte(typed), &r.Typed); err != nil {
			return nil, fmt.Errorf("record %s typing: %w", r.ID, err)
		}
	}
	r.Status = kith.RecordStatus(status)
	r.OccurredAt, r.OccurredUntil, r.CreatedAt, r.UpdatedAt = occurred.T, until.Ptr(), created.T, updated.T
	r.FinalisedAt, r.WithdrawnAt = finalised.Ptr(), withdrawn.Ptr()
	if err := json.Unmarshal([]byte(content), &r.Content); err != nil {
		return nil, fmt.Errorf("record %s content: %w", r.ID, err)
	}
	if r.Content == nil {
		r.Content = kith.RecordContent{}
	}
	return &r, nil
}

// recordFor finds a record and checks that the actor may do action to its
// case. Drafts are work in progress: only those who may edit the case see
// them. A record the actor may not see is answered as an unknown one. A
// withdrawn record comes back as its notice alone (ContentWithheld) to
// everyone kith.SeesRecordContent does not let read it, whatever the
// caller goes on to read: callers that read more of it by its id (its
// versions, findings, files, summary) use contentFor.
func (tx *Tx) recordFor(ctx context.Context, a kith.Actor, id string, action kith.Permission) (*kith.Case, *kith.Record, *kith.Template, error) {
	if _, err := uuid.Parse(id); err != nil {
		return nil, nil, nil, kith.NotFound("Record")
	}
	r, err := scanRecord(tx.QueryRowContext(ctx, `SELECT `+recordColumns+recordFrom+` WHERE r.id = $1`, id))
	if errNoRows(err) {
		return nil, nil, nil, kith.NotFound("Record")
	} else if err != nil {
		return nil, nil, nil, fmt.Errorf("find record: %w", err)
	}
	draftHidden := r.Status == kith.RecordDraft && action == kith.ViewCase
	if draftHidden {
		action = kith.EditCase
	}
	c, err := tx.caseFor(a, r.CaseID, action)
	if err != nil {
		if kith.ErrorCode(err) == kith.ENOTFOUND || (draftHidden && kith.ErrorCode(err) == kith.EFORBIDDEN) {
			return nil, nil, nil, notFoundAs(err, "Record")
		}
		return nil, nil, nil, err
	}
	t, err := tx.template(ctx, r.TemplateKey, r.TemplateVersion)
	if err != nil {
		return nil, nil, nil, err
	}
	r.TemplateName = t.Name
	if r.Status == kith.RecordWithdrawn && !kith.SeesRecordContent(r.Status, tx.permissions(ctx, a, c)) {
		r.WithholdContent()
	}
	return c, r, t, nil
}

// contentFor is recordFor for reading what a record says beyond its
// notice (its saved versions, findings, files, summary): a withdrawn
// record is refused, and the refusal audited, to everyone
// kith.SeesRecordContent does not let read it.
func (tx *Tx) contentFor(ctx context.Context, a kith.Actor, id string) (*kith.Case, *kith.Record, *kith.Template, error) {
	c, r, t, err := tx.recordFor(ctx, a, id, kith.ViewCase)
	if err != nil {
		return nil, nil, nil, err
	}
	if r.ContentWithheld {
		return nil, nil, nil, &deniedError{caseID: c.ID, action: kith.ViewCase, reason: "withdrawn record " + r.ID + ": for the case's managers",
			err: kith.ErrContentWithheld()}
	}
	return c, r, t, nil
}

// notFoundAs keeps a refusal's audit but answers as "<what> was not
// found", whatever the case check said: a record on a case the actor may
// not see is answered exactly as an unknown record.
func notFoundAs(err error, what string) error {
	if d, ok := err.(*deniedError); ok {
		return &deniedError{caseID: d.caseID, action: d.action, reason: d.reason, err: kith.NotFound(what)}
	}
	return kith.NotFound(what)
}

// RecordView is everything the record page shows.
type RecordView struct {
	Case     *kith.Case
	Record   *kith.Record
	Template *kith.Template
	Can      kith.CasePermissions
	// Group holds the other children's copies when the record was written
	// for several children.
	Group []kith.GroupCopy
}

// Record returns a record with its addenda, attachments and group, after
// checking that the actor may see it; reading it is audited. A final
// record is checked as it is read (kith.Record.Integrity): whoever may
// read it is told if it is not as it was finalised.
func (db *DB) Record(ctx context.Context, a kith.Actor, id string) (*RecordView, error) {
	v := &RecordView{}
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if v.Case, v.Record, v.Template, err = tx.recordFor(ctx, a, id, kith.ViewCase); err != nil {
			return err
		}
		v.Can = tx.permissions(ctx, a, v.Case)
		if v.Record.ContentWithheld {
			// A withdrawn record was on the wrong child's file: only the
			// notice is shown, except to the case's managers.
			return nil
		}
		if v.Record.Status != kith.RecordDraft {
			if v.Record.Integrity, err = tx.recordIntegrity(ctx, v.Record, v.Template); err != nil {
				return err
			}
		}
		if v.Record.Addenda, err = tx.addenda(ctx, id); err != nil {
			return err
		}
		if v.Record.Timeliness, err = tx.timelinessOf(ctx, v.Record, v.Template); err != nil {
			return err
		}
		if v.Record.Attachments, err = tx.attachments(ctx, id); err != nil {
			return err
		}
		if v.Record.Objectives, err = tx.recordObjectives(ctx, id); err != nil {
			return err
		}
		v.Group, err = tx.recordGroup(ctx, a, v.Record)
		return err
	})
	if err != nil {
		return nil, db.finish(ctx, a, err)
	}
	return v, db.auditReads(ctx, a, auditEntry{Action: kith.AuditRecordViewed, CaseID: v.Case.ID, SubjectType: "record", SubjectID: id, Detail: v.Template.Name})
}

// recordGroup returns the other copies of a record written for several
// children, limited to the cases the actor may see.
func (tx *Tx) recordGroup(ctx context.Context, a kith.Actor, r *kith.Record) ([]kith.GroupCopy, error) {
	if r.GroupID == "" {
		return nil, nil
	}
	scope, args := scopeSQL(kith.ScopeFor(a, tx.policy(ctx)), 3)
	rows, err := tx.QueryContext(ctx, `SELECT r.id, c.reference, c.child_id, r.status FROM records r JOIN cases c ON c.id = r.case_id
		WHERE r.group_id = $1 AND r.id <> $2 AND r.status <> 'withdrawn' AND `+scope+` ORDER BY c.reference`, append([]any{r.GroupID, r.ID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("record group: %w", err)
	}
	var out []kith.GroupCopy
	var childIDs []string
	for rows.Next() {
		var g kith.GroupCopy
		var childID, status string
		if err := rows.Scan(&g.RecordID, &g.CaseReference, &childID, &status); err != nil {
			rows.Close()
			return nil, err
		}
		g.Status = kith.RecordStatus(status)
		out = append(out, g)
		childIDs = append(childIDs, childID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	people, err := tx.loadPeople(ctx, childIDs)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if p := people[childIDs[i]]; p != nil {
			out[i].ChildName, out[i].Names = p.DisplayName(), kith.ChildNames(p)
		}
	}
	return out, nil
}

func (tx *Tx) addenda(ctx context.Context, recordID string) ([]kith.Addendum, error) {
	rows, err := tx.QueryContext(ctx, `SELECT a.id, a.text, u.display_name, a.created_at FROM record_addenda a JOIN users u ON u.id = a.author_id
		WHERE a.record_id = $1 ORDER BY a.created_at, a.id`, recordID)
	if err != nil {
		return nil, fmt.Errorf("addenda: %w", err)
	}
	defer rows.Close()
	var out []kith.Addendum
	for rows.Next() {
		ad := kith.Addendum{RecordID: recordID}
		var at scanTime
		if err := rows.Scan(&ad.ID, &ad.Text, &ad.AuthorName, &at); err != nil {
			return nil, err
		}
		ad.CreatedAt = at.T
		out = append(out, ad)
	}
	return out, rows.Err()
}

// RecordVersions returns the saved versions of a record, newest first: the
// history of how a draft was written.
func (db *DB) RecordVersions(ctx context.Context, a kith.Actor, id string) (*RecordView, []kith.RecordVersion, error) {
	v := &RecordView{}
	var out []kith.RecordVersion
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if v.Case, v.Record, v.Template, err = tx.contentFor(ctx, a, id); err != nil {
			return err
		}
		v.Can = tx.permissions(ctx, a, v.Case)
		rows, err := tx.QueryContext(ctx, `SELECT rv.version, rv.saved_at, u.display_name, rv.headline, rv.occurred_at, rv.content,
			COALESCE(rv.typed, ''), rv.autosave
			FROM record_versions rv JOIN users u ON u.id = rv.saved_by WHERE rv.record_id = $1 ORDER BY rv.version DESC`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var rv kith.RecordVersion
			var saved, occurred scanTime
			var content, typed string
			if err := rows.Scan(&rv.Version, &saved, &rv.SavedBy, &rv.Headline, &occurred, &content, &typed, &rv.Autosave); err != nil {
				return err
			}
			rv.SavedAt, rv.OccurredAt = saved.T, occurred.T
			if err := json.Unmarshal([]byte(content), &rv.Content); err != nil {
				return err
			}
			if typed != "" {
				if err := json.Unmarshal([]byte(typed), &rv.Typed); err != nil {
					return err
				}
			}
			out = append(out, rv)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, nil, db.finish(ctx, a, err)
	}
	return v, out, db.auditReads(ctx, a, auditEntry{Action: kith.AuditRecordViewed, CaseID: v.Case.ID, SubjectType: "record", SubjectID: id, Detail: "version history"})
}
