package quality

import (
	"regexp"
	"strings"
)

// A judgement stated as fact (seeds 001 and 003): "Mum was hostile",
// "the home is chaotic", "There are inadequate play opportunities". The
// sentence is read for its shape, not only its words: someone or their
// home, a linking verb, and a word that judges or names a feeling (from
// VADER's lexicon and Kith's own list), with nothing in that sentence or
// the next to show it (what was seen, heard or said) or say whose view it
// is.

// judgedSubjects are the people and places a judgement is made about.
var judgedSubjects = wordSet(`he she they mum mother dad father parent parents carer carers client patient child children baby
	boy girl son daughter family nan grandmother grandfather grandma grandad partner stepfather stepdad stepmother teenager pupil
	resident person woman man home house flat room bedroom kitchen bathroom conditions environment property there`)

// linkingVerbs join a subject to what is said of it. "Seemed" and
// "appeared" are the unowned-opinion rule's.
var linkingVerbs = wordSet(`is was were are became becomes become remained remains got gets`)

// softeners may stand between the verb and the judgement.
var softeners = wordSet(`very so really super quite extremely rather too visibly clearly obviously increasingly incredibly completely
	totally generally always often particularly highly overly deeply somewhat again still`)

// notJudgements are rated words that, after "was", report an event or
// answer a question: "Craig was arrested", "there were no…".
var notJudgements = wordSet(`no yes arrested charged convicted cautioned sentenced released killed injured hurt abused attacked
	assaulted excluded suspended evicted hospitalised admitted bullied harmed punished robbed sick dead died missing lost
	pregnant born`)

// ownJudgements are judgements care records use that the lexicon rates
// mildly or lacks (Kith's list).
var ownJudgements = wordSet(`uncooperative non-compliant noncompliant hostile aggressive chaotic filthy unsafe stroppy manipulative
	volatile unkempt dishevelled disengaged resistant evasive defensive argumentative unmotivated irresponsible intoxicated drunk
	neglected neglectful inadequate unstable settled content difficult nasty lazy rude withdrawn needy clingy controlling obstructive
	dismissive disruptive demanding naughty challenging agitated anxious depressed nervous upset distressed`)

// observedStates say what anyone present could see, not a judgement.
var observedStates = wordSet(`tearful crying asleep awake hungry thirsty cold warm wet dry hot injured bleeding late early absent
	present pregnant alone smiling laughing clean dressed silent pale sick ill unwell well`)

// behaviourCue is something seen or heard that shows a judgement.
var behaviourCue = regexp.MustCompile(`(?i)\b(?:shout|shouted|shouting|scream|screamed|screaming|swore|swearing|cried|crying|tearful|tears|slammed|hit|kicked|threw|smiled|smiling|laughed|laughing|hugged|refused|sobbed|sobbing|shaking|trembling|thinks|believes|according\s+to|reported|told|says|asked|answered|replied)\b`)

// judgementAsFact: a judgement or feeling stated of someone as fact.
func judgementAsFact(c *checkRun, r *Rule, p *partRun) {
	lexicon := evaluativeWords()
	for si, s := range p.text.Sentences {
		w := s.Words
		for i := 1; i+1 < len(w); i++ {
			if !linkingVerbs[w[i].Lower] || !judgedSubject(w, i-1) {
				continue
			}
			j := i + 1
			for j < len(w) && j <= i+2 && softeners[w[j].Lower] {
				j++
			}
			if j >= len(w) {
				break
			}
			word := w[j].Lower
			if observedStates[word] || notJudgements[word] || !(ownJudgements[word] || lexicon[word]) ||
				!r.Quotes && p.text.Quoted(w[i-1].Start, w[j].End) || c.describedVaguely(p, w[j:j+1]) {
				continue
			}
			if j+1 < len(w) {
				next := w[j+1].Lower
				switch {
				case eventAfter[next] && strings.HasSuffix(word, "ed"):
					continue // "was shouted at by", "were told to": done to them
				case next == "at":
					continue // "is good at keeping her flat tidy" says at what
				case strings.HasSuffix(word, "ly"):
					continue // "was neatly dressed": how they looked
				}
			}
			if shown(p, si) {
				break // the sentence, or the next, shows it: every judgement in it
			}
			c.add(r, p, w[i-1].Start, w[j].End, nil)
			i = j
		}
	}
}

// shown reports whether sentence si, or the one after it, holds what
// shows a judgement: what was seen, heard or said, or whose view it is.
func shown(p *partRun, si int) bool {
	ss := p.text.Sentences
	for _, s := range ss[si:min(si+2, len(ss))] {
		text := s.Text(p.Text)
		if evidenceCue.MatchString(text) || behaviourCue.MatchString(text) {
			return true
		}
	}
	return false
}

// judgedSubject reports whether the word at i names a person or their
// home: a pronoun or noun of the list, or a name (a capitalised word
// that is not one of the words that start sentences or name things).
func judgedSubject(w []Word, i int) bool {
	x := w[i]
	if judgedSubjects[x.Lower] {
		return true
	}
	return x.Capitalised() && !notNames[x.Lower] && !notSubjects[x.Lower]
}

// notSubjects start sentences with a capital but name no one.
var notSubjects = wordSet(`everything everyone nothing something anything all both each contact visit tonight life things it's
	what who which where why how here`)

var eventAfter = wordSet(`by to at for from into with`)

// describedVaguely reports whether the vague-descriptions rule, which
// applies to this part, already asks for what was seen instead of these
// words ("the flat was chaotic"): one finding on the words is enough.
func (c *checkRun) describedVaguely(p *partRun, words []Word) bool {
	r, ok := c.checker.byID["vague.descriptors"]
	if !ok || r.phrases == nil || !r.appliesTo(p.Role) {
		return false
	}
	found := false
	r.phrases.match(words, func(int, int, string) { found = true })
	return found
}
