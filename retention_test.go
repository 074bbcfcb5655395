package kith

import (
	"strings"
	"testing"
	"time"
)

// The rules of ../shared/reference/uk-landscape.md §2.2, as written there
// before this code: looked-after records to the 75th birthday, or 15
// years after a death before 18; adoption 100 years from the order; child
// protection and other cases by the council's years after closure; the
// longest rule wins.
func TestRetentionFor(t *testing.T) {
	d := func(y int, m time.Month, day int) Date { return Date{y, m, day} }
	p := DefaultRetentionPolicy()
	tests := []struct {
		name  string
		f     RetentionFacts
		until Date
		rule  string
	}{
		{"open case", RetentionFacts{DateOfBirth: d(2015, 5, 5)}, Date{}, "The case is open"},
		{"child in need, closed", RetentionFacts{DateOfBirth: d(2015, 5, 5), ClosedOn: d(2026, 3, 1)}, d(2061, 3, 1), "35 years after the case closed (council policy)"},
		{"child protection, closed", RetentionFacts{DateOfBirth: d(2015, 5, 5), ClosedOn: d(2026, 3, 1), ChildProtection: true}, d(2061, 3, 1), "council policy for child protection"},
		{"looked after: the 75th birthday outlasts 35 years", RetentionFacts{DateOfBirth: d(2008, 7, 14), ClosedOn: d(2026, 7, 14), LookedAfter: true}, d(2083, 7, 14), "75th birthday"},
		{"looked after, born on 29 February", RetentionFacts{DateOfBirth: d(2008, 2, 29), ClosedOn: d(2026, 3, 1), LookedAfter: true}, d(2083, 3, 1), "75th birthday"},
		{"looked after, died at 12: 15 years, or 35 after closure", RetentionFacts{DateOfBirth: d(2010, 1, 1), DiedOn: d(2022, 6, 1), ClosedOn: d(2022, 7, 1), LookedAfter: true}, d(2057, 7, 1), "35 years after"},
		{"looked after, died at 12, council keeps 5 years", RetentionFacts{DateOfBirth: d(2010, 1, 1), DiedOn: d(2022, 6, 1), ClosedOn: d(2022, 7, 1), LookedAfter: true}, d(2037, 6, 1), "15 years after the child died"},
		{"adopted: 100 years from the order", RetentionFacts{DateOfBirth: d(2020, 1, 1), ClosedOn: d(2023, 5, 1), LookedAfter: true, AdoptionOrderOn: d(2023, 4, 3)}, d(2123, 4, 3), "100 years after the adoption order"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pol := p
			if strings.Contains(tt.name, "council keeps 5 years") {
				pol.OtherYears = 5
			}
			got := RetentionFor(tt.f, pol)
			if got.Until != tt.until || !strings.Contains(got.Rule, tt.rule) {
				t.Errorf("RetentionFor = %v %q, want %v %q", got.Until, got.Rule, tt.until, tt.rule)
			}
		})
	}
}

func TestDisposalRefusal(t *testing.T) {
	due := RetentionDue{Until: Date{2061, 3, 1}, Rule: "35 years after the case closed (council policy)"}
	hold := LegalHold{Reason: "Independent inquiry", PlacedOn: Date{2060, 1, 1}}
	tests := []struct {
		name  string
		due   RetentionDue
		holds []LegalHold
		today Date
		want  string
	}{
		{"on its last day", due, nil, Date{2061, 3, 1}, "must be kept until 1 March 2061: 35 years after"},
		{"the day after", due, nil, Date{2061, 3, 2}, ""},
		{"under a legal hold", due, []LegalHold{hold}, Date{2061, 3, 2}, "A legal hold stands (Independent inquiry, since 1 January 2060)"},
		{"the hold lifted", due, []LegalHold{{Reason: "Inquiry", PlacedOn: Date{2060, 1, 1}, LiftedOn: Date{2061, 1, 1}}}, Date{2061, 3, 2}, ""},
		{"open", RetentionDue{Open: true}, nil, Date{2099, 1, 1}, "The case is open"},
	}
	for _, tt := range tests {
		if got := DisposalRefusal(tt.due, tt.holds, tt.today); (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
	if err := CheckDisposalApprover("u1", "u1"); err == nil {
		t.Error("the proposer approved their own disposal")
	}
	if err := CheckDisposalApprover("u1", "u2"); err != nil {
		t.Error(err)
	}
}

// The review list puts the record longest past its time first, whatever
// rule kept it: a looked-after child's 75th birthday can fall before a
// case closed later was due.
func TestSortByDue(t *testing.T) {
	cs := []CaseRetention{
		{CaseReference: "B", Due: RetentionDue{Until: Date{Year: 2030, Month: 1, Day: 1}}},
		{CaseReference: "A", Due: RetentionDue{Until: Date{Year: 2024, Month: 6, Day: 1}}},
		{CaseReference: "C", Due: RetentionDue{Until: Date{Year: 2030, Month: 1, Day: 1}}},
		{CaseReference: "D", Due: RetentionDue{Open: true}},
	}
	SortByDue(cs)
	var got string
	for _, c := range cs {
		got += c.CaseReference
	}
	if got != "ABCD" {
		t.Errorf("order %s, want ABCD (open last, ties by reference)", got)
	}
}

// What the second officer and a lifted hold must say, with the field
// each message belongs to.
func TestDisposalDecisionAndLiftValidate(t *testing.T) {
	for _, tc := range []struct {
		in     DisposalDecision
		fields string
	}{
		{DisposalDecision{}, "decision"},
		{DisposalDecision{Decision: "maybe"}, "decision"},
		{DisposalDecision{Decision: DisposalApprove}, ""},
		{DisposalDecision{Decision: DisposalTurnDown}, "decision_note"},
		{DisposalDecision{Decision: DisposalTurnDown, Note: "  "}, "decision_note"},
		{DisposalDecision{Decision: DisposalTurnDown, Note: "Wait for the claim"}, ""},
	} {
		var got []string
		for _, f := range ErrorFields(tc.in.Validate()) {
			got = append(got, f.Field)
		}
		if strings.Join(got, ",") != tc.fields {
			t.Errorf("%+v: fields %v, want %q", tc.in, got, tc.fields)
		}
	}
	for _, tc := range []struct {
		in     LiftHoldInput
		fields string
	}{
		{LiftHoldInput{}, "hold,lift_reason"},
		{LiftHoldInput{HoldID: "h1", Reason: " "}, "lift_reason"},
		{LiftHoldInput{HoldID: "h1", Reason: "Claim settled"}, ""},
	} {
		var got []string
		for _, f := range ErrorFields(tc.in.Validate()) {
			got = append(got, f.Field)
		}
		if strings.Join(got, ",") != tc.fields {
			t.Errorf("%+v: fields %v, want %q", tc.in, got, tc.fields)
		}
	}
}
