package quality

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A Word is one word of a text, with its byte span in the original text so
// the editor can highlight exactly what a finding is about.
type Word struct {
	Start, End int
	Text       string // as written
	Lower      string // lower case, curly apostrophes made straight
}

// Capitalised reports whether the word starts with a capital letter.
func (w Word) Capitalised() bool {
	r, _ := utf8.DecodeRuneInString(w.Text)
	return unicode.IsUpper(r)
}

// A Sentence is a run of words ended by a full stop, question mark,
// exclamation mark or line break.
type Sentence struct {
	Start, End int
	Words      []Word
}

// A Text is a piece of writing split into words and sentences once, so that
// every rule reads the same split. Quotes are the spans inside quotation
// marks: the words of the child, the family or anyone else quoted, which
// no rule corrects.
type Text struct {
	Src       string
	Words     []Word
	Sentences []Sentence
	Quotes    []Span
}

// A Span is a byte range of a text.
type Span struct{ Start, End int }

// Contains reports whether the byte range [start, end) lies inside the span.
func (s Span) Contains(start, end int) bool { return start >= s.Start && end <= s.End }

// abbreviations end with a full stop that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "prof": true, "rev": true,
	"e.g": true, "i.e": true, "etc": true, "approx": true, "no": true, "dob": true, "d.o.b": true,
	"s": true, "ref": true, "tel": true, "vs": true, "cf": true,
}

// Split reads src into words, sentences and quotations.
func Split(src string) *Text {
	t := &Text{Src: src}
	t.Quotes = quotations(src)
	sentStart := -1
	var sent []Word
	endSentence := func(end int) {
		if len(sent) > 0 {
			t.Sentences = append(t.Sentences, Sentence{Start: sentStart, End: end, Words: sent})
		}
		sent = nil
		sentStart = -1
	}
	i := 0
	for i < len(src) {
		r, n := utf8.DecodeRuneInString(src[i:])
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			start := i
			i += n
			for i < len(src) {
				r2, n2 := utf8.DecodeRuneInString(src[i:])
				if isWordRune(r2) {
					i += n2
					continue
				}
				// An apostrophe, hyphen or full stop joins two word runes
				// ("don't", "half-sister", "s.47", "e.g").
				if isJoiner(r2) && i+n2 < len(src) {
					r3, _ := utf8.DecodeRuneInString(src[i+n2:])
					if isWordRune(r3) {
						i += n2
						continue
					}
				}
				break
			}
			text := src[start:i]
			w := Word{Start: start, End: i, Text: text, Lower: lowerWord(text)}
			t.Words = append(t.Words, w)
			if sentStart < 0 {
				sentStart = start
			}
			sent = append(sent, w)
		case r == '.' || r == '!' || r == '?':
			i += n
			if r == '.' && len(sent) > 0 {
				last := sent[len(sent)-1]
				if last.End == i-n && (abbreviations[last.Lower] || isInitial(last.Text)) {
					continue
				}
			}
			// Closing quotation marks and brackets belong to the sentence.
			for i < len(src) {
				r2, n2 := utf8.DecodeRuneInString(src[i:])
				if r2 != '"' && r2 != '”' && r2 != '’' && r2 != '\'' && r2 != ')' {
					break
				}
				i += n2
			}
			endSentence(i)
		case r == '\n':
			endSentence(i)
			i += n
		default:
			i += n
		}
	}
	endSentence(len(src))
	return t
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

func isJoiner(r rune) bool { return r == '\'' || r == '’' || r == '-' || r == '.' || r == '/' }

// isInitial is a single capital letter, as in "J. Smith".
func isInitial(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	return n == len(s) && unicode.IsUpper(r)
}

func lowerWord(s string) string {
	s = strings.ToLower(s)
	if strings.Contains(s, "’") {
		s = strings.ReplaceAll(s, "’", "'")
	}
	return s
}

// quotations finds the spans inside quotation marks: straight or curly
// double quotes, and single quotes that open after a space and close before
// one (so that apostrophes in "don't" and "Sam's" are not taken for quotes).
func quotations(src string) []Span {
	var out []Span
	open := -1
	var closer rune
	prev := ' '
	for i, r := range src {
		switch {
		case open < 0 && (r == '“' || r == '"'):
			open, closer = i+utf8.RuneLen(r), closing(r)
		case open < 0 && (r == '‘' || r == '\'') && !isWordRune(prev):
			open, closer = i+utf8.RuneLen(r), closing(r)
		case open >= 0 && (r == closer || closer == '"' && r == '”' || closer == '’' && r == '\''):
			if closer == '’' || closer == '\'' {
				// A single quote closes only where a word ends.
				next, _ := utf8.DecodeRuneInString(src[i+utf8.RuneLen(r):])
				if isWordRune(next) {
					break
				}
			}
			out = append(out, Span{open, i})
			open = -1
		case open >= 0 && r == '\n' && closer != '"' && closer != '”':
			open = -1 // a single quote left open at the end of a line was an apostrophe
		}
		prev = r
	}
	if open >= 0 && (closer == '"' || closer == '”') {
		out = append(out, Span{open, len(src)}) // an unclosed quotation runs to the end
	}
	return out
}

func closing(open rune) rune {
	switch open {
	case '“':
		return '”'
	case '‘':
		return '’'
	}
	return open
}

// Quoted reports whether the byte range lies inside a quotation.
func (t *Text) Quoted(start, end int) bool {
	// Quotes are in order and do not overlap: find the last one starting
	// at or before start.
	i := sort.Search(len(t.Quotes), func(i int) bool { return t.Quotes[i].Start > start }) - 1
	return i >= 0 && t.Quotes[i].Contains(start, end)
}

// Text returns the sentence's words as written.
func (s Sentence) Text(src string) string { return src[s.Start:s.End] }
