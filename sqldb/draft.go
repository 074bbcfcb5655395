package sqldb

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"time"

	"kith"
)

// recordRules returns the council's limits on record dates at now.
func (tx *Tx) recordRules() kith.RecordRules {
	return kith.RecordRules{Now: tx.now, YearsBack: tx.db.RecordYearsBack}
}

// checkAuthor refuses a managers-only template to anyone else.
func checkAuthor(a kith.Actor, t *kith.Template) error {
	if !t.MayWrite(a.User) {
		return kith.Errorf(kith.EFORBIDDEN, "Only a team or service manager can record a %s.", t.Name)
	}
	return nil
}

// CreateDraft starts a record on a case, on the newest version of the
// template, and saves what was typed so far as its first version. The
// draft is on the server from the first keystroke that reaches it.
func (db *DB) CreateDraft(ctx context.Context, a kith.Actor, ref string, in kith.RecordInput) (*kith.Record, error) {
	var r *kith.Record
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.caseFor(a, ref, kith.EditCase)
		if err != nil {
			return err
		}
		t, err := tx.latestTemplate(ctx, in.TemplateKey)
		if err != nil {
			return fieldError("template", "Select the kind of record")
		}
		if err := checkAuthor(a, t); err != nil {
			return err
		}
		if t.Summary {
			return fieldError("template", "A case summary starts from the period it covers: start it from the case's summaries, so Kith can gather the facts")
		}
		if err := tx.checkSupervisor(ctx, a, c, t); err != nil {
			return err
		}
		if in.Version == 0 && in.Content == nil {
			in.Significant = t.Significant
		}
		if t.Supervision {
			if in.Content, err = tx.supervisionStart(ctx, c, in.Content); err != nil {
				return err
			}
		}
		in.Clean(t)
		if err := in.CheckDraft(t); err != nil {
			return err
		}
		r, err = tx.insertDraft(ctx, a, c, t, in, "")
		return err
	})
	return r, db.finish(ctx, a, err)
}

func (tx *Tx) insertDraft(ctx context.Context, a kith.Actor, c *kith.Case, t *kith.Template, in kith.RecordInput, groupID string) (*kith.Record, error) {
	content, err := json.Marshal(in.Content)
	if err != nil {
		return nil, err
	}
	typed, err := typedJSON(in.Typed)
	if err != nil {
		return nil, err
	}
	id := newID()
	if _, err := tx.ExecContext(ctx, `INSERT INTO records (id, case_id, group_id, template_key, template_version, headline, occurred_at, occurred_until,
		location, significant, status, content, version, author_id, created_at, updated_at, risk_identified, typed)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'draft', $11, 1, $12, $13, $13, $14, $15)`,
		id, c.ID, nullString(groupID), t.Key, t.Version, in.Headline, ts(in.OccurredAt), tsp(in.OccurredUntil), in.Location, in.Significant,
		string(content), a.UserID(), ts(tx.now), in.RiskIdentified, typed); err != nil {
		return nil, fmt.Errorf("insert draft: %w", err)
	}
	if in.Objectives != nil {
		if err := tx.linkObjectives(ctx, c, id, in.Objectives); err != nil {
			return nil, err
		}
	}
	if err := tx.saveVersion(ctx, a.UserID(), id, 1, tx.now, in, content, typed); err != nil {
		return nil, err
	}
	if err := tx.audit(a, auditEntry{Action: kith.AuditRecordDrafted, CaseID: c.ID, SubjectType: "record", SubjectID: id, Detail: t.Name}); err != nil {
		return nil, err
	}
	r := &kith.Record{ID: id, CaseID: c.ID, CaseReference: c.Reference, GroupID: groupID, TemplateKey: t.Key, TemplateVersion: t.Version,
		TemplateName: t.Name, Headline: in.Headline, OccurredAt: in.OccurredAt, OccurredUntil: in.OccurredUntil, Location: in.Location,
		Significant: in.Significant, RiskIdentified: in.RiskIdentified, Status: kith.RecordDraft, Content: in.Content, Version: 1, AuthorID: a.UserID(),
		AuthorName: a.User.DisplayName, CreatedAt: tx.now, UpdatedAt: tx.now, LastSavedBy: a.User.DisplayName, Typed: in.Typed}
	return r, nil
}

// typedJSON is a draft's unreadable typing as stored: NULL when there is
// none (every final record).
func typedJSON(typed map[string]string) (any, error) {
	if len(typed) == 0 {
		return nil, nil
	}
	b, err := json.Marshal(typed)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// saveVersion keeps one saved version of a draft. typed is typedJSON's.
func (tx *Tx) saveVersion(ctx context.Context, by, id string, version int, at time.Time, in kith.RecordInput, content []byte, typed any) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO record_versions (record_id, version, saved_at, saved_by, headline, occurred_at, content, typed, autosave)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		id, version, ts(at), by, in.Headline, ts(in.OccurredAt), string(content), typed, in.Autosave)
	if err != nil {
		return fmt.Errorf("save version: %w", err)
	}
	return nil
}

// newestVersion is the stamp of a draft's newest saved version.
func (tx *Tx) newestVersion(ctx context.Context, id string) (kith.VersionStamp, error) {
	var v kith.VersionStamp
	var at scanTime
	err := tx.QueryRowContext(ctx, `SELECT version, saved_by, saved_at, autosave FROM record_versions WHERE record_id = $1 ORDER BY version DESC LIMIT 1`, id).
		Scan(&v.Version, &v.By, &at, &v.Autosave)
	if errNoRows(err) {
		return v, nil
	}
	v.At = at.T
	return v, err
}

// versionStored keeps the draft as stored as a saved version of its own,
// written by by: typing autosaved since the newest version, before someone
// else's save replaces it or the record is finalised.
func (tx *Tx) versionStored(ctx context.Context, r *kith.Record, by string) error {
	content, err := json.Marshal(r.Content)
	if err != nil {
		return err
	}
	typed, err := typedJSON(r.Typed)
	if err != nil {
		return err
	}
	in := r.Input()
	in.Autosave = true
	return tx.saveVersion(ctx, by, r.ID, r.Version, r.UpdatedAt, in, content, typed)
}

// draftFor finds a draft the actor may change, and refuses a final one in
// words that say what to do instead.
func (tx *Tx) draftFor(ctx context.Context, a kith.Actor, id string) (*kith.Case, *kith.Record, *kith.Template, error) {
	c, r, t, err := tx.recordFor(ctx, a, id, kith.EditCase)
	if err != nil {
		return nil, nil, nil, err
	}
	switch r.Status {
	case kith.RecordFinal:
		return nil, nil, nil, kith.Errorf(kith.ECONFLICT, "This record was finalised on %s and can no longer be changed. Add an addendum to correct it or add to it.",
			r.FinalisedAt.In(kith.London).Format("2 January 2006 at 15:04"))
	case kith.RecordWithdrawn:
		return nil, nil, nil, kith.Errorf(kith.ECONFLICT, "This record was withdrawn and can no longer be changed.")
	}
	return c, r, t, nil
}

// unchanged reports whether a save would store exactly what is stored.
func unchanged(r *kith.Record, in kith.RecordInput, content []byte) bool {
	stored, _ := json.Marshal(r.Content)
	sameUntil := (r.OccurredUntil == nil) == (in.OccurredUntil == nil) && (r.OccurredUntil == nil || r.OccurredUntil.Equal(*in.OccurredUntil))
	return string(stored) == string(content) && r.Headline == in.Headline && r.OccurredAt.Equal(in.OccurredAt) && sameUntil &&
		r.Location == in.Location && r.Significant == in.Significant && r.RiskIdentified == in.RiskIdentified && maps.Equal(r.Typed, in.Typed)
}

// SaveDraft stores what was typed into a draft, valid or not yet (only
// finalising checks a record is complete and right). in.Version must be
// the version the writer started from: if someone saved since, nothing is
// overwritten and a *kith.DraftConflict carries the stored version.
// Saving what is already stored changes nothing (autosave calls this every
// few seconds), and a run of autosaves is kept as one saved version every
// few minutes (kith.KeepsVersion).
func (db *DB) SaveDraft(ctx context.Context, a kith.Actor, id string, in kith.RecordInput) (*kith.Record, error) {
	var out *kith.Record
	err := db.write(ctx, func(tx *Tx) error {
		c, r, t, err := tx.draftFor(ctx, a, id)
		if err != nil {
			return err
		}
		in.Clean(t)
		if err := in.CheckDraft(t); err != nil {
			return err
		}
		out, err = tx.updateDraft(ctx, a, c, r, t, in)
		return err
	})
	return out, db.finish(ctx, a, err)
}

func (tx *Tx) updateDraft(ctx context.Context, a kith.Actor, c *kith.Case, r *kith.Record, t *kith.Template, in kith.RecordInput) (*kith.Record, error) {
	if in.Version != r.Version {
		return nil, &kith.DraftConflict{Current: r}
	}
	content, err := json.Marshal(in.Content)
	if err != nil {
		return nil, err
	}
	// The objectives worked on are links beside the record, not part of
	// what it says: changing them alone saves no new version.
	if in.Objectives != nil {
		if err := tx.linkObjectives(ctx, c, r.ID, in.Objectives); err != nil {
			return nil, err
		}
	}
	if unchanged(r, in, content) {
		return r, nil
	}
	typed, err := typedJSON(in.Typed)
	if err != nil {
		return nil, err
	}
	newest, err := tx.newestVersion(ctx, r.ID)
	if err != nil {
		return nil, fmt.Errorf("newest version: %w", err)
	}
	// Typing autosaved since the newest version is kept as a version of
	// its own before someone else's save replaces it: the history says who
	// wrote what.
	if newest.Version < r.Version && newest.By != a.UserID() {
		if err := tx.versionStored(ctx, r, newest.By); err != nil {
			return nil, err
		}
		newest = kith.VersionStamp{Version: r.Version, By: newest.By, At: r.UpdatedAt, Autosave: true}
	}
	res, err := tx.ExecContext(ctx, `UPDATE records SET headline = $3, occurred_at = $4, occurred_until = $5, location = $6, significant = $7,
		content = $8, version = version + 1, updated_at = $9, risk_identified = $10, typed = $11 WHERE id = $1 AND version = $2 AND status = 'draft'`,
		r.ID, r.Version, in.Headline, ts(in.OccurredAt), tsp(in.OccurredUntil), in.Location, in.Significant, string(content), ts(tx.now), in.RiskIdentified, typed)
	if err != nil {
		return nil, fmt.Errorf("save draft: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return nil, &kith.DraftConflict{Current: r}
	}
	if kith.KeepsVersion(kith.VersionStamp{By: a.UserID(), At: tx.now, Autosave: in.Autosave}, newest) {
		if err := tx.saveVersion(ctx, a.UserID(), r.ID, r.Version+1, tx.now, in, content, typed); err != nil {
			return nil, err
		}
	}
	if err := tx.audit(a, auditEntry{Action: kith.AuditRecordSaved, CaseID: c.ID, SubjectType: "record", SubjectID: r.ID, Detail: fmt.Sprintf("version %d", r.Version+1)}); err != nil {
		return nil, err
	}
	r.Headline, r.OccurredAt, r.OccurredUntil, r.Location, r.Significant, r.Content = in.Headline, in.OccurredAt, in.OccurredUntil, in.Location, in.Significant, in.Content
	r.RiskIdentified, r.Typed = in.RiskIdentified, in.Typed
	r.Version, r.UpdatedAt, r.LastSavedBy = r.Version+1, tx.now, a.User.DisplayName
	return r, nil
}

// DiscardDraft throws a draft away, at its writer's request: the draft,
// its saved versions, its links to plan objectives, its dismissed findings
// and (for a case summary) its gathered facts. Files attached to it stay
// on the case, since they were received from someone. The discard is
// audited, with the draft's kind and headline.
func (db *DB) DiscardDraft(ctx context.Context, a kith.Actor, id string, version int) (*kith.Case, error) {
	var c *kith.Case
	err := db.write(ctx, func(tx *Tx) error {
		var r *kith.Record
		var t *kith.Template
		var err error
		if c, r, t, err = tx.draftFor(ctx, a, id); err != nil {
			return err
		}
		if !kith.MayDiscard(a.User, r) {
			return kith.Errorf(kith.EFORBIDDEN, "Only %s, who started this draft, can discard it.", r.AuthorName)
		}
		if version != 0 && version != r.Version {
			return &kith.DraftConflict{Current: r}
		}
		for _, q := range []string{
			`UPDATE attachments SET record_id = NULL WHERE record_id = $1`,
			`DELETE FROM record_objectives WHERE record_id = $1`,
			`DELETE FROM finding_dismissals WHERE record_id = $1`,
			`DELETE FROM summary_sharing WHERE record_id = $1`,
			`DELETE FROM case_summaries WHERE record_id = $1`,
			`DELETE FROM record_versions WHERE record_id = $1`,
		} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return fmt.Errorf("discard draft: %w", err)
			}
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM records WHERE id = $1 AND version = $2 AND status = 'draft'`, id, r.Version)
		if err != nil {
			return fmt.Errorf("discard draft: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return &kith.DraftConflict{Current: r}
		}
		detail := t.Name
		if r.Headline != "" {
			detail += ": " + r.Headline
		}
		return tx.audit(a, auditEntry{Action: kith.AuditRecordDiscarded, CaseID: c.ID, SubjectType: "record", SubjectID: id, Detail: detail})
	})
	return c, db.finish(ctx, a, err)
}

// FinaliseRecord saves the last changes to a draft and locks it: complete
// (every required section, every reason asked for), hashed, added to the
// record chain, indexed for search and audited, all in one transaction.
// Nothing can change it after.
func (db *DB) FinaliseRecord(ctx context.Context, a kith.Actor, id string, in kith.RecordInput) (*kith.Record, error) {
	var out *kith.Record
	err := db.write(ctx, func(tx *Tx) error {
		c, r, t, err := tx.draftFor(ctx, a, id)
		if err != nil {
			return err
		}
		if err := checkAuthor(a, t); err != nil {
			return err
		}
		in.Clean(t)
		if err := in.CheckFinal(t, tx.recordRules()); err != nil {
			return err
		}
		if err := tx.checkManagerNamed(ctx, a, c, t, in); err != nil {
			return err
		}
		in.Autosave = false
		stored := r.Version
		if r, err = tx.updateDraft(ctx, a, c, r, t, in); err != nil {
			return err
		}
		// The text finalised is always a saved version: the last of them.
		// A save that changed the draft kept one (a save that is not an
		// autosave always does); one that changed nothing may leave typing
		// autosaved since the newest version, which is kept now.
		if r.Version == stored {
			newest, err := tx.newestVersion(ctx, r.ID)
			if err != nil {
				return err
			}
			if newest.Version < r.Version {
				if err := tx.versionStored(ctx, r, newest.By); err != nil {
					return err
				}
			}
		}
		if err := tx.finalise(ctx, a, c, r, t); err != nil {
			return err
		}
		// The record as stored, read back in the same transaction: the
		// writer's pages are warm, and no read transaction of its own
		// (two more round trips on PostgreSQL) is needed.
		_, out, _, err = tx.recordFor(ctx, a, id, kith.ViewCase)
		return err
	})
	if err != nil {
		return nil, db.finish(ctx, a, err)
	}
	return out, nil
}

// finalise locks a saved draft.
func (tx *Tx) finalise(ctx context.Context, a kith.Actor, c *kith.Case, r *kith.Record, t *kith.Template) error {
	if err := tx.finaliseSummary(ctx, c, r, t); err != nil {
		return err
	}
	if err := tx.qualityOnFinalise(ctx, a, c, r, t); err != nil {
		return err
	}
	now := tx.now
	r.Status, r.FinalisedAt = kith.RecordFinal, &now
	r.ContentHash = kith.ContentHash(r)
	body := kith.PlainText(t, r.Content)
	if tx.db.Dialect == Postgres {
		res, err := tx.ExecContext(ctx, `UPDATE records SET status = 'final', finalised_at = $3, content_hash = $4, body = $5,
			search_doc = setweight(to_tsvector('english', headline), 'A') || to_tsvector('english', $5)
			WHERE id = $1 AND version = $2 AND status = 'draft'`, r.ID, r.Version, ts(now), r.ContentHash, body)
		if err != nil {
			return fmt.Errorf("finalise record: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return &kith.DraftConflict{Current: r}
		}
	} else {
		// The next row of the search index: the writer is single, so
		// MAX + 1 cannot collide. (The IS NOT NULL lets SQLite read the
		// maximum from the partial index rather than the whole table.)
		var rowid int64
		err := tx.QueryRowContext(ctx, `UPDATE records SET status = 'final', finalised_at = $3, content_hash = $4, body = $5,
			search_rowid = (SELECT COALESCE(MAX(search_rowid), 0) + 1 FROM records WHERE search_rowid IS NOT NULL)
			WHERE id = $1 AND version = $2 AND status = 'draft' RETURNING search_rowid`, r.ID, r.Version, ts(now), r.ContentHash, body).Scan(&rowid)
		if errNoRows(err) {
			return &kith.DraftConflict{Current: r}
		} else if err != nil {
			return fmt.Errorf("finalise record: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO record_search (rowid, record_id, headline, body, case_word) VALUES ($1, $2, $3, $4, $5)`,
			rowid, r.ID, r.Headline, body, caseWord(c.ID)); err != nil {
			return fmt.Errorf("index record: %w", err)
		}
	}
	if err := tx.addSearchWords(ctx, kith.VocabularyWords(r.Headline+"\n"+body)); err != nil {
		return err
	}
	tx.chain(kith.ChainRecords, r.ID, kith.RecordEntry(r.ID, c.ID, now, r.ContentHash))
	if summary, at, ok := kith.KeyEventOf(t, r); ok {
		if err := tx.recordKeyEvent(ctx, a, c.ID, kith.EventRecorded, at, summary, r.ID); err != nil {
			return err
		}
	}
	if err := tx.judgeRecord(ctx, c, r, t); err != nil {
		return err
	}
	if err := tx.noteCoreGroup(ctx, c, r); err != nil {
		return err
	}
	if err := tx.actionsFromRecord(ctx, a, c, r, t); err != nil {
		return err
	}
	return tx.audit(a, auditEntry{Action: kith.AuditRecordFinalised, CaseID: c.ID, SubjectType: "record", SubjectID: r.ID, Detail: t.Name + " " + r.ContentHash})
}

// CopyDraft applies a draft to other children's cases (siblings seen on
// the same visit): each gets its own draft, with the same content, to
// tailor before finalising. The copies and the original share a group, so
// each copy can show where the other children are named.
func (db *DB) CopyDraft(ctx context.Context, a kith.Actor, id string, refs []string) ([]*kith.Record, error) {
	var out []*kith.Record
	err := db.write(ctx, func(tx *Tx) error {
		c, r, t, err := tx.draftFor(ctx, a, id)
		if err != nil {
			return err
		}
		if t.Summary {
			return fieldError("children", "A case summary is about one child's record: start a summary on each child's case instead")
		}
		if len(refs) == 0 {
			return fieldError("children", "Select the children to record this for")
		}
		groupID := r.GroupID
		if groupID == "" {
			groupID = r.ID
			if _, err := tx.ExecContext(ctx, `UPDATE records SET group_id = $2 WHERE id = $1 AND status = 'draft'`, r.ID, groupID); err != nil {
				return err
			}
		}
		in := r.Input()
		in.Version = 0
		for _, ref := range dedupe(refs) {
			other, err := tx.caseFor(a, ref, kith.EditCase)
			if err != nil {
				return err
			}
			if other.ID == c.ID {
				continue
			}
			copied, err := tx.insertDraft(ctx, a, other, t, in, groupID)
			if err != nil {
				return err
			}
			out = append(out, copied)
		}
		return nil
	})
	return out, db.finish(ctx, a, err)
}

// RecordSiblings returns the cases of children in this child's network
// that the actor may record on: the choices for group recording.
func (db *DB) RecordSiblings(ctx context.Context, a kith.Actor, ref string) ([]kith.SiblingCase, error) {
	var out []kith.SiblingCase
	err := db.read(ctx, func(tx *Tx) error {
		c, err := tx.caseFor(a, ref, kith.ViewCase)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT oc.reference FROM relationships rel JOIN cases oc ON oc.child_id = rel.person_id
			WHERE rel.child_id = $1 AND rel.ended_on IS NULL ORDER BY oc.reference`, c.ChildID)
		if err != nil {
			return err
		}
		var refs []string
		for rows.Next() {
			var r string
			if err := rows.Scan(&r); err != nil {
				rows.Close()
				return err
			}
			refs = append(refs, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, r := range refs {
			oc, err := tx.caseFor(a, r, kith.EditCase)
			if err != nil {
				continue // not theirs to record on: not offered, not audited as a refusal
			}
			people, err := tx.loadPeople(ctx, []string{oc.ChildID})
			if err != nil {
				return err
			}
			out = append(out, kith.SiblingCase{Reference: oc.Reference, ChildName: people[oc.ChildID].DisplayName()})
		}
		return nil
	})
	return out, db.finish(ctx, a, err)
}
