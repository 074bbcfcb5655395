// Package quality is the recording quality coach: it reads a record as it
// is written and says, kindly and specifically, where the writing falls
// short of the practice guidance (seeds 001, 003 and 004): fact and opinion
// mixed, vague words, jargon, text pasted from another child's record,
// other people's names, spelling, a missing child's voice, actions with no
// owner or date, and sections left empty.
//
// Most rules are data: YAML files in rules/, each with good and bad
// examples that the tests run. A few checks are Go code, named by the rule
// files. The package is pure: looking text up in the council's records is
// done by storage, through the candidates this package extracts.
package quality

import (
	"hash/fnv"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"kith"
)

// Level is how much a finding matters. Only errors stop a record being
// finalised, and there are only four kinds of error (see errorRules).
type Level string

// The three levels.
const (
	Error      Level = "error"
	Warning    Level = "warning"
	Suggestion Level = "suggestion"
)

// Label is the level as the practitioner sees it.
func (l Level) Label() string {
	switch l {
	case Error:
		return "Must fix"
	case Warning:
		return "Check"
	}
	return "Suggestion"
}

func (l Level) rank() int {
	switch l {
	case Error:
		return 0
	case Warning:
		return 1
	}
	return 2
}

// Category groups rules by the part of the guidance they apply.
type Category string

// The categories, one per part of the guidance.
const (
	FactOpinion Category = "fact-opinion"
	Vague       Category = "vague"
	Jargon      Category = "jargon"
	CopyPaste   Category = "copy-paste"
	Names       Category = "names"
	Spelling    Category = "spelling-grammar"
	ChildVoice  Category = "child-voice"
	Actions     Category = "smart-actions"
	Sections    Category = "sections"
	Readability Category = "readability"
)

// Categories lists the categories in the order the guidance gives them.
var Categories = []Category{FactOpinion, Vague, Jargon, Readability, CopyPaste, Names, Spelling, ChildVoice, Actions, Sections}

// Label is the category in plain words.
func (c Category) Label() string {
	switch c {
	case FactOpinion:
		return "Fact and opinion"
	case Vague:
		return "Being specific"
	case Jargon:
		return "Plain English"
	case CopyPaste:
		return "Copied text"
	case Names:
		return "Other people’s details"
	case Spelling:
		return "Spelling and grammar"
	case ChildVoice:
		return "The child’s voice"
	case Actions:
		return "SMART actions"
	case Sections:
		return "Sections"
	case Readability:
		return "Easy to read"
	}
	return string(c)
}

// A Finding is one thing the coach noticed: where (the part of the record
// and the byte span of the words), what rule, why it matters and what to
// do instead.
type Finding struct {
	Rule     string   `json:"rule"`
	Category Category `json:"category"`
	Level    Level    `json:"level"`
	// Part is the field the words are in: a section key ("observations"),
	// or a section key and a field of it ("actions.0.what",
	// "child_seen_alone.reason", "headline").
	Part  string `json:"part"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	// Message says what to do; Why says why it matters.
	Message     string   `json:"message"`
	Why         string   `json:"why,omitempty"`
	Suggestions []string `json:"suggestions,omitempty"`
	Link        string   `json:"link,omitempty"`
	// Source names where copied text or a name came from, when the
	// practitioner may see it.
	Source *Source `json:"source,omitempty"`
}

// A Source is the record or person a copy-paste or name finding points at.
type Source struct {
	Label string `json:"label"`
	Href  string `json:"href,omitempty"`
}

// Key identifies a finding across edits of the text around it: the rule,
// the part and the words. A dismissal is kept against the key, so it
// survives typing elsewhere in the record.
func (f Finding) Key() string {
	h := fnv.New64a()
	h.Write([]byte(f.Rule + "\x00" + f.Part + "\x00" + lowerWord(f.Text)))
	return strconv.FormatUint(h.Sum64(), 36)
}

// Blocks reports whether the finding stops the record being finalised.
func (f Finding) Blocks() bool { return f.Level == Error }

// A Dismissal is a practitioner's decision that a warning or suggestion
// does not apply, with their reason. It is kept with the record.
type Dismissal struct {
	Key    string    `json:"key"`
	Rule   string    `json:"rule"`
	Part   string    `json:"part"`
	Text   string    `json:"text"`
	Reason string    `json:"reason"`
	By     string    `json:"by,omitempty"`
	At     time.Time `json:"at"`
}

// MaxDismissReason is the longest reason a dismissal may give: a short
// reason, as the issue says, not an essay.
const MaxDismissReason = 200

// CheckDismissal says what is wrong with dismissing f for reason.
func CheckDismissal(f Finding, reason string) error {
	switch {
	case f.Level == Error:
		return kith.Errorf(kith.EINVALID, "This must be fixed before the record is finalised, so it cannot be dismissed: %s", f.Message)
	case strings.TrimSpace(reason) == "":
		return &kith.Error{Code: kith.EINVALID, Message: "There is a problem", Fields: []kith.FieldError{{Field: "reason", Message: "Say briefly why this does not apply"}}}
	case utf8.RuneCountInString(reason) > MaxDismissReason:
		return &kith.Error{Code: kith.EINVALID, Message: "There is a problem", Fields: []kith.FieldError{{Field: "reason",
			Message: "The reason must be " + itoa(MaxDismissReason) + " characters or fewer"}}}
	}
	return nil
}

// A StoredFinding is a finding kept with a finalised record, with its
// dismissal if it had one.
type StoredFinding struct {
	Finding
	Dismissed *Dismissal `json:"dismissed,omitempty"`
}
