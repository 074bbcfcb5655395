package quality

import (
	"regexp"
	"strings"

	"kith"
)

// heading is a line that names a section in a plain-text note: a few
// words ending in a colon ("Observations:"), or after "#" marks.
var heading = regexp.MustCompile(`^(?:#+\s*)?([A-Za-z][A-Za-z’' /&-]{1,48}?)\s*:?\s*$`)

// NoteOfPlainText reads a plain-text note (from a file or the API) into
// parts. Lines like "Observations:" or "## Actions" start a section, so a
// note written outside Kith is checked section by section: an "Actions"
// section's lines are actions, an "Observations" section is what was
// seen. Text before any heading is general writing. Offsets of each part
// in the text are kept, so findings can be placed in the file.
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
		n.Parts = append(n.Parts, Part{Key: k, Label: firstNonEmpty(label, "Text"), Role: role, Text: trimmed, Offset: start + lead})
	}
	pos := 0
	for _, line := range strings.SplitAfter(text, "\n") {
		l := strings.TrimSpace(line)
		isHeading := (strings.HasSuffix(l, ":") || strings.HasPrefix(l, "#")) && heading.MatchString(l)
		if isHeading && len(strings.Fields(l)) <= 6 {
			flush(pos)
			label = heading.FindStringSubmatch(l)[1]
			start = pos + len(line)
		}
		pos += len(line)
	}
	flush(len(text))
	if len(n.Parts) == 0 {
		n.Parts = []Part{{Key: "text", Label: "Text", Role: RoleGeneral}}
	}
	return n
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
