package synth

import (
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The running record is written from banks of sentences (phrases.go) in
// which {placeholders} stand for the family's invented names, the child's
// pronouns and the plan the case is on. Each sentence carries tags saying
// when it fits:
//
//	h  the child lives at home (early help, in need, on a plan)
//	c  the child is looked after (in foster care)
//	l  the young person is a care leaver, 18 or over
//	y  the child is under 5
//	s  the child is of school age (5 to 16)
//	t  the child is 12 to 17
//	o  the child has another parent or a partner to speak of
//	g  the child has a grandparent in the network
//	b  the child has a brother or sister in the network
//	+  the record is hopeful: things are going well
//	-  the record is worried: things are not going well
//
// Each record has a tone, hopeful, worried or mixed (both), so that its
// sections agree with each other; a sentence tagged + or - is used only
// in a record of that tone.
//
// Setting tags (h, c, l) must include the child's setting when any are
// given; age tags (y, s, t) must include one of the child's; o and g must
// hold (and b, + and -). A sentence with no tags fits everyone.

// phrase is a sentence from a bank with its tags.
type phrase struct {
	tags uint16
	text string
}

type bank []phrase

const (
	tagHome uint16 = 1 << iota
	tagCare
	tagLeaver
	tagYoung
	tagSchool
	tagTeen
	tagOther
	tagGran
	tagSib
	tagGood
	tagBad
)

var tagBits = map[rune]uint16{'h': tagHome, 'c': tagCare, 'l': tagLeaver, 'y': tagYoung, 's': tagSchool, 't': tagTeen, 'o': tagOther, 'g': tagGran, 'b': tagSib, '+': tagGood, '-': tagBad}

const settingTags = tagHome | tagCare | tagLeaver
const ageTags = tagYoung | tagSchool | tagTeen
const needTags = tagOther | tagGran | tagSib | tagGood | tagBad

// lines parses a bank: one sentence a line, "tags|text" or just "text".
func lines(s string) bank {
	var out bank
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		p := phrase{text: l}
		if tags, text, ok := strings.Cut(l, "|"); ok {
			p.text = text
			for _, r := range tags {
				bit, known := tagBits[r]
				if !known {
					panic("synth: unknown phrase tag " + string(r) + " in " + l)
				}
				p.tags |= bit
			}
		}
		out = append(out, p)
	}
	return out
}

// fits reports whether a phrase suits a child with these facts (a mask of
// tags that hold).
func (p phrase) fits(facts uint16) bool {
	if s := p.tags & settingTags; s != 0 && s&facts == 0 {
		return false
	}
	if a := p.tags & ageTags; a != 0 && a&facts == 0 {
		return false
	}
	return p.tags&needTags&^facts == 0
}

// writer fills in sentences for one child's record: it knows the names
// and pronouns to use and the facts that decide which sentences fit.
type writer struct {
	r     *rand.Rand
	facts uint16
	vars  map[string]string
	// scratch holds the indexes of fitting phrases, reused between calls.
	scratch []int
}

// fill replaces the placeholders in a sentence and starts it with a
// capital letter.
func (w *writer) fill(s string) string {
	if strings.IndexByte(s, '{') >= 0 {
		var b strings.Builder
		for {
			i := strings.IndexByte(s, '{')
			if i < 0 {
				break
			}
			j := strings.IndexByte(s[i:], '}')
			if j < 0 {
				break
			}
			b.WriteString(s[:i])
			key := s[i+1 : i+j]
			if verb, ok := strings.CutPrefix(key, "sub:"); ok {
				b.WriteString(w.subjectVerb(verb))
			} else if v, ok := w.vars[key]; ok {
				b.WriteString(v)
			} else {
				panic("synth: no value for {" + key + "}")
			}
			s = s[i+j+1:]
		}
		b.WriteString(s)
		s = b.String()
	}
	return capitalise(s)
}

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || unicode.IsUpper(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// subjectVerb writes the child's pronoun with a verb in the present
// tense, written for "she" or "he": {sub:wants} is "she wants", or "they
// want" for a child who is neither a girl nor a boy.
func (w *writer) subjectVerb(verb string) string {
	sub := w.vars["sub"]
	if sub != "they" {
		return sub + " " + verb
	}
	words := strings.Fields(verb)
	last := words[len(words)-1]
	switch {
	case last == "is":
		last = "are"
	case last == "has":
		last = "have"
	case last == "was":
		last = "were"
	case last == "does" || last == "goes":
		last = last[:2]
	case strings.HasSuffix(last, "ies"):
		last = strings.TrimSuffix(last, "ies") + "y"
	case strings.HasSuffix(last, "sses"), strings.HasSuffix(last, "shes"), strings.HasSuffix(last, "ches"), strings.HasSuffix(last, "xes"):
		last = strings.TrimSuffix(last, "es")
	default:
		last = strings.TrimSuffix(last, "s")
	}
	words[len(words)-1] = last
	return "they " + strings.Join(words, " ")
}

// hopeful picks the tone of a section: true for hopeful, false for
// worried. It narrows the writer's facts until restore is called.
func (w *writer) hopeful() (bool, func()) {
	saved := w.facts
	good := w.facts&tagGood != 0 && (w.facts&tagBad == 0 || w.r.IntN(2) == 0)
	if good {
		w.facts &^= tagBad
	} else {
		w.facts &^= tagGood
	}
	return good, func() { w.facts = saved }
}

// one picks one fitting sentence from a bank.
func (w *writer) one(b bank) string {
	return w.some(b, 1, 1)
}

// some picks between lo and hi different fitting sentences (fewer when the
// bank has fewer), most often two or three, and joins them.
func (w *writer) some(b bank, lo, hi int) string {
	// A record of mixed tone is hopeful in some sections and worried in
	// others, but each section says one thing.
	facts := w.facts
	if facts&tagGood != 0 && facts&tagBad != 0 {
		facts &^= tagGood << w.r.IntN(2)
	}
	w.scratch = w.scratch[:0]
	for i, p := range b {
		if p.fits(facts) {
			w.scratch = append(w.scratch, i)
		}
	}
	if len(w.scratch) == 0 {
		return ""
	}
	n := lo
	if hi > lo {
		// Most sections hold one or two sentences, some three, a few
		// four or five.
		n = lo + weighted(w.r, 0.38, 0.34, 0.16, 0.08, 0.04)
		n = min(n, hi)
	}
	n = min(n, len(w.scratch))
	var out strings.Builder
	for k := 0; k < n; k++ {
		// A partial shuffle: the first n fitting sentences, distinct.
		j := k + w.r.IntN(len(w.scratch)-k)
		w.scratch[k], w.scratch[j] = w.scratch[j], w.scratch[k]
		if k > 0 {
			out.WriteByte(' ')
		}
		out.WriteString(w.fill(b[w.scratch[k]].text))
	}
	return out.String()
}

// sentences is some(b, 1, 5): a section of writing.
func (w *writer) sentences(b bank) string { return w.some(b, 1, 5) }
