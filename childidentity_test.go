package kith

import (
	"errors"
	"slices"
	"testing"
)

// The UPNs below come from public sources, not from Kith's own code:
//   - the data-to-insight CIN census validator's own test of rule 1510
//     (github.com/data-to-insight/csc-validator-be-cin, MIT, kept in
//     ../shared/validators/cin/cin_validator/rules/cin2022_23/rule_1510.py):
//     A950000178301 and H243278544154 pass, R247962919251 and X428558133462
//     fail on their check letter, and X845212818005 passes (the test
//     asserts that only R… and X428… fail).
func TestUPNProblem(t *testing.T) {
	for _, tc := range []struct {
		upn  string
		want bool // true: a problem is reported
	}{
		{"A950000178301", false},
		{"H243278544154", false},
		{"X845212818005", false},
		{"R247962919251", true},
		{"X428558133462", true},
		{"R325", true},          // too short
		{"ASFFAGSVSV123", true}, // letters where digits go
		{"I950000178301", true}, // I is never a check letter
		{"A95000017830I", true}, // nor the 13th character
	} {
		if got := UPNProblem(tc.upn) != ""; got != tc.want {
			t.Errorf("UPNProblem(%q) = %q, want a problem: %v", tc.upn, UPNProblem(tc.upn), tc.want)
		}
	}
}

// A temporary UPN ends with a letter, which counts as its value in the
// check-letter table (A=0 ... Z=22): step 2 of the DfE's check-letter
// steps as schools' census help pages give them for error 1510 (for
// example pupilasset.support.junipereducation.org, "Census Error 1510 UPN
// Invalid"; its own worked example has a slip in its sum, so it is not used
// here). Worked by hand for 20700001604T: 2×2 + 7×4 + 1×9 + 6×10 + 4×12 +
// T(16)×13 = 357, and 357 mod 23 = 12, which is N.
func TestUPNProblemTemporaryNumber(t *testing.T) {
	if p := UPNProblem("N20700001604T"); p != "" {
		t.Errorf("temporary UPN refused: %s", p)
	}
	if p := UPNProblem("P20700001604T"); p == "" {
		t.Error("temporary UPN with the wrong check letter accepted")
	}
}

func TestLocalChildIDFromReference(t *testing.T) {
	if got := LocalChildIDFromReference("KTH-2026-000123"); got != "KTH2026000123" {
		t.Errorf("got %q", got)
	}
}

func TestChildIdentityValidation(t *testing.T) {
	today := Date{2026, 12, 5}
	dob := Date{2015, 3, 27}
	for _, tc := range []struct {
		name  string
		in    ChildIdentityInput
		field string // "" means valid
	}{
		{"nothing yet", ChildIdentityInput{}, ""},
		{"all given", ChildIdentityInput{UPN: "a950 0001 78301", Sex: "f", Ethnicity: "wbri", Disabilities: []string{"LD", "aut"}, UASC: true, UASCCeased: Date{2025, 1, 2}}, ""},
		{"migrated id", ChildIdentityInput{LocalChildID: "MOS12345678"}, ""},
		{"id too long", ChildIdentityInput{LocalChildID: "ABCDEFGHIJKLMNOPQRSTU"}, "local_child_id"},
		{"id with hyphen", ChildIdentityInput{LocalChildID: "KTH-2026-1"}, "local_child_id"},
		{"wrong check letter", ChildIdentityInput{UPN: "R247962919251"}, "upn"},
		{"former wrong", ChildIdentityInput{FormerUPN: "R247962919251"}, "former_upn"},
		{"former same", ChildIdentityInput{UPN: "A950000178301", FormerUPN: "A950000178301"}, "former_upn"},
		{"reason and UPN", ChildIdentityInput{UPN: "A950000178301", UPNUnknown: "UN1"}, "upn_unknown"},
		{"reason not offered", ChildIdentityInput{UPNUnknown: "UN9"}, "upn_unknown"},
		{"sex not a code", ChildIdentityInput{Sex: "X"}, "sex"},
		{"ethnicity not a code", ChildIdentityInput{Ethnicity: "WHITE"}, "ethnicity"},
		{"disability not a code", ChildIdentityInput{Disabilities: []string{"ADHD"}}, "disabilities"},
		{"none and a disability", ChildIdentityInput{Disabilities: []string{"NONE", "VIS"}}, "disabilities"},
		{"death in future", ChildIdentityInput{DateOfDeath: Date{2026, 12, 6}}, "date_of_death"},
		{"death before birth", ChildIdentityInput{DateOfDeath: Date{2015, 3, 26}}, "date_of_death"},
		{"ceased without UASC", ChildIdentityInput{UASCCeased: Date{2025, 1, 2}}, "uasc_ceased"},
		{"ceased before birth", ChildIdentityInput{UASC: true, UASCCeased: Date{2014, 1, 2}}, "uasc_ceased"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.in.Validate(today, &Person{DateOfBirth: dob})
			if tc.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || len(e.Fields) == 0 || e.Fields[0].Field != tc.field {
				t.Fatalf("want a message on %s, got %v", tc.field, err)
			}
		})
	}
}

func TestChildIdentityOfAnUnbornChild(t *testing.T) {
	today := Date{2026, 12, 5}
	unborn := &Person{ExpectedDateOfBirth: Date{2027, 3, 1}}
	for _, tc := range []struct {
		in    ChildIdentityInput
		field string
	}{
		{ChildIdentityInput{Sex: "U"}, ""},
		{ChildIdentityInput{}, ""},
		{ChildIdentityInput{Sex: "F"}, "sex"},
		{ChildIdentityInput{DateOfDeath: Date{2026, 11, 1}}, "date_of_death"},
	} {
		err := tc.in.Validate(today, unborn)
		if got := ""; err != nil {
			var e *Error
			if errors.As(err, &e) && len(e.Fields) > 0 {
				got = e.Fields[0].Field
			}
			if got != tc.field {
				t.Errorf("%+v: message on %q, want %q (%v)", tc.in, got, tc.field, err)
			}
		} else if tc.field != "" {
			t.Errorf("%+v accepted, want a message on %s", tc.in, tc.field)
		}
	}
}

func TestChildIdentityCleanKeepsDisabilitiesOnceInListOrder(t *testing.T) {
	in := ChildIdentityInput{Disabilities: []string{"aut", "MOB", "AUT", " "}}
	in.Clean()
	if !slices.Equal(in.Disabilities, []string{"MOB", "AUT"}) {
		t.Errorf("got %v", in.Disabilities)
	}
}

func TestChildIdentityApplyKeepsTheLocalIDOnceSet(t *testing.T) {
	first := ChildIdentityInput{LocalChildID: "MOS1"}.Apply(ChildIdentity{LocalChildID: "KTH2026000001"})
	if first.LocalChildID != "MOS1" || first.Version != 1 {
		t.Fatalf("first save: %+v", first)
	}
	second := ChildIdentityInput{LocalChildID: "OTHER", Sex: "F"}.Apply(first)
	if second.LocalChildID != "MOS1" || second.Version != 2 {
		t.Fatalf("second save changed the local id: %+v", second)
	}
	changes := second.ChangesFrom(first)
	if len(changes) != 1 || changes[0].Item != "Sex" || changes[0].From != NotRecorded || changes[0].To != "Female (F)" {
		t.Errorf("changes: %+v", changes)
	}
}

func TestCodeListsHaveTheDfECounts(t *testing.T) {
	if len(Ethnicities) != 20 || len(Disabilities) != 13 || len(Sexes) != 3 {
		t.Errorf("ethnicities %d (want 20), disabilities %d (want 13), sexes %d (want 3)", len(Ethnicities), len(Disabilities), len(Sexes))
	}
}
