package quality

import (
	"slices"
	"testing"
)

func TestNoteOfPlainTextFindsSections(t *testing.T) {
	type part struct {
		label string
		role  Role
		text  string
		voice bool
	}
	for _, c := range []struct {
		name, text string
		want       []part
	}{
		{"heading on its own line", "Observations:\nThe flat was cold.", []part{{"Observations", RoleObservation, "The flat was cold.", false}}},
		{"known heading without a colon", "Actions\nMum will ring the GP by Friday.", []part{{"Actions", RoleAction, "Mum will ring the GP by Friday.", false}}},
		{"heading with its text on the line", "I visited Amy at home.\nChild's views: Amelia seemed happy.",
			[]part{{"Text", RoleGeneral, "I visited Amy at home.", false}, {"Child's views", RoleVoice, "Amelia seemed happy.", true}}},
		{"curly apostrophe and a dash", "Child’s views – Amy said “I like my room”.", []part{{"Child’s views", RoleVoice, "Amy said “I like my room”.", true}}},
		{"action on the same line", "Action: Mum to book the dentist.\nNext steps - I will ring school on Monday.",
			[]part{{"Action", RoleAction, "Mum to book the dentist.", false}, {"Next steps", RoleAction, "I will ring school on Monday.", false}}},
		{"a colon that is not a heading", "Mum said: we are fine.\nTime: 3pm.", []part{{"Text", RoleGeneral, "Mum said: we are fine.\nTime: 3pm.", false}}},
		{"an unknown word without a colon is text", "Amy\nwas asleep.", []part{{"Text", RoleGeneral, "Amy\nwas asleep.", false}}},
	} {
		n := NoteOfPlainText(c.text)
		if len(n.Parts) != len(c.want) {
			t.Errorf("%s: %d parts %+v, want %d", c.name, len(n.Parts), n.Parts, len(c.want))
			continue
		}
		for i, w := range c.want {
			p := n.Parts[i]
			if p.Label != w.label || p.Role != w.role || p.Text != w.text || p.VoiceRequired != w.voice {
				t.Errorf("%s: part %d is %q %s %q voice %v, want %q %s %q voice %v", c.name, i, p.Label, p.Role, p.Text, p.VoiceRequired,
					w.label, w.role, w.text, w.voice)
			}
			if c.text[p.Offset:p.Offset+len(p.Text)] != p.Text {
				t.Errorf("%s: part %d's offset %d does not place its text", c.name, i, p.Offset)
			}
		}
	}
}

// "Child's views: Amelia seemed happy" holds no word of Amelia's: the
// coach says so, as it would in a template's views section.
func TestAPlainTextViewsSectionMustHoldTheChildsWords(t *testing.T) {
	found, err := testChecker.Check(NoteOfPlainText("Child's views: Amelia seemed happy."))
	if err != nil {
		t.Fatal(err)
	}
	voice := false
	for _, f := range found {
		voice = voice || f.Category == ChildVoice
	}
	if !voice {
		t.Errorf("no child's-voice finding: %+v", found)
	}
	for _, views := range []string{"Child's views: Amelia said “I like my new school”.", "Child's views: Sometimes I miss my mum at night.",
		"Child's views: I feel sad because my dog is sick.", "Child's views: My opinion was never relevant. It was just decided for me."} {
		found, _ = testChecker.Check(NoteOfPlainText(views))
		for _, f := range found {
			if f.Category == ChildVoice {
				t.Errorf("%q: the child's own words were not taken as her voice: %+v", views, f)
			}
		}
	}
	for _, views := range []string{"Child's views: Today I visited the home.", "Child's views: I asked her about school."} {
		found, _ = testChecker.Check(NoteOfPlainText(views))
		if !slices.ContainsFunc(found, func(f Finding) bool { return f.Category == ChildVoice }) {
			t.Errorf("%q: the worker's own account was taken as the child's voice", views)
		}
	}
}
