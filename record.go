package kith

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// RecordStatus is where a record is in its life: a draft anyone allowed to
// edit the case may change, a final record nobody may change (only add to),
// or a record a manager withdrew because it was written on the wrong file.
type RecordStatus string

// The statuses of a record.
const (
	RecordDraft     RecordStatus = "draft"
	RecordFinal     RecordStatus = "final"
	RecordWithdrawn RecordStatus = "withdrawn"
)

// Label is the status in words.
func (s RecordStatus) Label() string {
	switch s {
	case RecordDraft:
		return "Draft"
	case RecordFinal:
		return "Final"
	case RecordWithdrawn:
		return "Withdrawn"
	}
	return string(s)
}

// Limits on what a record may hold. A section is long enough for the
// longest honest write-up; a pasted 5 MB blob is refused with a message.
const (
	MaxSectionText = 20000
	MaxRecordBytes = 200000
	// MaxRecordYearsBack is the default for how far back a record's
	// occurred-at may be; councils may configure it.
	MaxRecordYearsBack = 10
)

// A Record is one entry in a child's running record: a visit, call,
// session, meeting, decision, document or key event, written on a version
// of a template.
type Record struct {
	ID              string
	CaseID          string
	CaseReference   string
	GroupID         string // shared by the copies of a record written for several children
	TemplateKey     string
	TemplateVersion int
	TemplateName    string
	Headline        string
	OccurredAt      time.Time
	OccurredUntil   *time.Time
	Location        string
	Significant     bool
	// RiskIdentified: the record says harm or injury occurred or a risk was
	// identified, so it is due by the end of the next working day.
	RiskIdentified  bool
	Status          RecordStatus
	Content         RecordContent
	Version         int
	AuthorID        string
	AuthorName      string
	CreatedAt       time.Time // when recording began
	UpdatedAt       time.Time
	LastSavedBy     string
	FinalisedAt     *time.Time // the recorded-at time of a final record
	ContentHash     string
	WithdrawnAt     *time.Time
	WithdrawnByName string
	WithdrawReason  string
	Addenda         []Addendum
	Attachments     []Attachment
	Timeliness      *RecordTimeliness // its deadline and, once final, how late it was
	// Integrity is whether a final record is as it was finalised, checked
	// as it was read (nil for a draft, or where it was not checked).
	Integrity *RecordIntegrity
	// Objectives are the plan objectives the record works on.
	Objectives []ObjectiveRef
	// Typed is what a draft's writer typed into fields Kith cannot read
	// yet (see RecordInput.Typed). A final record has none.
	Typed map[string]string
	// ContentWithheld: the record was withdrawn and the reader is not one
	// of the case's managers, so it holds only its withdrawal notice
	// (SeesRecordContent, WithholdContent).
	ContentWithheld bool
}

// Editable reports whether the record may still be changed.
func (r *Record) Editable() bool { return r.Status == RecordDraft }

// Input is the record as a save would send it, at its current version: the
// start of a change made on the writer's behalf (a copy, an attachment).
func (r *Record) Input() RecordInput {
	return RecordInput{TemplateKey: r.TemplateKey, Headline: r.Headline, OccurredAt: r.OccurredAt, OccurredUntil: r.OccurredUntil,
		Location: r.Location, Significant: r.Significant, RiskIdentified: r.RiskIdentified, Content: r.Content, Version: r.Version,
		Typed: r.Typed}
}

// Blank reports whether nothing has been typed into a draft: no headline,
// time, place, answer or unreadable typing. A blank draft is no one's due
// work (it may only have been opened to look at the form).
func (r *Record) Blank() bool {
	for _, v := range r.Content {
		if !v.Empty() {
			return false
		}
	}
	return r.Headline == "" && r.OccurredAt.IsZero() && r.Location == "" && !r.RiskIdentified && len(r.Typed) == 0
}

// RecordContent holds a record's answers, by section key.
type RecordContent map[string]SectionValue

// SectionValue is the answer to one section. Only the fields that fit the
// section's kind are used.
type SectionValue struct {
	Text    string       `json:"text,omitempty"`   // text, line, choice, datetime (ISO date, optional " HH:MM")
	Answer  string       `json:"answer,omitempty"` // yes/no
	Reason  string       `json:"reason,omitempty"` // yes/no
	People  []PersonRef  `json:"people,omitempty"`
	Others  string       `json:"others,omitempty"` // people not in the network, typed
	Actions []ActionItem `json:"actions,omitempty"`
	Files   []string     `json:"files,omitempty"` // attachment ids
	// Attendance is who was invited to a meeting (attendance sections).
	Attendance []Attendee `json:"attendance,omitempty"`
}

// Attendance answers: whether someone invited to a meeting came.
const (
	Attended  = "attended"
	Apologies = "apologies"
)

// An Attendee is one person invited to a meeting: who they are, their role
// and agency, and whether they attended or sent apologies.
type Attendee struct {
	Name     string `json:"name"`
	Role     string `json:"role,omitempty"`
	Agency   string `json:"agency,omitempty"`
	Attended string `json:"attended"` // Attended or Apologies
}

// Empty reports whether the attendance row was left blank.
func (a Attendee) Empty() bool {
	return a.Name == "" && a.Role == "" && a.Agency == "" && a.Attended == ""
}

// Describe is the attendee in words: "Ms Patel (head of year, Oak School)".
func (a Attendee) Describe() string {
	return Owner{Kind: OwnerProfessional, Name: a.Name, Role: a.Role, Agency: a.Agency}.Words("")
}

// Empty reports whether nothing was given.
func (v SectionValue) Empty() bool {
	return v.Text == "" && v.Answer == "" && v.Reason == "" && len(v.People) == 0 && v.Others == "" && len(v.Actions) == 0 && len(v.Files) == 0 &&
		len(v.Attendance) == 0
}

// PersonRef is someone from the child's network named in a record. The name
// is kept as it was when written, so the record reads the same later.
type PersonRef struct {
	PersonID string `json:"person_id"`
	Name     string `json:"name"`
}

// ActionItem is an action agreed in a record: what, who, by when. When the
// record is finalised each becomes an Action on the case, followed up
// until it is done.
type ActionItem struct {
	What string `json:"what"`
	Who  string `json:"who"`
	By   string `json:"by"` // ISO date
	// WhoRef points at a known owner (Owner.Ref): the case's worker, a
	// family member or a professional; Who then holds their name.
	WhoRef string `json:"who_ref,omitempty"`
	// Done marks an action already done when it was recorded: the only
	// way its date may have passed by the time the record is finalised.
	Done bool `json:"done,omitempty"`
	// Objective is the plan objective the action works towards.
	Objective string `json:"objective,omitempty"`
}

// Empty reports whether the action row was left blank.
func (a ActionItem) Empty() bool { return a.What == "" && a.Who == "" && a.By == "" && a.WhoRef == "" }

// RecordInput is what a practitioner saves: the draft's fields and answers.
// Version is the draft version they started from (0 for a new draft).
type RecordInput struct {
	TemplateKey    string
	Headline       string
	OccurredAt     time.Time // zero when not (yet) given
	OccurredUntil  *time.Time
	Location       string
	Significant    bool
	RiskIdentified bool
	Content        RecordContent
	Version        int
	// Objectives are the ids of the plan objectives the record works on;
	// nil leaves a draft's links as they are.
	Objectives []string
	// Typed holds what was typed into fields that cannot be read yet, by
	// form field name: a date that is not a real date ("31 2 2026"), a
	// time like "25:00". A draft keeps it exactly as typed, so nothing is
	// lost while the writer is part way through; finalising refuses a
	// record with anything here, naming the field.
	Typed map[string]string
	// Autosave marks a save the page made by itself as the writer typed,
	// rather than one they chose: autosaves are kept as one saved version
	// per few minutes of typing (see KeepsVersion).
	Autosave bool
}

// Clean tidies typed text in place: the same rules as everywhere else, so
// that what is stored is what the practitioner meant.
func (in *RecordInput) Clean(t *Template) {
	in.Headline = CleanText(in.Headline)
	in.Location = CleanText(in.Location)
	clean := RecordContent{}
	for _, s := range t.Sections {
		v, ok := in.Content[s.Key]
		if !ok {
			continue
		}
		switch s.Kind {
		case SectionText:
			v.Text = CleanMultiline(v.Text)
		default:
			v.Text = CleanText(v.Text)
		}
		v.Reason = CleanMultiline(v.Reason)
		v.Others = CleanText(v.Others)
		var actions []ActionItem
		for _, a := range v.Actions {
			a.What, a.Who, a.By = CleanText(a.What), CleanText(a.Who), CleanText(a.By)
			if !a.Empty() {
				actions = append(actions, a)
			}
		}
		v.Actions = actions
		var attendance []Attendee
		for _, a := range v.Attendance {
			a.Name, a.Role, a.Agency, a.Attended = CleanText(a.Name), CleanText(a.Role), CleanText(a.Agency), CleanText(a.Attended)
			if !a.Empty() {
				attendance = append(attendance, a)
			}
		}
		v.Attendance = attendance
		if !v.Empty() {
			clean[s.Key] = v
		}
	}
	// Answers to sections the template does not have are kept, so that
	// CheckDraft refuses them: dropping them would lose what a client sent.
	for key, v := range in.Content {
		if _, ok := t.Section(key); !ok {
			clean[key] = v
		}
	}
	in.Content = clean
}

// RecordRules are the council's limits on when a record may say it
// happened.
type RecordRules struct {
	Now       time.Time
	YearsBack int
}

// CheckDraft checks what must hold even for a draft. A draft keeps
// everything typed, valid or not yet: a half-typed or vague "by when", a
// date that is not real, an empty required section, a section longer than
// a final record may be. Only what no typing produces is refused: answers
// that are not among a section's choices, and sections the template does
// not have (both come from API clients, never from the form).
func (in *RecordInput) CheckDraft(t *Template) error {
	var v Validation
	var unknown []string
	for key := range in.Content {
		if _, ok := t.Section(key); !ok {
			unknown = append(unknown, key)
		}
	}
	slices.Sort(unknown)
	for _, key := range unknown {
		v.Add("s."+key, "The template “"+t.Name+"” has no section “"+key+"”")
	}
	for _, s := range t.Sections {
		val := in.Content[s.Key]
		switch s.Kind {
		case SectionChoice:
			if val.Text != "" && !hasOption(s, val.Text) {
				v.Add(s.Field(), "Select one of the answers for “"+s.Label+"”")
			}
		case SectionYesNo:
			if val.Answer != "" && val.Answer != "yes" && val.Answer != "no" {
				v.Add(s.Field(), "Select yes or no for “"+s.Label+"”")
			}
		case SectionAttendance:
			for _, a := range val.Attendance {
				if a.Attended != "" && a.Attended != Attended && a.Attended != Apologies {
					v.Add(s.Field(), "Say whether each person attended or sent apologies")
					break
				}
			}
		}
	}
	return v.Err()
}

// checkComplete checks what a final record must be beyond complete: every
// part within its length, real dates and times, and no more than a record
// may hold.
func (in *RecordInput) checkComplete(v *Validation, t *Template, rules RecordRules) {
	CheckLength(v, "headline", t.Headline.Label, in.Headline, MaxShortText)
	CheckLength(v, "location", "Location", in.Location, MaxShortText)
	in.checkWhen(v, rules)
	for _, field := range typedFields(in.Typed) {
		v.Add(field, "“"+typedText(in.Typed, field)+"” cannot be read as a date or time: correct it before finalising")
	}
	size := len(in.Headline) + len(in.Location)
	for _, s := range t.Sections {
		val := in.Content[s.Key]
		size += len(val.Text) + len(val.Reason) + len(val.Others)
		max := MaxShortText * 5
		if s.Kind == SectionText {
			max = MaxSectionText
		}
		CheckLength(v, s.Field(), s.Label, val.Text, max)
		CheckLength(v, s.Field()+".reason", s.Label+" (reason)", val.Reason, MaxSectionText)
		CheckLength(v, s.Field()+".others", s.Label+" (others)", val.Others, MaxLongText)
		switch s.Kind {
		case SectionDateTime:
			if val.Text != "" {
				if at, err := ParseSectionDateTime(val.Text); err != nil || at.Year() < EarliestYear {
					v.Add(s.Field(), "“"+s.Label+"” must be a real date, like 27 3 2026, and a time like 14:30 if you give one")
				}
			}
		case SectionAttendance:
			for _, a := range val.Attendance {
				size += len(a.Name) + len(a.Role) + len(a.Agency)
				if len(a.Name) > MaxShortText || len(a.Role) > MaxShortText || len(a.Agency) > MaxShortText {
					v.Add(s.Field(), "Each name, role and agency must be "+itoa(MaxShortText)+" characters or fewer")
					break
				}
			}
		case SectionActions:
			for _, a := range val.Actions {
				size += len(a.What) + len(a.Who)
			}
		}
	}
	if size > MaxRecordBytes {
		v.Add("headline", "This record is too long to finalise: it must be "+itoa(MaxRecordBytes/1000)+" KB or less. Attach long documents as files instead")
	}
}

// typedParts are the boxes a date and time is typed into, in the order
// people read them.
var typedParts = []string{"-day", "-month", "-year", "-time"}

// typedFields are the fields a validation message names for typing kept
// in RecordInput.Typed: the date group ("occurred"), not its boxes.
func typedFields(typed map[string]string) []string {
	var out []string
	for name := range typed {
		field := name
		for _, suffix := range typedParts {
			if base, ok := strings.CutSuffix(name, suffix); ok {
				field = base
				break
			}
		}
		if !slices.Contains(out, field) {
			out = append(out, field)
		}
	}
	slices.Sort(out)
	return out
}

// typedText is what was typed into a field's boxes, as one line: "31 2
// 2026 25:00".
func typedText(typed map[string]string, field string) string {
	var parts []string
	if v, ok := typed[field]; ok {
		parts = append(parts, v)
	}
	for _, suffix := range typedParts {
		if v := typed[field+suffix]; v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, " ")
}

func hasOption(s Section, value string) bool {
	for _, o := range s.Options {
		if o.Value == value {
			return true
		}
	}
	return false
}

func (in *RecordInput) checkWhen(v *Validation, rules RecordRules) {
	if in.OccurredAt.IsZero() {
		return
	}
	if in.OccurredAt.After(rules.Now.Add(time.Minute)) {
		v.Add("occurred", "The date and time it happened must be now or in the past")
		return
	}
	years := rules.YearsBack
	if years <= 0 {
		years = MaxRecordYearsBack
	}
	if in.OccurredAt.Before(rules.Now.AddDate(-years, 0, 0)) {
		v.Add("occurred", "The date it happened must be within the last "+itoa(years)+" years")
	}
	if in.OccurredUntil != nil {
		if in.OccurredUntil.Before(in.OccurredAt) {
			v.Add("until", "The end time must be after the start time")
		} else if in.OccurredUntil.Sub(in.OccurredAt) > 24*time.Hour {
			v.Add("until", "A session must end within 24 hours of its start")
		}
	}
}

// CheckFinal checks that a record is complete enough to finalise: every
// required section answered, every reason the template asks for given, and
// every action with an owner and a date. Messages say exactly what to do.
func (in *RecordInput) CheckFinal(t *Template, rules RecordRules) error {
	var v Validation
	if err := in.CheckDraft(t); err != nil {
		v.Merge("", err)
	}
	in.checkComplete(&v, t, rules)
	if in.Headline == "" {
		v.Add("headline", "Enter the "+lowerFirst(t.Headline.Label))
	}
	if in.OccurredAt.IsZero() {
		v.Add("occurred", "Enter the date and time it happened")
	}
	if w := t.WhenStep; w != nil && w.Missing != "" && in.Location == "" {
		v.Add("location", w.Missing)
	}
	seen := ""
	named := map[string]Section{}
	for _, s := range t.Sections {
		if s.ChildSeen {
			seen = in.Content[s.Key].Answer
		}
	}
	for _, s := range t.Sections {
		val := in.Content[s.Key]
		required := s.Required || (s.RequiredWhenSeen && seen == "yes")
		if required && val.Text == "" && val.Answer == "" && len(val.People) == 0 && val.Others == "" && len(val.Actions) == 0 && len(val.Files) == 0 &&
			len(val.Attendance) == 0 {
			v.Add(s.Field(), s.MissingMessage())
			continue
		}
		if s.Kind == SectionYesNo && s.ReasonWhen != "" && val.Answer == s.ReasonWhen && val.Reason == "" {
			v.Add(s.Field()+".reason", s.ReasonMissing)
		}
		if s.Kind == SectionAttendance {
			for _, a := range val.Attendance {
				switch {
				case a.Name == "":
					v.Add(s.Field(), "Give the name of each person invited")
				case a.Attended == "":
					v.Add(s.Field(), "Say whether "+a.Name+" attended or sent apologies")
				}
			}
		}
		if s.Kind == SectionPeople {
			checkNamedOnce(&v, s, val.People, named)
		}
		if s.Kind == SectionActions {
			today := DateOf(rules.Now.In(London))
			for _, a := range val.Actions {
				by, err := ParseISODate(a.By)
				switch {
				case a.What == "":
					v.Add(s.Field(), "Say what each action is")
				case a.Who == "":
					v.Add(s.Field(), "Say who will do “"+a.What+"”")
				case a.By == "":
					v.Add(s.Field(), "Say when “"+a.What+"” will be done by")
				case err != nil || by.TooEarly():
					_, msg := ParseDue(a.By, "“"+a.What+"”", today)
					v.Add(s.Field(), msg)
				case err == nil && by.Before(today) && !a.Done:
					v.Add(s.Field(), "“"+a.What+"” was to be done by "+by.Long()+", which has passed: give a later date, or tick “Already done”")
				case err == nil && by.After(today) && a.Done:
					v.Add(s.Field(), "“"+a.What+"” is marked as already done, so its date must be today or in the past")
				}
			}
		}
	}
	return v.Err()
}

// checkNamedOnce refuses a person named in a people section who was
// already named in an earlier one (named maps each person, by id or else
// by name, to the section first naming them): each people section says
// how someone was there (took part, or present without taking part), and
// a record that says both contradicts itself.
func checkNamedOnce(v *Validation, s Section, people []PersonRef, named map[string]Section) {
	here := map[string]bool{}
	for _, p := range people {
		key := p.PersonID
		if key == "" {
			key = "name:" + strings.ToLower(p.Name)
		}
		if here[key] {
			continue
		}
		here[key] = true
		if first, ok := named[key]; ok {
			v.Add(s.Field(), p.Name+" is named in both “"+first.Label+"” and “"+s.Label+"”: name them in one")
			continue
		}
		named[key] = s
	}
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || n == 0 {
		return s
	}
	return strings.ToLower(string(r)) + s[n:]
}

// ParseSectionDateTime reads a datetime section's stored value:
// "2026-03-27" or "2026-03-27 14:30", in the council's zone.
func ParseSectionDateTime(s string) (time.Time, error) {
	if t, err := time.Parse("2006-01-02 15:04", s); err == nil {
		return InLondon(DateOf(t), t.Hour(), t.Minute()).In(London), nil
	}
	return time.ParseInLocation("2006-01-02", s, London)
}

// SeenAnswers returns whether the record says the child was seen and seen
// alone ("yes", "no" or "" when the template does not ask).
func (r *Record) SeenAnswers(t *Template) (seen, alone string) {
	for _, s := range t.Sections {
		if s.ChildSeen {
			seen = r.Content[s.Key].Answer
		}
		if s.ChildSeenAlone {
			alone = r.Content[s.Key].Answer
		}
	}
	return seen, alone
}

// PlainText renders a record's answers as labelled plain text, in template
// order: what full-text search indexes and what a print falls back on.
func PlainText(t *Template, c RecordContent) string {
	var b strings.Builder
	for _, s := range t.Sections {
		val, ok := c[s.Key]
		if !ok || val.Empty() {
			continue
		}
		b.WriteString(s.Label)
		b.WriteString(": ")
		b.WriteString(SectionPlainText(s, val))
		b.WriteString("\n")
	}
	return b.String()
}

// SectionPlainText is one section's answer as plain text.
func SectionPlainText(s Section, val SectionValue) string {
	var b strings.Builder
	switch s.Kind {
	case SectionChoice:
		b.WriteString(s.OptionLabel(val.Text))
	case SectionYesNo:
		b.WriteString(val.Answer)
		if val.Reason != "" {
			b.WriteString(". " + val.Reason)
		}
	case SectionPeople:
		names := make([]string, 0, len(val.People)+1)
		for _, p := range val.People {
			names = append(names, p.Name)
		}
		if val.Others != "" {
			names = append(names, val.Others)
		}
		b.WriteString(strings.Join(names, ", "))
	case SectionActions:
		for i, a := range val.Actions {
			if i > 0 {
				b.WriteString("; ")
			}
			b.WriteString(a.What)
			var who []string
			if a.Who != "" {
				who = append(who, a.Who)
			}
			if a.By != "" {
				who = append(who, "by "+a.By)
			}
			if len(who) > 0 {
				b.WriteString(" (" + strings.Join(who, ", ") + ")")
			}
		}
	case SectionFile:
		b.WriteString(itoa(len(val.Files)) + " file(s)")
	case SectionAttendance:
		for i, a := range val.Attendance {
			if i > 0 {
				b.WriteString("; ")
			}
			b.WriteString(a.Describe() + ": " + a.Attended)
		}
	default:
		b.WriteString(val.Text)
	}
	return b.String()
}

// ContentHash is the fingerprint stored when a record is finalised: a
// SHA-256 of everything the record says, so anyone can later show that the
// record read today is the record that was locked.
func ContentHash(r *Record) string {
	doc := struct {
		ID, CaseID, TemplateKey string
		TemplateVersion         int
		Headline                string
		OccurredAt              string
		OccurredUntil           string
		Location                string
		Significant             bool
		// Omitted when false, so records locked before the field existed
		// keep the hash they were locked with.
		RiskIdentified bool `json:",omitempty"`
		AuthorID       string
		Content        RecordContent
	}{r.ID, r.CaseID, r.TemplateKey, r.TemplateVersion, r.Headline, r.OccurredAt.UTC().Format(time.RFC3339), "",
		r.Location, r.Significant, r.RiskIdentified, r.AuthorID, r.Content}
	if r.OccurredUntil != nil {
		doc.OccurredUntil = r.OccurredUntil.UTC().Format(time.RFC3339)
	}
	// encoding/json writes map keys in sorted order, so the encoding is
	// canonical for a given record.
	b, _ := json.Marshal(doc)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// An Addendum is a dated, attributed note added to a final record: a
// correction or later information. Addenda are never changed or removed.
type Addendum struct {
	ID         string
	RecordID   string
	Text       string
	AuthorName string
	CreatedAt  time.Time
}

// CheckAddendum checks an addendum's text.
func CheckAddendum(text string) error {
	var v Validation
	if text == "" {
		v.Add("text", "Enter the addendum")
	}
	CheckLength(&v, "text", "The addendum", text, MaxSectionText)
	return v.Err()
}

// MayDiscard reports whether a user may discard a draft: only the person
// who started it. A draft is work in progress, not yet part of the record,
// so its writer may throw it away (say, one started on the wrong child);
// anyone else would be deleting a colleague's typing.
func MayDiscard(u *User, r *Record) bool {
	return u != nil && r.Status == RecordDraft && r.AuthorID == u.ID
}

// CheckWithdrawal checks the reason a manager gives for withdrawing a record.
func CheckWithdrawal(reason string) error {
	var v Validation
	if reason == "" {
		v.Add("reason", "Enter why the record is being withdrawn")
	}
	CheckLength(&v, "reason", "The reason", reason, MaxLongText)
	return v.Err()
}

// RecordVersion is one saved version of a draft, kept so the history of a
// record can be read.
type RecordVersion struct {
	Version    int
	SavedAt    time.Time
	SavedBy    string
	Headline   string
	OccurredAt time.Time
	Content    RecordContent
	Typed      map[string]string
	// Autosave: the page saved it as its writer typed (the last of a run
	// of autosaves), rather than a save they chose.
	Autosave bool
}

// RecordFilter narrows a case's running record.
type RecordFilter struct {
	TemplateKey     string
	AuthorID        string
	From, To        Date
	SignificantOnly bool
	IncludeDrafts   bool
	Before          string // cursor: the last row of the previous page
	Limit           int
}

// RecordRow is one line of the running record.
type RecordRow struct {
	ID              string
	CaseID          string
	CaseReference   string
	TemplateKey     string
	TemplateVersion int
	TemplateName    string
	Headline        string
	OccurredAt      time.Time
	AuthorName      string
	Status          RecordStatus
	Significant     bool
	FinalisedAt     *time.Time
	// WorkingDaysLate is how late a final record was finalised against
	// the deadline it was judged by (0: on time, or no deadline).
	WorkingDaysLate int
}

// RecordPage is a page of the running record and the cursor to the next.
type RecordPage struct {
	Rows []RecordRow
	Next string
}

// DraftRow is a line of "My drafts".
type DraftRow struct {
	RecordRow
	AuthorID  string
	ChildName string
	UpdatedAt time.Time
	// DueBy is the recording deadline: the strictest recording clock in
	// force for the draft as saved, on the council's calendar. DueRule says
	// which clock set it and DueClock names it.
	DueBy    Date
	DueRule  string
	DueClock string
	// Risk: the draft says harm or injury occurred or a risk was
	// identified.
	Risk bool
	// Blank: nothing has been typed into it yet. It is listed in My
	// drafts (to carry on or discard) but is no one's due work.
	Blank bool
}

// KeyEventOf is the key event a final record of a key-event template adds
// to its case: the kind chosen (the template's first choice section) and
// the headline, dated by the template's first date section or, failing
// that, when the record says it happened.
func KeyEventOf(t *Template, r *Record) (summary string, at time.Time, ok bool) {
	if !t.KeyEvent {
		return "", time.Time{}, false
	}
	summary, at = r.Headline, r.OccurredAt
	kindDone, dateDone := false, false
	for _, s := range t.Sections {
		v := r.Content[s.Key]
		if s.Kind == SectionChoice && !kindDone && v.Text != "" {
			summary, kindDone = s.OptionLabel(v.Text)+": "+r.Headline, true
		}
		if s.Kind == SectionDateTime && !dateDone && v.Text != "" {
			if d, err := ParseSectionDateTime(v.Text); err == nil {
				at, dateDone = d, true
				if !strings.Contains(v.Text, " ") {
					at = time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, London)
				}
			}
		}
	}
	return summary, at.UTC(), true
}
