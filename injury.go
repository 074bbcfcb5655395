package kith

import (
	"strings"
	"unicode"
)

// injuryWords are words that, in a record, describe an injury to someone:
// a bruise, a burn, a fracture. Each is matched at the start of a word
// ("bruis" finds bruise, bruised and bruising). Words with common everyday
// meanings ("cut", "mark", "scratch") are left out, or matched only in the
// phrases that make them an injury, so that the prompt is worth reading.
var injuryWords = []string{
	"bruis", "injur", "burn mark", "burns to", "burns on", "cigarette burn", "scald", "fractur", "broken arm", "broken leg",
	"burnt his", "burnt her", "burnt their", "burned his", "burned her", "burned their", "broken wrist", "broken nose", "broken rib", "broken bone", "broken finger", "black eye", "bite mark", "slap mark",
	"grip mark", "fingertip mark", "graze", "welt", "laceration", "a cut to", "a cut on", "cuts to", "cuts on",
	"swelling to", "swelling on", "swollen", "bleeding", "lump on",
}

// injuryNegations make a clause say an injury was not there: "no bruises
// were seen", "there were no marks or injuries", "without injury".
var injuryNegations = []string{"no", "not", "nor", "none", "without", "never", "denied", "free"}

// InjuryMentions returns the clauses of a text that describe an injury,
// leaving out clauses that say there was none ("no injuries seen",
// "checked for bruises, none found" counts as one clause with "none").
// Kith prompts a writer whose record mentions one to say whether harm or
// injury occurred, which makes the record due by the end of the next
// working day.
func InjuryMentions(text string) []string {
	var out []string
	for _, clause := range strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune(".;:!?\n()", r) }) {
		lower := " " + strings.ToLower(strings.Join(strings.FieldsFunc(clause, notWordRune), " ")) + " "
		if !mentionsInjury(lower) || negated(lower) {
			continue
		}
		out = append(out, strings.TrimSpace(clause))
	}
	return out
}

func notWordRune(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’'
}

func mentionsInjury(lower string) bool {
	for _, w := range injuryWords {
		if strings.Contains(lower, " "+w) {
			return true
		}
	}
	return false
}

func negated(lower string) bool {
	for _, n := range injuryNegations {
		if strings.Contains(lower, " "+n+" ") {
			return true
		}
	}
	return false
}

// InjuryPrompt is the words to quote back to a writer finalising a record
// that describes an injury without saying harm or injury occurred: ok is
// false when the box is ticked, for a case summary (it gathers other
// records), or when nothing describes an injury. Long words are cut to 80
// characters.
func InjuryPrompt(t *Template, in RecordInput) (quote string, ok bool) {
	if in.RiskIdentified || t.Summary {
		return "", false
	}
	found := InjuryMentions(in.Headline + ".\n" + PlainText(t, in.Content))
	if len(found) == 0 {
		return "", false
	}
	r := []rune(found[0])
	if len(r) > 80 {
		r = append(r[:79], '…')
	}
	return string(r), true
}
