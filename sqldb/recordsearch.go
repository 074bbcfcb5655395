package sqldb

import (
	"context"
	"database/sql"
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
		err := tx.eachRecordSearch(ctx, a, s, snippets, func(rows *sql.Rows) (int, error) {
			hits = hits[:0]
			for rows.Next() {
				var h kith.RecordHit
				var first, last string
				row, err := scanRow(rows, &first, &last, &h.Snippet)
				if err != nil {
					return 0, err
				}
				h.RecordRow = row
				h.ChildName = strings.TrimSpace(first + " " + last)
				hits = append(hits, h)
			}
			return len(hits), rows.Err()
		})
		if err != nil {
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

// searchWalk is how many of the newest final records a PostgreSQL search
// tests one by one first. A word in one record in a hundred fills a page
// within them, for a reader who may see a good part of the council.
const searchWalk = 2000

// searchWalkMost is the longest second walk through the newest records.
// On the full synthetic council in PostgreSQL, testing one record on the
// walk cost about 5 µs, and reading and sorting one match from the
// full-text index about 6 µs, so past this length reading every match
// costs less for the words rare enough to need it: a walk this long finds
// a page only where about one record in 1,500 the reader may see
// matches, and such words match a few thousand records in all.
const searchWalkMost = 30000

// searchWalkScope and searchWalkScopeMost bound how far through the
// council's newest records a reader who may see much of it (a service, or
// all) goes to find the newest of their own: ten times the records the walk
// tests, and no more than 100,000 (on the full synthetic council, about a
// third of a second at worst, for a reader whose cases hold less than a
// tenth of the latest work).
const (
	searchWalkScope     = 10
	searchWalkScopeMost = 100000
)

// searchKind is one way of asking PostgreSQL for a search's records.
type searchKind int

const (
	// searchPlain is one query, planned as the engine sees fit: SQLite,
	// and PostgreSQL within one case.
	searchPlain searchKind = iota
	// searchNewest tests only the newest final records, in order, and
	// stops at a page. It is quick whatever the words, and enough
	// whenever they are common.
	searchNewest
	// searchMatches reads every match from the GIN index and sorts them,
	// which costs as many records as match. The planner alone could not
	// be left to choose: it judges how common a phrase is from its words,
	// so a phrase of common words that no record holds would have it
	// walk every record in the council.
	searchMatches
)

// searchStep is one query of a search: its kind and, for searchNewest,
// how many of the newest final records it tests.
type searchStep struct {
	kind searchKind
	walk int
}

// searchSteps are the first and last ways a search is asked for; on
// PostgreSQL a longer walk may come between them (widerWalk).
func (db *DB) searchSteps(s kith.RecordSearch) []searchStep {
	if db.Dialect == Postgres && s.CaseRef == "" {
		return []searchStep{{kind: searchNewest, walk: searchWalk}, {kind: searchMatches}}
	}
	return []searchStep{{kind: searchPlain}}
}

// widerWalk says how far a second walk through the newest records should
// go, after a walk of walked records found found rows of a page that
// needed more: far enough, at the rate the first walk found them, to fill
// the page half as much again, and no further than searchWalkMost. ok is
// false when the first walk found too few to judge the rate by, or the
// rate says the walk would need to go further: the words are rare enough
// that reading every match costs less.
func widerWalk(walked, found int, s kith.RecordSearch) (walk int, ok bool) {
	if found <= 0 {
		// Nothing on this page: with an offset, the walk may still have
		// matched the earlier pages' rows, but how many is not known.
		return 0, false
	}
	matched := found + max(0, s.Offset)
	need := max(0, s.Offset) + s.Limit + 1
	walk = walked * need * 3 / (2 * matched)
	if walk > searchWalkMost || walk <= walked {
		return 0, false
	}
	return walk, true
}

// searchTraceKey is the context key of a *[]searchStep that eachRecordSearch
// appends each step it takes to, so tests can tell how a search was
// answered when the results alone cannot.
type searchTraceKey struct{}

// eachRecordSearch runs a record search as the actor may run it and hands
// the rows to scan, which returns how many it read. On PostgreSQL, outside
// one case, the newest records are tried first (searchNewest), and again
// further back when they held some matches but less than a page
// (widerWalk); only when those fall short is every match read
// (searchMatches). scan is called once for each and must start afresh.
func (tx *Tx) eachRecordSearch(ctx context.Context, a kith.Actor, s kith.RecordSearch, cols recordSearchColumns, scan func(*sql.Rows) (int, error)) error {
	trace, _ := ctx.Value(searchTraceKey{}).(*[]searchStep)
	run := func(step searchStep) (int, bool, error) {
		if trace != nil {
			*trace = append(*trace, step)
		}
		query, args, ok, err := tx.recordSearchSQL(ctx, a, s, cols, step)
		if err != nil || !ok {
			return 0, false, err
		}
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return 0, false, fmt.Errorf("search records: %w", err)
		}
		defer rows.Close()
		n, err := scan(rows)
		return n, true, err
	}
	steps := tx.db.searchSteps(s)
	for i, step := range steps {
		n, ok, err := run(step)
		if err != nil || !ok || n > s.Limit || i == len(steps)-1 {
			return err
		}
		if step.kind != searchNewest {
			continue
		}
		if walk, wider := widerWalk(step.walk, n, s); wider {
			if n, _, err = run(searchStep{kind: searchNewest, walk: walk}); err != nil || n > s.Limit {
				return err
			}
		}
	}
	return nil
}

// recordSearchSQL builds the query for one step of a record search as the
// actor may run it: final records only, of the cases in their scope, most
// recently finalised first, a page of s.Limit+1 rows from s.Offset. ok is
// false when the actor has no cases to search.
func (tx *Tx) recordSearchSQL(ctx context.Context, a kith.Actor, s kith.RecordSearch, cols recordSearchColumns, step searchStep) (string, []any, bool, error) {
	var where, own []string // own: conditions on the record alone
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	scopeOf := kith.ScopeFor(a, tx.policy(ctx))
	var query, order, match string
	// A caseload or a team: the index itself keeps to their cases, so a
	// common word does not mean reading every match in the council. On
	// PostgreSQL only reading every match needs it.
	narrow := !scopeOf.All && len(scopeOf.ServiceIDs) == 0 && (tx.db.Dialect == SQLite || step.kind == searchMatches)
	var caseIDs []string
	if narrow {
		var err error
		if caseIDs, err = tx.scopeCaseIDs(ctx, scopeOf); err != nil || len(caseIDs) == 0 {
			return "", nil, false, err
		}
	}
	if tx.db.Dialect == SQLite {
		// Results come most recently finalised first: Kith walks the
		// index in that order and stops at a page.
		query = `SELECT ` + rowColumns + `, ` + cols.sqlite + `
			FROM record_search s CROSS JOIN records r ON r.search_rowid = s.rowid CROSS JOIN cases c ON c.id = r.case_id`
		fts := ftsMatch(s.Query)
		if narrow {
			fts = withinCases(fts, caseIDs)
		}
		match = "record_search MATCH " + arg(fts)
		order = "s.rowid DESC"
	} else {
		tsq, targs := pgMatch(s.Query, 1)
		args = append(args, targs...)
		query = `SELECT ` + rowColumns + `, ` + strings.ReplaceAll(cols.postgres, "%s", tsq) + ` FROM `
		match = "r.search_doc @@ " + tsq
		order = "r.finalised_at DESC, r.id DESC"
	}
	own = append(own, "r.status = 'final'")
	if s.CaseRef != "" {
		c, err := tx.caseFor(a, s.CaseRef, kith.ViewCase)
		if err != nil {
			return "", nil, false, err
		}
		own = append(own, "r.case_id = "+arg(c.ID))
	}
	if s.TemplateKey != "" {
		own = append(own, "r.template_key = "+arg(s.TemplateKey))
	}
	from, to := dayBounds(s.From, s.To)
	if !from.IsZero() {
		own = append(own, "r.occurred_at >= "+arg(ts(from)))
	}
	if !to.IsZero() {
		own = append(own, "r.occurred_at < "+arg(ts(to)))
	}
	// On PostgreSQL, reading every match, the record's own conditions go
	// inside the subquery, where its indexes can answer them.
	switch {
	case tx.db.Dialect == SQLite:
		where = append(append(where, match), own...)
	case step.kind == searchNewest:
		// The newest final records of all, whatever the filters: a
		// filter the newest records rarely pass (dates years ago, a rare
		// kind of record) must not turn the walk into one through the
		// whole council. Such searches go on to the next step.
		newest := `(SELECT * FROM records r WHERE r.status = 'final' ORDER BY ` + order + fmt.Sprintf(` LIMIT %d) r`, step.walk)
		if scopeOf.All || len(scopeOf.ServiceIDs) > 0 {
			// A reader who may see much of the council walks the newest
			// records of their own cases: the council's newest may all be
			// another service's, and a walk that found none of theirs
			// would send even the commonest words to reading every match.
			// The walk through the council stays bounded all the same.
			inScope, sargs := scopeSQL(scopeOf, len(args)+1)
			args = append(args, sargs...)
			newest = `(SELECT r.* FROM (SELECT * FROM records r WHERE r.status = 'final' ORDER BY ` + order +
				fmt.Sprintf(` LIMIT %d) r`, min(searchWalkScope*step.walk, searchWalkScopeMost)) +
				` JOIN cases c ON c.id = r.case_id WHERE ` + inScope + ` ORDER BY ` + order + fmt.Sprintf(` LIMIT %d) r`, step.walk)
		}
		query += newest
		where = append(append(where, match), own...)
	case step.kind == searchMatches:
		if narrow {
			own = append(own, "r.case_id = ANY("+arg(caseIDs)+")")
		}
		// OFFSET 0 keeps the subquery whole: matches first, then order.
		query += `(SELECT * FROM records r WHERE ` + match + ` AND ` + strings.Join(own, " AND ") + ` OFFSET 0) r`
	default:
		query += `records r`
		where = append(append(where, match), own...)
	}
	if tx.db.Dialect == Postgres {
		query += ` JOIN cases c ON c.id = r.case_id`
	}
	query += ` JOIN users u ON u.id = r.author_id JOIN people p ON p.id = c.child_id`
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
