package kith

import (
	"strings"
	"unicode/utf8"
)

// SearchQuery is what a practitioner typed into "Find a child", read into
// the things Kith can look for. One box takes names, a date of birth, a case
// reference or a phone number, in any mix ("smith 12/03/2015").
type SearchQuery struct {
	Text string `json:"text"`
	// Reference is a full case reference (KTH-2026-000123).
	Reference string `json:"reference,omitempty"`
	// ReferenceNumber is the number part alone ("123" finds KTH-2026-000123).
	ReferenceNumber int `json:"reference_number,omitempty"`
	// DateOfBirth is a date found in the text.
	DateOfBirth Date `json:"date_of_birth,omitzero"`
	// PhoneDigits is a phone number (or its last 6 or more digits).
	PhoneDigits string `json:"phone_digits,omitempty"`
	// Names are the name tokens, lower case without accents.
	Names []string `json:"names,omitempty"`
}

// Empty reports whether there is nothing to look for.
func (q SearchQuery) Empty() bool {
	return q.Reference == "" && q.ReferenceNumber == 0 && q.DateOfBirth.IsZero() && q.PhoneDigits == "" && len(q.Names) == 0
}

// MaxSearchNames bounds the number of name words used, so a pasted paragraph
// cannot turn into a query with hundreds of terms.
const MaxSearchNames = 4

// ParseSearch reads a search box. It returns an EINVALID error, with a
// message for the "q" field, when there is nothing to search for.
func ParseSearch(text string, today Date) (SearchQuery, error) {
	q := SearchQuery{Text: CleanText(text)}
	if !utf8.ValidString(text) || utf8.RuneCountInString(q.Text) > MaxSearchQuery {
		return q, searchError("Search must be " + itoa(MaxSearchQuery) + " characters or fewer")
	}
	if q.Text == "" {
		return q, searchError("Enter a name, date of birth, case reference or phone number")
	}
	if ref, ok := NormaliseReference(q.Text); ok {
		q.Reference = ref
		return q, nil
	}

	words := strings.Fields(q.Text)
	var rest []string
	for i := 0; i < len(words); i++ {
		// A date written as three words: "12 March 2015".
		if i+2 < len(words) && q.DateOfBirth.IsZero() {
			if d, ok := ParseLooseDate(words[i]+" "+words[i+1]+" "+words[i+2], today); ok && !isDigits(words[i+1]) {
				q.DateOfBirth = d
				i += 2
				continue
			}
		}
		if q.DateOfBirth.IsZero() {
			if d, ok := ParseLooseDate(words[i], today); ok {
				q.DateOfBirth = d
				continue
			}
		}
		rest = append(rest, words[i])
	}

	remainder := strings.Join(rest, " ")
	if phoneLike(remainder) {
		digits := PhoneDigits(remainder)
		if len(digits) >= 6 {
			q.PhoneDigits = digits
		}
		if len(digits) <= 9 && digits != "" && !strings.ContainsAny(remainder, "+ ") {
			n := 0
			for _, r := range digits {
				n = n*10 + int(r-'0')
			}
			if n > 0 {
				q.ReferenceNumber = n
			}
		}
		remainder = ""
	}
	names := NameTokens(remainder)
	if len(names) > MaxSearchNames {
		names = names[:MaxSearchNames]
	}
	q.Names = names
	if q.Empty() {
		return q, searchError("Enter a name, date of birth, case reference or phone number")
	}
	return q, nil
}

func searchError(msg string) error {
	return &Error{Code: EINVALID, Message: "There is a problem", Fields: []FieldError{{Field: "q", Message: msg}}}
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// phoneLike reports whether s is made only of the characters a phone number
// is written with and holds at least one digit.
func phoneLike(s string) bool {
	digit := false
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digit = true
		case r == ' ' || r == '-' || r == '(' || r == ')':
		case r == '+' && i == 0:
		default:
			return false
		}
	}
	return digit
}
