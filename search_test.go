package kith

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
)

func TestParseSearch(t *testing.T) {
	today := Date{2026, 11, 23}
	for _, tc := range []struct {
		in   string
		want SearchQuery
		err  string
	}{
		{in: "Smith", want: SearchQuery{Names: []string{"smith"}}},
		{in: "  jon   SMYTH ", want: SearchQuery{Names: []string{"jon", "smyth"}}},
		{in: "O'Brien-Walsh", want: SearchQuery{Names: []string{"obrien", "walsh"}}},
		{in: "Zoë", want: SearchQuery{Names: []string{"zoe"}}},
		{in: "KTH-2026-000123", want: SearchQuery{Reference: "KTH-2026-000123"}},
		{in: "kth 2026 123", want: SearchQuery{Reference: "KTH-2026-000123"}},
		{in: "123", want: SearchQuery{ReferenceNumber: 123}},
		{in: "12/03/2015", want: SearchQuery{DateOfBirth: Date{2015, 3, 12}}},
		{in: "smith 12/03/2015", want: SearchQuery{Names: []string{"smith"}, DateOfBirth: Date{2015, 3, 12}}},
		{in: "12 March 2015 ash", want: SearchQuery{Names: []string{"ash"}, DateOfBirth: Date{2015, 3, 12}}},
		{in: "12.3.15", want: SearchQuery{DateOfBirth: Date{2015, 3, 12}}},
		{in: "1.2.30", want: SearchQuery{DateOfBirth: Date{1930, 2, 1}}},
		{in: "07700 900982", want: SearchQuery{PhoneDigits: "07700900982"}},
		{in: "+44 7700 900982", want: SearchQuery{PhoneDigits: "07700900982"}},
		{in: "900982", want: SearchQuery{PhoneDigits: "900982", ReferenceNumber: 900982}},
		{in: "31/02/2024", want: SearchQuery{}, err: "Enter a name, date of birth, case reference or phone number"},
		{in: "", err: "Enter a name, date of birth, case reference or phone number"},
		{in: "!!!", err: "Enter a name, date of birth, case reference or phone number"},
		{in: strings.Repeat("a", 201), err: "Search must be 200 characters or fewer"},
		{in: "a b c d e f", want: SearchQuery{Names: []string{"a", "b", "c", "d"}}},
	} {
		got, err := ParseSearch(tc.in, today)
		if tc.err != "" {
			fields := ErrorFields(err)
			if len(fields) != 1 || fields[0].Message != tc.err {
				t.Errorf("ParseSearch(%q): error %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseSearch(%q): %v", tc.in, err)
			continue
		}
		got.Text = ""
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseSearch(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func FuzzParseSearch(f *testing.F) {
	for _, s := range []string{"Smith", "KTH-2026-000123", "12/03/2015 ash", "+44 7700 900982", "Zoë O'Brien", "\x00\xff", "31 feb 2024", "00", "-"} {
		f.Add(s)
	}
	today := Date{2026, 11, 23}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseSearch(s, today)
		if err != nil {
			if ErrorCode(err) != EINVALID || len(ErrorFields(err)) != 1 {
				t.Fatalf("ParseSearch(%q): unexpected error %v", s, err)
			}
			return
		}
		if q.Empty() {
			t.Fatalf("ParseSearch(%q) returned an empty query without an error", s)
		}
		if len(q.Names) > MaxSearchNames {
			t.Fatalf("ParseSearch(%q) returned %d names", s, len(q.Names))
		}
		for _, n := range q.Names {
			if n == "" {
				t.Fatalf("ParseSearch(%q): empty name token", s)
			}
			for _, r := range n {
				if !unicode.IsLetter(r) || unicode.IsUpper(r) {
					t.Fatalf("ParseSearch(%q): token %q has %q", s, n, r)
				}
			}
		}
		if q.Reference != "" {
			if again, ok := NormaliseReference(q.Reference); !ok || again != q.Reference {
				t.Fatalf("ParseSearch(%q): reference %q does not round-trip", s, q.Reference)
			}
		}
		for _, r := range q.PhoneDigits {
			if r < '0' || r > '9' {
				t.Fatalf("ParseSearch(%q): phone digits %q", s, q.PhoneDigits)
			}
		}
		if !q.DateOfBirth.IsZero() {
			if _, ok := MakeDate(q.DateOfBirth.Year, int(q.DateOfBirth.Month), q.DateOfBirth.Day); !ok {
				t.Fatalf("ParseSearch(%q): impossible date %v", s, q.DateOfBirth)
			}
		}
	})
}
