package kith

import (
	"regexp"
	"strings"
)

// speech finds who a sentence says spoke: a name or a pronoun, then a word
// for saying something ("Amy said", "she told me", "Wendy explained").
var speech = regexp.MustCompile(`(?:^|[^\p{L}])(\p{Lu}[\p{L}'’-]*|[Hh]e|[Ss]he|[Tt]hey|I|[Ww]e)\s+(?:said|says|told|tells|explained|shared|asked|replied|added|answered|whispered|shouted|called)\b`)

// ChildsWords keeps, of what a record's section for the child's voice
// says, the sentences that give the child's own words: where the child
// (by one of their names, or as he, she or they) is said to have said
// something, or that are wholly a quotation. A sentence giving someone
// else's words ("Wendy said she is tired", "I told her…") or describing
// the child without words ("Amy smiled and reached for her mum") is left
// out: a supervision's "last recorded words" must be the child's, however
// young they are. It returns "" when none are the child's.
func ChildsWords(text string, childNames ...string) string {
	names := map[string]bool{}
	for _, n := range childNames {
		if n = strings.TrimSpace(n); n != "" {
			names[strings.ToLower(n)] = true
		}
	}
	var kept []string
	for _, s := range Sentences(text) {
		if m := speech.FindStringSubmatch(s); m != nil {
			who := strings.ToLower(m[1])
			if names[who] || who == "he" || who == "she" || who == "they" {
				kept = append(kept, s)
			}
			continue
		}
		if q := strings.TrimLeft(s, " "); strings.HasPrefix(q, "“") || strings.HasPrefix(q, "\"") {
			kept = append(kept, s)
		}
	}
	return strings.Join(kept, " ")
}

// Sentences splits text into sentences at a full stop, question or
// exclamation mark followed by a space or a line break, but never inside
// a quotation (“I like it. She is kind.” is one sentence's words).
func Sentences(text string) []string {
	var out []string
	var b strings.Builder
	quoted := false
	rs := []rune(text)
	for i, r := range rs {
		switch r {
		case '“':
			quoted = true
		case '”':
			quoted = false
		case '"':
			quoted = !quoted
		}
		if r == '\n' {
			if s := strings.TrimSpace(b.String()); s != "" {
				out = append(out, s)
			}
			b.Reset()
			quoted = false
			continue
		}
		b.WriteRune(r)
		end := r == '.' || r == '!' || r == '?' || (r == '”' && i > 0 && strings.ContainsRune(".!?", rs[i-1]))
		if end && !quoted && (i+1 == len(rs) || rs[i+1] == ' ' || rs[i+1] == '\n') {
			if s := strings.TrimSpace(b.String()); s != "" {
				out = append(out, s)
			}
			b.Reset()
		}
	}
	if s := strings.TrimSpace(b.String()); s != "" {
		out = append(out, s)
	}
	return out
}
