package quality

import (
	"strconv"
	"strings"

	"kith"
)

// Role is what a part of a record is for, and so which rules apply to it:
// a hedge is out of place in what the practitioner saw, and fine in their
// analysis.
type Role string

// The roles of a record's parts.
const (
	RoleGeneral     Role = "general"     // any other writing
	RoleObservation Role = "observation" // what was seen, heard and smelled
	RoleFactual     Role = "factual"     // who was there, what was said and done
	RoleAnalysis    Role = "analysis"    // the practitioner's analysis and concerns
	RoleVoice       Role = "voice"       // the child's own words
	RoleAction      Role = "action"      // what an action is
	RoleReason      Role = "reason"      // a reason given for a yes or no answer
	RoleHeadline    Role = "headline"    // the one-line reason for the record
)

var roles = map[Role]bool{RoleGeneral: true, RoleObservation: true, RoleFactual: true, RoleAnalysis: true, RoleVoice: true,
	RoleAction: true, RoleReason: true, RoleHeadline: true}

// sectionRoles gives the role of the shipped templates' sections by key.
// A council's own templates fall back to words in the section's label.
var sectionRoles = map[string]Role{
	"observations": RoleObservation, "welfare": RoleObservation, "home": RoleObservation,
	"present": RoleFactual, "discussion": RoleFactual, "summary": RoleFactual, "information": RoleFactual, "details": RoleFactual,
	"purpose": RoleFactual, "what_happened": RoleFactual, "content": RoleFactual,
	"analysis": RoleAnalysis, "concerns": RoleAnalysis, "reflections": RoleAnalysis, "outcome": RoleAnalysis, "decision": RoleAnalysis,
	"rationale": RoleAnalysis, "next_steps": RoleAnalysis,
}

// RoleOf says what a template section is for.
func RoleOf(s kith.Section) Role {
	if s.ChildVoice {
		return RoleVoice
	}
	if r, ok := sectionRoles[s.Key]; ok {
		return r
	}
	label := strings.ToLower(s.Label)
	switch {
	case strings.Contains(label, "observ") || strings.Contains(label, "what you saw"):
		return RoleObservation
	case strings.Contains(label, "analysis") || strings.Contains(label, "concern") || strings.Contains(label, "reflect"):
		return RoleAnalysis
	}
	return RoleGeneral
}

// A Part is one piece of writing in a record: a section's text, a reason,
// or one field of an action.
type Part struct {
	Key   string // "observations", "actions.0.what", "child_seen_alone.reason"
	Label string
	Role  Role
	Text  string
	// Offset is where Text starts in the plain text it was read from
	// (NoteOfPlainText), so a finding can be placed in the file.
	Offset int
	// Required parts must say something real (not "N/A"); VoiceRequired
	// parts must carry the child's voice.
	Required      bool
	VoiceRequired bool
	// Action holds the rest of an action row, for an action's "what".
	Action *ActionRow
	// Answer is the yes/no answer a reason belongs to, and SeenAlone marks
	// the reason for the child not being seen alone.
	SeenAlone bool
	Answer    string
}

// ActionRow is an action's owner and date beside its "what".
type ActionRow struct {
	Who, By string
}

// A Child is what the coach knows about the child the record is for.
type Child struct {
	FirstName string
	// Preverbal children (under two, or recorded as not using words) show
	// their voice in what they do: the coach accepts observed
	// communication for them.
	Preverbal bool
}

// A Note is a record as the coach reads it.
type Note struct {
	Parts []Part
	Child Child
}

// Preverbal reports whether a child born on dob is under two on day.
func Preverbal(dob kith.Date, day kith.Date) bool {
	if dob.IsZero() {
		return false
	}
	return dob.AgeOn(day) < 2
}

// NoteOf reads a record's answers into the parts the coach checks, in the
// template's order. Headline is checked like any other writing.
func NoteOf(t *kith.Template, headline string, c kith.RecordContent, child Child) Note {
	n := Note{Child: child}
	if headline != "" {
		n.Parts = append(n.Parts, Part{Key: "headline", Label: t.Headline.Label, Role: RoleHeadline, Text: headline})
	}
	seen := ""
	for _, s := range t.Sections {
		if s.ChildSeen {
			seen = c[s.Key].Answer
		}
	}
	for _, s := range t.Sections {
		v := c[s.Key]
		required := s.Required || s.RequiredWhenSeen && seen == "yes"
		switch s.Kind {
		case kith.SectionText, kith.SectionLine:
			n.Parts = append(n.Parts, Part{Key: s.Key, Label: s.Label, Role: RoleOf(s), Text: v.Text,
				Required: required && s.Kind == kith.SectionText, VoiceRequired: s.ChildVoice && required})
		case kith.SectionYesNo:
			if s.ReasonWhen != "" {
				n.Parts = append(n.Parts, Part{Key: s.Key + ".reason", Label: s.ReasonLabel, Role: RoleReason, Text: v.Reason,
					Required: v.Answer == s.ReasonWhen, SeenAlone: s.ChildSeenAlone, Answer: v.Answer})
			}
		case kith.SectionPeople:
			if v.Others != "" {
				n.Parts = append(n.Parts, Part{Key: s.Key + ".others", Label: s.Label, Role: RoleFactual, Text: v.Others})
			}
		case kith.SectionActions:
			for i, a := range v.Actions {
				if a.Empty() {
					continue
				}
				key := s.Key + "." + strconv.Itoa(i)
				n.Parts = append(n.Parts, Part{Key: key + ".what", Label: s.Label, Role: RoleAction, Text: a.What,
					Action: &ActionRow{Who: a.Who, By: a.By}})
			}
		}
	}
	return n
}

// NoteOfText is a plain-text note (from the command line, or the API
// without a template): one general part.
func NoteOfText(text string) Note {
	return Note{Parts: []Part{{Key: "text", Label: "Text", Role: RoleGeneral, Text: text}}}
}

// Words counts the words of the note's writing, for rates per 1,000 words.
func (n Note) Words() int {
	count := 0
	for _, p := range n.Parts {
		count += len(strings.Fields(p.Text))
	}
	return count
}
