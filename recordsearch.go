package kith

import (
	"strings"
	"unicode"
)

// RecordQuery is a parsed full-text search of records: words that must all
// appear, "phrases" that must appear as written, and -words that must not.
// It is parsed here, once, and each storage engine renders it in its own
// syntax, so no user text ever reaches a query language unescaped.
type RecordQuery struct {
	Words   []string
	Phrases [][]string
	Exclude []string
}

// Empty reports whether the query asks for anything. A query of exclusions
// alone is empty: "everything except" is not a search.
func (q RecordQuery) Empty() bool { return len(q.Words) == 0 && len(q.Phrases) == 0 }

// String renders the query back in the syntax users type.
func (q RecordQuery) String() string {
	var parts []string
	parts = append(parts, q.Words...)
	for _, p := range q.Phrases {
		parts = append(parts, `"`+strings.Join(p, " ")+`"`)
	}
	for _, e := range q.Exclude {
		parts = append(parts, "-"+e)
	}
	return strings.Join(parts, " ")
}

// Terms returns every word the query looks for, for highlighting.
func (q RecordQuery) Terms() []string {
	out := append([]string(nil), q.Words...)
	for _, p := range q.Phrases {
		out = append(out, p...)
	}
	return out
}

// Limits on a search, so a pasted paragraph is refused rather than run.
const maxQueryTerms = 12

// ParseRecordQuery reads what a user typed into the record search box.
// Words are split on anything that is not a letter or digit (the same rule
// both engines' tokenisers use), lower-cased; a word or phrase preceded by
// "-" is excluded; an unclosed quote runs to the end.
func ParseRecordQuery(s string) (RecordQuery, error) {
	var q RecordQuery
	if len(s) > MaxSearchQuery {
		return q, fieldError("q", "Search for "+itoa(MaxSearchQuery)+" characters or fewer")
	}
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case r == '"':
			j := i + 1
			for j < len(rs) && rs[j] != '"' {
				j++
			}
			if words := tokens(string(rs[i+1 : min(j, len(rs))])); len(words) == 1 {
				q.Words = append(q.Words, words[0])
			} else if len(words) > 1 {
				q.Phrases = append(q.Phrases, words)
			}
			i = j + 1
		case r == '-' && (i == 0 || unicode.IsSpace(rs[i-1])) && i+1 < len(rs) && !unicode.IsSpace(rs[i+1]):
			j := i + 1
			if rs[j] == '"' {
				k := j + 1
				for k < len(rs) && rs[k] != '"' {
					k++
				}
				q.Exclude = append(q.Exclude, tokens(string(rs[j+1:min(k, len(rs))]))...)
				i = k + 1
				continue
			}
			for j < len(rs) && !unicode.IsSpace(rs[j]) && rs[j] != '"' {
				j++
			}
			q.Exclude = append(q.Exclude, tokens(string(rs[i+1:j]))...)
			i = j
		case unicode.IsSpace(r):
			i++
		default:
			j := i
			for j < len(rs) && !unicode.IsSpace(rs[j]) && rs[j] != '"' {
				j++
			}
			q.Words = append(q.Words, tokens(string(rs[i:j]))...)
			i = j
		}
	}
	n := len(q.Words) + len(q.Exclude)
	for _, p := range q.Phrases {
		n += len(p)
	}
	if n > maxQueryTerms {
		return RecordQuery{}, fieldError("q", "Search for "+itoa(maxQueryTerms)+" words or fewer")
	}
	return q, nil
}

// tokens splits text into lower-case words of letters and digits.
func tokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func fieldError(field, msg string) error {
	var v Validation
	v.Add(field, msg)
	return v.Err()
}

// RecordSearch is a full-text search with its filters.
type RecordSearch struct {
	Query       RecordQuery
	TemplateKey string
	From, To    Date
	CaseRef     string // search one case's record only
	Offset      int
	Limit       int
}

// RecordHit is one search result: the record and a snippet with the
// matching words marked. Snippet is plain text with the marks given as
// \x02 (start) and \x03 (end), so the page can escape the text and then
// highlight it safely.
type RecordHit struct {
	RecordRow
	ChildName string
	Snippet   string
}

// Snippet marks, chosen because they never occur in cleaned user text.
const (
	MarkStart = "\x02"
	MarkEnd   = "\x03"
)
