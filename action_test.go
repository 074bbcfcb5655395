package kith

import (
	"strings"
	"testing"
)

func TestParseDueRefusesWordsThatAreNotDates(t *testing.T) {
	today := Date{2026, 11, 24}
	tests := []struct {
		typed   string
		want    Date
		message string
	}{
		{"8/1/2027", Date{2027, 1, 8}, ""},
		{"8 January 2027", Date{2027, 1, 8}, ""},
		{"2027-01-08", Date{2027, 1, 8}, ""},
		{"", Date{}, "Enter the date it will be done by"},
		{"ASAP", Date{}, "“ASAP” is not a date: enter the date it will be done by, like 8 12 2026, so it can be followed up"},
		{"Ongoing.", Date{}, "“Ongoing.” is not a date: enter the date it will be done by, like 8 12 2026, so it can be followed up"},
		{"tbc", Date{}, "“tbc” is not a date: enter the date it will be done by, like 8 12 2026, so it can be followed up"},
		{"next month", Date{}, "Enter the date it will be done by as a real date, like 8 12 2026"},
		{"31/2/2027", Date{}, "Enter the date it will be done by as a real date, like 8 12 2026"},
	}
	for _, tt := range tests {
		got, msg := ParseDue(tt.typed, "it", today)
		if got != tt.want || msg != tt.message {
			t.Errorf("ParseDue(%q) = %v, %q; want %v, %q", tt.typed, got, msg, tt.want, tt.message)
		}
	}
}

func TestOwnerWordsAreReadableByAFamily(t *testing.T) {
	tests := []struct {
		owner Owner
		want  string
	}{
		{Owner{Kind: OwnerFamily, Name: "Sarah Jones", Role: "Parent"}, "Sarah Jones (Amy’s parent)"},
		{Owner{Kind: OwnerProfessional, Name: "Dr Ruth Amos", Role: "GP", Agency: "Riverside Surgery"}, "Dr Ruth Amos (GP, Riverside Surgery)"},
		{Owner{Kind: OwnerWorker, Name: "Jo Bloggs", Role: "Social Worker"}, "Jo Bloggs (social worker)"},
		{Owner{Kind: OwnerOther, Name: "Ms Patel", Agency: "Housing"}, "Ms Patel (Housing)"},
		{Owner{Kind: OwnerOther, Name: "Mr Green"}, "Mr Green"},
	}
	for _, tt := range tests {
		if got := tt.owner.Words("Amy"); got != tt.want {
			t.Errorf("Words(%+v) = %q, want %q", tt.owner, got, tt.want)
		}
	}
}

func TestNewActionChecks(t *testing.T) {
	today := Date{2026, 11, 24}
	ok := func() NewAction {
		return NewAction{What: "Book a GP appointment", Owner: Owner{Kind: OwnerFamily, ID: "p1", Name: "Sarah Jones"}, Due: Date{2026, 12, 1}}
	}
	tests := []struct {
		name   string
		change func(*NewAction)
		want   map[string]string
	}{
		{"complete", func(*NewAction) {}, nil},
		{"due today", func(n *NewAction) { n.Due = today }, nil},
		{"nothing", func(n *NewAction) { *n = NewAction{} }, map[string]string{"what": "Enter what needs to be done",
			"owner": "Say who is responsible for this action", "due": "Enter the date it will be done by"}},
		{"owner without a name", func(n *NewAction) { n.Owner = Owner{Kind: OwnerOther} }, map[string]string{"owner": "Say who is responsible for this action"}},
		{"due in the past", func(n *NewAction) { n.Due = Date{2026, 11, 23} },
			map[string]string{"due": "The date it will be done by must be today or in the future, unless it has already been done"}},
		{"due in the past, already done", func(n *NewAction) { n.Due, n.AlreadyDone = Date{2026, 11, 23}, true }, nil},
		{"already done in the future", func(n *NewAction) { n.AlreadyDone = true },
			map[string]string{"due": "An action already done must have a date that is today or in the past"}},
		{"what too long", func(n *NewAction) { n.What = strings.Repeat("x", MaxLongText+1) },
			map[string]string{"what": "What needs to be done must be 4000 characters or fewer"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := ok()
			tt.change(&n)
			assertFields(t, fields(n.Check(today)), tt.want)
		})
	}
}

func TestActionUpdateChecks(t *testing.T) {
	today := Date{2026, 11, 24}
	a := &Action{Status: ActionOpen, Due: Date{2026, 11, 20}}
	tests := []struct {
		name string
		in   ActionUpdate
		want map[string]string
	}{
		{"done with what happened", ActionUpdate{Status: ActionDone, Outcome: "Seen by GP", On: today}, nil},
		{"done needs what and when", ActionUpdate{Status: ActionDone}, map[string]string{"outcome": "Say what happened", "on": "Enter the date it was done"}},
		{"done tomorrow", ActionUpdate{Status: ActionDone, Outcome: "x", On: today.AddDays(1)}, map[string]string{"on": "The date it was done must be today or in the past"}},
		{"no longer needed needs why", ActionUpdate{Status: ActionNotNeeded}, map[string]string{"outcome": "Say why it is no longer needed"}},
		{"no longer needed, dated today", ActionUpdate{Status: ActionNotNeeded, Outcome: "Family moved"}, nil},
		{"still open, same overdue date", ActionUpdate{Status: ActionOpen}, nil},
		{"still open, moved to the future", ActionUpdate{Status: ActionOpen, Due: today.AddDays(7)}, nil},
		{"still open, moved into the past", ActionUpdate{Status: ActionOpen, Due: Date{2026, 11, 21}}, map[string]string{"due": "The new date must be today or in the future"}},
		{"no status", ActionUpdate{}, map[string]string{"status": "Select whether the action is open, done or no longer needed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			assertFields(t, fields(in.Check(a, today)), tt.want)
		})
	}
}

func assertFields(t *testing.T, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("errors = %v, want %v", got, want)
	}
	for f, m := range want {
		if got[f] != m {
			t.Errorf("%s: %q, want %q", f, got[f], m)
		}
	}
}

func TestWithholdWithdrawn(t *testing.T) {
	for _, c := range []struct {
		name      string
		withdrawn bool
		want      string
	}{
		{"agreed in a final record", false, "Ask the housing office to treat the damp"},
		{"agreed in a withdrawn record", true, WithdrawnActionText},
	} {
		a := Action{What: "Ask the housing office to treat the damp", Owner: Owner{Kind: OwnerFamily, ID: "p1", Name: "Carol Birch", Role: "aunt"},
			OwnerWords: "Carol (aunt)", SourceWithdrawn: c.withdrawn, RecordTitle: "Home visit on 2 November 2026", Status: ActionNotNeeded}
		a.WithholdWithdrawn()
		if a.What != c.want {
			t.Errorf("%s: what %q, want %q", c.name, a.What, c.want)
		}
		if c.withdrawn && (a.Owner.Name != "" || a.Owner.ID != "" || a.Owner.Role != "" || a.OwnerWords != "") {
			t.Errorf("%s: the owner is still shown: %+v %q", c.name, a.Owner, a.OwnerWords)
		}
		if !c.withdrawn && a.Owner.Name != "Carol Birch" {
			t.Errorf("%s: the owner was blanked", c.name)
		}
		if a.RecordTitle == "" || a.Status != ActionNotNeeded {
			t.Errorf("%s: the notice lost its record or status: %+v", c.name, a)
		}
	}
}

// An action whose owner was typed rather than chosen is matched to the
// one person offered with that name, or with that relationship (the only
// mother), so the family version of a summary can say who they are.
func TestMatchOwner(t *testing.T) {
	worker := Owner{Kind: OwnerWorker, ID: "u1", Name: "Ann Ash", Role: "Social worker"}
	mum := Owner{Kind: OwnerFamily, ID: "p1", Name: "Wendy Alder", Role: "Parent"}
	dad := Owner{Kind: OwnerFamily, ID: "p2", Name: "Dan Alder", Role: "Parent"}
	amy := Owner{Kind: OwnerFamily, ID: "p3", Name: "Amy Alder"}
	gp := Owner{Kind: OwnerProfessional, ID: "x1", Name: "Dr Ruth Amos", Role: "GP", Agency: "Kithton Health Centre"}
	choices := []Owner{worker, mum, dad, amy, gp}
	for _, tt := range []struct {
		typed string
		want  Owner
		ok    bool
	}{
		{"Wendy Alder", mum, true},
		{"  wendy   alder ", mum, true},
		{"Ann Ash", worker, true},
		{"Amy Alder", amy, true},
		{"Dr Ruth Amos", gp, true},
		{"GP", gp, true},
		{"Parent", Owner{}, false}, // two parents: not a guess
		{"Wendy", Owner{}, false},  // a first name alone could be anyone
		{"Mum", Owner{}, false},
		{"Oak School", Owner{}, false},
		{"", Owner{}, false},
	} {
		got, ok := MatchOwner(tt.typed, choices)
		if ok != tt.ok || got != tt.want {
			t.Errorf("MatchOwner(%q) = %+v, %v; want %+v, %v", tt.typed, got, ok, tt.want, tt.ok)
		}
	}
}
