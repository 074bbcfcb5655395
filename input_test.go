package kith

import (
	"testing"
	"time"
	"unicode/utf8"
)

// FindBadChar is the rule for which characters typed text may hold: tab,
// line feed and carriage return yes; other control characters and bytes
// that are not UTF-8 no, reported where they are.
func TestFindBadChar(t *testing.T) {
	tests := []struct {
		in     string
		bad    bool
		at     int
		r      rune
		before string
	}{
		{"", false, 0, 0, ""},
		{"Amy said she likes her room", false, 0, 0, ""},
		{"line one\r\n\tline two\n", false, 0, 0, ""},
		{"emoji 😀, accents é, and a real � are text", false, 0, 0, ""},
		{"\x00", true, 1, 0, ""},
		{"Amy said\x00", true, 9, 0, "Amy said"},
		{"one two three four\x0bfive", true, 19, 0x0b, "two three four"},
		{"café\x1b[31m", true, 5, 0x1b, "café"},
		{"delete\x7f", true, 7, 0x7f, "delete"},
		{"next line\u0085", true, 10, 0x85, "next line"},
		{"bad \xff byte", true, 5, utf8.RuneError, "bad"},
		{"a long unbroken word: " + "abcdefghijklmnopqrstuvwxyzabcdefghij\x00", true, 59, 0, "ghijklmnopqrstuvwxyzabcdefghij"},
	}
	for _, tt := range tests {
		got, bad := FindBadChar(tt.in)
		if bad != tt.bad || got.At != tt.at || got.Rune != tt.r || got.Before != tt.before {
			t.Errorf("FindBadChar(%q) = %+v %v, want at %d %U after %q (%v)", tt.in, got, bad, tt.at, tt.r, tt.before, tt.bad)
		}
	}
	if c := (BadChar{Rune: 0x1b}).Code(); c != "U+001B" {
		t.Errorf("Code = %q", c)
	}
	if c := (BadChar{Rune: utf8.RuneError}).Code(); c != "a byte that is not UTF-8" {
		t.Errorf("Code = %q", c)
	}
}

// Cleaning tidies space but keeps every real character, including a
// written U+FFFD; only bytes that are not UTF-8 and control characters
// (which the web layers refuse first) are removed.
func TestCleanKeepsRealCharacters(t *testing.T) {
	for in, want := range map[string]string{
		"  a \t b  ":        "a b",
		"a\x00b":            "ab",
		"a\xffb":            "ab",
		"a � b":             "a � b",
		"😀 \u00e9":          "😀 é",
		"line\r\nnext\x0bx": "line next x",
	} {
		if got := CleanText(in); got != want {
			t.Errorf("CleanText(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"one\r\n\ttwo  \n\n\n\nthree": "one\n two\n\nthree",
		"keep � here\xff":             "keep � here",
		"no\x00nul":                   "nonul",
	} {
		if got := CleanMultiline(in); got != want {
			t.Errorf("CleanMultiline(%q) = %q, want %q", in, got, want)
		}
	}
}

// Dates before 1900 are refused wherever people type them: a form's
// date input, an action's due date, a record's action and date sections.
func TestDatesBefore1900AreRefused(t *testing.T) {
	if (Date{}).TooEarly() || !(Date{1, 1, 1}).TooEarly() || !(Date{1899, 12, 31}).TooEarly() || (Date{1900, 1, 1}).TooEarly() {
		t.Error("TooEarly draws the line in the wrong place")
	}
	for _, tt := range []struct {
		parts DateParts
		msg   string
	}{
		{DateParts{"1", "1", "1900"}, ""},
		{DateParts{"31", "12", "1899"}, "Date of birth must be the same as or after 1 January 1900"},
		{DateParts{"1", "1", "0001"}, "Date of birth must be the same as or after 1 January 1900"},
	} {
		if _, msg := ParseDateParts(tt.parts, DateRule{Label: "date of birth"}); msg != tt.msg {
			t.Errorf("ParseDateParts(%v) = %q, want %q", tt.parts, msg, tt.msg)
		}
	}
	today := Date{2026, 11, 24}
	if _, msg := ParseDue("1 1 0001", "“Book GP”", today); msg != "Enter the date “Book GP” will be done by as a real date, like 8 12 2026" {
		t.Errorf("ParseDue year one: %q", msg)
	}

	tp := visitTemplate(t)
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	rules := RecordRules{Now: now, YearsBack: 10}
	for _, tt := range []struct {
		content RecordContent
		field   string
		msg     string
	}{
		{RecordContent{"actions": {Actions: []ActionItem{{What: "Book GP", Who: "Mum", By: "0001-01-01", Done: true}}}}, "s.actions",
			"Enter the date “Book GP” will be done by as a real date, like 8 12 2026"},
		{RecordContent{"next": {Text: "1899-12-31 10:00"}}, "s.next", "“Next visit” must be a real date, like 27 3 2026, and a time like 14:30 if you give one"},
		{RecordContent{"next": {Text: "0001-01-01"}}, "s.next", "“Next visit” must be a real date, like 27 3 2026, and a time like 14:30 if you give one"},
	} {
		in := RecordInput{Headline: "Monthly visit", OccurredAt: now.Add(-time.Hour), Content: RecordContent{
			"present":    {People: []PersonRef{{PersonID: "p1", Name: "Amy"}}},
			"seen_alone": {Answer: "yes"},
		}}
		for k, v := range tt.content {
			in.Content[k] = v
		}
		if f := fields(in.CheckFinal(tp, rules)); len(f) != 1 || f[tt.field] != tt.msg {
			t.Errorf("CheckFinal(%v) = %v, want %q for %s", tt.content, f, tt.msg, tt.field)
		}
	}
}
