package quality

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// A Rule is one check the coach makes, as written in a rule file.
//
// Extends says how it matches:
//   - existence: any of Tokens (words or phrases, any case) or Patterns
//     (regular expressions) is a finding;
//   - substitution: any key of Swap is a finding, with the value's
//     alternatives (separated by |) as suggestions;
//   - go: the Go check named by Check (checks_sections.go) decides;
//   - index: storage decides, by looking the note's passages, names and
//     identifiers up in the council's records (copy-paste and names).
//
// Message and Why may use {text} for the matched words and {suggestion}
// for the first suggestion.
type Rule struct {
	ID string `yaml:"id"`
	// Title names what the rule looks for, for the team view ("Vague
	// descriptions").
	Title    string   `yaml:"title"`
	Category Category `yaml:"category"`
	Level    Level    `yaml:"level"`
	Extends  string   `yaml:"extends"`
	Check    string   `yaml:"check"`
	Message  string   `yaml:"message"`
	Why      string   `yaml:"why"`
	Link     string   `yaml:"link"`
	// Source is the attribution for rules built on others' data.
	Source   string            `yaml:"source"`
	Tokens   []string          `yaml:"tokens"`
	Patterns []string          `yaml:"patterns"`
	Swap     map[string]string `yaml:"swap"`
	// Exceptions are phrases that contain a token but are fine
	// ("foster carer" for "foster").
	Exceptions []string `yaml:"exceptions"`
	// Roles limits the rule to parts with these roles; Skip leaves these
	// out. Neither means every part.
	Roles []Role `yaml:"roles"`
	Skip  []Role `yaml:"skip"`
	// Unless is a regular expression: a match in the same sentence means
	// the finding does not apply ("it was reported" by whom).
	Unless string `yaml:"unless"`
	// Quotes checks the words inside quotation marks too. Rules are off
	// there by default: people's own words are never corrected.
	Quotes bool `yaml:"quotes"`
	// Params tunes a Go check (a limit, a minimum).
	Params   map[string]int `yaml:"params"`
	Examples struct {
		Good []Example `yaml:"good"`
		Bad  []Example `yaml:"bad"`
	} `yaml:"examples"`

	File string `yaml:"-"`
	Line int    `yaml:"-"`

	phrases    *phraseSet
	swaps      map[string][]string
	patterns   *regexp.Regexp
	exceptions *phraseSet
	unless     *regexp.Regexp
	check      checkFunc
}

// An Example is a piece of writing a rule must (bad) or must not (good)
// find something in. Most are just text; the fields say what else the
// check needs to know.
type Example struct {
	Sample `yaml:",inline"`
}

// A Sample is a piece of writing and what the check needs to know about
// it: the role of its part, an action's owner and date, the child.
type Sample struct {
	Text      string `yaml:"text"`
	Role      Role   `yaml:"role"`
	Who       string `yaml:"who"`
	By        string `yaml:"by"`
	Required  bool   `yaml:"required"`
	Voice     bool   `yaml:"voice"`
	Child     string `yaml:"child"`
	Preverbal bool   `yaml:"preverbal"`
	Answer    string `yaml:"answer"`
	SeenAlone bool   `yaml:"seen_alone"`
}

// UnmarshalYAML takes an example written as plain text or as a mapping.
func (e *Example) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		e.Text = n.Value
		return nil
	}
	return n.Decode(&e.Sample)
}

// Note is the note a sample describes: one part, with the role, action
// row and child it names.
func (e Sample) Note() Note {
	role := e.Role
	if role == "" {
		role = RoleGeneral
	}
	p := Part{Key: "text", Label: "The section", Role: role, Text: e.Text, Required: e.Required, VoiceRequired: e.Voice,
		SeenAlone: e.SeenAlone, Answer: e.Answer}
	// An action example with an owner or a date is a row of the actions
	// table; without either, it is an action written as text.
	if role == RoleAction && (e.Who != "" || e.By != "") {
		p.Key = "actions.0.what"
		p.Action = &ActionRow{Who: e.Who, By: e.By}
	}
	return Note{Parts: []Part{p}, Child: Child{FirstName: e.Child, Preverbal: e.Preverbal}}
}

// errorRules are the only rules allowed to stop a record being finalised
// (the four kinds): another child's information, a section
// missing or holding placeholder text, an action with no owner or date,
// and no child's voice where the template needs it.
var errorRules = map[string]bool{
	"paste.other-child": true, "names.other-child": true, "names.other-child-identifier": true,
	"sections.missing": true, "sections.placeholder": true,
	"actions.no-owner": true, "actions.no-date": true,
	"voice.missing": true,
}

// A LoadError names the rule file and line that is wrong, so whoever
// wrote it can find it.
type LoadError struct {
	File string
	Line int
	Msg  string
}

func (e *LoadError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

type ruleFile struct {
	Rules []yaml.Node `yaml:"rules"`
}

// LoadRules reads every .yml file in fsys (in name order) and compiles
// its rules. Any mistake stops the load with the file and line.
func LoadRules(fsys fs.FS, dir string) ([]*Rule, error) {
	var out []*Rule
	names, err := fs.Glob(fsys, path.Join(dir, "*.yml"))
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	seen := map[string]string{}
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		rules, err := parseRules(name, b)
		if err != nil {
			return nil, err
		}
		for _, r := range rules {
			if prev, ok := seen[r.ID]; ok {
				return nil, &LoadError{name, r.Line, fmt.Sprintf("rule %q is already defined in %s", r.ID, prev)}
			}
			seen[r.ID] = fmt.Sprintf("%s:%d", name, r.Line)
			out = append(out, r)
		}
	}
	return out, nil
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

func parseRules(name string, b []byte) ([]*Rule, error) {
	var f ruleFile
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		line := 0
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			fmt.Sscan(m[1], &line)
		}
		return nil, &LoadError{name, line, strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	if len(f.Rules) == 0 {
		return nil, &LoadError{name, 1, "the file has no rules: it must have a list called rules"}
	}
	var out []*Rule
	for _, n := range f.Rules {
		r := &Rule{File: name, Line: n.Line}
		if err := n.Decode(r); err != nil {
			return nil, &LoadError{name, n.Line, strings.TrimPrefix(err.Error(), "yaml: ")}
		}
		if err := r.compile(); err != nil {
			return nil, &LoadError{name, n.Line, "rule " + quoteID(r.ID) + ": " + err.Error()}
		}
		out = append(out, r)
	}
	return out, nil
}

func quoteID(id string) string {
	if id == "" {
		return "(no id)"
	}
	return fmt.Sprintf("%q", id)
}

var ruleID = regexp.MustCompile(`^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$`)

func (r *Rule) compile() error {
	switch {
	case !ruleID.MatchString(r.ID):
		return fmt.Errorf("the id must be a category word, a dot and a name, like vague.descriptors")
	case !slices.Contains(Categories, r.Category):
		return fmt.Errorf("unknown category %q", r.Category)
	case r.Level != Error && r.Level != Warning && r.Level != Suggestion:
		return fmt.Errorf("the level must be error, warning or suggestion, not %q", r.Level)
	case r.Level == Error && !errorRules[r.ID]:
		return fmt.Errorf("only the four kinds of error may stop a record being finalised; make this a warning or a suggestion")
	case strings.TrimSpace(r.Title) == "":
		return fmt.Errorf("the rule has no title: a few words naming what it looks for")
	case strings.TrimSpace(r.Message) == "":
		return fmt.Errorf("the rule has no message")
	case len(r.Examples.Bad) == 0:
		return fmt.Errorf("the rule has no bad examples: give at least one piece of writing it must find")
	}
	for _, role := range append(slices.Clone(r.Roles), r.Skip...) {
		if !roles[role] {
			return fmt.Errorf("unknown role %q", role)
		}
	}
	var err error
	if r.Unless != "" {
		if r.unless, err = regexp.Compile(`(?i)` + r.Unless); err != nil {
			return fmt.Errorf("unless: %v", err)
		}
	}
	r.exceptions = newPhraseSet(r.Exceptions)
	switch r.Extends {
	case "existence":
		if len(r.Tokens) == 0 && len(r.Patterns) == 0 {
			return fmt.Errorf("an existence rule needs tokens or patterns")
		}
		r.phrases = newPhraseSet(r.Tokens)
		if len(r.Patterns) > 0 {
			if r.patterns, err = regexp.Compile(`(?i)\b(?:` + strings.Join(r.Patterns, "|") + `)\b`); err != nil {
				return fmt.Errorf("patterns: %v", err)
			}
		}
	case "substitution":
		if len(r.Swap) == 0 {
			return fmt.Errorf("a substitution rule needs swap")
		}
		r.phrases = newPhraseSet(r.swapKeys())
	case "go":
		f, ok := checks[r.Check]
		if !ok {
			return fmt.Errorf("unknown Go check %q", r.Check)
		}
		r.check = f
		r.swapKeys() // a Go check may read a swap list too (acronyms written out)
	case "index":
	default:
		return fmt.Errorf("extends must be existence, substitution, go or index, not %q", r.Extends)
	}
	return nil
}

// swapKeys reads Swap into suggestions by lower-case key, and returns the
// keys.
func (r *Rule) swapKeys() []string {
	r.swaps = map[string][]string{}
	var keys []string
	for k, v := range r.Swap {
		k = strings.ToLower(strings.TrimSpace(k))
		keys = append(keys, k)
		r.swaps[k] = strings.Split(v, "|")
	}
	return keys
}

// appliesTo reports whether the rule checks a part with this role.
func (r *Rule) appliesTo(role Role) bool {
	if slices.Contains(r.Skip, role) {
		return false
	}
	return len(r.Roles) == 0 || slices.Contains(r.Roles, role)
}

// phraseSet finds words and phrases by their lower-case words, so that a
// list of hundreds of phrases costs a map lookup or two per word.
type phraseSet struct {
	// set holds each phrase, its words joined by spaces; prefixes holds
	// every run of a phrase's first words shorter than the phrase, so a
	// search stops as soon as no phrase can begin with what it has read.
	set, prefixes map[string]bool
	maxLen        int
}

func newPhraseSet(phrases []string) *phraseSet {
	p := &phraseSet{set: map[string]bool{}, prefixes: map[string]bool{}}
	for _, ph := range phrases {
		words := Split(ph).Words
		if len(words) == 0 {
			continue
		}
		var parts []string
		for _, w := range words {
			if len(parts) > 0 {
				p.prefixes[strings.Join(parts, " ")] = true
			}
			parts = append(parts, w.Lower)
		}
		p.set[strings.Join(parts, " ")] = true
		p.maxLen = max(p.maxLen, len(parts))
	}
	return p
}

// match returns the spans (as word index ranges) of the longest phrases
// found in words, left to right.
func (p *phraseSet) match(words []Word, fn func(i, j int, phrase string)) {
	if p == nil || len(p.set) == 0 {
		return
	}
	var buf []byte
	for i := 0; i < len(words); {
		found := 0
		buf = buf[:0]
		for n := 1; n <= p.maxLen && i+n <= len(words); n++ {
			if n > 1 {
				buf = append(buf, ' ')
			}
			buf = append(buf, words[i+n-1].Lower...)
			if p.set[string(buf)] {
				found = n
			}
			if !p.prefixes[string(buf)] {
				break
			}
		}
		if found > 0 {
			fn(i, i+found, p.phraseOf(words[i:i+found]))
			i += found
			continue
		}
		i++
	}
}

// phraseOf is the set's key for a run of words.
func (p *phraseSet) phraseOf(words []Word) string {
	parts := make([]string, len(words))
	for i, w := range words {
		parts[i] = w.Lower
	}
	return strings.Join(parts, " ")
}
