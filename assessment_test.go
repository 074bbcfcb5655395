package kith_test

import (
	"slices"
	"strings"
	"testing"

	"kith"
	"kith/calendar"
)

// An assessment is due 45 working days from the referral (Working Together
// 2023, chapter 3), counted past weekends and England's bank holidays.
func TestAssessmentDue(t *testing.T) {
	wd := calendar.EnglandAndWales()
	for _, tc := range []struct{ referral, due string }{
		// Nine whole weeks from a Wednesday, no holidays between.
		{"2026-09-02", "2026-11-04"},
		// Across Christmas 2026: Christmas Day, Boxing Day's substitute
		// (28 December) and New Year's Day 2027 are not counted.
		{"2026-12-01", "2027-02-05"},
		// Received on a Saturday: counting starts on the Monday.
		{"2026-12-05", "2027-02-10"},
		// Across Easter 2027 (Good Friday 26 March, Easter Monday 29 March)
		// and the early May bank holiday (3 May).
		{"2027-03-01", "2027-05-06"},
	} {
		if got := kith.AssessmentDue(d(t, tc.referral), wd); got != d(t, tc.due) {
			t.Errorf("referral %s: due %s, want %s", tc.referral, got, tc.due)
		}
	}
}

func TestAssessmentLateness(t *testing.T) {
	wd := calendar.EnglandAndWales()
	referral := d(t, "2026-09-02") // due 4 November
	a := kith.Assessment{StartedOn: d(t, "2026-09-03")}
	if l := a.Lateness(referral, d(t, "2026-11-04"), wd); l.Late != 0 || l.Taken != 45 {
		t.Errorf("in progress on the due day: %+v, want 45 taken and none late", l)
	}
	if l := a.Lateness(referral, d(t, "2026-11-09"), wd); l.Late != 3 {
		t.Errorf("in progress the Monday after: %+v, want 3 working days late", l)
	}
	a.AuthorisedOn = d(t, "2026-11-05")
	if l := a.Lateness(referral, d(t, "2026-12-01"), wd); l.Late != 1 {
		t.Errorf("authorised the day after: %+v, want 1 working day late", l)
	}
}

func TestAssessmentValidation(t *testing.T) {
	today, referral := d(t, "2026-12-05"), d(t, "2026-11-02")
	for _, tc := range []struct {
		name  string
		in    kith.AssessmentInput
		field string
		want  []string
	}{
		{"good, factors later", kith.AssessmentInput{StartedOn: d(t, "2026-11-03")}, "", nil},
		{"on the referral day", kith.AssessmentInput{StartedOn: referral, Factors: []string{"3b", " 4B", "3B"}}, "", []string{"3B", "4B"}},
		{"no start", kith.AssessmentInput{}, "started_on", nil},
		{"future start", kith.AssessmentInput{StartedOn: d(t, "2026-12-06")}, "started_on", nil},
		{"before the referral", kith.AssessmentInput{StartedOn: d(t, "2026-11-01")}, "started_on", nil},
		{"factor not on the list", kith.AssessmentInput{StartedOn: referral, Factors: []string{"3B", "25A"}}, "factors", nil},
		{"retired factor", kith.AssessmentInput{StartedOn: referral, Factors: []string{"18A"}}, "factors", nil},
		{"none with others", kith.AssessmentInput{StartedOn: referral, Factors: []string{"21", "16A"}}, "factors", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkField(t, tc.in.Validate(today, referral), tc.field)
			if tc.want != nil && !slices.Equal(tc.in.Factors, tc.want) {
				t.Errorf("factors cleaned to %v, want %v", tc.in.Factors, tc.want)
			}
		})
	}
}

func TestAuthoriseValidation(t *testing.T) {
	today, due := d(t, "2026-12-05"), d(t, "2026-12-01")
	a := kith.Assessment{StartedOn: d(t, "2026-11-03")}
	for _, tc := range []struct {
		name  string
		in    kith.AuthoriseInput
		field string
	}{
		{"on time", kith.AuthoriseInput{AuthorisedOn: d(t, "2026-11-30"), Factors: []string{"16A"}}, ""},
		{"on the start day", kith.AuthoriseInput{AuthorisedOn: a.StartedOn, Factors: []string{"21"}}, ""},
		{"late with a reason", kith.AuthoriseInput{Factors: []string{"16A"}, LateReason: "The father was in hospital until 20 November."}, ""},
		{"late with no reason", kith.AuthoriseInput{Factors: []string{"16A"}, LateReason: "  \n "}, "late_reason"},
		{"before it started", kith.AuthoriseInput{AuthorisedOn: d(t, "2026-11-02"), Factors: []string{"16A"}}, "authorised_on"},
		{"in the future", kith.AuthoriseInput{AuthorisedOn: d(t, "2026-12-07"), Factors: []string{"16A"}}, "authorised_on"},
		{"no factors", kith.AuthoriseInput{AuthorisedOn: d(t, "2026-11-30")}, "factors"},
		{"reason too long", kith.AuthoriseInput{Factors: []string{"16A"}, LateReason: strings.Repeat("a", kith.MaxLateReason+1)}, "late_reason"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkField(t, tc.in.Validate(today, a, due), tc.field)
		})
	}
	in := kith.AuthoriseInput{Factors: []string{"16A"}, LateReason: "Late."}
	if err := in.Validate(today, a, due); err != nil || in.AuthorisedOn != today {
		t.Errorf("no date given: %v, %s; want today", err, in.AuthorisedOn)
	}
}

// The list holds every factor code the census schema offers, less the two
// it no longer collects, each with its words.
func TestAssessmentFactorCodes(t *testing.T) {
	var want []string
	for _, c := range strings.Fields("1A 1B 1C 2A 2B 2C 3A 3B 3C 4A 4B 4C 5A 5B 5C 6A 6B 6C 7A 8B 8C 8D 8E 8F 9A 10A 11A 12A 13A 14A 15A 16A 17A 18B 18C 19B 19C 20 21 22A 23A 24A") {
		want = append(want, c)
	}
	var got []string
	for _, c := range kith.AssessmentFactors {
		if c.Label == "" || c.Group == "" {
			t.Errorf("%s has no words or group", c.Code)
		}
		got = append(got, c.Code)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("codes %v, want %v", got, want)
	}
}

// A session follows the latest assessment authorised by its day; one
// still in progress, or authorised later, is not yet its assessment.
func TestAssessmentFor(t *testing.T) {
	first := kith.Assessment{ID: "first", StartedOn: d(t, "2026-01-05"), AuthorisedOn: d(t, "2026-02-20")}
	second := kith.Assessment{ID: "second", StartedOn: d(t, "2026-09-01"), AuthorisedOn: d(t, "2026-10-15")}
	going := kith.Assessment{ID: "going", StartedOn: d(t, "2026-11-20")}
	all := []kith.Assessment{first, second, going}
	for _, tc := range []struct{ on, want string }{
		{"2026-01-30", ""},
		{"2026-02-20", "first"},
		{"2026-10-14", "first"},
		{"2026-12-01", "second"},
	} {
		got, ok := kith.AssessmentFor(all, d(t, tc.on))
		if (tc.want == "") == ok || got.ID != tc.want {
			t.Errorf("on %s: %q (%v), want %q", tc.on, got.ID, ok, tc.want)
		}
	}
}
