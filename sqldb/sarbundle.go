package sqldb

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"kith"
	"kith/quality"
)

// Subject access bundles. Gathering one copies the child's record into
// the request's pages (sar_bundle_parts) and proposes redactions; the
// information governance officer reviews each page and finalises, which
// keeps the disclosed PDF with the request. An officer reads a case's
// record only through a request about it that is not withdrawn, and every
// read and change is audited on the case.

// SARBundle is a request's bundle as its reviewer sees it.
type SARBundle struct {
	Request     kith.SubjectAccessRequest
	Gathered    bool
	GatheredBy  string
	GatheredAt  time.Time
	FinalisedBy string
	FinalisedAt *time.Time
	// DisclosedSHA256 fingerprints the disclosed PDF once finalised.
	DisclosedSHA256 string
	Parts           []kith.SARPart
	Redactions      []kith.SARRedaction
	Progress        kith.SARProgress
	// State fingerprints the review (pages reviewed, decisions): a
	// disclosed PDF is kept only if made from the state it was read in.
	State string
}

// Finalised reports whether the disclosed PDF has been made.
func (b *SARBundle) Finalised() bool { return b.FinalisedAt != nil }

// PageRedactions are the redactions on page seq.
func (b *SARBundle) PageRedactions(seq int) []kith.SARRedaction {
	var out []kith.SARRedaction
	for _, r := range b.Redactions {
		if r.Seq == seq {
			out = append(out, r)
		}
	}
	return out
}

var errBundleWithdrawn = kith.Errorf(kith.ECONFLICT, "This request was withdrawn, so its record is no longer gathered or read for it.")

// sarForBundle reads the request a bundle belongs to, for an information
// governance officer, refusing one that was withdrawn.
func (tx *Tx) sarForBundle(ctx context.Context, a kith.Actor, id string) (kith.SubjectAccessRequest, error) {
	if !kith.MayHandleSubjectAccess(a) {
		return kith.SubjectAccessRequest{}, errNotInformationGovernance
	}
	rs, err := tx.sarRows(ctx, `s.id = $1`, id)
	if err != nil {
		return kith.SubjectAccessRequest{}, err
	}
	if len(rs) == 0 {
		return kith.SubjectAccessRequest{}, kith.NotFound("Subject access request")
	}
	if !rs[0].WithdrawnOn.IsZero() {
		return kith.SubjectAccessRequest{}, errBundleWithdrawn
	}
	return rs[0], nil
}

// GatherSARBundle gathers the child's record for a request: every final
// record in date order with its addenda and files, then the plans, and
// proposes redactions. A bundle is gathered once.
func (db *DB) GatherSARBundle(ctx context.Context, a kith.Actor, id string) (kith.SARProgress, error) {
	var progress kith.SARProgress
	err := db.write(ctx, func(tx *Tx) error {
		req, err := tx.sarForBundle(ctx, a, id)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sar_bundles WHERE request_id = $1`, id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return kith.Errorf(kith.ECONFLICT, "The record for %s is already gathered.", req.Reference)
		}
		parts, proposed, err := tx.gatherSAR(ctx, req)
		if err != nil {
			return err
		}
		now := ts(tx.now)
		if _, err := tx.ExecContext(ctx, `INSERT INTO sar_bundles (request_id, gathered_by, gathered_at) VALUES ($1, $2, $3)`, id, a.UserID(), now); err != nil {
			return fmt.Errorf("gather bundle: %w", err)
		}
		values := make([]any, 0, 7*len(parts))
		for _, p := range parts {
			blocks, err := json.Marshal(p.Blocks)
			if err != nil {
				return err
			}
			values = append(values, id, p.Seq, p.Kind, p.SourceID, p.Title, dt(p.On), string(blocks))
		}
		if err := tx.insertRows(ctx, `INSERT INTO sar_bundle_parts (request_id, seq, kind, source_id, title, occurred_on, blocks) VALUES `, 7, values, ``); err != nil {
			return fmt.Errorf("gather bundle pages: %w", err)
		}
		if err := tx.insertRedactions(ctx, id, proposed); err != nil {
			return err
		}
		progress = kith.CountSARProgress(parts, proposed)
		return tx.audit(a, auditEntry{Action: kith.AuditSARBundleChanged, CaseID: req.CaseID, SubjectType: "subject_access", SubjectID: id,
			Detail: fmt.Sprintf("Gathered the record for %s: %d pages, %d redactions proposed", req.Reference, len(parts), len(proposed))})
	})
	return progress, db.finish(ctx, a, err)
}

func (tx *Tx) insertRedactions(ctx context.Context, requestID string, rs []kith.SARRedaction) error {
	values := make([]any, 0, 13*len(rs))
	for _, r := range rs {
		values = append(values, newID(), requestID, r.Seq, r.Block, r.Start, r.End, r.Text, r.Reason,
			truncate(r.Note, 500), r.Origin, r.Decision, nullable(r.DecidedBy), tsp(r.DecidedAt))
	}
	err := tx.insertRows(ctx, `INSERT INTO sar_redactions (id, request_id, seq, block_key, start_at, end_at, text, reason, note, origin, decision, decided_by, decided_at) VALUES `,
		13, values, ``)
	if err != nil {
		return fmt.Errorf("store redactions: %w", err)
	}
	return nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// gatherSAR reads the case's record into pages and proposes redactions.
func (tx *Tx) gatherSAR(ctx context.Context, req kith.SubjectAccessRequest) ([]kith.SARPart, []kith.SARRedaction, error) {
	c, err := tx.caseByID(ctx, req.CaseID)
	if err != nil {
		return nil, nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+recordColumns+recordFrom+` WHERE r.case_id = $1 AND r.status = 'final' ORDER BY r.occurred_at, r.id`, c.ID)
	if err != nil {
		return nil, nil, fmt.Errorf("gather records: %w", err)
	}
	var records []*kith.Record
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			rows.Close()
			return nil, nil, err
		}
		records = append(records, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	addenda, files, err := tx.caseAddendaAndFiles(ctx, c.ID)
	if err != nil {
		return nil, nil, err
	}
	var parts []kith.SARPart
	var found []kith.SARRedaction
	authors := map[string]bool{}
	for _, r := range records {
		t, err := tx.template(ctx, r.TemplateKey, r.TemplateVersion)
		if err != nil {
			return nil, nil, err
		}
		r.Addenda, r.Attachments = addenda[r.ID], files[r.ID]
		authors[r.AuthorName] = true
		for _, ad := range r.Addenda {
			authors[ad.AuthorName] = true
		}
		p, conf := kith.SARRecordPart(len(parts)+1, t, r)
		parts = append(parts, p)
		found = append(found, conf...)
	}
	first, err := tx.childFirstName(ctx, c)
	if err != nil {
		return nil, nil, err
	}
	events, err := tx.keyEvents(ctx, c.ID)
	if err != nil {
		return nil, nil, err
	}
	var own []kith.KeyEvent
	for _, e := range events {
		if !e.FromRecord {
			own = append(own, e)
		}
	}
	if len(own) > 0 {
		parts = append(parts, kith.SARKeyEventsPart(len(parts)+1, own))
	}
	plans, err := tx.plans(ctx, c, first)
	if err != nil {
		return nil, nil, err
	}
	for i := len(plans) - 1; i >= 0; i-- { // oldest first
		parts = append(parts, kith.SARPlanPart(len(parts)+1, plans[i]))
	}
	// The chronologies its workers kept, drafts too: the requester's
	// data is what is held, finished or not.
	chronologies, err := tx.strings(ctx, `SELECT id FROM chronologies WHERE case_id = $1 ORDER BY created_at, id`, c.ID)
	if err != nil {
		return nil, nil, err
	}
	for _, id := range chronologies {
		ch, err := tx.curated(ctx, id)
		if err != nil {
			return nil, nil, err
		}
		parts = append(parts, kith.SARChronologyPart(len(parts)+1, ch))
	}
	people, exclude, err := tx.sarPeople(ctx, c, req, authors)
	if err != nil {
		return nil, nil, err
	}
	more, err := tx.sarIndexProposals(ctx, parts, exclude)
	if err != nil {
		return nil, nil, err
	}
	return parts, kith.ProposeRedactions(parts, people, append(found, more...)), nil
}

// caseAddendaAndFiles reads every addendum and file on a case's records,
// by record, in the order each record shows them.
func (tx *Tx) caseAddendaAndFiles(ctx context.Context, caseID string) (map[string][]kith.Addendum, map[string][]kith.Attachment, error) {
	addenda, files := map[string][]kith.Addendum{}, map[string][]kith.Attachment{}
	rows, err := tx.QueryContext(ctx, `SELECT a.record_id, a.id, a.text, u.display_name, a.created_at FROM record_addenda a
		JOIN records r ON r.id = a.record_id JOIN users u ON u.id = a.author_id WHERE r.case_id = $1 ORDER BY a.created_at, a.id`, caseID)
	if err != nil {
		return nil, nil, fmt.Errorf("addenda: %w", err)
	}
	for rows.Next() {
		var ad kith.Addendum
		var at scanTime
		if err := rows.Scan(&ad.RecordID, &ad.ID, &ad.Text, &ad.AuthorName, &at); err != nil {
			rows.Close()
			return nil, nil, err
		}
		ad.CreatedAt = at.T
		addenda[ad.RecordID] = append(addenda[ad.RecordID], ad)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT `+attachmentColumns+` FROM attachments a JOIN users u ON u.id = a.uploaded_by
		WHERE a.case_id = $1 AND a.record_id IS NOT NULL ORDER BY a.uploaded_at, a.id`, caseID)
	if err != nil {
		return nil, nil, fmt.Errorf("attachments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		at, err := scanAttachment(rows)
		if err != nil {
			return nil, nil, err
		}
		files[at.RecordID] = append(files[at.RecordID], *at)
	}
	return addenda, files, rows.Err()
}

// sarExclusions are what is never proposed: the subject's and requester's
// own names and details, and professionals acting in their role.
type sarExclusions struct {
	names   map[string]bool // lower-case name keys and surnames of professionals
	keys    map[string]bool // lower-case name keys of the subject and requester
	details map[string]bool // digits and normalised postcodes, dates, case references of the subject's own
	network map[string]bool // people already proposed by name
}

// sarPeople are the people in the child's network other than the
// requester, each with the reason their details are withheld, and what
// is never proposed.
func (tx *Tx) sarPeople(ctx context.Context, c *kith.Case, req kith.SubjectAccessRequest, authors map[string]bool) ([]kith.SARPerson, sarExclusions, error) {
	ex := sarExclusions{names: map[string]bool{}, keys: map[string]bool{}, details: map[string]bool{}, network: map[string]bool{}}
	rels, err := tx.relationships(ctx, c.ChildID)
	if err != nil {
		return nil, ex, err
	}
	ids := []string{c.ChildID}
	for _, r := range rels {
		ids = append(ids, r.PersonID)
	}
	people, err := tx.loadPeople(ctx, ids)
	if err != nil {
		return nil, ex, err
	}
	requester := strings.ToLower(strings.Join(strings.Fields(req.RequesterName), " "))
	own := func(p *kith.Person) {
		for _, k := range sarNameKeys(p.FirstName, p.LastName, p.KnownAs) {
			ex.keys[k] = true
		}
		for _, a := range p.Addresses {
			ex.details[sarPostcode(a.Postcode)] = true
		}
		for _, ph := range p.Phones {
			ex.details[kith.PhoneDigits(ph.Number)] = true
		}
		if !p.DateOfBirth.IsZero() {
			ex.details[p.DateOfBirth.String()] = true
		}
		if p.NHSNumber != "" {
			ex.details[strings.ReplaceAll(p.NHSNumber, " ", "")] = true
		}
	}
	child := people[c.ChildID]
	if child != nil {
		own(child)
	}
	ex.details[c.Reference] = true
	ex.keys[requester] = true
	var out []kith.SARPerson
	for _, r := range rels {
		p := people[r.PersonID]
		if p == nil {
			continue
		}
		if strings.EqualFold(p.FullName(), requester) || strings.EqualFold(p.DisplayName(), requester) {
			own(p) // the requester's own details are theirs to see
			continue
		}
		for _, k := range sarNameKeys(p.FirstName, p.LastName, p.KnownAs) {
			ex.network[k] = true
		}
		reason := kith.SARReasonFor(r.Kind, p.DateOfBirth, tx.Today())
		out = append(out, kith.SARPersonFor(p, p.FullName()+", "+strings.ToLower(r.Kind.Label()), reason))
	}
	invs, err := tx.involvements(ctx, c.ID)
	if err != nil {
		return nil, ex, err
	}
	for _, i := range invs {
		authors[i.Professional.Name] = true
		ex.details[kith.PhoneDigits(i.Professional.Phone)] = true
	}
	for name := range authors {
		words := strings.Fields(strings.ToLower(name))
		if len(words) == 0 {
			continue
		}
		ex.names[strings.Join(words, " ")] = true
		ex.names[words[len(words)-1]] = true
		if len(words) > 2 { // "dr ruth amos": also "ruth amos"
			ex.names[strings.Join(words[1:], " ")] = true
		}
	}
	return out, ex, nil
}

func sarNameKeys(first, last, knownAs string) []string {
	keys := []string{}
	for _, k := range []string{first + " " + last, knownAs + " " + last, first} {
		if k = strings.ToLower(strings.Join(strings.Fields(k), " ")); k != "" {
			keys = append(keys, k)
		}
	}
	return keys
}

func sarPostcode(s string) string { return strings.ToUpper(strings.ReplaceAll(s, " ", "")) }

// sarIndexProposals finds, with the writing coach's name finder and the
// council's name index, what else in the pages names or identifies
// someone: a person known to Kith outside the child's network, someone
// named as a person ("her uncle Marcus", "Mrs Jenkins"), a phone number,
// postcode, date of birth, NHS number or another child's case reference
// that is not the subject's own. Professionals working with the child
// and the record's authors are left alone.
func (tx *Tx) sarIndexProposals(ctx context.Context, parts []kith.SARPart, ex sarExclusions) ([]kith.SARRedaction, error) {
	var out []kith.SARRedaction
	known := map[string]bool{}
	for _, p := range parts {
		var note quality.Note
		for _, b := range p.Blocks {
			if b.Key == "author" {
				continue
			}
			note.Parts = append(note.Parts, quality.Part{Key: b.Key, Label: b.Label, Text: b.Text})
		}
		for _, cand := range quality.NameCandidates(note, tx.Today()) {
			b := p.Block(cand.Part)
			if b == nil || cand.End > len(b.Text) || b.Text[cand.Start:cand.End] != cand.Text {
				continue
			}
			// A number's pattern can take the space after it: redact the
			// number alone.
			trimmed := strings.TrimRight(cand.Text, " \t\n-")
			cand.End -= len(cand.Text) - len(trimmed)
			cand.Text = trimmed
			reason, why := "third_party", ""
			switch cand.Kind {
			case quality.CandName, quality.CandTitled, quality.CandCued:
				key := strings.ToLower(cand.Key)
				if ex.keys[key] || ex.network[key] || ex.names[key] || ex.names[strings.ToLower(cand.Text)] {
					continue
				}
				if cand.Kind == quality.CandName {
					isKnown, seen := known[key]
					if !seen {
						var n int
						if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM person_names WHERE name = $1`, key).Scan(&n); err != nil {
							return nil, err
						}
						isKnown, known[key] = n > 0, n > 0
					}
					switch {
					case isKnown:
						why = "Someone else known to Kith"
					case cand.Cue:
						why = "Someone named in the record"
					default:
						continue
					}
				} else {
					why = "Someone named in the record: check whether they are a professional acting in their role"
				}
			case quality.CandPhone, quality.CandNHS:
				if ex.details[cand.Key] {
					continue
				}
				why = "A " + cand.Kind.Words() + " that is not the subject’s"
			case quality.CandPostcode:
				if ex.details[sarPostcode(cand.Key)] {
					continue
				}
				why = "An address that is not the subject’s"
			case quality.CandBirth:
				if ex.details[cand.Key] {
					continue
				}
				why = "A date of birth that is not the subject’s"
			case quality.CandCaseRef:
				if ex.details[cand.Key] {
					continue
				}
				reason, why = "other_child", "Another child’s case reference"
			default:
				continue
			}
			out = append(out, kith.SARRedaction{Seq: p.Seq, Block: b.Key, Start: cand.Start, End: cand.End, Text: cand.Text,
				Reason: reason, Note: why, Origin: kith.SARProposed})
		}
	}
	return out, nil
}

// SARBundle reads a request's bundle: its pages (with their text when
// withText, for finalising) and redactions. Reading it is audited on the
// case.
func (db *DB) SARBundle(ctx context.Context, a kith.Actor, id string, withText bool) (*SARBundle, error) {
	var b *SARBundle
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		b, err = tx.sarBundle(ctx, a, id, 0, withText)
		return err
	})
	if err != nil {
		return nil, db.finish(ctx, a, err)
	}
	detail := "the bundle's pages for " + b.Request.Reference
	if withText {
		detail = "the whole bundle for " + b.Request.Reference
	}
	return b, db.auditReads(ctx, a, auditEntry{Action: kith.AuditSARBundleViewed, CaseID: b.Request.CaseID, SubjectType: "subject_access", SubjectID: id, Detail: detail})
}

// SARBundlePage reads one page of a bundle with its redactions; reading
// it is audited on the case.
func (db *DB) SARBundlePage(ctx context.Context, a kith.Actor, id string, seq int) (*SARBundle, error) {
	var b *SARBundle
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		b, err = tx.sarBundle(ctx, a, id, seq, true)
		return err
	})
	if err == nil && (!b.Gathered || len(b.Parts) == 0) {
		err = kith.NotFound("Page")
	}
	if err != nil {
		return nil, db.finish(ctx, a, err)
	}
	return b, db.auditReads(ctx, a, auditEntry{Action: kith.AuditSARBundleViewed, CaseID: b.Request.CaseID, SubjectType: "subject_access", SubjectID: id,
		Detail: fmt.Sprintf("page %d of the bundle for %s", seq, b.Request.Reference)})
}

// sarBundle reads a bundle: every page (seq 0) or one, with the pages'
// text when withText, and the redactions on the pages read. Progress and
// State always count the whole bundle.
func (tx *Tx) sarBundle(ctx context.Context, a kith.Actor, id string, seq int, withText bool) (*SARBundle, error) {
	req, err := tx.sarForBundle(ctx, a, id)
	if err != nil {
		return nil, err
	}
	b := &SARBundle{Request: req}
	var gatheredAt, finalisedAt scanTime
	err = tx.QueryRowContext(ctx, `SELECT g.display_name, s.gathered_at, COALESCE(f.display_name, ''), s.finalised_at, s.disclosed_sha256
		FROM sar_bundles s JOIN users g ON g.id = s.gathered_by LEFT JOIN users f ON f.id = s.finalised_by WHERE s.request_id = $1`, id).
		Scan(&b.GatheredBy, &gatheredAt, &b.FinalisedBy, &finalisedAt, &b.DisclosedSHA256)
	if errNoRows(err) {
		return b, nil
	} else if err != nil {
		return nil, fmt.Errorf("read bundle: %w", err)
	}
	b.Gathered, b.GatheredAt, b.FinalisedAt = true, gatheredAt.T, finalisedAt.Ptr()
	rows, err := tx.QueryContext(ctx, `SELECT p.seq, p.kind, p.source_id, p.title, p.occurred_on, CASE WHEN p.seq = $2 OR $3 THEN p.blocks ELSE '' END,
		COALESCE(u.display_name, ''), p.reviewed_at FROM sar_bundle_parts p LEFT JOIN users u ON u.id = p.reviewed_by WHERE p.request_id = $1 ORDER BY p.seq`,
		id, seq, withText)
	if err != nil {
		return nil, fmt.Errorf("read bundle pages: %w", err)
	}
	var all []kith.SARPart
	for rows.Next() {
		var p kith.SARPart
		var on scanDate
		var blocks string
		var reviewed scanTime
		if err := rows.Scan(&p.Seq, &p.Kind, &p.SourceID, &p.Title, &on, &blocks, &p.ReviewedBy, &reviewed); err != nil {
			rows.Close()
			return nil, err
		}
		p.On, p.ReviewedAt = on.D, reviewed.Ptr()
		if blocks != "" {
			if err := json.Unmarshal([]byte(blocks), &p.Blocks); err != nil {
				rows.Close()
				return nil, fmt.Errorf("bundle page %d: %w", p.Seq, err)
			}
		}
		all = append(all, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rs, err := tx.sarRedactions(ctx, id)
	if err != nil {
		return nil, err
	}
	b.Progress = kith.CountSARProgress(all, rs)
	b.State = sarState(all, rs)
	if seq == 0 {
		b.Parts, b.Redactions = all, rs
	} else {
		for _, p := range all {
			if p.Seq == seq {
				b.Parts = []kith.SARPart{p}
			}
		}
		for _, r := range rs {
			if r.Seq == seq {
				b.Redactions = append(b.Redactions, r)
			}
		}
	}
	return b, nil
}

func (tx *Tx) sarRedactions(ctx context.Context, id string) ([]kith.SARRedaction, error) {
	rows, err := tx.QueryContext(ctx, `SELECT r.id, r.seq, r.block_key, r.start_at, r.end_at, r.text, r.reason, r.note, r.origin, r.decision,
		COALESCE(u.display_name, ''), r.decided_at FROM sar_redactions r LEFT JOIN users u ON u.id = r.decided_by
		WHERE r.request_id = $1 ORDER BY r.seq, r.block_key, r.start_at`, id)
	if err != nil {
		return nil, fmt.Errorf("read redactions: %w", err)
	}
	defer rows.Close()
	var out []kith.SARRedaction
	for rows.Next() {
		var r kith.SARRedaction
		var decided scanTime
		if err := rows.Scan(&r.ID, &r.Seq, &r.Block, &r.Start, &r.End, &r.Text, &r.Reason, &r.Note, &r.Origin, &r.Decision, &r.DecidedBy, &decided); err != nil {
			return nil, err
		}
		r.DecidedAt = decided.Ptr()
		out = append(out, r)
	}
	return out, rows.Err()
}

// sarState fingerprints a review: which pages are reviewed and every
// redaction's decision.
func sarState(parts []kith.SARPart, rs []kith.SARRedaction) string {
	var lines []string
	for _, p := range parts {
		lines = append(lines, fmt.Sprintf("p%d:%t", p.Seq, p.ReviewedAt != nil))
	}
	for _, r := range rs {
		lines = append(lines, r.ID+":"+r.Origin+":"+r.Decision)
	}
	sort.Strings(lines)
	h := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(h[:8])
}

// SARPageReview is what a reviewer saves on a page: decisions on
// proposals (by redaction id: accepted or rejected), redactions to add,
// redactions they added to remove, and whether the page is reviewed.
type SARPageReview struct {
	Decisions map[string]string
	Add       *SARAddition
	Remove    []string
	Reviewed  bool
}

// SARAddition is a redaction the reviewer adds: the words as written on
// the page (every place they are on it, or in one block), and why.
type SARAddition struct {
	Block, Words, Reason, Note string
}

// ReviewSARPage saves a reviewer's work on a page. Nothing changes on a
// finalised bundle.
func (db *DB) ReviewSARPage(ctx context.Context, a kith.Actor, id string, seq int, in SARPageReview) error {
	err := db.write(ctx, func(tx *Tx) error {
		b, err := tx.sarBundle(ctx, a, id, seq, true)
		if err != nil {
			return err
		}
		if !b.Gathered || len(b.Parts) == 0 {
			return kith.NotFound("Page")
		}
		if b.Finalised() {
			return kith.Errorf(kith.ECONFLICT, "This bundle is finalised: its redactions can no longer change.")
		}
		page := &b.Parts[0]
		now := ts(tx.now)
		var changes []string
		byID := map[string]*kith.SARRedaction{}
		for i := range b.Redactions {
			byID[b.Redactions[i].ID] = &b.Redactions[i]
		}
		for rid, d := range in.Decisions {
			r := byID[rid]
			if r == nil || r.Origin != kith.SARProposed || (d != kith.SARAccepted && d != kith.SARRejected) || r.Decision == d {
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE sar_redactions SET decision = $1, decided_by = $2, decided_at = $3 WHERE id = $4 AND request_id = $5`,
				d, a.UserID(), now, rid, id); err != nil {
				return fmt.Errorf("decide redaction: %w", err)
			}
			r.Decision = d
			changes = append(changes, fmt.Sprintf("%s “%s”", d, r.Text))
		}
		for _, rid := range in.Remove {
			if r := byID[rid]; r != nil && r.Origin == kith.SARAdded {
				if _, err := tx.ExecContext(ctx, `DELETE FROM sar_redactions WHERE id = $1 AND request_id = $2`, rid, id); err != nil {
					return fmt.Errorf("remove redaction: %w", err)
				}
				delete(byID, rid)
				changes = append(changes, fmt.Sprintf("removed “%s”", r.Text))
			}
		}
		var left []kith.SARRedaction
		for _, r := range b.Redactions {
			if byID[r.ID] != nil {
				left = append(left, *byID[r.ID])
			}
		}
		if in.Add != nil {
			added, err := kith.NewSARRedaction(page, in.Add.Block, in.Add.Words, in.Add.Reason, in.Add.Note, left)
			if err != nil {
				return err
			}
			for i := range added {
				added[i].DecidedBy, added[i].DecidedAt = a.UserID(), &tx.now
			}
			if err := tx.insertRedactions(ctx, id, added); err != nil {
				return err
			}
			left = append(left, added...)
			changes = append(changes, fmt.Sprintf("added “%s” (%d places)", in.Add.Words, len(added)))
		}
		if in.Reviewed != (page.ReviewedAt != nil) {
			if in.Reviewed {
				if err := kith.CheckSARPageReviewed(left); err != nil {
					return err
				}
				_, err = tx.ExecContext(ctx, `UPDATE sar_bundle_parts SET reviewed_by = $1, reviewed_at = $2 WHERE request_id = $3 AND seq = $4`, a.UserID(), now, id, seq)
				changes = append(changes, "marked reviewed")
			} else {
				_, err = tx.ExecContext(ctx, `UPDATE sar_bundle_parts SET reviewed_by = NULL, reviewed_at = NULL WHERE request_id = $1 AND seq = $2`, id, seq)
				changes = append(changes, "marked not reviewed")
			}
			if err != nil {
				return fmt.Errorf("mark page reviewed: %w", err)
			}
		}
		if len(changes) == 0 {
			return nil
		}
		return tx.audit(a, auditEntry{Action: kith.AuditSARBundleChanged, CaseID: b.Request.CaseID, SubjectType: "subject_access", SubjectID: id,
			Detail: truncate(fmt.Sprintf("%s page %d: %s", b.Request.Reference, seq, strings.Join(changes, "; ")), 1000)})
	})
	return db.finish(ctx, a, err)
}

// FinaliseSARBundle keeps the disclosed PDF with the request, if every
// page is reviewed and the review is still in the state (b.State) the
// PDF was made from.
func (db *DB) FinaliseSARBundle(ctx context.Context, a kith.Actor, id, state string, pdf []byte) error {
	err := db.write(ctx, func(tx *Tx) error {
		b, err := tx.sarBundle(ctx, a, id, 0, false)
		if err != nil {
			return err
		}
		if !b.Gathered {
			return kith.Errorf(kith.EINVALID, "Gather the record before finalising.")
		}
		if b.Finalised() {
			return kith.Errorf(kith.ECONFLICT, "This bundle is already finalised.")
		}
		if err := kith.CheckSARFinal(b.Progress); err != nil {
			return err
		}
		if b.State != state {
			return kith.Errorf(kith.ECONFLICT, "The review changed while the PDF was being made: finalise again.")
		}
		sum := sha256.Sum256(pdf)
		if _, err := tx.ExecContext(ctx, `UPDATE sar_bundles SET finalised_by = $1, finalised_at = $2, disclosed_pdf = $3, disclosed_sha256 = $4 WHERE request_id = $5`,
			a.UserID(), ts(tx.now), pdf, hex.EncodeToString(sum[:]), id); err != nil {
			return fmt.Errorf("finalise bundle: %w", err)
		}
		return tx.audit(a, auditEntry{Action: kith.AuditSARBundleChanged, CaseID: b.Request.CaseID, SubjectType: "subject_access", SubjectID: id,
			Detail: fmt.Sprintf("Finalised %s: %d pages, %d redactions; disclosed PDF sha256 %s", b.Request.Reference, b.Progress.Pages, b.Progress.Removed, hex.EncodeToString(sum[:]))})
	})
	return db.finish(ctx, a, err)
}

// SARDisclosure reads the disclosed PDF; reading it is audited.
func (db *DB) SARDisclosure(ctx context.Context, a kith.Actor, id string) ([]byte, kith.SubjectAccessRequest, error) {
	var pdf []byte
	var req kith.SubjectAccessRequest
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if req, err = tx.sarForBundle(ctx, a, id); err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `SELECT disclosed_pdf FROM sar_bundles WHERE request_id = $1 AND finalised_at IS NOT NULL`, id).Scan(&pdf)
		if errNoRows(err) {
			return kith.NotFound("Disclosed PDF")
		}
		return err
	})
	if err != nil {
		return nil, req, db.finish(ctx, a, err)
	}
	return pdf, req, db.auditReads(ctx, a, auditEntry{Action: kith.AuditSARBundleViewed, CaseID: req.CaseID, SubjectType: "subject_access", SubjectID: id,
		Detail: "the disclosed PDF for " + req.Reference})
}
