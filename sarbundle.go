package kith

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// A subject access bundle is the child's record gathered for a request,
// page by page (SARPart: a record with its addenda and files, a plan),
// with the redactions Kith proposes and the reviewer's decisions on them.
// Once every page is reviewed it is finalised into the disclosed PDF,
// whose text holds none of what was redacted, and a redaction log kept
// with the request.
//
// What Kith proposes, and why, follows the Information Commissioner's
// guidance on subject access and the Data Protection Act 2018: someone
// else's personal data is withheld unless they consent or it is
// reasonable to disclose it (Schedule 2, Part 3, paragraph 16);
// professionals acting in their role are not redacted by default, since
// what they did in that role is usually reasonable to disclose.

// SARRedactionReasons are the exemptions a redaction is made under.
var SARRedactionReasons = CodeList{
	{Code: "third_party", Label: "Someone else’s personal data (Data Protection Act 2018, Schedule 2, Part 3, paragraph 16)"},
	{Code: "other_child", Label: "Another child’s personal data, such as a brother’s or sister’s own case (Data Protection Act 2018, Schedule 2, Part 3, paragraph 16)"},
	{Code: "confidential_source", Label: "Information given in confidence by another agency or person (Data Protection Act 2018, Schedule 2, Part 3, paragraph 16(3)(b))"},
	{Code: "serious_harm", Label: "Likely to cause serious harm to someone’s physical or mental health (Data Protection Act 2018, Schedule 3, Part 3)"},
	{Code: "legal_privilege", Label: "Legal professional privilege (Data Protection Act 2018, Schedule 2, Part 4, paragraph 19)"},
}

// SARShortReasons are the reasons as the disclosed PDF shows them in place
// of what was removed: short, and in plain words for the requester.
var SARShortReasons = map[string]string{
	"third_party":         "someone else’s information",
	"other_child":         "another child’s information",
	"confidential_source": "given in confidence",
	"serious_harm":        "could cause serious harm",
	"legal_privilege":     "legal advice",
}

// The origins and decisions of a redaction.
const (
	SARProposed = "proposed" // by Kith, from the record
	SARAdded    = "added"    // by the reviewer
	SARAccepted = "accepted"
	SARRejected = "rejected"
)

// SARPart is one page of the bundle. Its title says what it is and when
// ("Home visit", 3 March 2026) and holds nothing that could need
// redacting, since it is the disclosed PDF's outline; everything else is
// in its blocks.
type SARPart struct {
	Seq      int        `json:"seq"`
	Kind     string     `json:"kind"` // record, key-events, plan or chronology
	SourceID string     `json:"source_id"`
	Title    string     `json:"title"`
	On       Date       `json:"on,omitzero"`
	Blocks   []SARBlock `json:"blocks"`
	// ReviewedBy and ReviewedAt say who marked the page reviewed.
	ReviewedBy string     `json:"reviewed_by,omitempty"`
	ReviewedAt *time.Time `json:"reviewed_at,omitempty"`
}

// SARBlock is one labelled piece of a page's text: a section of a record,
// an addendum, a file's name.
type SARBlock struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Text  string `json:"text"`
}

// Block finds a block by its key.
func (p *SARPart) Block(key string) *SARBlock {
	for i := range p.Blocks {
		if p.Blocks[i].Key == key {
			return &p.Blocks[i]
		}
	}
	return nil
}

// SARRedaction is one redaction proposed or added: where it is (a page's
// block, by byte offsets into its text), what it removes, why, and the
// reviewer's decision.
type SARRedaction struct {
	ID    string `json:"id"`
	Seq   int    `json:"seq"`
	Block string `json:"block"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	// Reason is a SARRedactionReasons code; Note says what Kith found
	// ("Dean Ashdown, father") or why the reviewer added it.
	Reason    string     `json:"reason"`
	Note      string     `json:"note,omitempty"`
	Origin    string     `json:"origin"`
	Decision  string     `json:"decision,omitempty"`
	DecidedBy string     `json:"decided_by,omitempty"`
	DecidedAt *time.Time `json:"decided_at,omitempty"`
}

// Removes reports whether the redaction is to be made: added by the
// reviewer, or proposed and accepted.
func (r *SARRedaction) Removes() bool {
	return r.Origin == SARAdded || r.Decision == SARAccepted
}

// Undecided reports whether a proposal still waits for the reviewer.
func (r *SARRedaction) Undecided() bool { return r.Origin == SARProposed && r.Decision == "" }

// Overlaps reports whether two redactions cover some of the same text.
func (r *SARRedaction) Overlaps(o *SARRedaction) bool {
	return r.Seq == o.Seq && r.Block == o.Block && r.Start < o.End && o.Start < r.End
}

// SARPerson is someone whose details the bundle withholds: a member of
// the child's network other than the requester, or another child.
type SARPerson struct {
	// Who says who they are to the reviewer: "Dean Ashdown, father".
	Who string
	// Reason is the SARRedactionReasons code their details are withheld
	// under.
	Reason string
	// Names are the ways they are named: full name, first name, known-as.
	Names []string
	// Details are their addresses' first lines and postcodes, phone
	// numbers and date of birth, as they may be written.
	Details []string
}

// SARReasonFor is the exemption a network member's details are withheld
// under: another child's (a brother or sister, or anyone under 18 on
// today) or someone else's.
func SARReasonFor(kind RelationshipKind, dateOfBirth, today Date) string {
	if kind == RelSibling || (!dateOfBirth.IsZero() && dateOfBirth.AgeOn(today) < 18) {
		return "other_child"
	}
	return "third_party"
}

// SARPersonFor is what the bundle withholds about a person.
func SARPersonFor(p *Person, who, reason string) SARPerson {
	sp := SARPerson{Who: who, Reason: reason}
	add := func(list *[]string, s string) {
		s = strings.Join(strings.Fields(s), " ")
		if utf8.RuneCountInString(s) >= 2 && !slices.Contains(*list, s) {
			*list = append(*list, s)
		}
	}
	add(&sp.Names, p.FullName())
	add(&sp.Names, p.DisplayName())
	add(&sp.Names, p.FirstName)
	if f := strings.Fields(p.FirstName); len(f) > 1 {
		add(&sp.Names, f[0])
	}
	add(&sp.Names, p.KnownAs)
	for _, a := range p.Addresses {
		add(&sp.Details, a.Line1)
		add(&sp.Details, a.Postcode)
	}
	for _, ph := range p.Phones {
		add(&sp.Details, ph.Number)
	}
	if d := p.DateOfBirth; !d.IsZero() {
		add(&sp.Details, d.Long())
		add(&sp.Details, fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year))
		add(&sp.Details, fmt.Sprintf("%d/%d/%04d", d.Day, int(d.Month), d.Year))
		add(&sp.Details, d.String())
	}
	return sp
}

// ProposeRedactions finds, in each page's text, the names and details of
// the people given, and returns them with found (redactions proposed by
// other means, such as the name index) as proposals: the longest first
// where two overlap, so "Dean Ashdown" is one proposal, not "Dean" and
// "Ashdown". Names are matched as whole words starting with a capital,
// so "Rose" is proposed and "rose" is not; details as whole words in any
// case, phone numbers by their digits however they are spaced. In a
// file's name and description (blocks "file:…") names match in any case.
func ProposeRedactions(parts []SARPart, people []SARPerson, found []SARRedaction) []SARRedaction {
	cands := slices.Clone(found)
	// Each phone number's pattern is made once, not once a block.
	phones := map[string]*regexp.Regexp{}
	for _, who := range people {
		for _, d := range who.Details {
			if phoneNumberLike(d) {
				phones[d] = phonePattern(d)
			}
		}
	}
	for _, p := range parts {
		for _, b := range p.Blocks {
			lower := lowerSameLength(b.Text)
			for _, who := range people {
				add := func(spans [][2]int) {
					for _, s := range spans {
						cands = append(cands, SARRedaction{Seq: p.Seq, Block: b.Key, Start: s[0], End: s[1], Text: b.Text[s[0]:s[1]],
							Reason: who.Reason, Note: who.Who, Origin: SARProposed})
					}
				}
				// A file's name is often written in lower case
				// (maisie-school-report.pdf): names are found there in any case.
				fileName := strings.HasPrefix(b.Key, "file:")
				for _, n := range who.Names {
					add(findWordsIn(b.Text, lower, n, !fileName))
				}
				for _, d := range who.Details {
					if re := phones[d]; re != nil {
						add(findPattern(b.Text, re))
					} else {
						add(findWordsIn(b.Text, lower, d, false))
					}
				}
			}
		}
	}
	return keepLongest(cands)
}

// keepLongest drops every candidate overlapping a longer one (or, equal
// in length, an earlier one), and orders the rest by page, block and
// place. Only candidates in the same block can overlap, so each is
// checked against its own block's alone.
func keepLongest(cands []SARRedaction) []SARRedaction {
	slices.SortStableFunc(cands, func(a, b SARRedaction) int {
		return cmp.Or(cmp.Compare(b.End-b.Start, a.End-a.Start), cmp.Compare(a.Seq, b.Seq), strings.Compare(a.Block, b.Block), cmp.Compare(a.Start, b.Start))
	})
	type place struct {
		seq   int
		block string
	}
	kept := map[place][]SARRedaction{}
	var out []SARRedaction
	for _, c := range cands {
		at := place{c.Seq, c.Block}
		if !slices.ContainsFunc(kept[at], func(o SARRedaction) bool { return o.Overlaps(&c) }) {
			kept[at] = append(kept[at], c)
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b SARRedaction) int {
		return cmp.Or(cmp.Compare(a.Seq, b.Seq), strings.Compare(a.Block, b.Block), cmp.Compare(a.Start, b.Start))
	})
	return out
}

// lowerSameLength is s in lower case where that keeps every byte where it
// was, so offsets found in it hold in s; otherwise "".
func lowerSameLength(s string) string {
	if l := strings.ToLower(s); len(l) == len(s) {
		return l
	}
	return ""
}

// findWords finds term in text as whole words, ignoring case; a name
// must also start with a capital where it is found.
func findWords(text, term string, name bool) [][2]int {
	return findWordsIn(text, lowerSameLength(text), term, name)
}

// findWordsIn is findWords with text's lower case (lowerSameLength)
// worked out once by the caller.
func findWordsIn(text, lt, term string, name bool) [][2]int {
	var out [][2]int
	if term == "" {
		return nil
	}
	lterm := strings.ToLower(term)
	if lt == "" || len(lterm) != len(term) {
		// Lower-casing would move bytes (a rare letter): match as typed.
		lt, lterm = text, term
	}
	for i := 0; ; {
		j := strings.Index(lt[i:], lterm)
		if j < 0 {
			return out
		}
		start, end := i+j, i+j+len(lterm)
		i = start + 1
		if !wordEdge(text, start) || !wordEdge(text, end) {
			continue
		}
		if name {
			if r, _ := utf8.DecodeRuneInString(text[start:]); !unicode.IsUpper(r) {
				continue
			}
		}
		out = append(out, [2]int{start, end})
	}
}

// wordEdge reports whether i is at the start or end of a word in s.
func wordEdge(s string, i int) bool {
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	after, _ := utf8.DecodeRuneInString(s[i:])
	isWord := func(r rune) bool { return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r)) }
	return !(isWord(before) && isWord(after))
}

// phoneNumberLike: a detail is found as a phone number when it is
// written only as one is and has enough digits to be one.
func phoneNumberLike(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ' ' || r == '-' || r == '(' || r == ')' || r == '+':
		default:
			return false
		}
	}
	return digits >= 8
}

// phonePattern matches a phone number's digits with any spacing or
// punctuation between them, and no digit either side.
func phonePattern(number string) *regexp.Regexp {
	var pat strings.Builder
	pat.WriteString(`(?:^|[^\d])(`)
	first := true
	for _, r := range number {
		if r < '0' || r > '9' {
			continue
		}
		if !first {
			pat.WriteString(`[\s\-()]*`)
		}
		first = false
		pat.WriteRune(r)
	}
	pat.WriteString(`)(?:[^\d]|$)`)
	return regexp.MustCompile(pat.String())
}

// findPattern is where re's first group matches in text.
func findPattern(text string, re *regexp.Regexp) [][2]int {
	var out [][2]int
	for _, m := range re.FindAllStringSubmatchIndex(text, -1) {
		out = append(out, [2]int{m[2], m[3]})
	}
	return out
}

// NewSARRedaction checks a redaction the reviewer adds: its words are on
// the page's block, its reason is one of the exemptions, and it overlaps
// no redaction already there that is not rejected.
func NewSARRedaction(p *SARPart, block, words, reason, note string, existing []SARRedaction) ([]SARRedaction, error) {
	v := &Validation{}
	words = strings.TrimSpace(words)
	switch {
	case words == "":
		v.Add("words", "Enter the words to redact, as they are written on this page")
	case utf8.RuneCountInString(words) > 2000:
		v.Add("words", "The words to redact must be 2,000 characters or fewer: add a long passage as several redactions")
	}
	if !SARRedactionReasons.Has(reason) {
		v.Add("reason", "Select why these words are redacted")
	}
	CheckLength(v, "note", "The note", note, MaxShortText)
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out []SARRedaction
	for _, b := range p.Blocks {
		if block != "" && b.Key != block {
			continue
		}
		for i := 0; ; {
			j := strings.Index(b.Text[i:], words)
			if j < 0 {
				break
			}
			r := SARRedaction{Seq: p.Seq, Block: b.Key, Start: i + j, End: i + j + len(words), Text: words, Reason: reason, Note: note, Origin: SARAdded}
			for k := range existing {
				if e := &existing[k]; e.Decision != SARRejected && e.Overlaps(&r) {
					v.Add("words", fmt.Sprintf("“%s” overlaps a redaction already on this page (“%s”): reject that one first, or redact other words", words, e.Text))
					return nil, v.Err()
				}
			}
			out = append(out, r)
			i += j + len(words)
		}
	}
	if len(out) == 0 {
		v.Add("words", "These words are not on this page: copy them exactly as they are written, or select them on the page")
		return nil, v.Err()
	}
	return out, nil
}

// SARProgress is how far the review of a bundle has got.
type SARProgress struct {
	Pages, Reviewed int
	// Undecided counts proposals not yet accepted or rejected; Removed
	// the redactions to be made.
	Undecided, Removed int
}

// Done reports whether every page is reviewed.
func (p SARProgress) Done() bool { return p.Pages > 0 && p.Reviewed == p.Pages }

// CountSARProgress counts the review's progress.
func CountSARProgress(parts []SARPart, rs []SARRedaction) SARProgress {
	p := SARProgress{Pages: len(parts)}
	for _, pt := range parts {
		if pt.ReviewedAt != nil {
			p.Reviewed++
		}
	}
	for i := range rs {
		if rs[i].Undecided() {
			p.Undecided++
		}
		if rs[i].Removes() {
			p.Removed++
		}
	}
	return p
}

// CheckSARPageReviewed refuses to mark a page reviewed while a proposal on
// it is undecided.
func CheckSARPageReviewed(rs []SARRedaction) error {
	n := 0
	for i := range rs {
		if rs[i].Undecided() {
			n++
		}
	}
	if n > 0 {
		v := &Validation{}
		v.Add("reviewed", fmt.Sprintf("Accept or reject each proposed redaction on this page before marking it reviewed (%d left)", n))
		return v.Err()
	}
	return nil
}

// CheckSARFinal refuses to finalise a bundle with pages not reviewed.
func CheckSARFinal(p SARProgress) error {
	if p.Pages == 0 {
		return Errorf(EINVALID, "There is nothing in the bundle to finalise.")
	}
	if left := p.Pages - p.Reviewed; left > 0 {
		v := &Validation{}
		v.Add("finalise", fmt.Sprintf("Review every page before finalising: %d of %d pages are not reviewed yet", left, p.Pages))
		return v.Err()
	}
	return nil
}

// SARSpan is a piece of a block's text as disclosed: kept, or removed
// with the number of its entry in the redaction log and its short reason.
type SARSpan struct {
	Text    string
	Removed bool
	Entry   int
	Reason  string
}

// DiscloseBlock cuts a block's text into what is kept and what is
// removed. rs are the block's redactions to be made, numbered by their
// place in the log (entry[i] for rs[i]); a removed span carries no text.
func DiscloseBlock(text string, rs []SARRedaction, entry []int) []SARSpan {
	idx := make([]int, len(rs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(rs[a].Start, rs[b].Start) })
	var out []SARSpan
	at := 0
	for _, i := range idx {
		r := rs[i]
		// Stored redactions never overlap; were two to, the text under
		// either is still removed, never printed.
		start, end := max(r.Start, at), min(r.End, len(text))
		if end <= start {
			continue
		}
		if start > at {
			out = append(out, SARSpan{Text: text[at:start]})
		}
		out = append(out, SARSpan{Removed: true, Entry: entry[i], Reason: SARShortReasons[r.Reason]})
		at = end
	}
	if at < len(text) {
		out = append(out, SARSpan{Text: text[at:]})
	}
	return out
}
