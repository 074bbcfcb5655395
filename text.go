package kith

import (
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

// CleanText trims surrounding space, turns tabs and runs of spaces into one
// space and removes control characters, so that what is stored is what the
// user meant to type.
func CleanText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
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

// CleanMultiline is CleanText for text areas: line breaks are kept (at most
// two in a row), other control characters are removed and each line is
// trimmed on the right.
func CleanMultiline(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(s, "\n")
	out := make([]string, 0, len(lines))
	blank := 0
	for _, line := range lines {
		line = strings.TrimRightFunc(strings.Map(func(r rune) rune {
			if r == '\t' {
				return ' '
			}
			if unicode.IsControl(r) || r == utf8.RuneError {
				return -1
			}
			return r
		}, line), unicode.IsSpace)
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
