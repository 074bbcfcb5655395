package kith

import "testing"

func TestSupervisionPrefillSaysOnlyWhatTheRecordSays(t *testing.T) {
	got := SupervisionPrefill(SupervisionFacts{ChildFirstName: "Amy", LastSeen: Date{2026, 11, 20}, Words: "“I like my room”", WordsFrom: "Home visit on 20 November 2026",
		Adults: []AdultElsewhere{{Name: "Dan Alder", Relationship: "Parent"}, {Name: "Rose Alder", Relationship: "Grandparent"}}})
	want := "Amy was last seen on 20 November 2026.\nThe record does not say that Amy has been seen alone.\nLast recorded words (Home visit on 20 November 2026):\n“I like my room”"
	if got["child_voice"].Text != want {
		t.Errorf("child's voice:\n%s\nwant\n%s", got["child_voice"].Text, want)
	}
	if got["significant_adults"].Text != "Dan Alder (parent)\nRose Alder (grandparent)" {
		t.Errorf("adults: %q", got["significant_adults"].Text)
	}
	empty := SupervisionPrefill(SupervisionFacts{ChildFirstName: "Ben"})
	if empty["child_voice"].Text != "The record does not say that Ben has been seen.\nThe record does not say that Ben has been seen alone." {
		t.Errorf("nothing recorded: %q", empty["child_voice"].Text)
	}
	if _, ok := empty["significant_adults"]; ok {
		t.Error("no adults, no section")
	}
}

func TestWhoMayRecordSupervision(t *testing.T) {
	tests := []struct {
		name                         string
		manages, practitioner, named bool
		ok                           bool
		missing                      bool
	}{
		{"the case's manager", true, false, false, true, false},
		{"a manager who also practises", true, true, false, true, false},
		{"a practitioner naming the manager present", false, true, true, true, false},
		{"a practitioner who has not named the manager", false, true, false, true, true},
		{"a manager of another team", false, false, true, false, false},
	}
	for _, tt := range tests {
		ok, missing := SupervisionAuthor(tt.manages, tt.practitioner, tt.named)
		if ok != tt.ok || (missing != "") != tt.missing {
			t.Errorf("%s: ok %v, missing %q", tt.name, ok, missing)
		}
	}
}
