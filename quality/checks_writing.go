package quality

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// plainAcronyms are known to everyone and need no writing out.
var plainAcronyms = wordSet(`nhs gp uk tv ok id dvd pc pe it bbc usa eu am pm mp sms pin atm cctv ps am a&e ae covid diy bmx
	hiv aids dna mri ct ae icu ie eg mr mrs ms dr st tbc asap faq url www pdf mmr`)

// acronymUndefined: an acronym the note has not written out before. A
// definition is the acronym in brackets after the words ("child in need
// (CIN)") or the words in brackets after it.
func acronymUndefined(c *checkRun, r *Rule, p *partRun) {
	if c.defined == nil {
		c.defined = map[string]bool{}
	}
	src := p.Text
	for _, s := range p.text.Sentences {
		if shouting(s) {
			continue // a sentence in capitals is emphasis, not acronyms
		}
		for _, w := range s.Words {
			c.acronym(r, p, src, w)
		}
	}
}

// shouting reports whether most of a sentence is in capitals.
func shouting(s Sentence) bool {
	caps := 0
	for _, w := range s.Words {
		if isAcronym(w.Text) || len(w.Text) > 6 && strings.ToUpper(w.Text) == w.Text {
			caps++
		}
	}
	return len(s.Words) >= 3 && caps*2 > len(s.Words)
}

// acronym checks one word of the acronym rule.
func (c *checkRun) acronym(r *Rule, p *partRun, src string, w Word) {
	if !isAcronym(w.Text) {
		return
	}
	key := strings.ToLower(strings.TrimSuffix(w.Text, "s"))
	if plainAcronyms[key] || plainAcronyms[strings.ToLower(w.Text)] || c.defined[key] {
		return
	}
	before := strings.TrimRight(src[:w.Start], " ")
	after := strings.TrimLeft(src[w.End:], " ")
	c.defined[key] = true // one finding per acronym: the first use
	if strings.HasSuffix(before, "(") || strings.HasPrefix(after, "(") {
		return // written out here
	}
	if !r.Quotes && p.text.Quoted(w.Start, w.End) {
		return
	}
	c.add(r, p, w.Start, w.End, r.swaps[key])
}

func isAcronym(s string) bool {
	core := strings.TrimSuffix(s, "s")
	if len(core) < 2 || len(core) > 6 {
		return false
	}
	for _, r := range core {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// sentenceLength: a sentence over the limit (GOV.UK: 25 words).
func sentenceLength(c *checkRun, r *Rule, p *partRun) {
	limit := r.Params["max_words"]
	for _, s := range p.text.Sentences {
		if len(s.Words) > limit && !p.text.Quoted(s.Start, s.Words[len(s.Words)-1].End) {
			c.add(r, p, s.Start, s.End, nil, "{words}", itoa(len(s.Words)), "{limit}", itoa(limit))
		}
	}
}

// readability: a section of some length that is hard to read, by the
// Flesch reading ease score (0 to 100; GOV.UK aims for 60 and above).
func readability(c *checkRun, r *Rule, p *partRun) {
	if len(p.text.Words) < r.Params["min_words"] || len(p.text.Sentences) == 0 {
		return
	}
	score := FleschReadingEase(p.text)
	if score < float64(r.Params["min_score"]) {
		c.add(r, p, whole, whole, nil, "{score}", fmt.Sprintf("%.0f", max(score, 0)), "{section}", p.Label)
	}
}

// FleschReadingEase scores how easy a text is to read: 206.835 − 1.015 ×
// words per sentence − 84.6 × syllables per word.
func FleschReadingEase(t *Text) float64 {
	words, syllables := 0, 0
	for _, w := range t.Words {
		if hasDigit(w.Lower) {
			continue
		}
		words++
		syllables += Syllables(w.Lower)
	}
	if words == 0 || len(t.Sentences) == 0 {
		return 100
	}
	return 206.835 - 1.015*float64(words)/float64(len(t.Sentences)) - 84.6*float64(syllables)/float64(words)
}

// Syllables estimates a word's syllables from its vowel groups, which is
// close enough for a readability score.
func Syllables(w string) int {
	n, prevVowel := 0, false
	for _, r := range w {
		v := strings.ContainsRune("aeiouy", r)
		if v && !prevVowel {
			n++
		}
		prevVowel = v
	}
	if strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "le") && n > 1 {
		n--
	}
	return max(n, 1)
}

// owned opinions and the evidence that should follow them.
var ownedOpinion = regexp.MustCompile(`(?i)\b(?:i|we)\s+(?:think|believe|feel|worry|suspect|consider|am\s+(?:concerned|worried|of\s+the\s+view)|are\s+(?:concerned|worried))\b|\bin\s+my\s+(?:view|opinion|professional\s+(?:view|opinion|judgement))\b|\bmy\s+(?:concern|worry|view|assessment)\s+is\b`)

var evidenceCue = regexp.MustCompile(`(?i)\b(?:because|as|since|for\s+example|for\s+instance|such\s+as|i\s+(?:saw|heard|noticed|observed|found|counted|smelt|smelled)|told\s+me|said|reported\s+by|shown\s+by|evidenced\s+by|based\s+on|given\s+that|due\s+to|when)\b|\d|["“]`)

// opinionNoEvidence: "I am worried about Amy" with nothing, in that
// sentence or the one before or after, that says what it rests on.
func opinionNoEvidence(c *checkRun, r *Rule, p *partRun) {
	for i, s := range p.text.Sentences {
		// Every owned opinion has "I", "we" or "my" in it: a sentence
		// without is passed over before the pattern is run.
		if !slices.ContainsFunc(s.Words, func(w Word) bool { return w.Lower == "i" || w.Lower == "we" || w.Lower == "my" }) {
			continue
		}
		text := s.Text(p.Text)
		m := ownedOpinion.FindStringIndex(text)
		if m == nil || p.text.Quoted(s.Start+m[0], s.Start+m[1]) {
			continue
		}
		if evidenceCue.MatchString(text[m[1]:]) || evidenceCue.MatchString(text[:m[0]]) {
			continue
		}
		if i+1 < len(p.text.Sentences) && evidenceCue.MatchString(p.text.Sentences[i+1].Text(p.Text)) ||
			i > 0 && evidenceCue.MatchString(p.text.Sentences[i-1].Text(p.Text)) {
			continue
		}
		c.add(r, p, s.Start+m[0], s.Start+m[1], nil)
	}
}

// repeatedWord: "the the". "had had" and "that that" can be right.
func repeatedWord(c *checkRun, r *Rule, p *partRun) {
	for _, s := range p.text.Sentences {
		for i := 1; i < len(s.Words); i++ {
			a, b := s.Words[i-1], s.Words[i]
			if a.Lower != b.Lower || a.Lower == "had" || a.Lower == "that" || hasDigit(a.Lower) || !r.Quotes && p.text.Quoted(a.Start, b.End) {
				continue
			}
			if strings.TrimSpace(p.Text[a.End:b.Start]) != "" {
				continue // "no, no" is said, not mistyped
			}
			c.add(r, p, a.Start, b.End, []string{a.Text})
		}
	}
}

// anWords start with a vowel letter but a consonant sound, and the other
// way round.
var aWords = []string{"uni", "use", "usu", "uti", "ura", "ure", "euro", "eu", "one", "once", "ubiq", "uk", "ufo"}
var anWords = []string{"hour", "honest", "honour", "honor", "heir", "herb"}

// indefiniteArticle: "a" before a vowel sound, "an" before a consonant
// sound. Acronyms and numbers are left alone: they are read as letters.
func indefiniteArticle(c *checkRun, r *Rule, p *partRun) {
	for _, s := range p.text.Sentences {
		for i := 0; i+1 < len(s.Words); i++ {
			art, next := s.Words[i], s.Words[i+1]
			if art.Lower != "a" && art.Lower != "an" || hasDigit(next.Lower) || isAcronym(next.Text) || len(next.Lower) < 2 {
				continue
			}
			if strings.TrimSpace(p.Text[art.End:next.Start]) != "" || !r.Quotes && p.text.Quoted(art.Start, next.End) {
				continue
			}
			want := "a"
			if vowelSound(next.Lower) {
				want = "an"
			}
			if art.Lower != want {
				fix := want
				if art.Capitalised() {
					fix = strings.ToUpper(want[:1]) + want[1:]
				}
				c.add(r, p, art.Start, next.End, []string{fix + " " + next.Text}, "{want}", want)
			}
		}
	}
}

func vowelSound(w string) bool {
	for _, p := range anWords {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	for _, p := range aWords {
		if strings.HasPrefix(w, p) {
			return false
		}
	}
	return strings.ContainsRune("aeiou", rune(w[0]))
}

// lowercaseI: "i" for "I".
func lowercaseI(c *checkRun, r *Rule, p *partRun) {
	for _, w := range p.text.Words {
		switch w.Text {
		case "i", "i'm", "i've", "i'll", "i'd", "i’m", "i’ve", "i’ll", "i’d":
			if !r.Quotes && p.text.Quoted(w.Start, w.End) {
				continue
			}
			c.add(r, p, w.Start, w.End, []string{"I" + w.Text[1:]})
		}
	}
}
