package kith_test

import (
	"strings"
	"testing"

	"kith"
)

// englishDays is a calendar of weekends and a few of England's bank
// holidays (gov.uk/bank-holidays): Christmas 2026 falls on a Friday, so
// Boxing Day's holiday is Monday 28 December.
type englishDays map[string]bool

func (h englishDays) IsWorkingDay(d kith.Date) bool {
	w := d.Weekday()
	return w != 0 && w != 6 && !h[d.String()]
}

var bankHolidays = englishDays{"2026-12-25": true, "2026-12-28": true, "2027-01-01": true, "2026-08-31": true}

// TestSARDue holds the month to the ICO's way of counting it ("How long
// do we have to comply?", ico.org.uk): from the day of receipt to the
// corresponding date next month; the month's last day when there is none;
// the next working day when it is a weekend or bank holiday.
func TestSARDue(t *testing.T) {
	for _, tc := range []struct {
		start  string
		months int
		want   string
		why    string
	}{
		{"2026-09-03", 1, "2026-10-05", "the ICO's example: 3 September gives 3 October, a Saturday here, so Monday"},
		{"2026-06-10", 1, "2026-07-10", "a Friday: the corresponding date"},
		{"2027-01-31", 1, "2027-03-01", "no 31 February: the month's last day, a Sunday, so Monday 1 March"},
		{"2028-01-30", 1, "2028-02-29", "a leap year's 29 February, a Tuesday"},
		{"2028-01-31", 1, "2028-02-29", "no 31 February in a leap year either"},
		{"2026-11-25", 1, "2026-12-29", "Christmas Day, then a weekend, then Boxing Day's holiday"},
		{"2026-12-01", 1, "2027-01-04", "1 January is a bank holiday and then a weekend"},
		{"2026-07-31", 1, "2026-09-01", "31 August 2026 is the summer bank holiday"},
		{"2026-03-31", 3, "2026-06-30", "extended by two months: three in all, to the month's last day"},
		{"2026-11-15", 3, "2027-02-15", "extended across a new year"},
		{"2026-10-31", 2, "2026-12-31", "extended by one month"},
	} {
		got := kith.SARDue(d(t, tc.start), tc.months, bankHolidays)
		if got.String() != tc.want {
			t.Errorf("%s + %d months = %s, want %s (%s)", tc.start, tc.months, got, tc.want, tc.why)
		}
	}
}

func TestSubjectAccessRequestClock(t *testing.T) {
	r := kith.SubjectAccessRequest{SubjectAccessInput: kith.SubjectAccessInput{ReceivedOn: d(t, "2026-09-03"), IdentityCheck: "pending"}}
	if !r.Waiting() || !r.Due(bankHolidays).IsZero() || r.DaysLate(d(t, "2027-01-01"), bankHolidays) != 0 {
		t.Errorf("waiting for identity: the clock must not run (due %s)", r.Due(bankHolidays))
	}
	r.IdentityCheck, r.IdentityConfirmedOn = "photo_id", d(t, "2026-09-10")
	if got := r.Due(bankHolidays); got.String() != "2026-10-12" {
		t.Errorf("identity proved on 10 September: due %s, want 12 October (the 10th is a Saturday)", got)
	}
	if got := r.DaysLate(d(t, "2026-10-12"), bankHolidays); got != 0 {
		t.Errorf("on its due day: %d days late", got)
	}
	if got := r.DaysLate(d(t, "2026-10-15"), bankHolidays); got != 3 {
		t.Errorf("open three days after it was due: %d days late", got)
	}
	if c := r.ClockOn(d(t, "2026-10-05"), bankHolidays); c.DaysLeft != 7 || c.DaysLate != 0 || c.Starts.String() != "2026-09-10" || c.Lateness != "On time" {
		t.Errorf("a week before it is due: %+v", c)
	}
	if c := r.ClockOn(d(t, "2026-10-20"), bankHolidays); c.DaysLeft != 0 || c.DaysLate != 8 || c.Lateness != "Up to a month late" {
		t.Errorf("eight days late: %+v", c)
	}
	r.ExtensionMonths = 2
	if got := r.Due(bankHolidays); got.String() != "2026-12-10" || r.FirstDue(bankHolidays).String() != "2026-10-12" {
		t.Errorf("extended by two months: due %s, first due %s", got, r.FirstDue(bankHolidays))
	}
	r.RespondedOn = d(t, "2026-12-20")
	if got := r.DaysLate(d(t, "2027-03-01"), bankHolidays); got != 10 || r.Open() {
		t.Errorf("answered ten days late: %d, open %v", got, r.Open())
	}
	for days, want := range map[int]string{0: "On time", 1: "Up to a week late", 7: "Up to a week late", 8: "Up to a month late", 31: "Up to a month late", 32: "More than a month late"} {
		if got := kith.SARLateness(days); got != want {
			t.Errorf("%d days late: %q, want %q", days, got, want)
		}
	}
}

func TestSubjectAccessInput(t *testing.T) {
	today := d(t, "2026-11-20")
	ok := kith.SubjectAccessInput{CaseReference: "KTH-2026-000123", RequesterName: "Jordan Alder", Relation: "self",
		ReceivedOn: d(t, "2026-11-02"), IdentityCheck: "photo_id"}
	extended := func(in *kith.SubjectAccessInput) {
		in.ExtensionMonths, in.ExtensionReason, in.ExtendedOn = 2, "Eighteen years of records across three councils", d(t, "2026-11-19")
	}
	for _, tc := range []struct {
		name string
		edit func(*kith.SubjectAccessInput)
		bad  string
	}{
		{"a request", func(*kith.SubjectAccessInput) {}, ""},
		{"no case", func(in *kith.SubjectAccessInput) { in.CaseReference = " " }, "case_reference"},
		{"not a case reference", func(in *kith.SubjectAccessInput) { in.CaseReference = "Jordan" }, "case_reference"},
		{"a reference typed in lower case", func(in *kith.SubjectAccessInput) { in.CaseReference = " kth-2026-000123 " }, ""},
		{"no requester", func(in *kith.SubjectAccessInput) { in.RequesterName = "  " }, "requester_name"},
		{"a long name", func(in *kith.SubjectAccessInput) { in.RequesterName = strings.Repeat("a", 121) }, "requester_name"},
		{"no relation", func(in *kith.SubjectAccessInput) { in.Relation = "" }, "relation"},
		{"a solicitor", func(in *kith.SubjectAccessInput) { in.Relation, in.IdentityCheck = "representative", "authority" }, ""},
		{"no identity check", func(in *kith.SubjectAccessInput) { in.IdentityCheck = "" }, "identity_check"},
		{"not received", func(in *kith.SubjectAccessInput) { in.ReceivedOn = kith.Date{} }, "received_on"},
		{"received tomorrow", func(in *kith.SubjectAccessInput) { in.ReceivedOn = today.AddDays(1) }, "received_on"},
		{"received today", func(in *kith.SubjectAccessInput) { in.ReceivedOn = today }, ""},
		{"waiting for identity", func(in *kith.SubjectAccessInput) { in.IdentityCheck = "pending" }, ""},
		{"identity arrived later", func(in *kith.SubjectAccessInput) { in.IdentityConfirmedOn = d(t, "2026-11-09") }, ""},
		{"identity before the request", func(in *kith.SubjectAccessInput) { in.IdentityConfirmedOn = d(t, "2026-11-01") }, "identity_confirmed_on"},
		{"identity arrives tomorrow", func(in *kith.SubjectAccessInput) { in.IdentityConfirmedOn = today.AddDays(1) }, "identity_confirmed_on"},
		{"identity arrived but still pending", func(in *kith.SubjectAccessInput) {
			in.IdentityCheck, in.IdentityConfirmedOn = "pending", d(t, "2026-11-09")
		}, "identity_check"},
		{"extended by two months", extended, ""},
		{"extended by three months", func(in *kith.SubjectAccessInput) { extended(in); in.ExtensionMonths = 3 }, "extension_months"},
		{"extended by a negative month", func(in *kith.SubjectAccessInput) { extended(in); in.ExtensionMonths = -1 }, "extension_months"},
		{"extended without a reason", func(in *kith.SubjectAccessInput) { extended(in); in.ExtensionReason = " " }, "extension_reason"},
		{"extended with no date", func(in *kith.SubjectAccessInput) { extended(in); in.ExtendedOn = kith.Date{} }, "extended_on"},
		{"extended after the month ran out", func(in *kith.SubjectAccessInput) {
			extended(in)
			in.ReceivedOn = d(t, "2026-09-03")
			in.ExtendedOn = d(t, "2026-10-06") // due Monday 5 October
		}, "extended_on"},
		{"extended on its last day", func(in *kith.SubjectAccessInput) {
			extended(in)
			in.ReceivedOn, in.ExtendedOn = d(t, "2026-09-03"), d(t, "2026-10-05")
		}, ""},
		{"extended before identity arrived", func(in *kith.SubjectAccessInput) { extended(in); in.IdentityCheck = "pending" }, "extension_months"},
		{"a reason with no extension", func(in *kith.SubjectAccessInput) { in.ExtensionReason = "Complex" }, "extension_months"},
		{"answered", func(in *kith.SubjectAccessInput) { in.RespondedOn = d(t, "2026-11-19") }, ""},
		{"answered before it arrived", func(in *kith.SubjectAccessInput) { in.RespondedOn = d(t, "2026-11-01") }, "responded_on"},
		{"answered tomorrow", func(in *kith.SubjectAccessInput) { in.RespondedOn = today.AddDays(1) }, "responded_on"},
		{"answered while waiting for identity", func(in *kith.SubjectAccessInput) {
			in.IdentityCheck, in.RespondedOn = "pending", d(t, "2026-11-19")
		}, "responded_on"},
		{"withdrawn", func(in *kith.SubjectAccessInput) { in.WithdrawnOn = d(t, "2026-11-05") }, ""},
		{"answered and withdrawn", func(in *kith.SubjectAccessInput) {
			in.RespondedOn, in.WithdrawnOn = d(t, "2026-11-19"), d(t, "2026-11-05")
		}, "withdrawn_on"},
		{"withdrawn before it arrived", func(in *kith.SubjectAccessInput) { in.WithdrawnOn = d(t, "2026-10-05") }, "withdrawn_on"},
		{"long notes", func(in *kith.SubjectAccessInput) { in.Notes = strings.Repeat("n", 4001) }, "notes"},
	} {
		in := ok
		tc.edit(&in)
		onlyProblem(t, tc.name, in.Validate(today, bankHolidays), tc.bad)
	}
	in := ok
	in.CaseReference, in.RequesterName = " kth-2026-000123 ", " Jordan \n Alder "
	if err := in.Validate(today, bankHolidays); err != nil || in.CaseReference != "KTH-2026-000123" || in.RequesterName != "Jordan Alder" {
		t.Errorf("tidied to %q, %q (%v)", in.CaseReference, in.RequesterName, err)
	}
}

func TestOnlyInformationGovernanceHandlesSubjectAccess(t *testing.T) {
	for _, r := range kith.Roles {
		a := kith.Actor{User: &kith.User{Roles: []kith.Role{r}}}
		if got, want := kith.MayHandleSubjectAccess(a), r == kith.RoleInformationGovernance; got != want {
			t.Errorf("%s: may handle subject access %v, want %v", r, got, want)
		}
	}
	if kith.MayHandleSubjectAccess(kith.Actor{User: &kith.User{Roles: []kith.Role{kith.RoleInformationGovernance, kith.RoleAdministrator}}}) {
		t.Error("an administrator who also holds information governance may handle requests: the roles are kept apart")
	}
	if kith.SARReference(2026, 7) != "SAR-2026-0007" {
		t.Errorf("reference %s", kith.SARReference(2026, 7))
	}
}

func TestSortSubjectAccessRequests(t *testing.T) {
	rs := []kith.SubjectAccessRequest{
		{Reference: "answered", SubjectAccessInput: kith.SubjectAccessInput{RespondedOn: d(t, "2026-10-01")}, Clock: kith.SARClock{Due: d(t, "2026-09-01")}},
		{Reference: "waiting", Clock: kith.SARClock{Waiting: true}},
		{Reference: "due later", Clock: kith.SARClock{Due: d(t, "2026-12-01")}},
		{Reference: "withdrawn", SubjectAccessInput: kith.SubjectAccessInput{WithdrawnOn: d(t, "2026-10-02")}},
		{Reference: "due first", Clock: kith.SARClock{Due: d(t, "2026-11-01")}},
	}
	kith.SortSubjectAccessRequests(rs)
	var got []string
	for _, r := range rs {
		got = append(got, r.Reference)
	}
	if strings.Join(got, ", ") != "due first, due later, waiting, answered, withdrawn" {
		t.Errorf("sorted %v", got)
	}
}

func TestCountSARLateness(t *testing.T) {
	answered := kith.SubjectAccessInput{RespondedOn: d(t, "2026-10-01")}
	withdrawn := kith.SubjectAccessInput{WithdrawnOn: d(t, "2026-10-01")}
	rs := []kith.SubjectAccessRequest{
		{Clock: kith.SARClock{Lateness: "On time"}},
		{SubjectAccessInput: answered, Clock: kith.SARClock{Lateness: "On time"}},
		{Clock: kith.SARClock{Lateness: "Up to a month late", DaysLate: 9}},
		{SubjectAccessInput: answered, Clock: kith.SARClock{Lateness: "More than a month late", DaysLate: 40}},
		{SubjectAccessInput: withdrawn, Clock: kith.SARClock{Lateness: "On time"}},
		{Clock: kith.SARClock{Waiting: true, Lateness: "On time"}},
	}
	got := kith.CountSARLateness(rs)
	want := []kith.SARLatenessCount{{"On time", 1, 1}, {"Up to a week late", 0, 0}, {"Up to a month late", 1, 0}, {"More than a month late", 0, 1}}
	if len(got) != len(want) {
		t.Fatalf("%v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("band %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}
