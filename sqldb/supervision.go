package sqldb

import (
	"context"
	"encoding/json"
	"fmt"

	"kith"
)

// checkSupervisor refuses a supervision record from someone who may not
// begin one (kith.SupervisionAuthor).
func (tx *Tx) checkSupervisor(ctx context.Context, a kith.Actor, c *kith.Case, t *kith.Template) error {
	if !t.Supervision {
		return nil
	}
	if ok, _ := kith.SupervisionAuthor(tx.permissions(ctx, a, c).Manage, a.Has(kith.RolePractitioner), true); ok {
		return nil
	}
	return kith.Errorf(kith.EFORBIDDEN, "You do not manage %s, which holds this case, so you cannot record its supervision. A manager of that team can, or its practitioner with their manager present.", c.TeamName)
}

// checkManagerNamed asks a practitioner who finalises a supervision record
// to name the manager who was present.
func (tx *Tx) checkManagerNamed(ctx context.Context, a kith.Actor, c *kith.Case, t *kith.Template, in kith.RecordInput) error {
	if !t.Supervision {
		return nil
	}
	_, missing := kith.SupervisionAuthor(tx.permissions(ctx, a, c).Manage, a.Has(kith.RolePractitioner), in.Content["manager_present"].Text != "")
	if missing != "" {
		return fieldError("s.manager_present", missing)
	}
	return nil
}

// supervisionFacts gathers what a new supervision record begins with.
func (tx *Tx) supervisionFacts(ctx context.Context, c *kith.Case) (kith.SupervisionFacts, error) {
	var f kith.SupervisionFacts
	first, err := tx.childFirstName(ctx, c)
	if err != nil {
		return f, err
	}
	f.ChildFirstName = first
	var knownAs string
	if err := tx.QueryRowContext(ctx, `SELECT known_as FROM people WHERE id = $1`, c.ChildID).Scan(&knownAs); err != nil {
		return f, err
	}
	if c.Open() {
		clocks, err := tx.caseClocks(ctx, c.ID)
		if err != nil {
			return f, err
		}
		if clocks != nil {
			f.LastSeen, f.LastSeenAlone = clocks.LastSeen, clocks.LastSeenAlone
		}
	}
	// The child's last words: the newest of the latest final records
	// whose template has a section for the child's voice, answered.
	rows, err := tx.QueryContext(ctx, `SELECT id, template_key, template_version, occurred_at, content FROM records
		WHERE case_id = $1 AND status = 'final' ORDER BY occurred_at DESC LIMIT 50`, c.ID)
	if err != nil {
		return f, fmt.Errorf("last words: %w", err)
	}
	type recent struct {
		id      string
		key     string
		version int
		at      scanTime
		content string
	}
	var recents []recent
	for rows.Next() {
		var r recent
		if err := rows.Scan(&r.id, &r.key, &r.version, &r.at, &r.content); err != nil {
			rows.Close()
			return f, err
		}
		recents = append(recents, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return f, err
	}
	for _, r := range recents {
		t, err := tx.template(ctx, r.key, r.version)
		if err != nil {
			return f, err
		}
		var content kith.RecordContent
		if err := json.Unmarshal([]byte(r.content), &content); err != nil {
			return f, err
		}
		// Only words the record gives as the child's own count
		// (kith.ChildsWords): not a parent's, not a description of a
		// child too young to talk, and not an earlier supervision's
		// summary of them.
		if t.Supervision {
			continue
		}
		for _, s := range t.Sections {
			if !s.ChildVoice {
				continue
			}
			if words := kith.ChildsWords(content[s.Key].Text, first, knownAs); words != "" {
				f.Words, f.WordsFrom, f.WordsRecordID = words, t.Name+" on "+kith.DateOf(r.at.T.In(kith.London)).Long(), r.id
				break
			}
		}
		if f.Words != "" {
			break
		}
	}
	f.Adults, err = tx.adultsElsewhere(ctx, c)
	return f, err
}

// OversightRecords lists the final records of management oversight on a
// case, newest first: supervision and the templates the council counts as
// oversight. The read is audited.
func (db *DB) OversightRecords(ctx context.Context, a kith.Actor, ref string) (*kith.Case, []kith.RecordRow, error) {
	var c *kith.Case
	var out []kith.RecordRow
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if c, err = tx.caseFor(a, ref, kith.ViewCase); err != nil {
			return err
		}
		st, err := tx.timeliness(ctx)
		if err != nil {
			return err
		}
		keys, err := tx.supervisionTemplateKeys(ctx)
		if err != nil {
			return err
		}
		keys = dedupe(append(keys, st.settings.Policies.OversightTemplates...))
		args := append([]any{c.ID}, anys(keys)...)
		out, err = tx.recordRows(ctx, `SELECT `+rowColumns+` FROM records r JOIN cases c ON c.id = r.case_id JOIN users u ON u.id = r.author_id
			WHERE r.case_id = $1 AND r.status = 'final' AND r.template_key IN (`+placeholders(2, len(keys))+`) ORDER BY r.occurred_at DESC`, args...)
		return err
	})
	if err != nil {
		return nil, nil, db.finish(ctx, a, err)
	}
	if out == nil {
		out = []kith.RecordRow{}
	}
	return c, out, db.auditReads(ctx, a, auditEntry{Action: kith.AuditRecordListed, CaseID: c.ID, SubjectType: "case", SubjectID: c.ID, Detail: "management oversight"})
}

// supervisionTemplateKeys names the templates flagged as supervision.
func (tx *Tx) supervisionTemplateKeys(ctx context.Context) ([]string, error) {
	all, err := tx.templates(ctx)
	if err != nil {
		return nil, err
	}
	var keys []string
	for _, t := range all {
		if t.Supervision {
			keys = append(keys, t.Key)
		}
	}
	return keys, nil
}

// GroupSupervision begins a supervision record on each of the chosen
// cases of one worker's caseload, discussed together: one record per
// child, sharing a group. Every case must be one the manager manages.
func (db *DB) GroupSupervision(ctx context.Context, a kith.Actor, templateKey string, refs []string, in kith.RecordInput) ([]*kith.Record, error) {
	var out []*kith.Record
	err := db.write(ctx, func(tx *Tx) error {
		if len(refs) == 0 {
			return fieldError("children", "Select the children discussed")
		}
		t, err := tx.latestTemplate(ctx, templateKey)
		if err != nil || !t.Supervision {
			return fieldError("template", "Select a supervision template")
		}
		if err := checkAuthor(a, t); err != nil {
			return err
		}
		groupID := newID()
		for _, ref := range dedupe(refs) {
			c, err := tx.caseFor(a, ref, kith.EditCase)
			if err != nil {
				return err
			}
			if !tx.permissions(ctx, a, c).Manage {
				return kith.Errorf(kith.EFORBIDDEN, "You do not manage %s, which holds %s, so you cannot record its supervision.", c.TeamName, c.Reference)
			}
			child := in
			child.TemplateKey, child.Significant = t.Key, t.Significant
			if child.Content, err = tx.supervisionStart(ctx, c, in.Content); err != nil {
				return err
			}
			child.Clean(t)
			if err := child.CheckDraft(t); err != nil {
				return err
			}
			r, err := tx.insertDraft(ctx, a, c, t, child, groupID)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	return out, db.finish(ctx, a, err)
}

// supervisionStart is a new supervision record's content: what was typed,
// with the facts from the record where nothing was typed.
func (tx *Tx) supervisionStart(ctx context.Context, c *kith.Case, typed kith.RecordContent) (kith.RecordContent, error) {
	f, err := tx.supervisionFacts(ctx, c)
	if err != nil {
		return nil, err
	}
	out := kith.RecordContent{}
	for k, v := range kith.SupervisionPrefill(f) {
		out[k] = v
	}
	for k, v := range typed {
		if !v.Empty() {
			out[k] = v
		}
	}
	return out, nil
}

// SupervisionContext is what a supervision draft is written beside: the
// facts it began with (with the record of the child's last words) and the
// case's open actions and those closed in the last three months, to review
// one by one.
type SupervisionContext struct {
	Facts   kith.SupervisionFacts
	Actions []kith.Action
}

// Supervision reads a supervision draft's context. It is part of showing
// the draft, whose read is audited.
func (db *DB) Supervision(ctx context.Context, a kith.Actor, ref string) (*SupervisionContext, error) {
	out := &SupervisionContext{}
	err := db.read(ctx, func(tx *Tx) error {
		c, err := tx.caseFor(a, ref, kith.ViewCase)
		if err != nil {
			return err
		}
		if out.Facts, err = tx.supervisionFacts(ctx, c); err != nil {
			return err
		}
		out.Actions, err = tx.caseActions(ctx, c.ID, kith.ActionFilter{ClosedSince: tx.Today().AddDays(-91)})
		return err
	})
	return out, db.finish(ctx, a, err)
}
