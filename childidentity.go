package kith

import (
	"slices"
	"strings"
	"time"
)

// ChildIdentity is what the Department for Education's returns (the
// children in need census, SSDA903 and Ofsted's Annex A) need to know of a
// child beyond their name and date of birth. Every save is kept as a new
// version, so what was recorded when stays visible.
//
// The codes and their labels are the DfE's, as listed in the census schema
// (CIN_schema_2026.xsd) and summarised in the project's statutory-returns
// reference.
type ChildIdentity struct {
	// LocalChildID is the council's own id for the child in the returns:
	// at most 20 letters and digits. It never changes, even when the case
	// is reopened, so year-on-year returns link up.
	LocalChildID string `json:"local_child_id"`
	UPN          string `json:"upn,omitempty"`
	FormerUPN    string `json:"former_upn,omitempty"`
	// UPNUnknown is the reason there is no UPN (UN1 to UN7).
	UPNUnknown   string   `json:"upn_unknown,omitempty"`
	Sex          string   `json:"sex,omitempty"`
	Ethnicity    string   `json:"ethnicity,omitempty"`
	Disabilities []string `json:"disabilities"`
	DateOfDeath  Date     `json:"date_of_death,omitzero"`
	// UASC is whether the child is an unaccompanied asylum-seeking child;
	// UASCCeased is the date that status ended.
	UASC       bool      `json:"uasc"`
	UASCCeased Date      `json:"uasc_ceased,omitzero"`
	Version    int       `json:"version"`
	RecordedAt time.Time `json:"recorded_at,omitzero"`
	RecordedBy string    `json:"recorded_by,omitempty"`
}

// Code is one value of a DfE code list with its plain-English label.
type Code struct {
	Code, Label string
	// Group is the heading the code sits under, where the list has them
	// (ethnicity).
	Group string
}

// CodeList is a DfE code list in the order forms offer it.
type CodeList []Code

// Label is "Label (CODE)", or "" for a code not on the list.
func (l CodeList) Label(code string) string {
	for _, c := range l {
		if c.Code == code {
			return c.Label + " (" + c.Code + ")"
		}
	}
	return ""
}

// Name is a code's label alone, or "" for a code not on the list: for
// sentences, where "(CODE)" would get in the way.
func (l CodeList) Name(code string) string {
	for _, c := range l {
		if c.Code == code {
			return c.Label
		}
	}
	return ""
}

// Has reports whether the code is on the list.
func (l CodeList) Has(code string) bool { return l.Label(code) != "" }

// Sexes are the census's sex codes (item N00783, from 2024-25), kept apart
// from the gender a person is recorded with.
var Sexes = CodeList{{Code: "F", Label: "Female"}, {Code: "M", Label: "Male"}, {Code: "U", Label: "Not known or not recorded"}}

// Ethnicities are the 20 ethnicity codes (N00177), under the groups forms
// show them in.
var Ethnicities = CodeList{
	{"WBRI", "White British", "White"}, {"WIRI", "White Irish", "White"},
	{"WIRT", "Traveller of Irish heritage", "White"}, {"WROM", "Gypsy or Roma", "White"},
	{"WOTH", "Any other White background", "White"},
	{"MWBC", "White and Black Caribbean", "Mixed"}, {"MWBA", "White and Black African", "Mixed"},
	{"MWAS", "White and Asian", "Mixed"}, {"MOTH", "Any other mixed background", "Mixed"},
	{"AIND", "Indian", "Asian or Asian British"}, {"APKN", "Pakistani", "Asian or Asian British"},
	{"ABAN", "Bangladeshi", "Asian or Asian British"}, {"AOTH", "Any other Asian background", "Asian or Asian British"},
	{"BCRB", "Black Caribbean", "Black or Black British"}, {"BAFR", "Black African", "Black or Black British"},
	{"BOTH", "Any other Black background", "Black or Black British"},
	{"CHNE", "Chinese", "Other ethnic group"}, {"OOTH", "Any other ethnic group", "Other ethnic group"},
	{"REFU", "Refused", "Not given"}, {"NOBT", "Information not yet obtained", "Not given"},
}

// NoDisability is the disability code that says there is none; it cannot be
// given with any other (census rule 8790).
const NoDisability = "NONE"

// Disabilities are the 13 disability codes (N00099); a child may have
// several.
var Disabilities = CodeList{
	{Code: NoDisability, Label: "No disability"}, {Code: "MOB", Label: "Mobility"}, {Code: "HAND", Label: "Hand function"},
	{Code: "PC", Label: "Personal care"}, {Code: "INC", Label: "Incontinence"}, {Code: "COMM", Label: "Communication"},
	{Code: "LD", Label: "Learning"}, {Code: "HEAR", Label: "Hearing"}, {Code: "VIS", Label: "Vision"},
	{Code: "BEH", Label: "Behaviour"}, {Code: "CON", Label: "Consciousness"}, {Code: "AUT", Label: "Autism or Asperger syndrome"},
	{Code: "DDA", Label: "Other disability"},
}

// UPNUnknownReasons are the reasons a child has no UPN (N00135). The census
// also accepts UN6, whose meaning is not in the sources this list was made
// from, so Kith does not offer it rather than guess what it means.
var UPNUnknownReasons = CodeList{
	{Code: "UN1", Label: "Not of school age and has no UPN yet"},
	{Code: "UN2", Label: "Never attended a maintained school in England"},
	{Code: "UN3", Label: "Educated outside England"},
	{Code: "UN4", Label: "Newly looked after or referred, UPN not yet known"},
	{Code: "UN5", Label: "Sources disagree about the UPN"},
	{Code: "UN7", Label: "Referral with no further action"},
}

// upnCheckLetters maps a remainder modulo 23 to the UPN's check letter (and
// a letter in the 13th place to its value): A to Z without I, O and S.
const upnCheckLetters = "ABCDEFGHJKLMNPQRTUVWXYZ"

// UPNProblem says what is wrong with a unique pupil number, or "" if it is
// well formed and its check letter matches. The number is 13 characters: a
// check letter, the LA code (3 digits), the school's code (4 digits), the
// year (2 digits), a serial (2 digits) and a last digit, or a letter for a
// temporary UPN. The check letter is the sum of characters 2 to 13, each
// times its position, modulo 23 (DfE UPN guide; census rules 1510 and 1550).
func UPNProblem(upn string) string {
	if len(upn) != 13 {
		return "must be 13 characters: a letter, 11 digits, then a digit or a letter, like A950000178301"
	}
	if strings.IndexByte(upnCheckLetters, upn[0]) < 0 {
		return "must start with a check letter (A to Z, but not I, O or S)"
	}
	letter, problem := UPNCheckLetter(upn[1:])
	switch {
	case problem != "":
		return problem
	case letter != upn[0]:
		return "has a check letter (its first character) that does not match the rest of the number: check it was copied correctly"
	}
	return ""
}

// UPNCheckLetter is the check letter of a UPN's last 12 characters (11
// digits, then a digit or a letter), or a problem with them.
func UPNCheckLetter(rest string) (byte, string) {
	if len(rest) != 12 {
		return 0, "must be 13 characters: a letter, 11 digits, then a digit or a letter, like A950000178301"
	}
	sum := 0
	for i := 0; i < 12; i++ {
		c := rest[i]
		v := int(c - '0')
		switch {
		case c >= '0' && c <= '9':
		case i == 11 && strings.IndexByte(upnCheckLetters, c) >= 0:
			v = strings.IndexByte(upnCheckLetters, c)
		case i == 11:
			return 0, "must end with a digit or a letter other than I, O or S"
		default:
			return 0, "must have 11 digits after its first letter"
		}
		sum += v * (i + 2) // the second character of the UPN weighs 2
	}
	return upnCheckLetters[sum%23], ""
}

// LocalChildIDFromReference is the local child id a child has until one is
// recorded: their case reference with its hyphens taken out (KTH-2026-000123
// becomes KTH2026000123), which stays the same across reopenings because a
// child has one case.
func LocalChildIDFromReference(ref string) string {
	var b strings.Builder
	for _, r := range ref {
		if isASCIIAlnum(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isASCIIAlnum(r rune) bool {
	return (r >= '0' && r <= '9') || (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z')
}

// ChildIdentityInput is what a practitioner records of a child's identity
// items.
type ChildIdentityInput struct {
	// LocalChildID may be given only the first time (a child migrated from
	// another system keeps its id there); after that it is fixed.
	LocalChildID string   `json:"local_child_id,omitempty"`
	UPN          string   `json:"upn,omitempty"`
	FormerUPN    string   `json:"former_upn,omitempty"`
	UPNUnknown   string   `json:"upn_unknown,omitempty"`
	Sex          string   `json:"sex,omitempty"`
	Ethnicity    string   `json:"ethnicity,omitempty"`
	Disabilities []string `json:"disabilities,omitempty"`
	DateOfDeath  Date     `json:"date_of_death,omitzero"`
	UASC         bool     `json:"uasc,omitempty"`
	UASCCeased   Date     `json:"uasc_ceased,omitzero"`
	// Version is the identity version the user edited (0 for the first).
	Version int `json:"version"`
}

// Clean normalises what was typed: codes and UPNs in capitals without
// spaces, disabilities once each in list order.
func (in *ChildIdentityInput) Clean() {
	squash := func(s string) string { return strings.ToUpper(strings.Join(strings.Fields(s), "")) }
	in.LocalChildID = strings.TrimSpace(in.LocalChildID)
	in.UPN, in.FormerUPN = squash(in.UPN), squash(in.FormerUPN)
	in.UPNUnknown, in.Sex, in.Ethnicity = squash(in.UPNUnknown), squash(in.Sex), squash(in.Ethnicity)
	seen := map[string]bool{}
	var ds []string
	for _, d := range in.Disabilities {
		if d = squash(d); d != "" && !seen[d] {
			seen[d] = true
			ds = append(ds, d)
		}
	}
	slices.SortStableFunc(ds, func(a, b string) int { return codeIndex(Disabilities, a) - codeIndex(Disabilities, b) })
	in.Disabilities = ds
}

func codeIndex(l CodeList, code string) int {
	for i, c := range l {
		if c.Code == code {
			return i
		}
	}
	return len(l)
}

// Validate checks the identity items of a child, as of today. Each problem
// is reported against its field. child may be nil where the child's details
// are not at hand (a form's first check); storage checks again with them.
func (in *ChildIdentityInput) Validate(today Date, child *Person) error {
	in.Clean()
	var v Validation
	var dob Date
	if child != nil {
		dob = child.DateOfBirth
		if child.Unborn() && in.Sex != "" && in.Sex != "U" {
			v.Add("sex", "An unborn child's sex is recorded as not known (U) until they are born")
		}
		if child.Unborn() && !in.DateOfDeath.IsZero() {
			v.Add("date_of_death", "Record the child's date of birth before a date of death")
		}
	}
	if in.LocalChildID != "" {
		if len(in.LocalChildID) > 20 || strings.IndexFunc(in.LocalChildID, func(r rune) bool { return !isASCIIAlnum(r) }) >= 0 {
			v.Add("local_child_id", "Local child ID must be at most 20 letters and numbers, with no spaces or other characters")
		}
	}
	if in.UPN != "" {
		if p := UPNProblem(in.UPN); p != "" {
			v.Add("upn", "The UPN "+p)
		}
	}
	if in.FormerUPN != "" {
		if p := UPNProblem(in.FormerUPN); p != "" {
			v.Add("former_upn", "The former UPN "+p)
		} else if in.FormerUPN == in.UPN {
			v.Add("former_upn", "The former UPN must be different from the UPN")
		}
	}
	switch {
	case in.UPNUnknown != "" && !UPNUnknownReasons.Has(in.UPNUnknown):
		v.Add("upn_unknown", "Select why the UPN is not known from the list")
	case in.UPNUnknown != "" && in.UPN != "":
		v.Add("upn_unknown", "Give the UPN or the reason it is not known, not both")
	}
	if in.Sex != "" && !Sexes.Has(in.Sex) {
		v.Add("sex", "Select the child's sex from the list")
	}
	if in.Ethnicity != "" && !Ethnicities.Has(in.Ethnicity) {
		v.Add("ethnicity", "Select the child's ethnicity from the list")
	}
	for _, d := range in.Disabilities {
		if !Disabilities.Has(d) {
			v.Add("disabilities", "Select disabilities from the list")
			break
		}
	}
	if slices.Contains(in.Disabilities, NoDisability) && len(in.Disabilities) > 1 {
		v.Add("disabilities", "Select ‘No disability’ or the child's disabilities, not both")
	}
	checkLifeDate(&v, "date_of_death", "Date of death", in.DateOfDeath, today, dob)
	if !in.UASCCeased.IsZero() && !in.UASC {
		v.Add("uasc_ceased", "Enter the date UASC status ceased only for a child who was unaccompanied and seeking asylum")
	} else {
		checkLifeDate(&v, "uasc_ceased", "The date UASC status ceased", in.UASCCeased, today, dob)
	}
	return v.Err()
}

// checkLifeDate checks a date in the child's life: not in the future and
// not before they were born.
func checkLifeDate(v *Validation, field, label string, d, today, dob Date) {
	switch {
	case d.IsZero():
	case d.After(today):
		v.Add(field, label+" must be today or in the past")
	case !dob.IsZero() && dob.After(d):
		v.Add(field, label+" must be on or after the child's date of birth, "+dob.Long())
	}
}

// Apply is the identity after a validated input is saved over it.
func (in ChildIdentityInput) Apply(old ChildIdentity) ChildIdentity {
	n := old
	if old.Version == 0 && in.LocalChildID != "" {
		n.LocalChildID = in.LocalChildID
	}
	n.UPN, n.FormerUPN, n.UPNUnknown = in.UPN, in.FormerUPN, in.UPNUnknown
	n.Sex, n.Ethnicity, n.Disabilities = in.Sex, in.Ethnicity, in.Disabilities
	n.DateOfDeath, n.UASC, n.UASCCeased = in.DateOfDeath, in.UASC, in.UASCCeased
	n.Version = old.Version + 1
	return n
}

// IdentityChange is one item that differs between two versions, in words.
type IdentityChange struct {
	Item, From, To string
}

// ChangesFrom lists what differs from an earlier version, item by item, in
// the order the page shows them.
func (c ChildIdentity) ChangesFrom(old ChildIdentity) []IdentityChange {
	var out []IdentityChange
	a, b := old.Items(), c.Items()
	for i := range b {
		if a[i].Value != b[i].Value {
			out = append(out, IdentityChange{Item: b[i].Label, From: a[i].Value, To: b[i].Value})
		}
	}
	return out
}

// IdentityItem is one identity item as the page shows it.
type IdentityItem struct {
	Label, Value string
}

// NotRecorded is how an item with no value reads.
const NotRecorded = "Not recorded"

// Items are the identity items in words, in the order the page shows them.
func (c ChildIdentity) Items() []IdentityItem {
	or := func(s string) string {
		if s == "" {
			return NotRecorded
		}
		return s
	}
	date := func(d Date) string {
		if d.IsZero() {
			return NotRecorded
		}
		return d.Long()
	}
	var ds []string
	for _, d := range c.Disabilities {
		ds = append(ds, Disabilities.Label(d))
	}
	uasc := "No"
	switch {
	case c.UASC:
		uasc = "Yes"
	case c.Version == 0:
		uasc = NotRecorded
	}
	return []IdentityItem{
		{"Local child ID", or(c.LocalChildID)},
		{"Unique pupil number (UPN)", or(c.UPN)},
		{"Former UPN", or(c.FormerUPN)},
		{"Why there is no UPN", or(UPNUnknownReasons.Label(c.UPNUnknown))},
		{"Sex", or(Sexes.Label(c.Sex))},
		{"Ethnicity", or(Ethnicities.Label(c.Ethnicity))},
		{"Disabilities", or(strings.Join(ds, ", "))},
		{"Date of death", date(c.DateOfDeath)},
		{"Unaccompanied asylum-seeking child", uasc},
		{"Date UASC status ceased", date(c.UASCCeased)},
	}
}
