package quality

import (
	"kith"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzCheck feeds the coach random writing in every kind of part: it must
// never panic, and every finding's span must lie inside its part's text
// and match the words it reports.
func FuzzCheck(f *testing.F) {
	for _, seed := range []string{"", "The home was in a state.", "“unclosed quote", "A referral will be made ASAP.", "i i i", "KTH-2026-000003",
		"943 476 5919", "Mrs", "N/A", "\u200b\u0301é", "قالت الأم", "CAMHS (CAMHS", "a\n\n\n.", "I think. I think because", "''''\"\"\"“”"} {
		f.Add(seed)
	}
	roles := []Role{RoleGeneral, RoleObservation, RoleFactual, RoleAnalysis, RoleVoice, RoleAction, RoleReason, RoleHeadline}
	f.Fuzz(func(t *testing.T, text string) {
		var parts []Part
		for i, r := range roles {
			p := Part{Key: string(r), Label: string(r), Role: r, Text: text, Required: i%2 == 0, VoiceRequired: r == RoleVoice}
			if r == RoleAction && i%2 == 0 {
				p.Action = &ActionRow{}
			}
			if r == RoleReason {
				p.SeenAlone, p.Answer = true, "no"
			}
			parts = append(parts, p)
		}
		n := Note{Parts: parts, Child: Child{FirstName: "Amy"}}
		fs, err := testChecker.Check(n)
		if err != nil {
			if len(text)*len(parts) <= MaxCheckBytes {
				t.Fatalf("refused %d bytes: %v", len(text), err)
			}
			return
		}
		for _, fd := range fs {
			if fd.Start < 0 || fd.End < fd.Start || fd.End > len(text) {
				t.Fatalf("%s: span [%d, %d) outside %d bytes", fd.Rule, fd.Start, fd.End, len(text))
			}
			if text[fd.Start:fd.End] != fd.Text {
				t.Fatalf("%s: span text %q, reported %q", fd.Rule, text[fd.Start:fd.End], fd.Text)
			}
			if utf8.ValidString(text) && !utf8.ValidString(fd.Text) {
				t.Fatalf("%s: span cuts a character: %q", fd.Rule, fd.Text)
			}
		}
		_ = Prints(n)
		_ = NameCandidates(n, kith.DateOf(time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)))
	})
}
