package kith

import (
	"errors"
	"testing"
)

// TestUnbornChild: an unborn child is recorded with an expected date of
// birth in place of a date of birth (a pre-birth referral), and becomes a
// born child when the date of birth replaces it.
func TestUnbornChild(t *testing.T) {
	today := Date{2026, 12, 5}
	for _, tc := range []struct {
		name  string
		in    PersonInput
		child bool
		field string
	}{
		{"born", PersonInput{FirstName: "Tom", LastName: "Quill", DateOfBirth: Date{2014, 1, 1}}, true, ""},
		{"unborn", PersonInput{FirstName: "Baby", LastName: "Quill", ExpectedDateOfBirth: Date{2027, 3, 1}}, true, ""},
		{"overdue, not yet recorded as born", PersonInput{FirstName: "Baby", LastName: "Quill", ExpectedDateOfBirth: Date{2026, 11, 28}}, true, ""},
		{"neither", PersonInput{FirstName: "Tom", LastName: "Quill"}, true, "date_of_birth"},
		{"both", PersonInput{FirstName: "Tom", LastName: "Quill", DateOfBirth: Date{2026, 12, 1}, ExpectedDateOfBirth: Date{2026, 12, 3}}, true, "expected_date_of_birth"},
		{"too far ahead", PersonInput{FirstName: "Baby", LastName: "Quill", ExpectedDateOfBirth: Date{2027, 10, 7}}, true, "expected_date_of_birth"},
		{"ten months ahead", PersonInput{FirstName: "Baby", LastName: "Quill", ExpectedDateOfBirth: Date{2027, 10, 6}}, true, ""},
		{"an adult", PersonInput{FirstName: "Mary", LastName: "Quill", ExpectedDateOfBirth: Date{2027, 3, 1}}, false, "expected_date_of_birth"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			if tc.child {
				err = tc.in.ValidateChild(today)
			} else {
				err = tc.in.ValidateAdult(today)
			}
			var e *Error
			switch {
			case tc.field == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.field != "" && (!errors.As(err, &e) || len(e.Fields) == 0 || e.Fields[0].Field != tc.field):
				t.Fatalf("want a message on %s, got %v", tc.field, err)
			}
		})
	}
	if !(&Person{ExpectedDateOfBirth: Date{2027, 3, 1}}).Unborn() || (&Person{DateOfBirth: Date{2027, 3, 1}, ExpectedDateOfBirth: Date{2027, 3, 1}}).Unborn() {
		t.Error("Unborn")
	}
}
