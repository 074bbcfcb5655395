package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"kith"
)

// addSearchWords adds a final record's words to the search vocabulary. The
// words go in sorted, so two records finalised at once on PostgreSQL take
// the words' index entries in the same order and never wait on each other
// in a circle.
func (tx *Tx) addSearchWords(ctx context.Context, words []string) error {
	words = slices.Clone(words)
	slices.Sort(words)
	words = slices.Compact(words)
	const batch = 400
	for len(words) > 0 {
		n := min(batch, len(words))
		vals := make([]string, n)
		args := make([]any, 0, 2*n)
		for i, w := range words[:n] {
			vals[i] = fmt.Sprintf("($%d, $%d)", 2*i+1, 2*i+2)
			args = append(args, w, len([]rune(w)))
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO search_words (word, len) VALUES `+strings.Join(vals, ", ")+` ON CONFLICT (word) DO NOTHING`, args...); err != nil {
			return fmt.Errorf("search vocabulary: %w", err)
		}
		words = words[n:]
	}
	return nil
}

// backfillSearchWords fills the search vocabulary from the final records
// of a database that had records before the vocabulary existed. It runs
// once: afterwards finalising keeps the vocabulary, so it only reads
// records when the vocabulary is empty and there are final records.
func (db *DB) backfillSearchWords(ctx context.Context) error {
	var need bool
	if err := db.writer.QueryRowContext(ctx, `SELECT NOT EXISTS (SELECT 1 FROM search_words) AND EXISTS (SELECT 1 FROM records WHERE status = 'final')`).Scan(&need); err != nil {
		return fmt.Errorf("search vocabulary: %w", err)
	}
	after := ""
	for need {
		err := db.write(ctx, func(tx *Tx) error {
			rows, err := tx.QueryContext(ctx, `SELECT id, headline, body FROM records WHERE status = 'final' AND id > $1 ORDER BY id LIMIT 2000`, after)
			if err != nil {
				return err
			}
			seen := map[string]bool{}
			var words []string
			n := 0
			for rows.Next() {
				var headline, body string
				if err := rows.Scan(&after, &headline, &body); err != nil {
					rows.Close()
					return err
				}
				n++
				for _, w := range kith.VocabularyWords(headline + "\n" + body) {
					if !seen[w] {
						seen[w] = true
						words = append(words, w)
					}
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			need = n == 2000
			return tx.addSearchWords(ctx, words)
		})
		if err != nil {
			return fmt.Errorf("search vocabulary: %w", err)
		}
	}
	return nil
}

// How many records a spelling check reads for a word: enough to tell a
// word that finds a few from one that finds many.
const spellingSample = 20

// SuggestRecordSearch offers a corrected search ("Did you mean …") for a
// search that found nothing or very little: each word is replaced by the
// nearest word of the council's own records that finds more records this
// reader may see, with the same filters. It never offers a word the reader
// could not have found: a candidate counts only the records the reader may
// see (their cases, final records only, so never a withdrawn record's
// words) whose own text has the word as written, and the corrected search
// as a whole must find records for them. The checks are not audited as
// reads: they show nothing; the corrected search, if the reader runs it,
// is. ok is false when there is nothing better to offer.
func (db *DB) SuggestRecordSearch(ctx context.Context, a kith.Actor, s kith.RecordSearch) (kith.RecordQuery, bool, error) {
	if s.Query.Empty() {
		return kith.RecordQuery{}, false, nil
	}
	s.Offset, s.Limit = 0, spellingSample
	var out kith.RecordQuery
	changed := false
	err := db.read(ctx, func(tx *Tx) error {
		q := s.Query
		done := map[string]bool{}
		for _, w := range q.Terms() {
			if done[w] || !kith.Correctable(w) {
				continue
			}
			done[w] = true
			own, err := tx.spellingFound(ctx, a, s, kith.RecordQuery{Words: []string{w}}, "")
			if err != nil {
				return err
			}
			if own >= kith.SpellingEnough {
				continue
			}
			vocab, err := tx.wordsNear(ctx, w)
			if err != nil {
				return err
			}
			var found []kith.SpellingFound
			// The five nearest words this reader can find are enough: a
			// sixth guess helps nobody. Words only in records they may not
			// see are passed over rather than counted among the five (so
			// another team's words cannot hide their own), up to a bound
			// on the searches one word costs.
			for i, c := range kith.SpellingCandidates(w, vocab) {
				if len(found) == spellingGuesses || i == spellingTries {
					break
				}
				n, err := tx.spellingFound(ctx, a, s, kith.RecordQuery{Words: []string{c}}, c)
				if err != nil {
					return err
				}
				if n > 0 {
					found = append(found, kith.SpellingFound{Word: c, Found: n})
				}
			}
			if better, ok := kith.BestSpelling(w, own, found); ok {
				q = q.WithWord(w, better)
				changed = true
			}
		}
		if !changed {
			return nil
		}
		// The words together, with the words left out and the filters,
		// must find something too.
		n, err := tx.spellingFound(ctx, a, s, q, "")
		if err != nil {
			return err
		}
		changed, out = n > 0, q
		return nil
	})
	if err != nil {
		return kith.RecordQuery{}, false, db.finish(ctx, a, err)
	}
	return out, changed, nil
}

// spellingGuesses is how many words a suggestion chooses among, and
// spellingTries how many of the nearest it looks for before giving up.
const spellingGuesses, spellingTries = 5, 25

// spellingFound counts (up to spellingSample) the final records the actor
// may see that a query finds with the search's filters. With literal set,
// only records whose headline or text has that word as written count: the
// full-text indexes match stems, and a reader must not be offered a form of
// a word that only records they may not see contain.
func (tx *Tx) spellingFound(ctx context.Context, a kith.Actor, s kith.RecordSearch, q kith.RecordQuery, literal string) (int, error) {
	s.Query = q
	n := 0
	err := tx.eachRecordSearch(ctx, a, s, recordSearchColumns{sqlite: "r.body", postgres: "r.body"}, func(rows *sql.Rows) (int, error) {
		n = 0
		read := 0
		for rows.Next() {
			var body string
			row, err := scanRow(rows, &body)
			if err != nil {
				return 0, err
			}
			read++
			if literal == "" || slices.Contains(kith.VocabularyWords(row.Headline+"\n"+body), literal) {
				n++
			}
		}
		return read, rows.Err()
	})
	return min(n, spellingSample), err
}

// wordsNear reads the vocabulary's words of about the length of a typed
// word (as many letters more or fewer as a suggestion may differ by).
func (tx *Tx) wordsNear(ctx context.Context, w string) ([]string, error) {
	n, reach := len([]rune(w)), kith.SpellingReach(w)
	rows, err := tx.QueryContext(ctx, `SELECT word FROM search_words WHERE len BETWEEN $1 AND $2`, n-reach, n+reach)
	if err != nil {
		return nil, fmt.Errorf("search vocabulary: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
