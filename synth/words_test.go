package synth

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestEveryBankHasASentenceForEveryone checks that each bank a record
// draws on has a sentence for every kind of child, family and tone, so a
// required section is never left empty.
func TestEveryBankHasASentenceForEveryone(t *testing.T) {
	school := func(f uint16) bool { return f&tagSchool != 0 }
	young := func(f uint16) bool { return f&tagYoung != 0 }
	always := func(uint16) bool { return true }
	banks := map[string]struct {
		b    bank
		when func(uint16) bool
	}{
		"visitHeadlines": {visitHeadlines, always}, "visitDiscussion": {visitDiscussion, always}, "visitConcerns": {visitConcerns, always},
		"visitObservations": {visitObservations, always}, "visitAnalysis": {visitAnalysis, always},
		"childViewsYoung": {childViewsYoung, young}, "childViewsChild": {childViewsChild, func(f uint16) bool { return !young(f) }},
		"visitWhoNotSeen": {visitWhoNotSeen, always}, "visitNotAlone": {visitNotAlone, always}, "visitNoBedroom": {visitNoBedroom, always},
		"actionWhat": {actionWhat, always}, "callParentHeadlines": {callParentHeadlines, always}, "callParentPurposeIn": {callParentPurposeIn, always},
		"callParentPurposeOut": {callParentPurposeOut, always}, "callParentContent": {callParentContent, always},
		"callProPurpose": {callProPurpose, always}, "callProPurposeIn": {callProPurposeIn, always},
		"callYoungHeadlines": {callYoungHeadlines, always}, "callYoungContent": {callYoungContent, always},
		"infoSchool": {infoSchool, school}, "infoHealth": {infoHealth, always}, "infoPolice": {infoPolice, always},
		"contactHeadlines": {contactHeadlines, always}, "contactPurpose": {contactPurpose, always}, "contactWhatHappened": {contactWhatHappened, always},
		"contactRisks": {contactRisks, always}, "contactNext": {contactNext, always},
		"directSessions": {directSessions, always}, "directMethod": {directMethod, always}, "directOutcome": {directOutcome, always},
		"directObservations": {directObservations, always}, "discussionHeadlines": {discussionHeadlines, always},
		"discussionText": {discussionText, always}, "discussionDecisions": {discussionDecisions, always},
		"meetingHeadlines": {meetingHeadlines, always}, "meetingDiscussion": {meetingDiscussion, always}, "meetingDecisions": {meetingDecisions, always},
		"decisions": {decisions, always}, "decisionRationale": {decisionRationale, always}, "closeDecisions": {closeDecisions, always},
		"closeRationale": {closeRationale, always}, "emailToParentHeadlines": {emailToParentHeadlines, always}, "emailToParent": {emailToParent, always},
		"emailFromParentHeadlines": {emailFromParentHeadlines, always}, "emailFromParent": {emailFromParent, always},
		"emailToProHeadlines": {emailToProHeadlines, always}, "emailToPro": {emailToPro, always},
		"emailFromProHeadlines": {emailFromProHeadlines, always}, "emailFromPro": {emailFromPro, always},
		"interventionNames": {interventionNames, always}, "interventionPurpose": {interventionPurpose, always},
		"interventionActivities": {interventionActivities, always}, "interventionObservations": {interventionObservations, always},
		"interventionOutcome": {interventionOutcome, always}, "interventionWorries": {interventionWorries, always},
		"assessment_completed": {keyEvents["assessment_completed"], always},
	}
	for kind, b := range callProHeadlines {
		banks["callProHeadlines "+kind] = struct {
			b    bank
			when func(uint16) bool
		}{b, always}
		banks["callProContent "+kind] = struct {
			b    bank
			when func(uint16) bool
		}{callProContent[kind], always}
	}
	settings := []struct {
		setting uint16
		ages    []uint16
	}{
		{tagHome, []uint16{tagYoung, tagSchool, tagSchool | tagTeen, 0}},
		{tagCare, []uint16{tagYoung, tagSchool, tagSchool | tagTeen}},
		{tagLeaver, []uint16{0}},
	}
	for name, bk := range banks {
		for _, s := range settings {
			for _, age := range s.ages {
				for _, tone := range []uint16{tagGood, tagBad, tagGood | tagBad} {
					for _, need := range []uint16{0, tagOther | tagGran | tagSib} {
						facts := s.setting | age | tone | need
						if !bk.when(facts) {
							continue
						}
						n := 0
						for _, p := range bk.b {
							if p.fits(facts) {
								n++
							}
						}
						if n == 0 {
							t.Errorf("%s has nothing for facts %010b", name, facts)
						}
					}
				}
			}
		}
	}
}

// TestWriterFillsEveryPlaceholder writes every sentence of every bank for
// a girl and for a child who is neither a girl nor a boy.
func TestWriterFillsEveryPlaceholder(t *testing.T) {
	vars := map[string]string{}
	for _, k := range strings.Fields(`child childFull parent parentFull call other gran carer sib town school age worker manager plan meeting
		meetingname next pct n proname psub pobj ppos`) {
		vars[k] = "X"
	}
	for _, they := range []bool{false, true} {
		vars["sub"], vars["obj"], vars["pos"] = "she", "her", "her"
		if they {
			vars["sub"], vars["obj"], vars["pos"] = "they", "them", "their"
		}
		w := &writer{r: rand.New(rand.NewPCG(1, 2)), vars: vars}
		var all []bank
		for _, b := range []bank{visitHeadlines, visitDiscussion, visitConcerns, visitObservations, visitAnalysis, childViewsYoung, childViewsChild,
			actionWhat, callParentContent, callProContent["school"], infoSchool, infoHealth, infoPolice, contactWhatHappened, directSessions, decisions} {
			all = append(all, b)
		}
		for _, b := range keyEvents {
			all = append(all, b)
		}
		for _, b := range all {
			for _, p := range b {
				out := w.fill(p.text)
				if strings.ContainsAny(out, "{}") {
					t.Errorf("unfilled: %q", out)
				}
				if they && (strings.Contains(out, "they is") || strings.Contains(out, "they has") || strings.Contains(out, "they wants")) {
					t.Errorf("pronoun: %q", out)
				}
			}
		}
	}
	w := &writer{vars: map[string]string{"sub": "they"}}
	for verb, want := range map[string]string{"is": "they are", "worries": "they worry", "misses": "they miss", "sometimes goes": "they sometimes go", "wants": "they want"} {
		if got := w.subjectVerb(verb); got != want {
			t.Errorf("%s: %q, want %q", verb, got, want)
		}
	}
}
