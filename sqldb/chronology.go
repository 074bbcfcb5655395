package sqldb

import (
	"context"
	"fmt"

	"kith"
)

// ChronologyRead says why a chronology is read, which its audit event
// records: a view on screen, or a copy that leaves Kith (a print, a CSV or
// HTML download).
type ChronologyRead string

// The reasons a chronology is read.
const (
	ReadOnScreen ChronologyRead = "view"
	ReadToEdit   ChronologyRead = "edit"
	ReadPrint    ChronologyRead = "print"
	ReadCSV      ChronologyRead = "csv"
	ReadHTML     ChronologyRead = "html"
	ReadPDF      ChronologyRead = "pdf"
)

func (how ChronologyRead) audit(caseID, subjectType, subjectID, detail string) auditEntry {
	action := kith.AuditChronologyExported
	if how == ReadOnScreen || how == ReadToEdit {
		action = kith.AuditChronologyViewed
	}
	if how != ReadOnScreen {
		detail += " (" + string(how) + ")"
	}
	return auditEntry{Action: action, CaseID: caseID, SubjectType: subjectType, SubjectID: subjectID, Detail: detail}
}

// ChronologyPage is a case's automatic chronology with what its page
// shows beside it.
type ChronologyPage struct {
	Case       *kith.Case
	Child      *kith.Person
	Can        kith.CasePermissions
	Chronology kith.Chronology
	// Curated lists the case's curated chronologies.
	Curated []kith.ChronologySummary
}

// Chronology returns a case's automatic chronology, narrowed by f, with the
// case's curated chronologies. Reading it is audited: how says whether it
// was viewed or exported.
func (db *DB) Chronology(ctx context.Context, a kith.Actor, ref string, f kith.ChronologyFilter, how ChronologyRead) (*ChronologyPage, error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	p := &ChronologyPage{}
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if p.Case, err = tx.caseFor(a, ref, kith.ViewCase); err != nil {
			return err
		}
		p.Can = tx.permissions(ctx, a, p.Case)
		people, err := tx.loadPeople(ctx, []string{p.Case.ChildID})
		if err != nil {
			return err
		}
		p.Child = people[p.Case.ChildID]
		ch, err := tx.automaticChronology(ctx, p.Case.ID)
		if err != nil {
			return err
		}
		p.Chronology = ch.Filter(f)
		p.Curated, err = tx.chronologySummaries(ctx, p.Case.ID)
		return err
	})
	if err != nil {
		return nil, db.finish(ctx, a, err)
	}
	detail := fmt.Sprintf("automatic chronology, %d of %d entries", p.Chronology.Shown(), p.Chronology.Total)
	return p, db.auditReads(ctx, a, how.audit(p.Case.ID, "case", p.Case.ID, detail))
}

// automaticChronology builds a case's automatic chronology in one query:
// its allocations (every one, with the worker and team), its other key
// events, and its significant final records. A key event made by a record
// is shown once, as the key event linked to the record, and not at all
// once the record is withdrawn.
func (tx *Tx) automaticChronology(ctx context.Context, caseID string) (kith.Chronology, error) {
	// Each part fills the same ten columns: where the row comes from, its
	// id, kind and time, then three texts and three more that mean what
	// the part says.
	rows, err := tx.QueryContext(ctx, `
		SELECT 'event', e.id, e.kind, e.occurred_at, e.summary, COALESCE(u.display_name, ''), COALESCE(e.record_id, ''),
			COALESCE(rt.name, ''), COALESCE(ru.display_name, ''), COALESCE(r.status, '')
		FROM key_events e LEFT JOIN users u ON u.id = e.by_user_id
			LEFT JOIN records r ON r.id = e.record_id
			LEFT JOIN record_templates rt ON rt.key = r.template_key AND rt.version = r.template_version
			LEFT JOIN users ru ON ru.id = r.author_id
		WHERE e.case_id = $1 AND e.kind NOT IN ('allocated', 'transferred', 'unallocated')
		UNION ALL
		SELECT 'allocation', al.id, al.kind, al.started_at, t.name, COALESCE(b.display_name, ''), '',
			COALESCE(w.display_name, ''), al.reason, COALESCE(al.worker_id, '')
		FROM allocations al JOIN teams t ON t.id = al.team_id LEFT JOIN users w ON w.id = al.worker_id LEFT JOIN users b ON b.id = al.by_user_id
		WHERE al.case_id = $1 AND al.kind IN ('allocated', 'transferred', 'unallocated')
		UNION ALL
		SELECT 'record', r.id, 'record', r.occurred_at, r.headline, u.display_name, r.id, rt.name, '', ''
		FROM records r`+tx.db.Dialect.indexedBy("records_significant")+` JOIN users u ON u.id = r.author_id
			JOIN record_templates rt ON rt.key = r.template_key AND rt.version = r.template_version
		WHERE r.case_id = $1 AND r.status = 'final' AND r.significant = TRUE`, caseID)
	if err != nil {
		return kith.Chronology{}, fmt.Errorf("chronology: %w", err)
	}
	defer rows.Close()
	var entries, records []kith.ChronologyEntry
	fromEvents := map[string]bool{} // records shown as their key event
	for rows.Next() {
		var src, id, kind, text, byName, recordID, a, b, c string
		var at scanTime
		if err := rows.Scan(&src, &id, &kind, &at, &text, &byName, &recordID, &a, &b, &c); err != nil {
			return kith.Chronology{}, err
		}
		switch src {
		case "event":
			if recordID != "" {
				fromEvents[recordID] = true
				if c != string(kith.RecordFinal) {
					continue // the record was withdrawn: so is its event
				}
			}
			e := kith.ChronologyEntry{Ref: "event:" + id, Kind: kind, At: at.T, Description: text, Source: kith.RecordedBy(byName), RecordID: recordID}
			if recordID != "" {
				e.Source = kith.RecordSource(a, b)
			}
			entries = append(entries, e)
		case "allocation":
			entries = append(entries, kith.AllocationEntry(kith.Allocation{ID: id, Kind: kith.AllocationKind(kind), TeamName: text,
				WorkerID: c, WorkerName: a, StartedAt: at.T, Reason: b, ByName: byName}))
		case "record":
			records = append(records, kith.ChronologyEntry{Ref: "record:" + id, Kind: kith.EntryRecord, At: at.T, Event: a,
				Source: kith.RecordSource(a, byName), Description: text, RecordID: recordID})
		}
	}
	if err := rows.Err(); err != nil {
		return kith.Chronology{}, err
	}
	for _, r := range records {
		if !fromEvents[r.RecordID] {
			entries = append(entries, r)
		}
	}
	return kith.NewChronology(entries), nil
}

// chronologySummaries lists a case's curated chronologies, the most
// recently changed first.
func (tx *Tx) chronologySummaries(ctx context.Context, caseID string) ([]kith.ChronologySummary, error) {
	rows, err := tx.QueryContext(ctx, `SELECT ch.id, ch.title, ch.purpose, ch.status,
			(SELECT COUNT(*) FROM chronology_entries e WHERE e.chronology_id = ch.id), u.display_name, ch.updated_at, ch.finished_at
		FROM chronologies ch JOIN users u ON u.id = ch.created_by WHERE ch.case_id = $1 ORDER BY ch.updated_at DESC, ch.id DESC`, caseID)
	if err != nil {
		return nil, fmt.Errorf("chronologies: %w", err)
	}
	defer rows.Close()
	out := []kith.ChronologySummary{}
	for rows.Next() {
		var s kith.ChronologySummary
		var purpose, status string
		var updated, finished scanTime
		if err := rows.Scan(&s.ID, &s.Title, &purpose, &status, &s.Entries, &s.CreatedBy, &updated, &finished); err != nil {
			return nil, err
		}
		s.Purpose, s.Status, s.UpdatedAt, s.FinishedAt = kith.ChronologyPurpose(purpose), kith.ChronologyStatus(status), updated.T, finished.Ptr()
		out = append(out, s)
	}
	return out, rows.Err()
}

// Chronologies lists a case's curated chronologies; the list is a read of
// the case and audited.
func (db *DB) Chronologies(ctx context.Context, a kith.Actor, ref string) (*kith.Case, []kith.ChronologySummary, error) {
	var c *kith.Case
	var out []kith.ChronologySummary
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if c, err = tx.caseFor(a, ref, kith.ViewCase); err != nil {
			return err
		}
		out, err = tx.chronologySummaries(ctx, c.ID)
		return err
	})
	if err != nil {
		return nil, nil, db.finish(ctx, a, err)
	}
	return c, out, db.auditReads(ctx, a, auditEntry{Action: kith.AuditChronologyViewed, CaseID: c.ID, SubjectType: "case", SubjectID: c.ID,
		Detail: fmt.Sprintf("list of %d curated chronologies", len(out))})
}
