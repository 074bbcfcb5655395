package kith

import (
	"strings"
	"unicode"
)

// DraftConflict is the answer to saving a draft that someone else saved
// first: nothing is overwritten, and Current is the version now stored so
// that both can be shown side by side.
type DraftConflict struct {
	Current *Record
}

func (e *DraftConflict) Error() string { return e.Unwrap().Error() }

// Unwrap gives the application error, so the conflict maps to HTTP 409.
func (e *DraftConflict) Unwrap() error {
	who := e.Current.LastSavedBy
	if who == "" {
		who = "someone else"
	}
	return Errorf(ECONFLICT, "This draft was saved by %s at %s, after you opened it. Nothing has been overwritten: compare the two versions and save yours again if it should replace theirs.",
		who, e.Current.UpdatedAt.In(London).Format("15:04 on 2 January 2006"))
}

// GroupCopy is another child's copy of a record written for several
// children at once (siblings seen on one visit).
type GroupCopy struct {
	RecordID      string
	CaseReference string
	ChildName     string
	// Names are the ways the child may be named in text: first name,
	// known-as name, full name.
	Names  []string
	Status RecordStatus
}

// NameMention is another child's name found in this child's copy.
type NameMention struct {
	Section   string // section label, or "Headline"
	Name      string
	ChildName string
	Marked    string // the text with the names marked (MarkStart/MarkEnd)
}

// FindNames looks for other children's names in a record, section by
// section, so the practitioner can check that nothing about a sibling has
// landed in this child's file. Matching is on whole words, ignoring case.
func FindNames(t *Template, headline string, c RecordContent, others []GroupCopy) []NameMention {
	var out []NameMention
	check := func(section, text string) {
		if text == "" {
			return
		}
		for _, g := range others {
			for _, n := range g.Names {
				if marked, ok := MarkWords(text, n); ok {
					out = append(out, NameMention{Section: section, Name: n, ChildName: g.ChildName, Marked: marked})
					break
				}
			}
		}
	}
	check("Headline", headline)
	for _, s := range t.Sections {
		v := c[s.Key]
		check(s.Label, strings.TrimSpace(v.Text+"\n"+v.Reason+"\n"+v.Others))
		for _, a := range v.Actions {
			check(s.Label, a.What+" ("+a.Who+")")
		}
	}
	return out
}

// MarkWords marks every whole-word, case-insensitive occurrence of phrase
// in text with MarkStart and MarkEnd, and reports whether there was one.
func MarkWords(text, phrase string) (string, bool) {
	phrase = strings.TrimSpace(phrase)
	if phrase == "" {
		return text, false
	}
	lt, lp := []rune(strings.ToLower(text)), []rune(strings.ToLower(phrase))
	rt := []rune(text)
	if len(lt) != len(rt) { // case mapping changed the length: compare as is
		lt = rt
	}
	var b strings.Builder
	found := false
	last := 0
	isWord := func(i int) bool { return i >= 0 && i < len(rt) && (unicode.IsLetter(rt[i]) || unicode.IsDigit(rt[i])) }
	for i := 0; i+len(lp) <= len(lt); i++ {
		if string(lt[i:i+len(lp)]) != string(lp) || isWord(i-1) || isWord(i+len(lp)) {
			continue
		}
		b.WriteString(string(rt[last:i]) + MarkStart + string(rt[i:i+len(lp)]) + MarkEnd)
		last = i + len(lp)
		i = last - 1
		found = true
	}
	b.WriteString(string(rt[last:]))
	return b.String(), found
}

// ChildNames are the ways a child may be named in a sibling's record.
func ChildNames(p *Person) []string {
	names := []string{p.FullName()}
	if p.KnownAs != "" {
		names = append(names, p.KnownAs)
	}
	return append(names, p.FirstName)
}

// RunningRecord is a page of a case's running record, with the case's
// drafts and the notices of withdrawn records.
type RunningRecord struct {
	RecordPage
	// Child and Can are for the page's identity bar, read in the same
	// transaction so the page needs no second trip (and no second audit).
	// Child holds who the child is, without their addresses and phones.
	Child     *Person
	Can       CasePermissions
	Drafts    []RecordRow
	Withdrawn []Record
	Authors   []User
}

// SiblingCase is another child's case a record can also be written for.
type SiblingCase struct {
	Reference string
	ChildName string
}
