package kith

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// CheckName validates a person's name part. Names may hold letters from any
// alphabet, spaces, hyphens, apostrophes and full stops; they may not hold
// digits or other symbols, which are nearly always a typing slip.
func CheckName(v *Validation, field, label, name string, required bool) {
	if name == "" {
		if required {
			v.Add(field, "Enter the "+label)
		}
		return
	}
	if utf8.RuneCountInString(name) > MaxNameLength {
		v.Add(field, capitalise(label)+" must be "+itoa(MaxNameLength)+" characters or fewer")
		return
	}
	for _, r := range name {
		if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) || r == ' ' || r == '-' || r == '\'' || r == '’' || r == '.' {
			continue
		}
		v.Add(field, capitalise(label)+" must only include letters, spaces, hyphens, apostrophes and full stops")
		return
	}
}

// foldAccents strips accents, so "Zoë" and "zoe" are the same for
// searching: the name is decomposed (NFD), its combining marks dropped and
// the rest composed again (NFC). It keeps no state between calls, so any
// number of searches may fold names at once; a transform.Transformer from
// golang.org/x/text (as a chain of these steps once was, shared by every
// request) keeps its place in the text and must not be shared.
func foldAccents(s string) string {
	return norm.NFC.String(strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, norm.NFD.String(s)))
}

// nameMarks are dropped (apostrophes) or split on (full stops).
var nameMarks = strings.NewReplacer("'", "", "’", "", ".", " ")

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// NameTokens splits a name into search tokens: lower case, accents removed,
// apostrophes dropped ("O'Brien" is "obrien"), split on spaces and hyphens.
func NameTokens(s string) []string {
	folded := s
	if !isASCII(s) {
		folded = foldAccents(s)
	}
	folded = strings.ToLower(folded)
	folded = nameMarks.Replace(folded)
	var tokens []string
	for _, f := range strings.FieldsFunc(folded, func(r rune) bool { return r == ' ' || r == '-' }) {
		f = strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) {
				return r
			}
			return -1
		}, f)
		if f != "" {
			tokens = append(tokens, f)
		}
	}
	return tokens
}
