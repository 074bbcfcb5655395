package quality

import (
	"strings"
)

// The child's voice (seeds 000 and 001): what the child said, in their own
// words, or for a child who does not use words, what they showed.

// speechVerbs report something the child said, wrote, drew or wants.
var speechVerbs = wordSet(`said says say told tells tell explained explains asked asks wrote writes drew draws showed shows
	shared shares described describes talked talks spoke speaks replied replies answered answers stated states mentioned mentions
	expressed expresses wants wanted wishes wished likes liked loves loved hates hated dislikes disliked feels felt would
	chose choose agreed disagreed laughed whispered shouted cried signed pointed nodded`)

// communication is what a child who does not use words shows: accepted as
// their voice when the child is preverbal or the text says they do not
// use words.
var communication = wordSet(`smiled smiles smiling cried cries crying laughed laughs laughing babbled babbles babbling
	reached reaches reaching pointed points pointing played plays playing nodded shook hugged cuddled clung settled
	giggled giggling cooed cooing gurgled looked watched turned crawled vocalised vocalising signed signs makaton pecs
	fed feeding slept sleeping calm calmed relaxed content distressed unsettled`)

var nonVerbalCues = []string{"non-verbal", "nonverbal", "pre-verbal", "preverbal", "does not speak", "doesn't speak", "makaton",
	"pecs", "sign language", "not yet talking", "not talking yet", "baby", "infant", "months old"}

// declined is the child choosing not to talk: their choice, recorded, is
// their voice too.
var declined = []string{"did not want to talk", "didn't want to talk", "did not want to speak", "didn't want to speak", "declined to",
	"refused to talk", "refused to speak", "chose not to", "would not talk", "wouldn't talk", "did not wish to", "didn't wish to",
	"not want to say", "did not want to see me", "didn't want to see me", "was asleep", "asleep throughout"}

var childWords = wordSet(`he she they child young baby`)

// hasVoice reports whether text carries the child's voice: a quotation,
// reported speech with the child (by name or pronoun) as the speaker, the
// child's choice not to talk, or, for a child who does not use words,
// what they showed.
func hasVoice(t *Text, child Child) bool {
	if len(t.Quotes) > 0 {
		return true
	}
	lower := strings.ToLower(t.Src)
	for _, d := range declined {
		if strings.Contains(lower, d) {
			return true
		}
	}
	first := strings.ToLower(child.FirstName)
	preverbal := child.Preverbal
	for _, cue := range nonVerbalCues {
		if strings.Contains(lower, cue) {
			preverbal = true
		}
	}
	for _, s := range t.Sentences {
		if childSpeaking(s, first) {
			return true
		}
		speaker := -10 // the index of the last word naming the child as a speaker
		for i, w := range s.Words {
			// "Amy said", "she told me", not "Amy's wishes".
			if childWords[w.Lower] || first != "" && w.Lower == first {
				speaker = i
				continue
			}
			if i-speaker <= 4 && speechVerbs[w.Lower] {
				return true
			}
			if preverbal && communication[w.Lower] {
				return true
			}
		}
	}
	return false
}

// practitionerVerbs follow "I" when the practitioner, not the child, is
// speaking in the views section ("I asked Amy about school").
var practitionerVerbs = wordSet(`asked spoke visited explained talked met observed saw discussed went arrived tried noticed explored
	used completed did read showed gave offered checked reminded encouraged reassured let will would am was have had think thought
	believe feel felt`)

// childSpeaking reports whether a sentence in the child's views section
// is the child's own words written down as they said them, without
// quotation marks: "I like my new room".
func childSpeaking(s Sentence, child string) bool {
	w := s.Words
	if len(w) >= 2 && w[0].Lower == "my" && !practitionerNouns[w[1].Lower] {
		return childNotNamed(w, child) // "My opinion was never relevant."
	}
	if len(w) < 2 || w[0].Lower != "i" && w[0].Lower != "i'm" && w[0].Lower != "i've" {
		return firstPersonOnly(w, child)
	}
	if !childNotNamed(w, child) {
		return false // the practitioner writing about the child
	}
	if w[0].Lower != "i" || !practitionerVerbs[w[1].Lower] {
		return true
	}
	// "I feel sad because my dog is sick": a feeling or a view, with no
	// one else in the sentence, is the child's; "I feel Amy is happy" is
	// the practitioner's.
	if !feelingVerbs[w[1].Lower] {
		return false
	}
	for _, x := range w[2:] {
		if thirdPerson[x.Lower] || x.Capitalised() {
			return false
		}
	}
	return true
}

// practitionerNouns follow "My" when the practitioner writes of their own
// work: "My visit", "My concern".
var practitionerNouns = wordSet(`visit visits concern concerns view views assessment analysis worry worries observation observations
	understanding recommendation manager colleague role last next plan question questions`)

// childNotNamed reports whether a sentence does not name the child: the
// practitioner writing "My … Amy …" is writing about her.
func childNotNamed(w []Word, child string) bool {
	for _, x := range w {
		if child != "" && strings.TrimSuffix(x.Lower, "'s") == child {
			return false
		}
	}
	return true
}

// firstPersonOnly reports whether a sentence speaks as "I", "me" or "my"
// without naming the child or anyone in the third person:
// in a views section, the child's words written down as they said them
// ("Social workers would be better if they came and saw me more"). "We"
// is left out: it is as often the practitioner and the child together.
func firstPersonOnly(w []Word, child string) bool {
	first := false
	for i, x := range w {
		switch {
		case x.Lower == "i" && i+1 < len(w) && practitionerVerbs[w[i+1].Lower] && !feelingVerbs[w[i+1].Lower]:
			return false // "Today I visited the home"
		case firstPerson[x.Lower]:
			first = true
		case someoneElse[x.Lower]:
			return false // "I asked her about school": the worker, writing of the child
		}
	}
	return first && childNotNamed(w, child)
}

var firstPerson = wordSet(`i me my mine i'm i've i'd i'll`)

// someoneElse, in a first-person sentence, is usually the child written
// about by the worker; "my mum" and "they" are as often the child's.
var someoneElse = wordSet(`he she him her his hers`)

var feelingVerbs = wordSet(`feel felt think thought am was have had`)

var thirdPerson = wordSet(`he she they him her them his hers their child mum dad mother father`)

// voiceMissing: a section that must hold the child's voice does not.
func voiceMissing(c *checkRun, r *Rule, p *partRun) {
	if !p.VoiceRequired {
		return
	}
	if strings.TrimSpace(p.Text) != "" && !placeholderText(p.Text) && hasVoice(p.text, c.note.Child) {
		return
	}
	child := c.note.Child.FirstName
	if child == "" {
		child = "the child"
	}
	c.add(r, p, whole, whole, nil, "{child}", child, "{section}", p.Label)
}

// seenAloneReason: "not seen alone" with no reason, or "N/A" for one.
func seenAloneReason(c *checkRun, r *Rule, p *partRun) {
	if p.SeenAlone && p.Answer == "no" && (strings.TrimSpace(p.Text) == "" || placeholderText(p.Text)) {
		child := c.note.Child.FirstName
		if child == "" {
			child = "the child"
		}
		c.add(r, p, whole, whole, nil, "{child}", child)
	}
}
