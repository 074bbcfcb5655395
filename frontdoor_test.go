package kith_test

import (
	"strings"
	"testing"

	"kith"
)

func TestContactInput(t *testing.T) {
	today := d(t, "2026-06-01")
	ok := kith.ContactInput{ContactOn: d(t, "2026-05-20"), Source: "2A", Outcome: "advice"}
	for _, tc := range []struct {
		name string
		edit func(*kith.ContactInput)
		bad  string
	}{
		{"a contact", func(*kith.ContactInput) {}, ""},
		{"today", func(in *kith.ContactInput) { in.ContactOn = today }, ""},
		{"tomorrow", func(in *kith.ContactInput) { in.ContactOn = today.AddDays(1) }, "contact_on"},
		{"no date", func(in *kith.ContactInput) { in.ContactOn = kith.Date{} }, "contact_on"},
		{"in 1899", func(in *kith.ContactInput) { in.ContactOn = d(t, "1899-12-31") }, "contact_on"},
		{"no source", func(in *kith.ContactInput) { in.Source = "" }, "source"},
		{"a source not on the list", func(in *kith.ContactInput) { in.Source = "2C" }, "source"},
		{"a source with spaces", func(in *kith.ContactInput) { in.Source = " 6 " }, ""},
		{"no outcome", func(in *kith.ContactInput) { in.Outcome = "" }, "outcome"},
		{"a referral is not a contact's outcome", func(in *kith.ContactInput) { in.Outcome = "referral" }, "outcome"},
		{"early help", func(in *kith.ContactInput) { in.Outcome = "early_help" }, ""},
		{"no further action", func(in *kith.ContactInput) { in.Outcome = "nfa" }, ""},
	} {
		in := ok
		tc.edit(&in)
		onlyProblem(t, tc.name, in.Validate(today), tc.bad)
	}
}

func TestEarlyHelpAssessmentInput(t *testing.T) {
	today := d(t, "2026-06-01")
	ok := kith.EarlyHelpAssessmentInput{StartedOn: d(t, "2026-04-01"), Organisation: "Oakfield Primary School"}
	for _, tc := range []struct {
		name string
		edit func(*kith.EarlyHelpAssessmentInput)
		bad  string
	}{
		{"started, not completed", func(*kith.EarlyHelpAssessmentInput) {}, ""},
		{"completed", func(in *kith.EarlyHelpAssessmentInput) { in.CompletedOn = d(t, "2026-05-10") }, ""},
		{"completed the day it started", func(in *kith.EarlyHelpAssessmentInput) { in.CompletedOn = in.StartedOn }, ""},
		{"completed today", func(in *kith.EarlyHelpAssessmentInput) { in.CompletedOn = today }, ""},
		{"completed before it started", func(in *kith.EarlyHelpAssessmentInput) { in.CompletedOn = d(t, "2026-03-31") }, "completed_on"},
		{"completed tomorrow", func(in *kith.EarlyHelpAssessmentInput) { in.CompletedOn = today.AddDays(1) }, "completed_on"},
		{"no start", func(in *kith.EarlyHelpAssessmentInput) { in.StartedOn = kith.Date{} }, "started_on"},
		{"starts tomorrow", func(in *kith.EarlyHelpAssessmentInput) { in.StartedOn = today.AddDays(1) }, "started_on"},
		{"no organisation", func(in *kith.EarlyHelpAssessmentInput) { in.Organisation = " \t " }, "organisation"},
		{"120 characters", func(in *kith.EarlyHelpAssessmentInput) { in.Organisation = strings.Repeat("é", 120) }, ""},
		{"121 characters", func(in *kith.EarlyHelpAssessmentInput) { in.Organisation = strings.Repeat("a", 121) }, "organisation"},
	} {
		in := ok
		tc.edit(&in)
		onlyProblem(t, tc.name, in.Validate(today), tc.bad)
	}
	in := kith.EarlyHelpAssessmentInput{StartedOn: d(t, "2026-04-01"), Organisation: "  Early   help\nteam "}
	if err := in.Validate(today); err != nil || in.Organisation != "Early help team" {
		t.Errorf("organisation %q, %v: want its spaces tidied", in.Organisation, err)
	}
}

// onlyProblem fails unless err is nil (field "") or names just that one
// field.
func onlyProblem(t *testing.T, name string, err error, field string) {
	t.Helper()
	switch f := kith.ErrorFields(err); {
	case field == "" && err != nil:
		t.Errorf("%s: %v", name, err)
	case field != "" && (len(f) != 1 || f[0].Field != field):
		t.Errorf("%s: %v, want one problem, with %s", name, err, field)
	}
}
