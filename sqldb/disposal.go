package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"kith"
)

// Disposal removes a case's content in the transaction that approves it.
// What stays is the tombstone (case_disposals), the case's reference and
// dates (cases), its audit events (who saw and changed it, and that it
// was disposed of), and for each chain entry whose row goes, the digest
// its link was made from (disposed_entries), so that kith verify checks
// every link across the gap. Everything else that holds what the record
// said, or who the family are, goes: TestDisposalLeavesNothingOfTheCase
// walks every table of the schema to hold this as tables are added.

// disposalCounts are what a disposal removed, for the tombstone.
type disposalCounts struct{ records, files int }

// caseRecords selects the case's records (drafts too) by id, in the two
// halves the records' partial indexes cover (a plain "case_id = $1"
// would read every record in the council).
const caseRecords = `(SELECT id FROM records WHERE case_id = $1 AND status = 'final'
	UNION ALL SELECT id FROM records WHERE case_id = $1 AND status <> 'final')`

// disposalStatements remove a case's content, $1 being its id, children
// before the rows they refer to.
var disposalStatements = []string{
	`DELETE FROM summary_sharing WHERE record_id IN (SELECT record_id FROM case_summaries WHERE case_id = $1)`,
	`UPDATE chronologies SET copied_from = NULL WHERE copied_from IN (SELECT id FROM chronologies WHERE case_id = $1)`,
	`DELETE FROM chronology_entries WHERE chronology_id IN (SELECT id FROM chronologies WHERE case_id = $1)`,
	`DELETE FROM chronology_entries WHERE record_id IN ` + caseRecords,
	`DELETE FROM chronologies WHERE case_id = $1`,
	`DELETE FROM key_events WHERE case_id = $1`,
	`DELETE FROM key_events WHERE record_id IN ` + caseRecords,
	`DELETE FROM action_updates WHERE action_id IN (SELECT id FROM actions WHERE case_id = $1)`,
	`DELETE FROM action_updates WHERE action_id IN (SELECT id FROM actions WHERE source_record_id IN ` + caseRecords + `)`,
	`DELETE FROM actions WHERE case_id = $1`,
	`DELETE FROM actions WHERE source_record_id IN ` + caseRecords,
	`DELETE FROM record_objectives WHERE record_id IN ` + caseRecords,
	`DELETE FROM record_objectives WHERE objective_id IN (SELECT id FROM objectives WHERE case_id = $1)`,
	`DELETE FROM objective_ratings WHERE objective_id IN (SELECT id FROM objectives WHERE case_id = $1)`,
	`DELETE FROM objectives WHERE case_id = $1`,
	`DELETE FROM plan_reviews WHERE plan_id IN (SELECT id FROM plans WHERE case_id = $1)`,
	`DELETE FROM plans WHERE case_id = $1`,
	`DELETE FROM record_timeliness WHERE record_id IN ` + caseRecords,
	`DELETE FROM record_quality WHERE record_id IN ` + caseRecords,
	`DELETE FROM record_findings WHERE record_id IN ` + caseRecords,
	`DELETE FROM finding_dismissals WHERE record_id IN ` + caseRecords,
	// The copy-paste index's postings (text_prints) are numbers, a hash
	// and a document number, and stay: with the document gone they point
	// at nothing, and no lookup returns them. Finding them means reading
	// the council's hundred million postings (docs/retention.md).
	`DELETE FROM text_prints_queue WHERE doc_id IN (SELECT doc_id FROM text_docs WHERE record_id IN ` + caseRecords + `)`,
	`DELETE FROM text_docs WHERE record_id IN ` + caseRecords,
	`DELETE FROM case_summaries WHERE case_id = $1`,
	`DELETE FROM section47s WHERE case_id = $1`,
	`DELETE FROM assessments WHERE case_id = $1`,
	`DELETE FROM episodes WHERE case_id = $1`,
	`DELETE FROM attachments WHERE case_id = $1`,
	`DELETE FROM record_addenda WHERE record_id IN ` + caseRecords,
	`DELETE FROM record_versions WHERE record_id IN ` + caseRecords,
	`DELETE FROM records WHERE case_id = $1 AND status = 'final'`,
	`DELETE FROM records WHERE case_id = $1 AND status <> 'final'`,
	`DELETE FROM status_periods WHERE case_id = $1`,
	`DELETE FROM allocations WHERE case_id = $1`,
	`DELETE FROM involvements WHERE case_id = $1`,
	`DELETE FROM warnings WHERE case_id = $1`,
	`DELETE FROM case_access_list WHERE case_id = $1`,
	`DELETE FROM case_lockouts WHERE case_id = $1`,
	`DELETE FROM case_facts WHERE case_id = $1`,
	`DELETE FROM referral_chases WHERE referral_id IN (SELECT id FROM referrals WHERE case_id = $1)`,
	`DELETE FROM referrals WHERE case_id = $1`,
	`DELETE FROM cla_reviews WHERE case_id = $1`,
	`DELETE FROM missing_episodes WHERE case_id = $1`,
	`DELETE FROM care_episodes WHERE case_id = $1`,
	`DELETE FROM previous_permanence WHERE case_id = $1`,
	`DELETE FROM health_outcomes WHERE case_id = $1`,
	`DELETE FROM care_leaver_outcomes WHERE case_id = $1`,
	`DELETE FROM adoption_decisions WHERE case_id = $1`,
	`DELETE FROM adoption_matches WHERE case_id = $1`,
	`DELETE FROM contacts WHERE case_id = $1`,
	`DELETE FROM early_help_assessments WHERE case_id = $1`,
	`DELETE FROM permanence_plans WHERE case_id = $1`,
	`DELETE FROM case_file_exports WHERE case_id = $1`,
	// A subject access request stays in the officers' log of requests;
	// the record gathered for it, and what was disclosed, go.
	`DELETE FROM sar_redactions WHERE request_id IN (SELECT id FROM subject_access_requests WHERE case_id = $1)`,
	`DELETE FROM sar_bundle_parts WHERE request_id IN (SELECT id FROM subject_access_requests WHERE case_id = $1)`,
	`DELETE FROM sar_bundles WHERE request_id IN (SELECT id FROM subject_access_requests WHERE case_id = $1)`,
}

// disposeCase removes the case's content (the disposal's row must say
// "disposed" first: the database refuses to delete a final record or an
// addendum otherwise). It returns what it removed, and the stored files
// no attachment refers to any more, to remove once the transaction
// commits.
func (tx *Tx) disposeCase(ctx context.Context, caseID, ref, disposalID string) (disposalCounts, []string, error) {
	var n disposalCounts
	// Entries still waiting to join their chain would be left with no
	// row to link: they join within seconds.
	var waiting int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM chain_backlog b WHERE b.subject_id IN `+caseRecords+`
		OR b.subject_id IN (SELECT a.id FROM record_addenda a WHERE a.record_id IN `+caseRecords+`)`, caseID).Scan(&waiting); err != nil {
		return n, nil, err
	}
	if waiting > 0 {
		return n, nil, kith.Errorf(kith.EUNAVAILABLE, "%d of case %s's records are still being added to the tamper-evident chain. Try again in a minute.", waiting, ref)
	}
	// Only one approval wins: a second officer approving at the same
	// moment finds it no longer proposed.
	res, err := tx.ExecContext(ctx, `UPDATE case_disposals SET state = 'disposed' WHERE id = $1 AND state = 'proposed'`, disposalID)
	if err != nil {
		return n, nil, err
	}
	if won, err := res.RowsAffected(); err != nil {
		return n, nil, err
	} else if won != 1 {
		return n, nil, kith.Errorf(kith.ECONFLICT, "Someone else decided on case %s's disposal at the same moment: look again.", ref)
	}
	if err := tx.keepDigests(ctx, caseID, disposalID); err != nil {
		return n, nil, err
	}
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+caseRecords+` r`, caseID).Scan(&n.records); err != nil {
		return n, nil, err
	}
	var paths []string
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT path FROM attachments WHERE case_id = $1 AND path <> ''`, caseID)
	if err != nil {
		return n, nil, err
	}
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			rows.Close()
			return n, nil, err
		}
		paths = append(paths, p)
	}
	rows.Close()
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM attachments WHERE case_id = $1`, caseID).Scan(&n.files); err != nil {
		return n, nil, err
	}
	if tx.db.Dialect == SQLite {
		// The search index is a table of its own on SQLite.
		if _, err := tx.ExecContext(ctx, `DELETE FROM record_search WHERE rowid IN (SELECT search_rowid FROM records WHERE id IN `+caseRecords+`)`, caseID); err != nil {
			return n, nil, fmt.Errorf("dispose of the search index: %w", err)
		}
	}
	for _, q := range disposalStatements {
		if _, err := tx.ExecContext(ctx, q, caseID); err != nil {
			return n, nil, fmt.Errorf("dispose (%.60s…): %w", q, err)
		}
	}
	// Forms kept for the case's pages (typed work saved on a failed post).
	if _, err := tx.ExecContext(ctx, `DELETE FROM kept_forms WHERE path LIKE $1`, "/cases/"+ref+"/%"); err != nil {
		return n, nil, err
	}
	if err := tx.forgetFamily(ctx, caseID); err != nil {
		return n, nil, err
	}
	// A stored file stays while another attachment (on a case still
	// kept) has the same content.
	var gone []string
	for _, p := range paths {
		var still int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM attachments WHERE path = $1`, p).Scan(&still); err != nil {
			return n, nil, err
		}
		if still == 0 {
			gone = append(gone, p)
		}
	}
	return n, gone, nil
}

// keepDigests keeps, for each of the case's chain entries, the digest its
// link was made from: the link is checked across the disposal by it.
// Each digest is rebuilt from the row as it is now, so a record changed
// behind Kith's back before its disposal still shows as broken.
func (tx *Tx) keepDigests(ctx context.Context, caseID, disposalID string) error {
	type entry struct{ chain, subject, digest string }
	var es []entry
	rows, err := tx.QueryContext(ctx, `SELECT l.chain, r.id, r.case_id, r.finalised_at, r.content_hash, r.withdrawn_by, r.withdrawn_at, r.withdraw_reason
		FROM records r JOIN chain_links l ON l.subject_id = r.id AND l.chain IN ('record', 'withdrawal') WHERE r.id IN `+caseRecords, caseID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var chain, id, cid, hash, reason string
		var by sql.NullString
		var finalised, withdrawn scanTime
		if err := rows.Scan(&chain, &id, &cid, &finalised, &hash, &by, &withdrawn, &reason); err != nil {
			rows.Close()
			return err
		}
		e := recordEntry(id, cid, finalised, hash)
		if chain == string(kith.ChainWithdrawals) {
			e = withdrawalEntry(id, by, withdrawn, reason)
		}
		es = append(es, entry{chain, id, kith.EntryDigest(e)})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = tx.QueryContext(ctx, `SELECT a.id, a.record_id, a.author_id, a.created_at, a.text
		FROM chain_links l JOIN record_addenda a ON a.id = l.subject_id WHERE l.chain = 'addendum' AND a.record_id IN `+caseRecords, caseID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, recordID, author, text string
		var at scanTime
		if err := rows.Scan(&id, &recordID, &author, &at, &text); err != nil {
			rows.Close()
			return err
		}
		es = append(es, entry{string(kith.ChainAddenda), id, kith.EntryDigest(addendumEntry(id, recordID, author, at, text))})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	values := make([]any, 0, 4*len(es))
	for _, e := range es {
		values = append(values, e.chain, e.subject, e.digest, disposalID)
	}
	return tx.insertRows(ctx, `INSERT INTO disposed_entries (chain, subject_id, entry_digest, disposal_id) VALUES `, 4, values, "")
}

// forgetFamily removes who the family are: the network's links to the
// child, and the details of the child and of each person in the network
// whom no record still kept refers to (a sibling's own case keeps its
// network, and its people with it). A person's row stays, emptied, since
// the tombstone's case still names its child by id.
func (tx *Tx) forgetFamily(ctx context.Context, caseID string) error {
	var child string
	if err := tx.QueryRowContext(ctx, `SELECT child_id FROM cases WHERE id = $1`, caseID).Scan(&child); err != nil {
		return err
	}
	people := []string{child}
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT person_id FROM relationships WHERE child_id = $1 AND person_id <> $1`, child)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		people = append(people, id)
	}
	rows.Close()
	if _, err := tx.ExecContext(ctx, `DELETE FROM relationships WHERE child_id = $1`, child); err != nil {
		return err
	}
	for _, p := range people {
		var kept bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM relationships WHERE person_id = $1 OR child_id = $1)
			OR EXISTS (SELECT 1 FROM cases WHERE child_id = $1 AND id <> $2)
			OR EXISTS (SELECT 1 FROM warnings WHERE person_id = $1)`, p, caseID).Scan(&kept); err != nil {
			return err
		}
		if kept {
			continue
		}
		// Name words only this person had leave the vocabulary that
		// search suggests spellings from.
		if _, err := tx.ExecContext(ctx, `DELETE FROM name_terms WHERE term IN (SELECT substr(key, 3) FROM person_name_keys WHERE person_id = $1 AND key LIKE 't:%')
			AND NOT EXISTS (SELECT 1 FROM person_name_keys k WHERE k.key = 't:' || name_terms.term AND k.person_id <> $1)`, p); err != nil {
			return err
		}
		for _, q := range []string{
			`DELETE FROM person_name_keys WHERE person_id = $1`,
			`DELETE FROM person_names WHERE person_id = $1`,
			`DELETE FROM addresses WHERE person_id = $1`,
			`DELETE FROM phones WHERE person_id = $1`,
			`DELETE FROM child_identities WHERE person_id = $1`,
			`UPDATE people SET first_name = '', last_name = '', known_as = '', date_of_birth = NULL, gender = '', nhs_number = '' WHERE id = $1`,
		} {
			if _, err := tx.ExecContext(ctx, q, p); err != nil {
				return fmt.Errorf("forget a person (%.40s…): %w", q, err)
			}
		}
	}
	return nil
}

// removeFiles removes stored files a disposal left no attachment for. A
// file left behind by a crash here holds content no record refers to;
// the log says which.
func (db *DB) removeFiles(paths []string) {
	for _, p := range paths {
		if db.FilesDir == "" {
			return
		}
		if err := os.Remove(filepath.Join(db.FilesDir, p)); err != nil && !os.IsNotExist(err) {
			slog.Error("remove a disposed file", "path", p, "err", err)
		}
	}
}
