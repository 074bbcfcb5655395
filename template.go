package kith

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"
)

// A Template is one version of a kind of record: the sections a
// practitioner fills in, each with the guidance that prompts for what
// matters. Templates are data (JSON), so a council can add its own; a record
// keeps the key and version it was written on and always renders with them.
type Template struct {
	Key         string `json:"key"`
	Version     int    `json:"version"`
	Name        string `json:"name"`
	Description string `json:"description"`
	// Headline is how this template asks for the record's headline, the
	// "reason for contact" shown in the running record.
	Headline HeadlinePrompt `json:"headline"`
	// Where is how it asks where it happened, when the usual question
	// (WherePrompt) does not fit: a phone call or supervision does not
	// happen "at the family home".
	Where *HeadlinePrompt `json:"where,omitempty"`
	// ManagersOnly templates (a management decision) are written by team
	// and service managers only.
	ManagersOnly bool `json:"managers_only,omitempty"`
	// Session templates take an end time as well as a start time.
	Session bool `json:"session,omitempty"`
	// Significant templates are flagged as significant events by default.
	Significant bool `json:"significant,omitempty"`
	// KeyEvent templates add a key event to the case when finalised (a
	// court hearing, a change of placement), beside the allocation, transfer
	// and closure events Kith records itself.
	KeyEvent bool `json:"key_event,omitempty"`
	// Supervision templates record management oversight of the child's
	// case (seed 003): written by a manager of the case, or by a
	// practitioner naming the manager present; begun with what the record
	// already says (when the child was last seen, their last words,
	// significant adults outside the home) and beside the case's actions,
	// to review each one; and counted as oversight by the timeliness clocks.
	Supervision bool `json:"supervision,omitempty"`
	// Summary templates are case summaries (seeds 000 and 002): begun from
	// a period, with the facts of the record in it gathered beside them,
	// and counted by the summary clock.
	Summary bool `json:"summary,omitempty"`
	// DirectWork templates record sessions of direct work with the child
	// or family: a summary lists them as sessions delivered.
	DirectWork bool `json:"direct_work,omitempty"`
	// Steps templates follow guidance written as numbered steps (the
	// contact note's seven): the form and the record number each step as
	// the guidance does. A file section is part of the step before it.
	Steps bool `json:"steps,omitempty"`
	// WhenStep makes the record's own when and where one of the steps,
	// asked once, where the guidance puts it, rather than above the
	// sections.
	WhenStep *WhenStep `json:"when_step,omitempty"`
	Sections []Section `json:"sections"`
}

// WhenStep is where, among a template's sections, the record's date,
// times and place are asked for, and the step's heading.
type WhenStep struct {
	// After is the key of the section it follows.
	After string `json:"after"`
	Label string `json:"label"`
	Hint  string `json:"hint,omitempty"`
	// Missing, when given, makes the place needed to finalise, and is
	// what is said when it is not given ("Enter where the contact took
	// place"): the guidance's step asks where, not only when.
	Missing string `json:"missing,omitempty"`
}

// A Part is one piece of a record's form in the order it is asked for: a
// section, or (When) the record's own when and where. Step is its number
// in a template written as steps, 0 when it has none.
type Part struct {
	Step    int
	When    bool
	Section Section
}

// Parts lists what the record's form asks, in order: the sections, with
// the when and where among them where WhenStep puts it, each numbered as
// a step when the template is written as steps. A numbered section's
// label carries its number, so the form, the record and its print all
// say "3. Purpose".
func (t *Template) Parts() []Part {
	var out []Part
	step := 0
	number := func(label string) (int, string) {
		if !t.Steps {
			return 0, label
		}
		step++
		return step, itoa(step) + ". " + label
	}
	for _, s := range t.Sections {
		n := 0
		if s.Kind != SectionFile || out == nil {
			n, s.Label = number(s.Label)
		}
		out = append(out, Part{Step: n, Section: s})
		if t.WhenStep != nil && s.Key == t.WhenStep.After {
			n, label := number(t.WhenStep.Label)
			out = append(out, Part{Step: n, When: true, Section: Section{Key: "when", Label: label, Hint: t.WhenStep.Hint}})
		}
	}
	return out
}

// WherePrompt is how the record form asks where it happened: the
// template's own question, or the usual one for a visit or meeting.
func (t *Template) WherePrompt() HeadlinePrompt {
	if t.Where != nil {
		return *t.Where
	}
	return HeadlinePrompt{Label: "Where (optional)", Hint: "For example, the family home, school, the office"}
}

// HeadlinePrompt is the label and hint for a record's headline.
type HeadlinePrompt struct {
	Label string `json:"label"`
	Hint  string `json:"hint,omitempty"`
}

// SectionKind says what sort of answer a section takes, and so how it is
// asked for and checked.
type SectionKind string

// The kinds of section a template may use.
const (
	SectionText     SectionKind = "text"     // several lines of writing
	SectionLine     SectionKind = "line"     // one line: a name, a number, a subject
	SectionChoice   SectionKind = "choice"   // one of the listed options
	SectionDateTime SectionKind = "datetime" // a date and, optionally, a time
	SectionYesNo    SectionKind = "yesno"    // yes or no, with a reason for one of them
	SectionPeople   SectionKind = "people"   // people from the child's network and others
	SectionActions  SectionKind = "actions"  // what, who, by when
	SectionFile     SectionKind = "file"     // attachments uploaded to the record
	// SectionAttendance is who was invited to a meeting: name, role,
	// agency, and whether they attended or sent apologies.
	SectionAttendance SectionKind = "attendance"
)

var sectionKinds = map[SectionKind]bool{SectionText: true, SectionLine: true, SectionChoice: true, SectionDateTime: true,
	SectionYesNo: true, SectionPeople: true, SectionActions: true, SectionFile: true, SectionAttendance: true}

// A Section is one prompt in a template.
type Section struct {
	Key      string      `json:"key"`
	Label    string      `json:"label"`
	Hint     string      `json:"hint,omitempty"`
	Kind     SectionKind `json:"kind"`
	Required bool        `json:"required,omitempty"`
	// Missing is the message shown when a required section is empty, in the
	// GOV.UK style ("Enter who was present").
	Missing string `json:"missing,omitempty"`
	// Options are the answers a choice section offers.
	Options []Option `json:"options,omitempty"`
	// ReasonWhen is the yes/no answer ("no" or "yes") that needs a reason,
	// ReasonLabel asks for it and ReasonMissing is said when it is missing.
	ReasonWhen    string `json:"reason_when,omitempty"`
	ReasonLabel   string `json:"reason_label,omitempty"`
	ReasonMissing string `json:"reason_missing,omitempty"`
	// ChildVoice marks the section that holds the child's own words.
	ChildVoice bool `json:"child_voice,omitempty"`
	// RequiredWhenSeen makes the section required when the record says the
	// child was seen (the child's views on a visit where they were seen).
	RequiredWhenSeen bool `json:"required_when_seen,omitempty"`
	// ChildSeen marks the yes/no section that records whether the child
	// was seen (and ChildSeenAlone whether they were seen alone): visits
	// count only when the child was seen.
	ChildSeen      bool `json:"child_seen,omitempty"`
	ChildSeenAlone bool `json:"child_seen_alone,omitempty"`
	// Agency marks the section naming the agency information came from:
	// a summary lists the record as information from other agencies.
	Agency bool `json:"agency,omitempty"`
	// InConfidence marks the yes/no section that says the information
	// was given in confidence: answered yes, a subject access bundle
	// proposes withholding the record's own words under the duty of
	// confidence owed to whoever gave them.
	InConfidence bool `json:"in_confidence,omitempty"`
	// Internal sections are for the case file only: the family version of
	// a case summary leaves them out.
	Internal bool `json:"internal,omitempty"`
	// FamilyLabel is the section's heading in the family version of a
	// case summary, in words a family would use ("What you told us").
	FamilyLabel string `json:"family_label,omitempty"`
}

// An Option is one answer of a choice section.
type Option struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// Field is the form field name of a section: errors name it so the error
// summary links to the right input.
func (s Section) Field() string { return "s." + s.Key }

// MissingMessage is what to say when a required section is empty.
func (s Section) MissingMessage() string {
	if s.Missing != "" {
		return s.Missing
	}
	return "Complete “" + s.Label + "”"
}

// OptionLabel returns the words for a choice value.
func (s Section) OptionLabel(v string) string {
	for _, o := range s.Options {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}

// Section returns the template's section with key.
func (t *Template) Section(key string) (Section, bool) {
	for _, s := range t.Sections {
		if s.Key == key {
			return s, true
		}
	}
	return Section{}, false
}

// Ref names this version of the template, for messages and logs.
func (t *Template) Ref() string { return fmt.Sprintf("%s v%d", t.Key, t.Version) }

var templateKey = regexp.MustCompile(`^[a-z][a-z0-9-]{1,39}$`)
var sectionKey = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// Validate checks a template definition and says, field by field, what is
// wrong with it. Errors name the field by its JSON path (sections[2].kind)
// so that whoever wrote the file can find it.
func (t *Template) Validate() error {
	var v Validation
	if !templateKey.MatchString(t.Key) {
		v.Add("key", "key must be 2 to 40 lower-case letters, digits or hyphens, starting with a letter")
	}
	if t.Version < 1 {
		v.Add("version", "version must be a whole number of 1 or more")
	}
	if strings.TrimSpace(t.Name) == "" {
		v.Add("name", "name is missing")
	}
	if strings.TrimSpace(t.Headline.Label) == "" {
		v.Add("headline.label", "headline.label is missing: say how to ask for the reason for contact")
	}
	if len(t.Sections) == 0 {
		v.Add("sections", "sections is missing: a template needs at least one section")
	}
	if w := t.WhenStep; w != nil {
		if strings.TrimSpace(w.Label) == "" {
			v.Add("when_step.label", "when_step.label is missing: say how to head the step that asks when and where")
		}
		if _, ok := t.Section(w.After); !ok {
			v.Add("when_step.after", "when_step.after must be the key of one of the sections")
		}
	}
	seen := map[string]bool{}
	for i, s := range t.Sections {
		at := fmt.Sprintf("sections[%d]", i)
		if !sectionKey.MatchString(s.Key) {
			v.Add(at+".key", at+".key must be lower-case letters, digits or underscores, starting with a letter")
		} else if seen[s.Key] {
			v.Add(at+".key", at+".key “"+s.Key+"” is used twice")
		}
		seen[s.Key] = true
		if strings.TrimSpace(s.Label) == "" {
			v.Add(at+".label", at+".label is missing")
		}
		if !sectionKinds[s.Kind] {
			v.Add(at+".kind", fmt.Sprintf("%s.kind must be one of %s", at, strings.Join(kindNames(), ", ")))
		}
		if s.Kind == SectionChoice && len(s.Options) < 2 {
			v.Add(at+".options", at+".options must list at least two answers for a choice")
		}
		for j, o := range s.Options {
			if o.Value == "" || o.Label == "" {
				v.Add(fmt.Sprintf("%s.options[%d]", at, j), fmt.Sprintf("%s.options[%d] needs a value and a label", at, j))
			}
		}
		if s.ReasonWhen != "" {
			if s.Kind != SectionYesNo {
				v.Add(at+".reason_when", at+".reason_when is only for yes/no sections")
			} else if s.ReasonWhen != "yes" && s.ReasonWhen != "no" {
				v.Add(at+".reason_when", at+".reason_when must be \"yes\" or \"no\"")
			} else if s.ReasonLabel == "" || s.ReasonMissing == "" {
				v.Add(at+".reason_label", at+".reason_label and .reason_missing are needed when a reason is asked for")
			}
		}
		if s.RequiredWhenSeen && s.Missing == "" {
			v.Add(at+".missing", at+".missing is needed when a section is required")
		}
		if (s.ChildSeen || s.ChildSeenAlone) && s.Kind != SectionYesNo {
			v.Add(at+".child_seen", at+": child_seen and child_seen_alone are only for yes/no sections")
		}
	}
	return v.Err()
}

func kindNames() []string {
	var out []string
	for k := range sectionKinds {
		out = append(out, string(k))
	}
	sort.Strings(out)
	return out
}

// ParseTemplate reads one template from JSON. Unknown fields are refused,
// so a misspelt field is reported rather than silently ignored.
func ParseTemplate(data []byte) (*Template, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var t Template
	if err := dec.Decode(&t); err != nil {
		return nil, Errorf(EINVALID, "The template is not valid JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
	}
	if dec.More() {
		return nil, Errorf(EINVALID, "The template holds more than one JSON value")
	}
	if err := t.Validate(); err != nil {
		return nil, err
	}
	return &t, nil
}

// LoadTemplates reads every *.json file in dir of fsys. An error names the
// file and the field, so a broken template stops start-up with a message
// that says where to look.
func LoadTemplates(fsys fs.FS, dir string) ([]*Template, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	var out []*Template
	seen := map[string]string{}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		t, err := ParseTemplate(data)
		if err != nil {
			return nil, fmt.Errorf("template %s: %s", name, describe(err))
		}
		if other, dup := seen[t.Ref()]; dup {
			return nil, fmt.Errorf("template %s: %s is also defined in %s", name, t.Ref(), other)
		}
		seen[t.Ref()] = name
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Key != out[j].Key {
			return out[i].Key < out[j].Key
		}
		return out[i].Version < out[j].Version
	})
	return out, nil
}

// describe flattens a validation error into one line: field, message.
func describe(err error) string {
	fields := ErrorFields(err)
	if len(fields) == 0 {
		return ErrorMessage(err)
	}
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = f.Message
	}
	return strings.Join(parts, "; ")
}

// TemplateVersion describes one stored version of a template, for the
// administrator's list.
type TemplateVersion struct {
	Key     string
	Version int
	Name    string
	Builtin bool
	AddedAt time.Time
	AddedBy string
	Records int
}

// MayWrite reports whether a user may write records on this template: a
// management decision is a manager's to record.
func (t *Template) MayWrite(u *User) bool {
	return !t.ManagersOnly || (u != nil && (u.Has(RoleTeamManager) || u.Has(RoleServiceManager)))
}
