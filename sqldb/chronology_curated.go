package sqldb

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"kith"
)

// CuratedPage is a curated chronology with the case it belongs to and
// what the reader may do; Automatic is the case's automatic chronology
// when the page offers its entries to add.
type CuratedPage struct {
	Case       *kith.Case
	Child      *kith.Person
	Can        kith.CasePermissions
	Chronology *kith.CuratedChronology
	Automatic  *kith.Chronology
}

const curatedColumns = `ch.id, ch.case_id, c.reference, ch.title, ch.purpose, ch.status, ch.analysis, ch.version, COALESCE(ch.copied_from, ''),
	ch.created_at, cu.display_name, ch.updated_at, uu.display_name, ch.finished_at, COALESCE(fu.display_name, ''), ch.reopened_at, COALESCE(ru.display_name, '')`

const curatedFrom = ` FROM chronologies ch JOIN cases c ON c.id = ch.case_id JOIN users cu ON cu.id = ch.created_by JOIN users uu ON uu.id = ch.updated_by
	LEFT JOIN users fu ON fu.id = ch.finished_by LEFT JOIN users ru ON ru.id = ch.reopened_by`

// chronologyFor finds a curated chronology the actor may read, or change
// (edit). One on a case they may not see is answered exactly as an unknown
// one.
func (tx *Tx) chronologyFor(ctx context.Context, a kith.Actor, id string, edit bool) (*kith.Case, *kith.CuratedChronology, error) {
	action := kith.ViewCase
	if edit {
		action = kith.EditCase
	}
	if _, err := uuid.Parse(id); err != nil {
		return nil, nil, kith.NotFound("Chronology")
	}
	var caseID string
	if err := tx.QueryRowContext(ctx, `SELECT case_id FROM chronologies WHERE id = $1`, id).Scan(&caseID); errNoRows(err) {
		return nil, nil, kith.NotFound("Chronology")
	} else if err != nil {
		return nil, nil, fmt.Errorf("find chronology: %w", err)
	}
	c, err := tx.caseFor(a, caseID, action)
	if err != nil {
		if kith.ErrorCode(err) == kith.ENOTFOUND {
			return nil, nil, notFoundAs(err, "Chronology")
		}
		return nil, nil, err
	}
	ch, err := tx.curated(ctx, id)
	return c, ch, err
}

// curated loads a curated chronology and its entries in date order.
func (tx *Tx) curated(ctx context.Context, id string) (*kith.CuratedChronology, error) {
	ch := &kith.CuratedChronology{Entries: []kith.CuratedEntry{}}
	var purpose, status string
	var created, updated, finished, reopened scanTime
	if err := tx.QueryRowContext(ctx, `SELECT `+curatedColumns+curatedFrom+` WHERE ch.id = $1`, id).Scan(&ch.ID, &ch.CaseID, &ch.CaseReference,
		&ch.Title, &purpose, &status, &ch.Analysis, &ch.Version, &ch.CopiedFrom, &created, &ch.CreatedBy, &updated, &ch.UpdatedBy,
		&finished, &ch.FinishedBy, &reopened, &ch.ReopenedBy); err != nil {
		return nil, fmt.Errorf("load chronology: %w", err)
	}
	ch.Purpose, ch.Status = kith.ChronologyPurpose(purpose), kith.ChronologyStatus(status)
	ch.CreatedAt, ch.UpdatedAt, ch.FinishedAt, ch.ReopenedAt = created.T, updated.T, finished.Ptr(), reopened.Ptr()
	rows, err := tx.QueryContext(ctx, `SELECT e.id, e.source_ref, e.kind, e.occurred_at, e.event, e.source, e.description, COALESCE(e.record_id, ''),
			e.analysis, COALESCE(r.status, '')
		FROM chronology_entries e LEFT JOIN records r ON r.id = e.record_id
		WHERE e.chronology_id = $1 ORDER BY e.occurred_at, e.added_at, e.id`, id)
	if err != nil {
		return nil, fmt.Errorf("chronology entries: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e kith.CuratedEntry
		var at scanTime
		var recordStatus string
		if err := rows.Scan(&e.ID, &e.Ref, &e.Kind, &at, &e.Event, &e.Source, &e.Description, &e.RecordID, &e.Analysis, &recordStatus); err != nil {
			return nil, err
		}
		e.At = at.T
		e.Fill()
		e.SourceWithdrawn = recordStatus == string(kith.RecordWithdrawn)
		e.Withhold()
		ch.Entries = append(ch.Entries, e)
	}
	return ch, rows.Err()
}

// CuratedChronology returns a curated chronology to someone who may see
// its case. Reading it is audited: how says whether it was viewed, opened
// to change, or exported.
func (db *DB) CuratedChronology(ctx context.Context, a kith.Actor, id string, how ChronologyRead) (*CuratedPage, error) {
	return db.curatedPage(ctx, a, id, how, nil)
}

// CuratedChoices returns a curated chronology with the case's automatic
// chronology, narrowed by f, to choose entries from.
func (db *DB) CuratedChoices(ctx context.Context, a kith.Actor, id string, f kith.ChronologyFilter) (*CuratedPage, error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	return db.curatedPage(ctx, a, id, ReadToEdit, &f)
}

func (db *DB) curatedPage(ctx context.Context, a kith.Actor, id string, how ChronologyRead, f *kith.ChronologyFilter) (*CuratedPage, error) {
	p := &CuratedPage{}
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if p.Case, p.Chronology, err = tx.chronologyFor(ctx, a, id, false); err != nil {
			return err
		}
		p.Can = tx.permissions(ctx, a, p.Case)
		people, err := tx.loadPeople(ctx, []string{p.Case.ChildID})
		if err != nil {
			return err
		}
		p.Child = people[p.Case.ChildID]
		if f != nil {
			auto, err := tx.automaticChronology(ctx, p.Case.ID)
			if err != nil {
				return err
			}
			auto = auto.Filter(*f)
			p.Automatic = &auto
		}
		return nil
	})
	if err != nil {
		return nil, db.finish(ctx, a, err)
	}
	return p, db.auditReads(ctx, a, how.audit(p.Case.ID, "chronology", id, p.Chronology.Title))
}

// CreateChronology starts a curated chronology on a case, as a draft, with
// any entries of the automatic chronology named in in.Refs.
func (db *DB) CreateChronology(ctx context.Context, a kith.Actor, ref string, in kith.ChronologyInput) (*kith.CuratedChronology, error) {
	var out *kith.CuratedChronology
	err := db.write(ctx, func(tx *Tx) error {
		c, err := tx.caseFor(a, ref, kith.EditCase)
		if err != nil {
			return err
		}
		if err := c.CheckOpen(); err != nil {
			return err
		}
		if err := in.Validate(); err != nil {
			return err
		}
		id := newID()
		if _, err := tx.ExecContext(ctx, `INSERT INTO chronologies (id, case_id, title, purpose, status, created_at, created_by, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, 'draft', $5, $6, $5, $6)`, id, c.ID, in.Title, string(in.Purpose), ts(tx.now), a.UserID()); err != nil {
			return fmt.Errorf("insert chronology: %w", err)
		}
		if len(in.Refs) > 0 {
			ch, err := tx.curated(ctx, id)
			if err != nil {
				return err
			}
			if err := tx.addAutomaticEntries(ctx, a, ch, in.Refs); err != nil {
				return err
			}
		}
		if err := tx.audit(a, auditEntry{Action: kith.AuditChronologyCreated, CaseID: c.ID, SubjectType: "chronology", SubjectID: id, Detail: in.Title}); err != nil {
			return err
		}
		out, err = tx.curated(ctx, id)
		return err
	})
	return out, db.finish(ctx, a, err)
}

// changeChronology runs a change to a draft curated chronology that the
// actor may edit, made from version seen: a change from an older version
// is refused, so nobody overwrites what someone else saved since. change
// does the work; the chronology then moves to its next version, the
// change is audited, and the chronology is read back.
func (db *DB) changeChronology(ctx context.Context, a kith.Actor, id string, seen int, action kith.AuditAction,
	change func(tx *Tx, c *kith.Case, ch *kith.CuratedChronology) (detail string, err error)) (*kith.CuratedChronology, error) {
	var out *kith.CuratedChronology
	err := db.write(ctx, func(tx *Tx) error {
		c, ch, err := tx.chronologyFor(ctx, a, id, true)
		if err != nil {
			return err
		}
		if err := c.CheckOpen(); err != nil {
			return err
		}
		if seen != ch.Version {
			return staleEdit("this chronology")
		}
		detail, err := change(tx, c, ch)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE chronologies SET version = version + 1, updated_at = $3, updated_by = $4 WHERE id = $1 AND version = $2`,
			id, seen, ts(tx.now), a.UserID())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return staleEdit("this chronology")
		}
		if err := tx.audit(a, auditEntry{Action: action, CaseID: c.ID, SubjectType: "chronology", SubjectID: id, Detail: detail}); err != nil {
			return err
		}
		out, err = tx.curated(ctx, id)
		return err
	})
	return out, db.finish(ctx, a, err)
}

// AddChronologyEntries adds entries of the case's automatic chronology to
// a draft curated chronology, copied as they read now; entries it has
// already are left as they are.
func (db *DB) AddChronologyEntries(ctx context.Context, a kith.Actor, id string, version int, refs []string) (*kith.CuratedChronology, error) {
	return db.changeChronology(ctx, a, id, version, kith.AuditChronologyUpdated, func(tx *Tx, c *kith.Case, ch *kith.CuratedChronology) (string, error) {
		if err := ch.CheckChange(); err != nil {
			return "", err
		}
		if len(refs) == 0 {
			return "", fieldError("entries", "Select the entries to add")
		}
		return fmt.Sprintf("added %d entries", len(refs)), tx.addAutomaticEntries(ctx, a, ch, refs)
	})
}

// addAutomaticEntries copies entries of the automatic chronology into a
// curated one.
func (tx *Tx) addAutomaticEntries(ctx context.Context, a kith.Actor, ch *kith.CuratedChronology, refs []string) error {
	auto, err := tx.automaticChronology(ctx, ch.CaseID)
	if err != nil {
		return err
	}
	var add []kith.ChronologyEntry
	for _, ref := range dedupe(refs) {
		e, ok := auto.Find(ref)
		if !ok {
			return fieldError("entries", "“"+ref+"” is not an entry of this case’s chronology. Choose entries from the list")
		}
		if !ch.Has(ref) {
			add = append(add, e)
		}
	}
	if len(ch.Entries)+len(add) > kith.MaxChronologyEntries {
		return fieldError("entries", fmt.Sprintf("A chronology can have at most %d entries", kith.MaxChronologyEntries))
	}
	for _, e := range add {
		if err := tx.insertChronologyEntry(ctx, a, ch.ID, e, ""); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) insertChronologyEntry(ctx context.Context, a kith.Actor, chronologyID string, e kith.ChronologyEntry, analysis string) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO chronology_entries (id, chronology_id, source_ref, kind, occurred_at, event, source, description, record_id, analysis, added_at, added_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, newID(), chronologyID, e.Ref, e.Kind, ts(e.At), e.Event, e.Source, e.Description,
		nullString(e.RecordID), analysis, ts(tx.now), a.UserID()); err != nil {
		if isUniqueViolation(err) {
			return staleEdit("this chronology")
		}
		return fmt.Errorf("insert chronology entry: %w", err)
	}
	return nil
}

// SaveChronology saves a draft curated chronology: its title, purpose and
// overall analysis, the analysis of each entry sent, the removal of
// entries, and an entry from another source. With finish, it is then
// finished in the same transaction, so a refused finish saves nothing and
// the writer's page still holds everything they typed.
func (db *DB) SaveChronology(ctx context.Context, a kith.Actor, id string, in kith.ChronologySave, finish bool) (*kith.CuratedChronology, error) {
	action := kith.AuditChronologyUpdated
	if finish {
		action = kith.AuditChronologyFinished
	}
	return db.changeChronology(ctx, a, id, in.Version, action, func(tx *Tx, c *kith.Case, ch *kith.CuratedChronology) (string, error) {
		if err := ch.CheckChange(); err != nil {
			return "", err
		}
		if err := in.Validate(ch, tx.Today()); err != nil {
			return "", err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE chronologies SET title = $2, purpose = $3, analysis = $4 WHERE id = $1`,
			id, in.Title, string(in.Purpose), in.Analysis); err != nil {
			return "", err
		}
		for _, e := range in.Entries {
			if _, err := tx.ExecContext(ctx, `UPDATE chronology_entries SET analysis = $3 WHERE id = $1 AND chronology_id = $2`, e.ID, id, e.Analysis); err != nil {
				return "", err
			}
		}
		for _, rid := range dedupe(in.Remove) {
			if _, err := tx.ExecContext(ctx, `DELETE FROM chronology_entries WHERE id = $1 AND chronology_id = $2`, rid, id); err != nil {
				return "", err
			}
		}
		var did []string
		if len(in.Remove) > 0 {
			did = append(did, fmt.Sprintf("removed %d entries", len(dedupe(in.Remove))))
		}
		if in.Other != nil {
			if err := tx.insertChronologyEntry(ctx, a, id, in.Other.Entry(), in.Other.Analysis); err != nil {
				return "", err
			}
			did = append(did, "added an entry from "+in.Other.Source)
		}
		if finish {
			now, err := tx.curated(ctx, id)
			if err != nil {
				return "", err
			}
			if err := tx.finishChronology(ctx, a, now); err != nil {
				return "", err
			}
			did = append(did, "finished")
		}
		return strings.Join(append([]string{"saved"}, did...), ", "), nil
	})
}

// FinishChronology finishes a draft curated chronology: from then on it is
// read-only until someone reopens it.
func (db *DB) FinishChronology(ctx context.Context, a kith.Actor, id string, version int) (*kith.CuratedChronology, error) {
	return db.changeChronology(ctx, a, id, version, kith.AuditChronologyFinished, func(tx *Tx, c *kith.Case, ch *kith.CuratedChronology) (string, error) {
		return ch.Title, tx.finishChronology(ctx, a, ch)
	})
}

func (tx *Tx) finishChronology(ctx context.Context, a kith.Actor, ch *kith.CuratedChronology) error {
	if err := ch.CheckFinish(); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE chronologies SET status = 'finished', finished_at = $2, finished_by = $3 WHERE id = $1`, ch.ID, ts(tx.now), a.UserID())
	return err
}

// ReopenChronology returns a finished chronology to draft to change it.
// Who finished it and when stay on it, beside who reopened it and when.
func (db *DB) ReopenChronology(ctx context.Context, a kith.Actor, id string, version int) (*kith.CuratedChronology, error) {
	return db.changeChronology(ctx, a, id, version, kith.AuditChronologyReopened, func(tx *Tx, c *kith.Case, ch *kith.CuratedChronology) (string, error) {
		if err := ch.CheckReopen(); err != nil {
			return "", err
		}
		_, err := tx.ExecContext(ctx, `UPDATE chronologies SET status = 'draft', reopened_at = $2, reopened_by = $3 WHERE id = $1`, id, ts(tx.now), a.UserID())
		return ch.Title, err
	})
}

// CopyChronology makes a new draft from a curated chronology, finished or
// not: the same entries with their analysis, and the same overall
// analysis, to bring up to date for another purpose.
func (db *DB) CopyChronology(ctx context.Context, a kith.Actor, id string) (*kith.CuratedChronology, error) {
	var out *kith.CuratedChronology
	err := db.write(ctx, func(tx *Tx) error {
		c, ch, err := tx.chronologyFor(ctx, a, id, true)
		if err != nil {
			return err
		}
		if err := c.CheckOpen(); err != nil {
			return err
		}
		copyID, title := newID(), kith.CopyTitle(ch.Title)
		if _, err := tx.ExecContext(ctx, `INSERT INTO chronologies (id, case_id, title, purpose, status, analysis, copied_from, created_at, created_by, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7, $8, $7, $8)`, copyID, c.ID, title, string(ch.Purpose), ch.Analysis, ch.ID, ts(tx.now), a.UserID()); err != nil {
			return fmt.Errorf("copy chronology: %w", err)
		}
		for _, e := range ch.Entries {
			if err := tx.insertChronologyEntry(ctx, a, copyID, e.ChronologyEntry, e.Analysis); err != nil {
				return err
			}
		}
		if err := tx.audit(a, auditEntry{Action: kith.AuditChronologyCreated, CaseID: c.ID, SubjectType: "chronology", SubjectID: copyID,
			Detail: "copy of " + ch.Title}); err != nil {
			return err
		}
		out, err = tx.curated(ctx, copyID)
		return err
	})
	return out, db.finish(ctx, a, err)
}
