package quality

import (
	"strings"
)

// checkFunc is a check written in Go, run on each part its rule applies
// to. It adds findings through c.add.
type checkFunc func(c *checkRun, r *Rule, p *partRun)

// checks are the Go checks a rule file may name.
var checks = map[string]checkFunc{
	"section-missing":      sectionMissing,
	"section-placeholder":  sectionPlaceholder,
	"section-one-word":     sectionOneWord,
	"no-specifics":         noSpecifics,
	"acronym-undefined":    acronymUndefined,
	"sentence-length":      sentenceLength,
	"readability":          readability,
	"opinion-no-evidence":  opinionNoEvidence,
	"judgement-as-fact":    judgementAsFact,
	"spelling-unknown":     spellingUnknown,
	"spelling-misspelling": spellingMisspelling,
	"spelling-us":          spellingUS,
	"repeated-word":        repeatedWord,
	"a-an":                 indefiniteArticle,
	"lowercase-i":          lowercaseI,
	"voice-missing":        voiceMissing,
	"seen-alone-reason":    seenAloneReason,
	"action-no-owner":      actionNoOwner,
	"action-no-date":       actionNoDate,
	"action-collective":    actionCollectiveOwner,
}

// whole marks a finding about a whole part (an empty or placeholder
// section): it has no words to highlight.
const whole = 0

// sectionMissing: a required section left empty.
func sectionMissing(c *checkRun, r *Rule, p *partRun) {
	// Not being seen alone with no reason is the child's-voice rule's.
	if p.Required && !p.SeenAlone && strings.TrimSpace(p.Text) == "" {
		c.add(r, p, whole, whole, nil, "{section}", p.Label)
	}
}

// placeholders are what people type to get past a required box.
var placeholders = map[string]bool{
	"n/a": true, "na": true, "n.a": true, "see above": true, "as above": true, "as per previous": true, "as previous": true,
	"tbc": true, "tba": true, "to follow": true, "xxx": true, "xx": true, "x": true, "?": true, "??": true, "-": true, "--": true,
	"nil": true, "...": true, ".": true, "same as above": true, "see previous": true, "see notes": true, "see below": true,
}

// placeholderText reports whether text is a placeholder rather than an
// answer.
func placeholderText(text string) bool {
	t := strings.ToLower(strings.TrimSpace(text))
	t = strings.TrimRight(t, ".! ")
	if t == "" {
		return strings.TrimSpace(text) != ""
	}
	return placeholders[t] || placeholders[strings.Trim(t, "()[]")]
}

// sectionPlaceholder: a required section holding "N/A", "see above" and
// the like, or the template's own prompt copied in.
func sectionPlaceholder(c *checkRun, r *Rule, p *partRun) {
	if !p.Required || p.SeenAlone || strings.TrimSpace(p.Text) == "" {
		return // a placeholder for not seeing the child alone is the child's-voice rule's
	}
	text := strings.TrimSpace(p.Text)
	if placeholderText(text) || strings.EqualFold(text, p.Label) {
		start := strings.Index(p.Text, text)
		c.add(r, p, start, start+len(text), nil, "{section}", p.Label)
	}
}

// sectionOneWord: a required section answered with one word ("Fine").
// "None" is an answer where a template asks for concerns.
func sectionOneWord(c *checkRun, r *Rule, p *partRun) {
	if !p.Required || len(p.text.Words) != 1 || placeholderText(p.Text) {
		return
	}
	w := p.text.Words[0]
	if w.Lower == "none" || w.Lower == "no" || w.Lower == "yes" || p.Role == RoleReason {
		return
	}
	c.add(r, p, w.Start, w.End, nil, "{section}", p.Label)
}

// noSpecifics: an observation of some length with nothing concrete in it:
// no number, time, quotation or word for seeing, hearing or smelling.
func noSpecifics(c *checkRun, r *Rule, p *partRun) {
	min := r.Params["min_words"]
	if len(p.text.Words) < min {
		return
	}
	if len(p.text.Quotes) > 0 {
		return
	}
	for _, w := range p.text.Words {
		if sensory[w.Lower] || hasDigit(w.Lower) || numberWords[w.Lower] {
			return
		}
	}
	c.add(r, p, whole, whole, nil, "{section}", p.Label)
}

var sensory = wordSet(`saw see seen seeing watched watch noticed notice observed observe heard hear hearing
	listened smelt smelled smell smelling touched felt tasted counted measured photographed`)

var numberWords = wordSet(`one two three four five six seven eight nine ten eleven twelve twenty thirty half quarter
	once twice am pm o'clock minutes minute hours hour morning afternoon evening night monday tuesday wednesday thursday friday
	saturday sunday january february march april june july august september october november december`)

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}
