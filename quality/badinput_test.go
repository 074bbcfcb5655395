package quality

import (
	"strings"
	"testing"
)

// TestBadInput is writing the coach must take calmly: nothing, another
// language or script, text that is all quotation, one enormous word.
func TestBadInput(t *testing.T) {
	requireSpeller(t)
	for _, c := range []struct {
		name, text string
		not        []string // rules that must not fire
	}{
		{"empty", "", []string{"spelling.unknown", "vague.descriptors"}},
		{"Welsh", "Dywedodd Mam fod Amy yn mynd i'r ysgol bob dydd ac mae hi'n hapus iawn yno gyda'i ffrindiau.", []string{"spelling.unknown"}},
		{"Polish", "Mama powiedziała, że Amy chodzi do szkoły codziennie i bardzo lubi swoją nauczycielkę.", []string{"spelling.unknown"}},
		{"Arabic", "قالت الأم إن إيمي تذهب إلى المدرسة كل يوم", []string{"spelling.unknown", "jargon.acronym-undefined"}},
		{"all quotation", "“The placement is rubbish and the house is in a state and I recieved nothing, it's ASAP innit”",
			[]string{"spelling.unknown", "spelling.misspelling", "jargon.social-care", "vague.descriptors"}},
		{"capitals", "DAWN WAS NOT AT HOME AND NO ONE ANSWERED THE DOOR.", []string{"jargon.acronym-undefined"}},
		{"one long word", strings.Repeat("x", 5000), []string{"spelling.unknown"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			fs, err := testChecker.Check(Note{Parts: []Part{{Key: "text", Label: "Text", Role: RoleObservation, Text: c.text}}})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range fs {
				for _, rule := range c.not {
					if f.Rule == rule {
						t.Errorf("%s found %q", rule, f.Text)
					}
				}
			}
		})
	}
}
