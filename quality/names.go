package quality

import (
	"regexp"
	"strings"
	"unicode"

	"kith"
)

// Other people's names and identifiers. This file finds what in a note
// could name or identify a person; storage looks each up in the council's
// people, and NameFindings turns what it learns into findings.

// CandidateKind is what a candidate identifies a person by.
type CandidateKind string

// The kinds of candidate.
const (
	CandName     CandidateKind = "name"      // two or three capitalised words
	CandTitled   CandidateKind = "titled"    // Mrs Jenkins: a title and a surname
	CandCued     CandidateKind = "cued"      // "her uncle Marcus": a first name after a cue
	CandNHS      CandidateKind = "nhs"       // an NHS number
	CandPhone    CandidateKind = "phone"     // a phone number
	CandCaseRef  CandidateKind = "case"      // a Kith case reference
	CandPostcode CandidateKind = "postcode"  // KB3 9ZZ, with the first line of an address beside it
	CandBirth    CandidateKind = "birthdate" // a date after "born" or "DOB"
)

// Words says what the identifier is, for messages.
func (k CandidateKind) Words() string {
	switch k {
	case CandNHS:
		return "NHS number"
	case CandPhone:
		return "phone number"
	case CandCaseRef:
		return "case reference"
	case CandPostcode:
		return "address"
	case CandBirth:
		return "date of birth"
	}
	return "name"
}

// A Candidate is words in a note that may name or identify someone. Key is
// what storage looks up: a lower-case name, a surname, a first name, or
// the digits of a number.
type Candidate struct {
	Part       string
	Start, End int
	Text       string
	Kind       CandidateKind
	Key        string
	// Cue reports that the words around it say this is a person ("said",
	// "her uncle", "Mrs"): an unknown name is then worth asking about.
	Cue bool
}

var (
	nhsPattern      = regexp.MustCompile(`\b\d{3}[ -]?\d{3}[ -]?\d{4}\b`)
	phonePattern    = regexp.MustCompile(`(?:\+44\s?|\b0)(?:\d[\s-]?){9,10}\b`)
	casePattern     = regexp.MustCompile(`(?i)\bKTH[-\s/]?\d{4}[-\s/]?\d{1,9}\b`)
	postcodePattern = regexp.MustCompile(`\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b`)
	datePattern     = regexp.MustCompile(`\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4}\b`)
	birthCue        = regexp.MustCompile(`(?i)\b(?:born(?:\s+on)?|d\.?o\.?b\.?:?|date\s+of\s+birth:?)\s*$`)
)

// titles come before a surname.
var titles = wordSet(`mr mrs ms miss dr mx prof pc dc ds sgt insp cllr`)

// personCues are words before a first name that say it is a person.
var personCues = wordSet(`uncle auntie aunt aunty cousin brother sister boyfriend girlfriend partner friend neighbour husband wife
	stepdad stepmum stepfather stepmother grandad granddad grandma grandmother grandfather nan nanna godmother godfather
	ex-partner ex babysitter childminder lodger mate`)

// speechAfter are verbs after a name that say it is a person speaking.
var speechAfter = wordSet(`said says told explained reported stated asked confirmed shared disclosed called phoned visited
	agreed arrived left shouted replied texted emailed wrote`)

// notNames are capitalised words that start sentences or name things, not
// people: a run of capitals is not taken as a name when it starts or ends
// with one of these.
var notNames = wordSet(`the a an i on in at to of for and but or as if when then this that these those my our your his her their
	mum dad nan mother father school college nursery team service services council hospital clinic centre center court police
	monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september
	october november december primary secondary academy road lane street close avenue drive way health visitor social worker
	children family families care house home unit ward department nhs gp we she he they it there today yesterday tomorrow
	christmas easter kith oak library park station surgery church mosque temple shop shops market leisure pool club
	academy college university street estate flats house court tribunal office`)

// NameCandidates finds the names and identifiers in a note written on
// today (which settles the century of a date of birth written with two
// digits for its year).
func NameCandidates(n Note, today kith.Date) []Candidate {
	var out []Candidate
	for _, p := range n.Parts {
		out = append(out, partCandidates(p.Key, Split(p.Text), today)...)
	}
	return out
}

func partCandidates(key string, t *Text, today kith.Date) []Candidate {
	var out []Candidate
	src := t.Src
	add := func(kind CandidateKind, start, end int, k string, cue bool) {
		out = append(out, Candidate{Part: key, Start: start, End: end, Text: src[start:end], Kind: kind, Key: k, Cue: cue})
	}
	for _, m := range nhsPattern.FindAllStringIndex(src, -1) {
		if d := digitsOf(src[m[0]:m[1]]); kith.ValidNHSNumber(d) {
			add(CandNHS, m[0], m[1], d, true)
		}
	}
	for _, m := range phonePattern.FindAllStringIndex(src, -1) {
		d := digitsOf(src[m[0]:m[1]])
		if strings.HasPrefix(d, "44") {
			d = "0" + d[2:]
		}
		if len(d) >= 10 && len(d) <= 11 {
			add(CandPhone, m[0], m[1], d, true)
		}
	}
	for _, m := range casePattern.FindAllStringIndex(src, -1) {
		if ref, ok := kith.NormaliseReference(src[m[0]:m[1]]); ok {
			add(CandCaseRef, m[0], m[1], ref, true)
		}
	}
	for _, m := range postcodePattern.FindAllStringIndex(src, -1) {
		add(CandPostcode, m[0], m[1], NormalPostcode(src[m[0]:m[1]]), true)
	}
	for _, m := range datePattern.FindAllStringIndex(src, -1) {
		text := strings.NewReplacer("st ", " ", "nd ", " ", "rd ", " ", "th ", " ").Replace(src[m[0]:m[1]])
		if d, ok := kith.ParseLooseDate(text, today); ok && birthDateBefore(src, m[0]) {
			add(CandBirth, m[0], m[1], d.String(), true)
		}
	}
	for _, s := range t.Sentences {
		out = append(out, sentenceNames(key, src, s)...)
	}
	return out
}

// sentenceNames finds runs of capitalised words, titled surnames and
// first names after a cue in one sentence.
func sentenceNames(key, src string, s Sentence) []Candidate {
	var out []Candidate
	w := s.Words
	for i := 0; i < len(w); i++ {
		if !nameWord(w[i]) {
			continue
		}
		j := i
		for j < len(w) && j-i < 3 && nameWord(w[j]) && (j == i || strings.TrimSpace(src[w[j-1].End:w[j].Start]) == "") {
			j++
		}
		run := w[i:j]
		for len(run) > 0 && notNames[baseName(run[0].Lower)] {
			run = run[1:]
		}
		for len(run) > 0 && notNames[baseName(run[len(run)-1].Lower)] {
			run = run[:len(run)-1]
		}
		before := ""
		if i > 0 {
			before = w[i-1].Lower
		}
		after := ""
		if j < len(w) {
			after = w[j].Lower
		}
		// "to" and "with" are not cues: "went to Kithbury Library".
		cue := personCues[before] || speechAfter[after]
		// A title at the start of the run: "Mr Novak, the landlord".
		if len(run) >= 2 && titles[run[0].Lower] {
			last := run[len(run)-1]
			out = append(out, Candidate{Part: key, Start: run[0].Start, End: last.End, Text: src[run[0].Start:last.End], Kind: CandTitled,
				Key: baseName(last.Lower), Cue: true})
			i = j - 1
			continue
		}
		switch {
		case titles[before] && len(run) >= 1:
			last := run[len(run)-1]
			out = append(out, Candidate{Part: key, Start: w[i-1].Start, End: last.End, Text: src[w[i-1].Start:last.End], Kind: CandTitled,
				Key: baseName(last.Lower), Cue: true})
		case len(run) >= 2:
			out = append(out, Candidate{Part: key, Start: run[0].Start, End: run[len(run)-1].End, Text: src[run[0].Start:run[len(run)-1].End],
				Kind: CandName, Key: nameKey(run), Cue: cue})
		case len(run) == 1 && personCues[before]:
			out = append(out, Candidate{Part: key, Start: run[0].Start, End: run[0].End, Text: run[0].Text, Kind: CandCued,
				Key: baseName(run[0].Lower), Cue: true})
		}
		i = j - 1
	}
	return out
}

// nameWord is a capitalised word that could be part of a name: not an
// acronym, not a number.
func nameWord(w Word) bool {
	if !w.Capitalised() || isAcronym(w.Text) || hasDigit(w.Lower) {
		return false
	}
	for _, r := range w.Text {
		if !unicode.IsLetter(r) && r != '\'' && r != '’' && r != '-' {
			return false
		}
	}
	return true
}

func baseName(lower string) string { return strings.TrimSuffix(strings.TrimSuffix(lower, "'s"), "'") }

func nameKey(run []Word) string {
	var parts []string
	for _, w := range run {
		parts = append(parts, baseName(w.Lower))
	}
	return strings.Join(parts, " ")
}

// NameKeys are the keys a person is found by in the name index: their
// first and last name, their first given name and last name, and the name
// they are known by with their last name, in lower case.
func NameKeys(first, last, knownAs string) []string {
	norm := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	last = norm(last)
	if last == "" {
		return nil
	}
	keys := []string{}
	addKey := func(k string) {
		for _, x := range keys {
			if x == k {
				return
			}
		}
		keys = append(keys, k)
	}
	if f := norm(first); f != "" {
		addKey(f + " " + last)
		addKey(strings.Fields(f)[0] + " " + last)
	}
	if k := norm(knownAs); k != "" {
		addKey(k + " " + last)
	}
	return keys
}

func digitsOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// NormalPostcode writes a postcode as the Royal Mail does: capitals, one
// space before the last three characters.
func NormalPostcode(s string) string {
	s = strings.ToUpper(strings.ReplaceAll(s, " ", ""))
	if len(s) < 5 {
		return s
	}
	return s[:len(s)-3] + " " + s[len(s)-3:]
}

// birthDateBefore reports whether the text just before a date says it is
// a date of birth.
func birthDateBefore(src string, start int) bool {
	from := max(0, start-24)
	return birthCue.MatchString(src[from:start])
}
