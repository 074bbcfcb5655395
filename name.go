package kith

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
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

// foldName lower-cases a name and strips accents, so "Zoë" and "zoe" are the
// same for searching.
var foldName = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

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
		var err error
		if folded, _, err = transform.String(foldName, s); err != nil {
			folded = s
		}
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
