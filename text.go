package kith

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on typed text. They are generous for people and strict enough that a
// pasted 10 MB blob is refused with a message rather than stored.
const (
	MaxNameLength  = 100
	MaxShortText   = 200
	MaxLongText    = 4000
	MaxSearchQuery = 200
)

// CleanText trims surrounding space and turns tabs, line breaks and runs
// of spaces into one space, so that what is stored is what the user meant
// to type. It also removes control characters and bytes that are not
// UTF-8: the API and the web forms refuse those (FindBadChar) before text
// gets here, so for them this is only a last guard for other callers (the
// command line). A real U+FFFD (�) is a character like any other and is
// kept.
func CleanText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i, r := range s {
		switch {
		case invalidAt(s, i, r):
			continue
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsControl(r):
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// invalidAt reports whether r, read from s at byte i, stands for a byte
// that is not UTF-8 (rather than a real U+FFFD written in the text).
func invalidAt(s string, i int, r rune) bool {
	if r != utf8.RuneError {
		return false
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	return size == 1
}

// CleanMultiline is CleanText for text areas: line breaks are kept (at most
// two in a row), tabs become spaces, other control characters are removed
// (see CleanText) and each line is trimmed on the right.
func CleanMultiline(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(s, "\n")
	out := make([]string, 0, len(lines))
	blank := 0
	for _, line := range lines {
		var b strings.Builder
		b.Grow(len(line))
		for i, r := range line {
			switch {
			case r == '\t':
				b.WriteByte(' ')
			case unicode.IsControl(r) || invalidAt(line, i, r):
			default:
				b.WriteRune(r)
			}
		}
		line = strings.TrimRightFunc(b.String(), unicode.IsSpace)
		if strings.TrimSpace(line) == "" {
			blank++
			if blank > 1 {
				continue
			}
			line = ""
		} else {
			blank = 0
		}
		out = append(out, line)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// BadChar is a character typed text may not hold, and where it is.
type BadChar struct {
	// At is its position, counting characters from 1.
	At int
	// Rune is the control character, or utf8.RuneError for a byte that is
	// not UTF-8.
	Rune rune
	// Before is the end of the text before it (at most a few words), so a
	// person can find a character they cannot see.
	Before string
}

// FindBadChar finds the first character of s that Kith will not store:
// a control character other than tab, line feed and carriage return
// (NUL, escape, DEL, the C1 controls), or a byte that is not UTF-8.
// They are invisible or meaningless on a page and in a printed record,
// and removing them without a word would change what was written (a
// vertical tab pasted from a word processor is a line break to its
// writer), so text holding one is refused and the person asked to remove
// it.
func FindBadChar(s string) (BadChar, bool) {
	n := 0
	for i, r := range s {
		n++
		if (unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r') || invalidAt(s, i, r) {
			return BadChar{At: n, Rune: r, Before: lastWords(s[:i], 3, 30)}, true
		}
	}
	return BadChar{}, false
}

// RemoveBadChars takes out of s what FindBadChar finds (control characters
// other than tab and line breaks, bytes that are not UTF-8), keeping
// everything else exactly as it is. Only a record's draft uses it, and it
// tells its writer where: a draft saves everything typed, and these
// characters cannot be stored.
func RemoveBadChars(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		if (unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r') || invalidAt(s, i, r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Code names the character as Unicode does (U+0000), or says it is not
// UTF-8.
func (b BadChar) Code() string {
	if b.Rune == utf8.RuneError {
		return "a byte that is not UTF-8"
	}
	return fmt.Sprintf("U+%04X", b.Rune)
}

// lastWords is the end of s: its last n words, at most max characters.
func lastWords(s string, n, max int) string {
	words := strings.Fields(s)
	if len(words) > n {
		words = words[len(words)-n:]
	}
	out := []rune(strings.Join(words, " "))
	if len(out) > max {
		out = out[len(out)-max:]
	}
	return string(out)
}

// CheckLength adds a message when s is longer than max characters.
func CheckLength(v *Validation, field, label, s string, max int) {
	if utf8.RuneCountInString(s) > max {
		v.Add(field, capitalise(label)+" must be "+itoa(max)+" characters or fewer")
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		buf[i] = '-'
	}
	return string(buf[i:])
}

// FindHiddenFormatChar finds the first invisible formatting character in
// s (Unicode's format characters: the bidirectional overrides, embeddings
// and isolates, the left-to-right and right-to-left marks, zero-width
// spaces and joiners, the byte order mark). In a file name they are a
// trick rather than text: "report\u202efdp.txt" shows as "reporttxt.pdf".
// File names holding one are refused, and names stored before are shown
// with it written out (ShowHidden).
func FindHiddenFormatChar(s string) (BadChar, bool) {
	n := 0
	for i, r := range s {
		n++
		if unicode.Is(unicode.Cf, r) {
			return BadChar{At: n, Rune: r, Before: lastWords(s[:i], 3, 30)}, true
		}
	}
	return BadChar{}, false
}

// ShowHidden writes out the invisible formatting characters in s (see
// FindHiddenFormatChar) as their codes, [U+202E], so that a name shows as
// what it is.
func ShowHidden(s string) string {
	if _, ok := FindHiddenFormatChar(s); !ok {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.Is(unicode.Cf, r) {
			fmt.Fprintf(&b, "[U+%04X]", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Where says where the character is, for a message: after the words
// before it, or at the start.
func (b BadChar) Where() string {
	if b.Before == "" {
		return "at its start"
	}
	return "after “" + b.Before + "”"
}
