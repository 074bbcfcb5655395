package kith

import "strings"

// SupervisionFacts are what the record already says that a supervision
// begins with (seed 003 asks for each): when the child was last seen and
// seen alone, their last recorded words, and the significant adults who
// do not live with them.
type SupervisionFacts struct {
	ChildFirstName string
	LastSeen       Date
	LastSeenAlone  Date
	// Words are the child's last recorded words and WordsFrom the record
	// they are in ("Home visit on 2 November 2026"), WordsRecordID its id.
	Words, WordsFrom, WordsRecordID string
	Adults                          []AdultElsewhere
}

// AdultElsewhere is someone in the child's network who does not live with
// them.
type AdultElsewhere struct {
	Name, Relationship string
}

// SupervisionPrefill is the text a new supervision record begins with.
// It is facts from the record, said as such, for the manager to check and
// add to; nothing in it is the manager's view.
func SupervisionPrefill(f SupervisionFacts) RecordContent {
	child := f.ChildFirstName
	if child == "" {
		child = "The child"
	}
	var voice []string
	if f.LastSeen.IsZero() {
		voice = append(voice, "The record does not say that "+child+" has been seen.")
	} else {
		voice = append(voice, child+" was last seen on "+f.LastSeen.Long()+".")
	}
	if f.LastSeenAlone.IsZero() {
		voice = append(voice, "The record does not say that "+child+" has been seen alone.")
	} else {
		voice = append(voice, child+" was last seen alone on "+f.LastSeenAlone.Long()+".")
	}
	if f.Words != "" {
		voice = append(voice, "Last recorded words ("+f.WordsFrom+"):\n"+f.Words)
	}
	out := RecordContent{"child_voice": {Text: strings.Join(voice, "\n")}}
	if len(f.Adults) > 0 {
		var lines []string
		for _, a := range f.Adults {
			lines = append(lines, a.Name+" ("+strings.ToLower(a.Relationship)+")")
		}
		out["significant_adults"] = SectionValue{Text: strings.Join(lines, "\n")}
	}
	return out
}

// SupervisionAuthor says who may record supervision on a case (seed 003):
// a manager of the case, or a practitioner with their manager present,
// who must then name that manager before finalising. manages is whether
// the writer manages the case; namedManager whether the record names the
// manager present. ok is false when the writer may not begin one at all;
// missing is the message to give when finalising needs the manager named.
func SupervisionAuthor(manages, practitioner, namedManager bool) (ok bool, missing string) {
	switch {
	case manages:
		return true, ""
	case !practitioner:
		return false, ""
	case !namedManager:
		return true, "Enter the name of the manager who was present: supervision is recorded by or with a manager"
	}
	return true, ""
}
