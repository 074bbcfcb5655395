package kith

import (
	"sort"
	"unicode"
)

// Spelling suggestions for the record search ("Did you mean …"). The
// words offered come from the council's own records; these rules decide
// which of them is close enough to a word typed, and which of several is
// the better guess. Storage finds the candidates and counts, for the
// reader only, how many records each would find: a word is offered only if
// it finds records the reader may see.

// EditDistance counts the single-letter changes (insert, delete, replace,
// or swap two neighbouring letters) between two words: the slips a typist
// makes. It works on letters, not bytes, so "café" and "cafe" are one apart.
func EditDistance(a, b string) int {
	s, t := []rune(a), []rune(b)
	// Three rows of the optimal string alignment table.
	prev2 := make([]int, len(t)+1)
	prev := make([]int, len(t)+1)
	cur := make([]int, len(t)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(s); i++ {
		cur[0] = i
		for j := 1; j <= len(t); j++ {
			cost := 1
			if s[i-1] == t[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && s[i-1] == t[j-2] && s[i-2] == t[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(t)]
}

// SpellingReach is how far from a typed word a suggestion may be: none for
// words of three letters or fewer (too many short words are one letter
// apart), one change up to five letters, two beyond.
func SpellingReach(word string) int {
	switch n := len([]rune(word)); {
	case n <= 3:
		return 0
	case n <= 5:
		return 1
	default:
		return 2
	}
}

// Correctable says whether a typed word is one Kith tries to correct: a
// word of letters (numbers, dates and references are never "corrected").
func Correctable(word string) bool {
	if SpellingReach(word) == 0 {
		return false
	}
	for _, r := range word {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// SpellingCandidates returns the words of a vocabulary within reach of a
// typed word, nearest first and then in alphabetical order (so the answer
// never depends on the order the vocabulary was read in), leaving out the
// word itself.
func SpellingCandidates(word string, vocabulary []string) []string {
	reach := SpellingReach(word)
	if !Correctable(word) {
		return nil
	}
	n := len([]rune(word))
	type cand struct {
		w string
		d int
	}
	var cs []cand
	for _, v := range vocabulary {
		if v == word {
			continue
		}
		if m := len([]rune(v)); m < n-reach || m > n+reach {
			continue
		}
		if d := EditDistance(word, v); d <= reach {
			cs = append(cs, cand{v, d})
		}
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].d != cs[j].d {
			return cs[i].d < cs[j].d
		}
		return cs[i].w < cs[j].w
	})
	var out []string
	for _, c := range cs {
		out = append(out, c.w)
	}
	return out
}

// SpellingFound is a candidate word with the number of records the reader
// may see that it finds (counted up to a small limit).
type SpellingFound struct {
	Word  string
	Found int
}

// A typed word that finds at least this many records is left alone; a
// candidate must find at least SpellingBetter times as many as a typed word
// that finds a few.
const (
	SpellingEnough = 3
	SpellingBetter = 3
)

// BestSpelling chooses what to suggest for a typed word that finds found
// records: the nearest candidate that finds records (more records breaking
// a tie, then the alphabet), and only if the typed word finds nothing, or
// finds fewer than SpellingEnough and the candidate finds several times as
// many. Candidates that find nothing are never chosen: that is what keeps a
// suggestion from revealing a word the reader could not find themselves.
func BestSpelling(word string, found int, candidates []SpellingFound) (string, bool) {
	if found >= SpellingEnough {
		return "", false
	}
	best, bestD := SpellingFound{}, -1
	for _, c := range candidates {
		if c.Found == 0 || c.Word == word {
			continue
		}
		d := EditDistance(word, c.Word)
		if d > SpellingReach(word) {
			continue
		}
		if bestD < 0 || d < bestD || d == bestD && (c.Found > best.Found || c.Found == best.Found && c.Word < best.Word) {
			best, bestD = c, d
		}
	}
	if bestD < 0 || found > 0 && best.Found < found*SpellingBetter {
		return "", false
	}
	return best.Word, true
}

// VocabularyWords returns the distinct words of a text that the search
// vocabulary keeps: lower-cased words of letters that could be a correction
// (SpellingReach above zero), at most 40 letters long.
func VocabularyWords(text string) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range tokens(text) {
		if seen[w] || !Correctable(w) || len([]rune(w)) > 40 {
			continue
		}
		seen[w] = true
		out = append(out, w)
	}
	return out
}

// WithWord returns the query with one word replaced by another wherever it
// appears among the words and phrases looked for (words left out stay as
// typed).
func (q RecordQuery) WithWord(from, to string) RecordQuery {
	out := RecordQuery{Exclude: q.Exclude}
	for _, w := range q.Words {
		if w == from {
			w = to
		}
		out.Words = append(out.Words, w)
	}
	for _, p := range q.Phrases {
		np := make([]string, len(p))
		for i, w := range p {
			if w == from {
				w = to
			}
			np[i] = w
		}
		out.Phrases = append(out.Phrases, np)
	}
	return out
}
