package kith

import "testing"

func TestReferralChecks(t *testing.T) {
	today := Date{2026, 11, 24}
	ok := ReferralInput{Service: "Family support", Provider: "Family Hub", ReferredOn: Date{2026, 11, 2}, Reason: "Mornings are hard",
		FamilyWanted: "Carol wants help getting Amy to school", Consent: Yes}
	assertFields(t, fields(ok.Check(today)), nil)
	assertFields(t, fields(ReferralInput{}.Check(today)), map[string]string{
		"service": "Enter the service the child or family was referred to", "referred": "Enter the date of the referral",
		"reason": "Enter why the referral was made", "family_wanted": "Enter what the family wanted from the referral, in their words",
		"consent": "Say whether the family consented to the referral"})
	future := ok
	future.ReferredOn = today.AddDays(1)
	assertFields(t, fields(future.Check(today)), map[string]string{"referred": "The date of the referral must be today or in the past"})
}

func TestReferralOutcomeNeedsADate(t *testing.T) {
	today := Date{2026, 11, 24}
	r := &Referral{ReferredOn: Date{2026, 11, 2}}
	tests := []struct {
		name string
		in   OutcomeInput
		want map[string]string
	}{
		{"accepted, dated", OutcomeInput{Outcome: ReferralAccepted, OutcomeOn: today}, nil},
		{"accepted, no date", OutcomeInput{Outcome: ReferralAccepted}, map[string]string{"outcome_on": "Enter the date of the outcome"}},
		{"declined needs why", OutcomeInput{Outcome: ReferralDeclined, OutcomeOn: today}, map[string]string{"outcome_note": "Say why the referral was declined"}},
		{"before the referral", OutcomeInput{Outcome: ReferralAccepted, OutcomeOn: Date{2026, 11, 1}}, map[string]string{"outcome_on": "The outcome cannot be before the referral on 2 November 2026"}},
		{"an appointment alone", OutcomeInput{AppointmentOn: Date{2026, 12, 3}, Appointment: "10am at the Hub"}, nil},
		{"nothing", OutcomeInput{}, map[string]string{"outcome": "Select the outcome, or enter an appointment"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			assertFields(t, fields(in.Check(r, today)), tt.want)
		})
	}
}

// An unanswered referral is due a chase 10 working days after it was made,
// then after each chase that got no response; any response stops it.
func TestReferralChaseClock(t *testing.T) {
	wd := weekdaysOnly{}
	clock, ok := DefaultPolicies().ReferralClock()
	if !ok {
		t.Fatal("no referral clock")
	}
	r := &Referral{ReferredOn: Date{2026, 11, 2}}
	if due, ok := r.NextChase(clock, wd); !ok || due != (Date{2026, 11, 16}) {
		t.Errorf("first chase due %v %v", due, ok)
	}
	r.Chases = []Chase{{On: Date{2026, 11, 16}, How: "Phone"}}
	if due, ok := r.NextChase(clock, wd); !ok || due != (Date{2026, 11, 30}) {
		t.Errorf("after a chase with no answer: %v %v", due, ok)
	}
	r.Chases = append(r.Chases, Chase{On: Date{2026, 11, 20}, How: "Email", Response: "On the list for December"})
	if _, ok := r.NextChase(clock, wd); ok {
		t.Error("a referral with a response is not due a chase")
	}
}

// A council that saved its clocks before referrals were chased gets the
// default referral clock.
func TestNewClockKindsJoinSavedPolicies(t *testing.T) {
	p := DefaultPolicies()
	var kept []Clock
	for _, c := range p.Clocks {
		if c.Kind != ClockReferral {
			kept = append(kept, c)
		}
	}
	p.Clocks = kept
	if _, ok := p.ReferralClock(); !ok {
		t.Error("saved policies without a referral clock get the default")
	}
	if n := len(p.WithNewKinds().Clocks); n != len(DefaultPolicies().Clocks) {
		t.Errorf("clocks after adding new kinds: %d", n)
	}
}

// weekdaysOnly is a calendar with no bank holidays, for rules' tests.
type weekdaysOnly struct{}

func (weekdaysOnly) IsWorkingDay(d Date) bool {
	w := d.Weekday()
	return w != 0 && w != 6
}

func (c weekdaysOnly) AddWorkingDays(d Date, n int) Date {
	for n > 0 {
		d = d.AddDays(1)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

func (c weekdaysOnly) WorkingDaysBetween(from, to Date) int {
	n := 0
	for d := from; d.Before(to); {
		d = d.AddDays(1)
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return n
}
