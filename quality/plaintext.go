package quality

import (
	"regexp"
	"strings"

	"kith"
)

// heading is a line that names a section in a plain-text note: a few
// words ending in a colon ("Observations:"), or after "#" marks.
var heading = regexp.MustCompile(`^(?:#+\s*)?([A-Za-z][A-Za-z’' /&-]{1,48}?)\s*:?\s*$`)

// headingWithText is a known heading with its text on the same line:
// "Child's views: Amelia said…", "Action - Mum to book the GP…".
var headingWithText = regexp.MustCompile(`^\s*(?:#+\s*)?([A-Za-z][A-Za-z’' /&-]{1,40}?)\s*(?::|\s[-–—])\s*(\S.*)$`)

// knownHeadings are the headings practitioners type into plain-text notes
// for the parts the coach treats apart. A line that starts with one
// starts a section even without a colon on a line of its own, or with
// its text on the same line.
var knownHeadings = map[string]Role{
	"views": RoleVoice, "child's views": RoleVoice, "childs views": RoleVoice, "young person's views": RoleVoice,
	"the child's views": RoleVoice, "voice of the child": RoleVoice, "child's voice": RoleVoice, "wishes and feelings": RoleVoice,
	"child's wishes and feelings": RoleVoice, "what the child said": RoleVoice, "views of the child": RoleVoice, "my views": RoleVoice,
	"action": RoleAction, "actions": RoleAction, "agreed actions": RoleAction, "next steps": RoleAction, "action plan": RoleAction,
	"actions agreed": RoleAction, "plan": RoleAction, "tasks": RoleAction,
	"observations": RoleObservation, "observation": RoleObservation, "home conditions": RoleObservation, "what i saw": RoleObservation,
	"analysis": RoleAnalysis, "concerns": RoleAnalysis, "reflections": RoleAnalysis, "worries": RoleAnalysis, "assessment": RoleAnalysis,
	"present": RoleFactual, "who was present": RoleFactual, "discussion": RoleFactual, "summary": RoleFactual, "purpose": RoleFactual,
	"purpose of visit": RoleFactual, "what happened": RoleFactual,
}

// knownHeading returns the role of a heading a practitioner typed, if the
// coach knows it.
func knownHeading(label string) (Role, bool) {
	l := strings.ToLower(strings.TrimSpace(strings.ReplaceAll(label, "’", "'")))
	r, ok := knownHeadings[l]
	return r, ok
}

// NoteOfPlainText reads a plain-text note (from a file or the API) into
// parts. Lines like "Observations:" or "## Actions", a known heading on a
// line of its own ("Actions"), or a known heading followed by its text
// ("Child's views: Amelia said…") start a section, so a note written
// outside Kith is checked section by section: an "Actions" section's
// lines are actions, a views section must hold the child's words, an
// "Observations" section is what was seen. Text before any heading is
// general writing. Offsets of each part in the text are kept, so
// findings can be placed in the file.
func NoteOfPlainText(text string) Note {
	var n Note
	start, label := 0, ""
	seen := map[string]int{}
	flush := func(end int) {
		body := text[start:end]
		trimmed := strings.TrimSpace(body)
		if trimmed == "" && label == "" {
			return
		}
		lead := strings.Index(body, trimmed)
		if trimmed == "" {
			lead = 0
		}
		key := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(label), " ", "_"))
		role := RoleGeneral
		if label != "" {
			role = RoleOf(kith.Section{Key: key, Label: label})
			if r, ok := knownHeading(label); ok {
				role = r
			}
			if strings.HasPrefix(key, "action") || strings.HasPrefix(key, "next_steps") {
				role = RoleAction
			}
			if strings.Contains(key, "view") || strings.Contains(key, "voice") || strings.Contains(key, "wishes") {
				role = RoleVoice
			}
		}
		if key == "" {
			key = "text"
		}
		// A heading used twice gets a numbered key: observations_2.
		seen[key]++
		k := key
		if seen[key] > 1 {
			k = key + "_" + itoa(seen[key])
		}
		n.Parts = append(n.Parts, Part{Key: k, Label: firstNonEmpty(label, "Text"), Role: role, Text: trimmed, Offset: start + lead,
			// A views section is there for the child's words.
			VoiceRequired: role == RoleVoice && trimmed != ""})
	}
	pos := 0
	for _, line := range strings.SplitAfter(text, "\n") {
		l := strings.TrimSpace(line)
		_, known := knownHeading(strings.TrimLeft(strings.TrimSuffix(l, ":"), "# "))
		isHeading := (strings.HasSuffix(l, ":") || strings.HasPrefix(l, "#") || known) && heading.MatchString(l)
		switch m := headingWithText.FindStringSubmatchIndex(strings.TrimRight(line, "\r\n")); {
		case isHeading && len(strings.Fields(l)) <= 6:
			flush(pos)
			label = heading.FindStringSubmatch(l)[1]
			start = pos + len(line)
		case m != nil && isKnown(line[m[2]:m[3]]):
			flush(pos)
			label = line[m[2]:m[3]]
			start = pos + m[4]
		}
		pos += len(line)
	}
	flush(len(text))
	if len(n.Parts) == 0 {
		n.Parts = []Part{{Key: "text", Label: "Text", Role: RoleGeneral}}
	}
	return n
}

func isKnown(label string) bool {
	_, ok := knownHeading(label)
	return ok
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
