package sqldb

import (
	"context"
	"fmt"
	"strings"

	"kith"
)

// caseWord is the word the SQLite search index holds for a case: its id
// without hyphens, so the tokeniser keeps it whole. caseWordSQL is the same
// in SQL.
func caseWord(caseID string) string { return "c" + strings.ReplaceAll(caseID, "-", "") }

func caseWordSQL(col string) string { return `'c' || replace(` + col + `, '-', '')` }

// withinCases narrows an FTS5 query to records of the given cases.
func withinCases(match string, caseIDs []string) string {
	words := make([]string, len(caseIDs))
	for i, id := range caseIDs {
		words[i] = `"` + caseWord(id) + `"`
	}
	return "(" + match + ") AND case_word : (" + strings.Join(words, " OR ") + ")"
}

// ftsMatch renders a parsed query in SQLite FTS5 syntax. Every term is a
// quoted string of letters and digits (the parser guarantees it), so
// nothing a user types can become an FTS5 operator.
func ftsMatch(q kith.RecordQuery) string {
	var parts []string
	for _, w := range q.Words {
		parts = append(parts, `"`+w+`"`)
	}
	for _, p := range q.Phrases {
		parts = append(parts, `"`+strings.Join(p, " ")+`"`)
	}
	expr := strings.Join(parts, " AND ")
	for _, e := range q.Exclude {
		expr += ` NOT "` + e + `"`
	}
	return expr
}

// pgMatch renders a parsed query as a PostgreSQL tsquery expression over
// numbered parameters: each term is passed as a value, never spliced.
func pgMatch(q kith.RecordQuery, next int) (string, []any) {
	var parts []string
	var args []any
	arg := func(v string) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", next+len(args)-1)
	}
	if len(q.Words) > 0 {
		parts = append(parts, "plainto_tsquery('english', "+arg(strings.Join(q.Words, " "))+")")
	}
	for _, p := range q.Phrases {
		parts = append(parts, "phraseto_tsquery('english', "+arg(strings.Join(p, " "))+")")
	}
	for _, e := range q.Exclude {
		parts = append(parts, "!! plainto_tsquery('english', "+arg(e)+")")
	}
	return "(" + strings.Join(parts, " && ") + ")", args
}

// SearchRecords finds final records the actor may see that match a query,
// most recently finalised first, with a snippet around the matching words. Records on cases
// the actor may not see are never counted, ranked or shown. The cases whose
// records were shown are audited as a listing.
func (db *DB) SearchRecords(ctx context.Context, a kith.Actor, s kith.RecordSearch) ([]kith.RecordHit, bool, error) {
	if s.Query.Empty() {
		return nil, false, nil
	}
	if s.Limit <= 0 || s.Limit > 100 {
		s.Limit = 20
	}
	var hits []kith.RecordHit
	more := false
	err := db.read(ctx, func(tx *Tx) error {
		snippets := recordSearchColumns{
			sqlite:   `p.first_name, p.last_name, snippet(record_search, 2, char(2), char(3), '…', 24)`,
			postgres: `p.first_name, p.last_name, ts_headline('english', r.headline || E'\n' || r.body, %s, 'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "')`,
		}
		query, args, ok, err := tx.recordSearchSQL(ctx, a, s, snippets)
		if err != nil || !ok {
			return err
		}
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("search records: %w", err)
		}
		for rows.Next() {
			var h kith.RecordHit
			var first, last string
			if h.RecordRow, err = scanRow(rows, &first, &last, &h.Snippet); err != nil {
				rows.Close()
				return err
			}
			h.ChildName = strings.TrimSpace(first + " " + last)
			hits = append(hits, h)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(hits) > s.Limit {
			hits, more = hits[:s.Limit], true
		}
		ptrs := make([]*kith.RecordRow, len(hits))
		for i := range hits {
			ptrs[i] = &hits[i].RecordRow
		}
		return tx.nameTemplates(ctx, ptrs)
	})
	if err != nil {
		return nil, false, db.finish(ctx, a, err)
	}
	if len(hits) > 0 {
		caseIDs := make([]string, 0, len(hits))
		for _, h := range hits {
			caseIDs = append(caseIDs, h.CaseID)
		}
		if err := db.auditListing(ctx, a, kith.AuditRecordFound, "record search: "+s.Query.String(), caseIDs); err != nil {
			return nil, false, err
		}
	}
	return hits, more, nil
}

// recordSearchColumns are the columns a record search selects after the
// record's own, in each dialect: PostgreSQL's may name the tsquery as %s.
type recordSearchColumns struct{ sqlite, postgres string }

// recordSearchSQL builds the query for a record search as the actor may run
// it: final records only, of the cases in their scope, most recently
// finalised first, a page of s.Limit+1 rows from s.Offset. ok is false when
// the actor has no cases to search.
func (tx *Tx) recordSearchSQL(ctx context.Context, a kith.Actor, s kith.RecordSearch, cols recordSearchColumns) (string, []any, bool, error) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	scopeOf := kith.ScopeFor(a, tx.policy(ctx))
	var query, order string
	if tx.db.Dialect == SQLite {
		// Results come most recently finalised first: Kith walks the
		// index in that order and stops at a page.
		query = `SELECT ` + rowColumns + `, ` + cols.sqlite + `
			FROM record_search s CROSS JOIN records r ON r.search_rowid = s.rowid CROSS JOIN cases c ON c.id = r.case_id`
		match := ftsMatch(s.Query)
		if !scopeOf.All && len(scopeOf.ServiceIDs) == 0 {
			// A caseload or a team: the index itself keeps to their
			// cases, so a common word does not mean reading every
			// match in the council.
			ids, err := tx.scopeCaseIDs(ctx, scopeOf)
			if err != nil {
				return "", nil, false, err
			}
			if len(ids) == 0 {
				return "", nil, false, nil
			}
			match = withinCases(match, ids)
		}
		where = append(where, "record_search MATCH "+arg(match))
		order = "s.rowid DESC"
		query += ` JOIN users u ON u.id = r.author_id JOIN people p ON p.id = c.child_id`
	} else {
		tsq, targs := pgMatch(s.Query, 1)
		args = append(args, targs...)
		query = `SELECT ` + rowColumns + `, ` + strings.ReplaceAll(cols.postgres, "%s", tsq) + `
			FROM records r JOIN cases c ON c.id = r.case_id JOIN users u ON u.id = r.author_id JOIN people p ON p.id = c.child_id`
		where = append(where, "r.search_doc @@ "+tsq)
		order = "r.finalised_at DESC, r.id DESC"
	}
	where = append(where, "r.status = 'final'")
	if s.CaseRef != "" {
		c, err := tx.caseFor(a, s.CaseRef, kith.ViewCase)
		if err != nil {
			return "", nil, false, err
		}
		where = append(where, "r.case_id = "+arg(c.ID))
	}
	if s.TemplateKey != "" {
		where = append(where, "r.template_key = "+arg(s.TemplateKey))
	}
	from, to := dayBounds(s.From, s.To)
	if !from.IsZero() {
		where = append(where, "r.occurred_at >= "+arg(ts(from)))
	}
	if !to.IsZero() {
		where = append(where, "r.occurred_at < "+arg(ts(to)))
	}
	scope, sargs := scopeSQL(scopeOf, len(args)+1)
	args = append(args, sargs...)
	where = append(where, scope)
	query += ` WHERE ` + strings.Join(where, " AND ") + fmt.Sprintf(` ORDER BY %s LIMIT %d OFFSET %d`, order, s.Limit+1, max(0, s.Offset))
	return query, args, true, nil
}

// scopeCaseIDs lists the cases a caseload- or team-scoped actor may see.
func (tx *Tx) scopeCaseIDs(ctx context.Context, scope kith.CaseScope) ([]string, error) {
	cond, args := scopeSQL(scope, 1)
	rows, err := tx.QueryContext(ctx, `SELECT c.id FROM cases c WHERE `+cond, args...)
	if err != nil {
		return nil, fmt.Errorf("cases in scope: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
