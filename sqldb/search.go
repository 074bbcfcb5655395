package sqldb

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hbollon/go-edlib"

	"kith"
)

// MaxSearchResults is the most people a search returns.
const MaxSearchResults = 25

// maxSearchRows bounds the rows a search pass reads before ranking.
const maxSearchRows = 300

// matchLevel is how loosely a search pass matches name words.
type matchLevel int

const (
	// matchExact: the words as typed.
	matchExact matchLevel = iota
	// matchPrefix: also recorded words that start with what was typed.
	matchPrefix
	// matchLoose: also words that sound alike or are a typing slip away.
	matchLoose
)

// Search finds people by name (tolerant of spelling, typing slips and
// known-as names), date of birth, case reference or phone number, and
// returns them with the cases they are linked to that the actor may open.
// A person linked only to cases the actor may not open is not returned, so
// search never reveals a restricted case, and every result shown is
// audited.
//
// Names are matched in passes, each run only when the ones before found
// too few people: the words as typed; then also words that start with what
// was typed; then also words that sound alike or are a typing slip away.
// Results are ranked by how closely the names match.
func (db *DB) Search(ctx context.Context, a kith.Actor, q kith.SearchQuery, limit int) ([]kith.SearchResult, error) {
	if limit <= 0 || limit > MaxSearchResults {
		limit = MaxSearchResults
	}
	if q.Empty() {
		return nil, kith.Errorf(kith.EINVALID, "Enter a name, date of birth, case reference or phone number")
	}
	var results []kith.SearchResult
	err := db.read(ctx, func(tx *Tx) error {
		if err := tx.keepJoinOrder(ctx); err != nil {
			return err
		}
		byPerson := map[string]*kith.SearchResult{}
		passes := []matchLevel{matchExact}
		if len(q.Names) > 0 {
			passes = append(passes, matchPrefix, matchLoose)
		}
		for _, level := range passes {
			if err := tx.searchPass(ctx, a, q, level, byPerson); err != nil {
				return err
			}
			if len(byPerson) >= limit {
				break
			}
		}
		for _, r := range byPerson {
			results = append(results, *r)
		}
		rankResults(q, results)
		if len(results) > limit {
			results = results[:limit]
		}
		var cases []kith.CaseSummary
		for _, r := range results {
			for _, l := range r.Links {
				cases = append(cases, l.Case)
			}
		}
		if err := tx.attachSummaryStatuses(ctx, cases); err != nil {
			return err
		}
		i := 0
		for ri := range results {
			for li := range results[ri].Links {
				results[ri].Links[li].Case.Statuses = cases[i].Statuses
				i++
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, r := range results {
		for _, l := range r.Links {
			ids = append(ids, l.Case.ID)
		}
	}
	if err := db.auditListing(ctx, a, kith.AuditCaseFound, "search: "+q.Text, ids); err != nil {
		return nil, err
	}
	return results, nil
}

// nameSearchTraceKey is the context key of a *[]tracedStatement that
// searchPass appends each pass's statement to, so tests can read its plan.
type nameSearchTraceKey struct{}

// tracedStatement is a statement as it was sent, with its arguments.
type tracedStatement struct {
	query string
	args  []any
}

// searchPass runs one pass of a search and adds what it finds.
func (tx *Tx) searchPass(ctx context.Context, a kith.Actor, q kith.SearchQuery, level matchLevel, found map[string]*kith.SearchResult) error {
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	var groups []string
	for _, name := range q.Names {
		keys, err := tx.nameKeys(ctx, name, level)
		if err != nil {
			return err
		}
		ph := make([]string, len(keys))
		for i, k := range keys {
			ph[i] = arg(k)
		}
		groups = append(groups, `SELECT person_id FROM person_name_keys WHERE key IN (`+strings.Join(ph, ", ")+`)`)
	}
	// A case reference finds its child only when the searcher may open
	// that case: otherwise the child would show through a sibling's
	// network, tying a restricted reference to a name.
	refScope := func() string {
		scope, scopeArgs := scopeSQL(kith.ScopeFor(a, tx.policy(ctx)), len(args)+1)
		args = append(args, scopeArgs...)
		return scope
	}
	if !q.DateOfBirth.IsZero() {
		groups = append(groups, `SELECT id AS person_id FROM people WHERE date_of_birth = `+arg(dt(q.DateOfBirth)))
	}
	if q.Reference != "" {
		ref := arg(q.Reference)
		groups = append(groups, `SELECT c.child_id AS person_id FROM cases c WHERE c.reference = `+ref+` AND `+refScope())
	}
	var digits []string
	if q.PhoneDigits != "" {
		// Not the numbers of children whose own cases the searcher may not
		// open: a sibling's network must not tie their number to them.
		rev := reverse(q.PhoneDigits)
		lo, hi := arg(rev), arg(rev+":")
		digits = append(digits, `SELECT ph.person_id FROM phones ph WHERE ph.digits_rev >= `+lo+` AND ph.digits_rev < `+hi+`
			AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.child_id = ph.person_id AND NOT (`+refScope()+`))`)
	}
	if q.ReferenceNumber > 0 {
		n := arg(q.ReferenceNumber)
		digits = append(digits, `SELECT c.child_id AS person_id FROM cases c WHERE c.ref_number = `+n+` AND `+refScope())
	}
	if len(digits) > 0 {
		groups = append(groups, strings.Join(digits, " UNION "))
	}
	if len(groups) == 0 {
		return nil
	}
	cand := tx.db.Dialect.inEveryGroup(groups)
	scope, scopeArgs := scopeSQL(kith.ScopeFor(a, tx.policy(ctx)), len(args)+1)
	args = append(args, scopeArgs...)
	caseCols := `c.id, c.reference, ch.first_name, ch.last_name, ch.known_as, ch.date_of_birth, c.state, t.name, COALESCE(w.display_name, ''), c.allocated_at, c.restricted, ch.expected_date_of_birth`
	caseJoins := ` JOIN people ch ON ch.id = c.child_id JOIN teams t ON t.id = c.team_id LEFT JOIN users w ON w.id = c.worker_id`
	personCols := `p.id, p.first_name, p.last_name, p.known_as, p.date_of_birth`
	// The candidates drive the query: from the few people found by name,
	// out to their cases and relationships, never the other way round.
	join := tx.db.Dialect.orderedJoin()
	query := `WITH cand (person_id) AS (` + cand + `)
		SELECT ` + caseCols + `, ` + personCols + `, '' FROM cand ` + join + ` people p ON p.id = cand.person_id
			` + join + ` cases c ON c.child_id = p.id` + caseJoins + ` WHERE ` + scope + `
		UNION ALL
		SELECT ` + caseCols + `, ` + personCols + `, r.kind FROM cand ` + join + ` people p ON p.id = cand.person_id
			` + join + ` relationships r ON r.person_id = p.id ` + join + ` cases c ON c.child_id = r.child_id` + caseJoins + ` WHERE r.ended_on IS NULL AND ` + scope + `
		LIMIT ` + fmt.Sprint(maxSearchRows)
	if trace, _ := ctx.Value(nameSearchTraceKey{}).(*[]tracedStatement); trace != nil {
		*trace = append(*trace, tracedStatement{query, args})
	}
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var pid, first, last, knownAs, rel string
		var dob scanDate
		c, err := scanSummary(rows, &pid, &first, &last, &knownAs, &dob, &rel)
		if err != nil {
			return err
		}
		r := found[pid]
		if r == nil {
			r = &kith.SearchResult{PersonID: pid, Name: strings.TrimSpace(first + " " + last), KnownAs: knownAs, DateOfBirth: dob.D}
			found[pid] = r
		}
		dup := false
		for _, l := range r.Links {
			dup = dup || l.Case.ID == c.ID
		}
		if !dup {
			r.Links = append(r.Links, kith.SearchLink{Case: c, Relationship: kith.RelationshipKind(rel)})
		}
	}
	return rows.Err()
}

// inEveryGroup is a query of the people every group (a query of
// person_id) holds. On PostgreSQL not an INTERSECT, which reads every
// group in full: the first group's people are kept where they are in
// each other group, which PostgreSQL plans as semi-joins, starting from
// a rare word's few people when another word is common (see
// TestNameSearchStartsFromTheRarestWord). SQLite, which cannot start
// from either side that way, answers the INTERSECT faster: half the time
// at the 95th percentile on a tenth of the council (docs/benchmarks.md).
func (d Dialect) inEveryGroup(groups []string) string {
	if d != Postgres {
		for i, g := range groups {
			groups[i] = "SELECT person_id FROM (" + g + ") g" + fmt.Sprint(i)
		}
		return strings.Join(groups, " INTERSECT ")
	}
	cand := "SELECT DISTINCT g0.person_id FROM (" + groups[0] + ") g0"
	var inAll []string
	for _, g := range groups[1:] {
		inAll = append(inAll, "g0.person_id IN ("+g+")")
	}
	if len(inAll) > 0 {
		cand += " WHERE " + strings.Join(inAll, " AND ")
	}
	return cand
}

// nameKeys returns the search keys for one typed name word at a level:
// the word; then also the recorded name words that start with it (so "jo"
// finds Joanne); then also its sound key and the recorded words within a
// typing slip (one edit for short words, two for long ones, the first
// letter kept).
func (tx *Tx) nameKeys(ctx context.Context, token string, level matchLevel) ([]string, error) {
	keys := []string{"t:" + token}
	if level >= matchPrefix && len(token) >= 2 {
		terms, err := tx.strings(ctx, `SELECT term FROM name_terms WHERE term >= $1 AND term < $2 ORDER BY term LIMIT 100`, token, prefixEnd(token))
		if err != nil {
			return nil, fmt.Errorf("name prefixes: %w", err)
		}
		for _, t := range terms {
			if t != token {
				keys = append(keys, "t:"+t)
			}
		}
	}
	if level < matchLoose {
		return keys, nil
	}
	keys = append(keys, "s:"+kith.SoundKey(token))
	n := len([]rune(token))
	if n >= 4 {
		first := string([]rune(token)[:1])
		terms, err := tx.strings(ctx, `SELECT term FROM name_terms WHERE term >= $1 AND term < $2 AND length(term) BETWEEN $3 AND $4`,
			first, prefixEnd(first), n-2, n+2)
		if err != nil {
			return nil, fmt.Errorf("name variants: %w", err)
		}
		for _, t := range terms {
			if within(token, t) {
				keys = append(keys, "t:"+t)
			}
		}
	}
	return keys, nil
}

// within reports whether a recorded name word is within a typing slip of a
// typed one: one edit (a letter added, dropped, changed, or two swapped)
// for words under seven letters, two for longer ones.
func within(typed, term string) bool {
	allowed := 1
	if len([]rune(typed)) >= 7 {
		allowed = 2
	}
	return edlib.OSADamerauLevenshteinDistance(typed, term) <= allowed
}

// prefixEnd returns the smallest string greater than every string starting
// with prefix, for index range scans. Both engines compare these columns by
// code point (SQLite's BINARY, PostgreSQL's "C"), so bumping the last rune
// is enough.
func prefixEnd(prefix string) string {
	r := []rune(prefix)
	if len(r) == 0 {
		return "\U0010FFFF"
	}
	r[len(r)-1]++
	if r[len(r)-1] >= 0xD800 && r[len(r)-1] < 0xE000 {
		r[len(r)-1] = 0xE000
	}
	return string(r)
}

// rankResults orders results by how well their names match what was typed,
// then children before adults, open cases before closed, then by name.
func rankResults(q kith.SearchQuery, results []kith.SearchResult) {
	for i := range results {
		r := &results[i]
		r.Score = nameScore(q.Names, kith.NameTokens(r.Name+" "+r.KnownAs))
		for _, l := range r.Links {
			if l.Relationship == "" {
				r.Score += 0.05
			}
			if l.Case.State == kith.CaseOpen {
				r.Score += 0.02
				break
			}
		}
		sort.Slice(r.Links, func(a, b int) bool {
			la, lb := r.Links[a], r.Links[b]
			if (la.Relationship == "") != (lb.Relationship == "") {
				return la.Relationship == ""
			}
			return la.Case.ChildName < lb.Case.ChildName
		})
	}
	sort.SliceStable(results, func(i, j int) bool {
		if results[i].Score != results[j].Score {
			return results[i].Score > results[j].Score
		}
		return strings.ToLower(results[i].Name) < strings.ToLower(results[j].Name)
	})
}

// nameScore is the average, over the typed words, of the best match among a
// person's name words: exact 1; a word said alike and within a typing slip
// 0.9; said alike 0.8; within a typing slip 0.75; a word that starts with
// what was typed 0.6 to 0.9, the more of it typed the higher. So "John
// Smith" ranks Jon Smyth above Joanne Smithers, and "jo" still finds Joanne.
func nameScore(typed, names []string) float64 {
	if len(typed) == 0 {
		return 1
	}
	total := 0.0
	for _, t := range typed {
		tk := kith.SoundKey(t)
		best := 0.0
		for _, n := range names {
			if n == t {
				best = 1
				break
			}
			s := 0.0
			if strings.HasPrefix(n, t) {
				s = 0.6 + 0.3*float64(len(t))/float64(len(n))
			}
			if s < 0.9 {
				sound, slip := kith.SoundKey(n) == tk, within(t, n)
				switch {
				case sound && slip:
					s = 0.9
				case sound:
					s = max(s, 0.8)
				case slip:
					s = max(s, 0.75)
				}
			}
			best = max(best, s)
		}
		total += best
	}
	return total / float64(len(typed))
}
