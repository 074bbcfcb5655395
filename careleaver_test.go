package kith_test

import (
	"testing"

	"kith"
)

// The birthday the 903 asks about a care leaver on, at the edges the
// validator's rules draw: left care the day before it (asked), on it (not,
// rule 1016), still looked after (not, 1007), looked after too briefly
// after 14 to be a care leaver, or care ended by another council taking
// over (1011).
func TestCareLeaverBirthday(t *testing.T) {
	y, _ := kith.ParseCollectionYear("2025-26")
	dob := d(t, "2007-06-10") // 18 on 10 June 2025
	care := func(start, end, rec string) []kith.CareEpisode {
		e := kith.CareEpisode{StartedOn: d(t, start), ReasonNew: kith.RNEStarted, LegalStatus: "C2", ReasonEnded: rec}
		if end != "" {
			e.EndedOn = d(t, end)
		}
		return []kith.CareEpisode{e}
	}
	for _, tc := range []struct {
		name string
		dob  kith.Date
		eps  []kith.CareEpisode
		age  int
	}{
		{"left care the day before their 18th birthday", dob, care("2022-01-01", "2025-06-09", "E5"), 18},
		{"left care on their 18th birthday", dob, care("2022-01-01", "2025-06-10", "E5"), 0},
		{"left care at 18, now 19", d(t, "2006-06-10"), care("2021-01-01", "2024-06-10", "E17"), 19},
		{"left care at 18, now 22", d(t, "2003-06-10"), care("2018-01-01", "2021-06-10", "E5"), 0},
		{"still looked after", dob, care("2022-01-01", "", ""), 0},
		{"looked after for a month at 16", dob, care("2023-07-01", "2023-07-31", "E4A"), 0},
		{"looked after for a year from 16", dob, care("2023-07-01", "2024-07-01", "E4A"), 18},
		{"another council took over", dob, care("2022-01-01", "2024-06-09", "E3"), 0},
		{"left care at 15", d(t, "2008-09-01"), care("2020-01-01", "2023-08-01", "E4A"), 0},
		{"no birthday in the year: 16", d(t, "2009-05-01"), care("2022-01-01", "2025-04-20", "E4A"), 0},
	} {
		_, age, ok := kith.CareLeaverBirthday(tc.dob, tc.eps, y)
		if !ok {
			age = 0
		}
		if age != tc.age {
			t.Errorf("%s: asked at %d, want %d", tc.name, age, tc.age)
		}
	}
	// The year so far: a birthday still to come is not asked yet.
	if _, _, ok := kith.CareLeaverBirthday(dob, care("2022-01-01", "2025-06-09", "E5"), y.SoFar(d(t, "2025-06-01"))); ok {
		t.Error("a birthday still to come was asked")
	}
}

func TestCareLeaverInput(t *testing.T) {
	for _, tc := range []struct {
		name       string
		in         kith.CareLeaverInput
		age        int
		bad        string
		activ, acc string
	}{
		{"in touch, in their own flat", kith.CareLeaverInput{InTouch: "YES", Activity: "F2", Accommodation: "U", Suitable: "1"}, 19, "", "F2", "U1"},
		{"in touch, activity missing", kith.CareLeaverInput{InTouch: "YES", Accommodation: "U", Suitable: "1"}, 19, "activity", "", ""},
		{"in touch, accommodation missing", kith.CareLeaverInput{InTouch: "YES", Activity: "G5"}, 19, "accommodation", "", ""},
		{"not in touch, nothing known", kith.CareLeaverInput{InTouch: "NO"}, 19, "", "0", "0"},
		{"refuses contact, activity known", kith.CareLeaverInput{InTouch: "REFU", Activity: "F5"}, 20, "", "F5", "0"},
		{"returned home, with an activity", kith.CareLeaverInput{InTouch: "RHOM", Activity: "F5"}, 20, "activity", "", ""},
		{"died", kith.CareLeaverInput{InTouch: "DIED"}, 20, "", "0", "0"},
		{"staying put at 18", kith.CareLeaverInput{InTouch: "YES", Activity: "F2", Accommodation: "Z", Suitable: "1"}, 18, "", "F2", "Z1"},
		{"staying put at 17", kith.CareLeaverInput{InTouch: "YES", Activity: "F2", Accommodation: "Z", Suitable: "1"}, 17, "accommodation", "", ""},
		{"homeless, suitable", kith.CareLeaverInput{InTouch: "YES", Activity: "G5", Accommodation: "S", Suitable: "1"}, 19, "suitable", "", ""},
		{"homeless, unsuitable", kith.CareLeaverInput{InTouch: "YES", Activity: "G5", Accommodation: "S", Suitable: "2"}, 19, "", "G5", "S2"},
		{"suitability missing", kith.CareLeaverInput{InTouch: "YES", Activity: "G5", Accommodation: "D"}, 19, "suitable", "", ""},
		{"not a code", kith.CareLeaverInput{InTouch: "YES", Activity: "F3", Accommodation: "D", Suitable: "1"}, 19, "activity", "", ""},
		{"nothing", kith.CareLeaverInput{}, 19, "in_touch", "", ""},
	} {
		err := tc.in.Validate(tc.age)
		switch f := kith.ErrorFields(err); {
		case tc.bad == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.bad != "" && (len(f) == 0 || f[0].Field != tc.bad):
			t.Errorf("%s: %v, want a problem with %s", tc.name, err, tc.bad)
		case tc.bad == "" && (tc.in.ACTIV() != tc.activ || tc.in.ACCOM() != tc.acc):
			t.Errorf("%s: written %s %s, want %s %s", tc.name, tc.in.ACTIV(), tc.in.ACCOM(), tc.activ, tc.acc)
		}
	}
}
