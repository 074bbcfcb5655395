package sqldb

import (
	"context"
	"fmt"
	"strings"

	"kith"
	"kith/quality"
)

// checkNote runs the whole coach on a note written on case c: the rules,
// then the copy-paste and names lookups against the council. Findings
// name a source record only when the actor may see it. exclude is the
// record being written, which is never its own source.
func (tx *Tx) checkNote(ctx context.Context, a kith.Actor, c *kith.Case, note quality.Note, exclude string) ([]quality.Finding, error) {
	findings, err := tx.db.Quality.Check(note)
	if err != nil {
		return nil, err
	}
	more, err := tx.indexFindings(ctx, a, c, note, exclude)
	if err != nil {
		return nil, err
	}
	order := map[string]int{}
	for i, p := range note.Parts {
		order[p.Key] = i
	}
	return quality.SortFindings(append(findings, more...), order), nil
}

// indexFindings are the findings that need the council: passages copied
// from final records, and other people's names and identifiers.
func (tx *Tx) indexFindings(ctx context.Context, a kith.Actor, c *kith.Case, note quality.Note, exclude string) ([]quality.Finding, error) {
	links, err := tx.childLinks(ctx, c)
	if err != nil {
		return nil, err
	}
	pasted, err := tx.pastedFindings(ctx, a, c, note, links, exclude)
	if err != nil {
		return nil, err
	}
	named, err := tx.nameFindings(ctx, a, note, links)
	if err != nil {
		return nil, err
	}
	return append(pasted, named...), nil
}

// childLinks is who a child is connected to: their network, and the
// children linked to them (brothers and sisters, and children sharing a
// parent).
type childLinks struct {
	quality.Links
	// names of people this child knows: network and the case's
	// professionals, in lower case, by whole name, first name and surname.
	known map[string]bool
}

func (tx *Tx) childLinks(ctx context.Context, c *kith.Case) (*childLinks, error) {
	l := &childLinks{Links: quality.Links{Child: c.ChildID, Network: map[string]bool{c.ChildID: true}, Linked: map[string]bool{}},
		known: map[string]bool{}}
	rows, err := tx.QueryContext(ctx, `SELECT person_id, kind FROM relationships WHERE child_id = $1
		UNION ALL SELECT child_id, kind FROM relationships WHERE person_id = $1`, c.ChildID)
	if err != nil {
		return nil, err
	}
	var parents []string
	for rows.Next() {
		var id, kind string
		if err := rows.Scan(&id, &kind); err != nil {
			rows.Close()
			return nil, err
		}
		l.Network[id] = true
		switch kith.RelationshipKind(kind) {
		case kith.RelSibling:
			l.Linked[id] = true
		case kith.RelParent, kith.RelStepParent:
			parents = append(parents, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(parents) > 0 {
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT child_id FROM relationships WHERE kind IN ('parent', 'step_parent')
			AND person_id IN (`+placeholders(1, len(parents))+`)`, anys(parents)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			if id != c.ChildID {
				l.Linked[id] = true
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	var ids []string
	for id := range l.Network {
		ids = append(ids, id)
	}
	people, err := tx.peopleWithoutContacts(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, p := range people {
		l.know(p.FirstName, p.LastName, p.KnownAs)
	}
	prows, err := tx.QueryContext(ctx, `SELECT p.name FROM involvements i JOIN professionals p ON p.id = i.professional_id WHERE i.case_id = $1`, c.ID)
	if err != nil {
		return nil, err
	}
	for prows.Next() {
		var name string
		if err := prows.Scan(&name); err != nil {
			prows.Close()
			return nil, err
		}
		f := strings.Fields(name)
		if len(f) > 0 {
			l.know(strings.Join(f[:len(f)-1], " "), f[len(f)-1], "")
		}
	}
	prows.Close()
	return l, prows.Err()
}

// know adds a person's names to those the child's record may use.
func (l *childLinks) know(first, last, knownAs string) {
	for _, n := range []string{first, last, knownAs} {
		for _, w := range strings.Fields(strings.ToLower(n)) {
			l.known[w] = true
		}
	}
	for _, k := range quality.NameKeys(first, last, knownAs) {
		l.known[k] = true
	}
}

// reportable keeps, of the people a name or identifier found, those the
// coach may tell the writer about (kith.CoachScope): the child's own
// network, and people connected (as a case's child, or in its child's
// network) to a child whose case the writer may open. It returns them
// with those children, for quality.RelationOf. Anyone else is dropped
// here, before anything is decided about them, so that a match on a case
// the writer may not open goes down exactly the path of no match at all.
func (tx *Tx) reportable(ctx context.Context, scope kith.CaseScope, l *childLinks, people []string) (kept, children []string, err error) {
	if len(people) == 0 {
		return nil, nil, nil
	}
	ps := placeholders(1, len(people))
	cond, args := scopeSQL(scope, len(people)+1)
	rows, err := tx.QueryContext(ctx, `SELECT x.person_id, x.child_id FROM (SELECT person_id, child_id FROM relationships WHERE person_id IN (`+ps+`)
		UNION ALL SELECT child_id, child_id FROM cases WHERE child_id IN (`+ps+`)) x JOIN cases c ON c.child_id = x.child_id
		WHERE `+cond, append(anys(people), args...)...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	seen := map[string]bool{}
	for rows.Next() {
		var person, child string
		if err := rows.Scan(&person, &child); err != nil {
			return nil, nil, err
		}
		seen[person] = true
		children = append(children, child)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	for _, p := range people {
		if seen[p] || l.Network[p] {
			kept = append(kept, p)
		}
	}
	return kept, children, nil
}

// nameFindings looks the note's names and identifiers up in the council,
// reporting only what the writer may know of (kith.CoachScope).
func (tx *Tx) nameFindings(ctx context.Context, a kith.Actor, note quality.Note, l *childLinks) ([]quality.Finding, error) {
	cands := quality.NameCandidates(note, tx.Today())
	if len(cands) == 0 {
		return nil, nil
	}
	scope := kith.CoachScope(a, tx.policy(ctx))
	refScope, refArgs := scopeSQL(scope, 2)
	found := make([]quality.Relation, len(cands))
	otherByName := map[string]bool{} // people named in the note who are another child's
	births := []int{}
	for i, cand := range cands {
		var people, children []string
		var err error
		switch cand.Kind {
		case quality.CandName:
			if l.known[cand.Key] {
				found[i] = quality.Connected
				continue
			}
			people, err = tx.column(ctx, `SELECT person_id FROM person_names WHERE name = $1`, cand.Key)
			if err == nil {
				people, children, err = tx.reportable(ctx, scope, l, people)
			}
			if err == nil && len(people) == 0 {
				// Not a person Kith holds: a professional or a member of
				// staff is still someone known.
				var staff []string
				staff, err = tx.column(ctx, `SELECT id FROM professionals WHERE lower(name) = $1
					UNION ALL SELECT id FROM users WHERE lower(display_name) = $1`, cand.Key)
				if len(staff) > 0 {
					found[i] = quality.Connected
					continue
				}
			}
		case quality.CandTitled, quality.CandCued:
			// A surname or first name alone identifies no one: known if the
			// child's network or professionals use it, unknown otherwise.
			if l.known[cand.Key] {
				found[i] = quality.Connected
			}
			continue
		case quality.CandNHS:
			people, err = tx.column(ctx, `SELECT id FROM people WHERE nhs_number = $1`, cand.Key)
		case quality.CandPhone:
			people, err = tx.column(ctx, `SELECT person_id FROM phones WHERE digits = $1`, cand.Key)
		case quality.CandCaseRef:
			people, err = tx.column(ctx, `SELECT c.child_id FROM cases c WHERE c.reference = $1 AND `+refScope, append([]any{cand.Key}, refArgs...)...)
		case quality.CandPostcode:
			people, err = tx.addressPeople(ctx, cand, note)
		case quality.CandBirth:
			births = append(births, i)
			continue
		default:
			continue
		}
		if err == nil && cand.Kind != quality.CandName {
			people, children, err = tx.reportable(ctx, scope, l, people)
		}
		if err != nil {
			return nil, err
		}
		found[i] = quality.RelationOf(l.Links, people, children)
		if cand.Kind == quality.CandName && found[i] == quality.Other {
			for _, p := range people {
				otherByName[p] = true
			}
		}
		if cand.Kind != quality.CandName && found[i] == quality.Unknown {
			found[i] = quality.Connected // an identifier Kith does not hold is no one's
		}
	}
	// A date of birth is shared by many people: it counts only when it is
	// the birthday of someone the note also names who is another child's.
	for _, i := range births {
		people, err := tx.column(ctx, `SELECT id FROM people WHERE date_of_birth = $1`, cands[i].Key)
		if err != nil {
			return nil, err
		}
		found[i] = quality.Connected
		for _, p := range people {
			if otherByName[p] {
				found[i] = quality.Other
			}
		}
	}
	return tx.db.Quality.NameFindings(note, cands, found), nil
}

// addressPeople finds the people living at a postcode whose first address
// line the note also gives.
func (tx *Tx) addressPeople(ctx context.Context, cand quality.Candidate, note quality.Note) ([]string, error) {
	text := ""
	for _, p := range note.Parts {
		if p.Key == cand.Part {
			text = strings.ToLower(p.Text)
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT person_id, lower(line1) FROM addresses WHERE postcode = $1`, cand.Key)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, line string
		if err := rows.Scan(&id, &line); err != nil {
			return nil, err
		}
		if line != "" && strings.Contains(text, line) {
			out = append(out, id)
		}
	}
	return out, rows.Err()
}

// column runs a query that returns one text column.
func (tx *Tx) column(ctx context.Context, query string, args ...any) ([]string, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// pastedFindings looks the note's prints up in the copy-paste index.
func (tx *Tx) pastedFindings(ctx context.Context, a kith.Actor, c *kith.Case, note quality.Note, l *childLinks, exclude string) ([]quality.Finding, error) {
	prints := quality.Prints(note)
	hashes := distinctHashes(prints)
	if len(hashes) == 0 {
		return nil, nil
	}
	stats, err := tx.printStats(ctx, hashes)
	if err != nil {
		return nil, err
	}
	var live []int64
	boilerplate := tx.db.boilerplateCases()
	for _, h := range hashes {
		// A print with no counts is held by one case at most.
		if s, ok := stats[h]; !ok || s.cases < boilerplate {
			live = append(live, h)
		}
	}
	if len(live) == 0 {
		return nil, nil
	}
	type source struct{ record, caseID string }
	byHash := map[int64][]source{}
	records := map[string]string{} // record id → case id
	for start := 0; start < len(live); start += 500 {
		part := live[start:min(len(live), start+500)]
		rows, err := tx.QueryContext(ctx, `SELECT p.hash, d.record_id, d.case_id FROM text_prints p JOIN text_docs d ON d.doc_id = p.doc_id
			WHERE p.hash IN (`+placeholders(1, len(part))+`)`, int64Args(part)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var h int64
			var s source
			if err := rows.Scan(&h, &s.record, &s.caseID); err != nil {
				rows.Close()
				return nil, err
			}
			if s.record == exclude {
				continue
			}
			byHash[h] = append(byHash[h], s)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	// The index's other level: records finalised since the last merge
	// (a handful, while the server's merge keeps up).
	queued, err := tx.queuedPrints(ctx, 0)
	if err != nil {
		return nil, err
	}
	isLive := make(map[int64]bool, len(live))
	for _, h := range live {
		isLive[h] = true
	}
	for _, q := range queued {
		if q.recordID == exclude {
			continue
		}
		for _, h := range q.hashes {
			if isLive[h] {
				byHash[h] = append(byHash[h], source{q.recordID, q.caseID})
			}
		}
	}
	// A print the queue has made boilerplate, counting the cases of both
	// levels, is ignored as the counted ones are.
	for h, srcs := range byHash {
		cases := map[string]bool{}
		for _, s := range srcs {
			cases[s.caseID] = true
		}
		if len(cases) >= boilerplate {
			delete(byHash, h)
			continue
		}
		for _, s := range srcs {
			records[s.record] = s.caseID
		}
	}
	if len(records) == 0 {
		return nil, nil
	}
	hits, err := tx.sourceHits(ctx, a, c, l, records)
	if err != nil {
		return nil, err
	}
	out := map[uint64][]quality.Hit{}
	for h, srcs := range byHash {
		for _, s := range srcs {
			if hit, ok := hits[s.record]; ok { // not a source: as if not found
				out[uint64(h)] = append(out[uint64(h)], hit)
			}
		}
	}
	return tx.db.Quality.PassageFindings(note, prints, out), nil
}

// sourceHits says, for each record a print was found in that the coach
// may report (kith.CoachScope: a final record on a case the writer may
// open), how its child stands to this one and how to name it. A record on
// any other case is left out, as though the print had not been found.
func (tx *Tx) sourceHits(ctx context.Context, a kith.Actor, c *kith.Case, l *childLinks, records map[string]string) (map[string]quality.Hit, error) {
	ids := make([]string, 0, len(records))
	for id := range records {
		ids = append(ids, id)
	}
	scope, args := scopeSQL(kith.CoachScope(a, tx.policy(ctx)), len(ids)+1)
	// A withdrawn record is no source: it was written on the wrong child's
	// file, and the same words rewritten on the right one are not a paste.
	rows, err := tx.QueryContext(ctx, `SELECT r.id, r.case_id, c.reference, c.child_id, r.occurred_at, t.name FROM records r
		JOIN cases c ON c.id = r.case_id JOIN record_templates t ON t.key = r.template_key AND t.version = r.template_version
		WHERE r.id IN (`+placeholders(1, len(ids))+`) AND r.status <> 'withdrawn' AND `+scope, append(anys(ids), args...)...)
	if err != nil {
		return nil, err
	}
	type row struct {
		id, caseID, ref, child, template string
		at                               scanTime
	}
	var got []row
	for rows.Next() {
		var x row
		if err := rows.Scan(&x.id, &x.caseID, &x.ref, &x.child, &x.at, &x.template); err != nil {
			rows.Close()
			return nil, err
		}
		got = append(got, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := map[string]quality.Hit{}
	for _, x := range got {
		h := quality.Hit{Record: x.id, Relation: quality.Other}
		switch {
		case x.caseID == c.ID:
			h.Relation = quality.Connected
		case l.Linked[x.child]:
			h.Relation = quality.Linked
		}
		// The writer may open the case, so the record is named and linked.
		day := kith.DateOf(x.at.T.In(kith.London)).Long()
		label := fmt.Sprintf("the %s of %s", strings.ToLower(x.template), day)
		if x.caseID != c.ID {
			people, err := tx.loadPeople(ctx, []string{x.child})
			if err != nil {
				return nil, err
			}
			if p := people[x.child]; p != nil {
				label = fmt.Sprintf("%s’s %s of %s", p.DisplayName(), strings.ToLower(x.template), day)
			}
		}
		h.Source = quality.Source{Label: label, Href: "/cases/" + x.ref + "/records/" + x.id}
		out[x.id] = h
	}
	return out, nil
}
