package kith

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

const goodTemplate = `{"key": "phone-call", "version": 1, "name": "Phone call",
 "headline": {"label": "Purpose of the call"},
 "sections": [
  {"key": "direction", "label": "Direction", "kind": "choice", "options": [{"value": "in", "label": "Incoming"}, {"value": "out", "label": "Outgoing"}]},
  {"key": "seen", "label": "Was the child seen?", "kind": "yesno", "required": true, "missing": "Say whether the child was seen",
   "reason_when": "no", "reason_label": "Why not?", "reason_missing": "Say why the child was not seen", "child_seen": true},
  {"key": "content", "label": "What was said", "kind": "text", "required": true, "missing": "Enter what was said"}
 ]}`

func TestLoadTemplatesNamesFileAndField(t *testing.T) {
	tests := []struct {
		name, file, want string
	}{
		{"good", goodTemplate, ""},
		{"missing name", strings.Replace(goodTemplate, `"name": "Phone call",`, ``, 1), "templates/t.json: name is missing"},
		{"unknown field", strings.Replace(goodTemplate, `"name":`, `"nmae": "x", "name":`, 1), `templates/t.json: The template is not valid JSON: unknown field "nmae"`},
		{"bad kind", strings.Replace(goodTemplate, `"kind": "text"`, `"kind": "essay"`, 1), "sections[2].kind must be one of"},
		{"duplicate section", strings.Replace(goodTemplate, `"key": "content"`, `"key": "seen"`, 1), `sections[2].key “seen” is used twice`},
		{"choice with one option", strings.Replace(goodTemplate, `, {"value": "out", "label": "Outgoing"}`, ``, 1), "sections[0].options must list at least two"},
		{"reason without message", strings.Replace(goodTemplate, `"reason_missing": "Say why the child was not seen", `, ``, 1), "sections[1].reason_label and .reason_missing are needed"},
		{"no sections", `{"key": "x-y", "version": 1, "name": "X", "headline": {"label": "Why"}, "sections": []}`, "sections is missing"},
		{"version zero", strings.Replace(goodTemplate, `"version": 1`, `"version": 0`, 1), "version must be a whole number"},
		{"not json", `{"key": `, "The template is not valid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := LoadTemplates(fstest.MapFS{"templates/t.json": {Data: []byte(tt.file)}}, "templates")
			if tt.want == "" {
				if err != nil || len(got) != 1 || got[0].Ref() != "phone-call v1" {
					t.Fatalf("LoadTemplates = %v, %v", got, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestLoadTemplatesRefusesTheSameVersionTwice(t *testing.T) {
	_, err := LoadTemplates(fstest.MapFS{"t/a.json": {Data: []byte(goodTemplate)}, "t/b.json": {Data: []byte(goodTemplate)}}, "t")
	if err == nil || !strings.Contains(err.Error(), "phone-call v1 is also defined in t/a.json") {
		t.Fatalf("error = %v", err)
	}
}

func TestBuiltinTemplatesLoad(t *testing.T) {
	ts, err := BuiltinTemplates()
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, tp := range ts {
		keys[tp.Key] = true
		for _, s := range tp.Sections {
			if (s.Required || s.RequiredWhenSeen) && s.Missing == "" {
				t.Errorf("%s: required section %s has no message", tp.Ref(), s.Key)
			}
			if s.Hint == "" {
				t.Errorf("%s: section %s has no guidance hint", tp.Ref(), s.Key)
			}
		}
	}
	for _, k := range []string{"home-visit", "direct-session", "intervention-session", "contact-note", "phone-call", "email-or-letter",
		"agency-information", "case-discussion", "professionals-meeting", "management-decision", "document-received", "key-event"} {
		if !keys[k] {
			t.Errorf("built-in template %s is missing", k)
		}
	}
}

// TestBuiltinTemplatesSayNothingInternal: what a template shows users
// (names, descriptions, labels, hints, messages) never refers to the
// practice documents Kith was built from by the team's own names for them.
func TestBuiltinTemplatesSayNothingInternal(t *testing.T) {
	internal := regexp.MustCompile(`(?i)\bseeds?\b\s*\d`)
	for _, tp := range latestBuiltin(t) {
		b, err := json.Marshal(tp)
		if err != nil {
			t.Fatal(err)
		}
		if m := internal.Find(b); m != nil {
			t.Errorf("%s shows users %q", tp.Ref(), m)
		}
	}
}

// A phone call or supervision is not asked whether it happened "at the
// family home"; a visit still is.
func TestWherePrompt(t *testing.T) {
	latest := latestBuiltin(t)
	for key, home := range map[string]bool{"phone-call": false, "supervision": false, "home-visit": true, "direct-session": true} {
		p := latest[key].WherePrompt()
		if got := strings.Contains(p.Hint, "family home"); got != home || p.Label == "" {
			t.Errorf("%s asks %q (%q)", key, p.Label, p.Hint)
		}
	}
}

// Every template for time spent face to face with a child or family takes
// an end time as well as a start, so a summary's time recorded counts it.
func TestFaceToFaceTemplatesTakeAnEndTime(t *testing.T) {
	latest := latestBuiltin(t)
	for _, key := range []string{"home-visit", "direct-session", "intervention-session", "contact-note", "case-discussion", "professionals-meeting", "supervision"} {
		if !latest[key].Session {
			t.Errorf("%s takes no end time", latest[key].Ref())
		}
	}
}

// latestBuiltin is the latest version of each built-in template: what new
// records are written with (an older version stays as it was, for the
// records written with it).
func latestBuiltin(t *testing.T) map[string]*Template {
	t.Helper()
	ts, err := BuiltinTemplates()
	if err != nil {
		t.Fatal(err)
	}
	latest := map[string]*Template{}
	for _, tp := range ts {
		if l := latest[tp.Key]; l == nil || tp.Version > l.Version {
			latest[tp.Key] = tp
		}
	}
	return latest
}

// Every template where direct work happens takes photos and scans of it;
// the versions before stay as they were, for the records written on them.
func TestDirectWorkTemplatesTakeFiles(t *testing.T) {
	latest := latestBuiltin(t)
	for _, key := range []string{"home-visit", "direct-session", "intervention-session", "contact-note"} {
		n := 0
		for _, s := range latest[key].Sections {
			if s.Kind == SectionFile {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s has %d file sections, want 1", latest[key].Ref(), n)
		}
	}
	ts, err := BuiltinTemplates()
	if err != nil {
		t.Fatal(err)
	}
	for _, tp := range ts {
		if tp.Ref() == "home-visit v2" || tp.Ref() == "contact-note v1" {
			for _, s := range tp.Sections {
				if s.Kind == SectionFile {
					t.Errorf("%s changed: it has a file section", tp.Ref())
				}
			}
		}
	}
}

// The contact note follows the guidance's seven numbered steps and asks
// where and when once, as step 2, not again below the record's own date,
// time and place.
func TestContactNoteSevenSteps(t *testing.T) {
	cn := latestBuiltin(t)["contact-note"]
	var steps []string
	for _, p := range cn.Parts() {
		if p.Step > 0 {
			steps = append(steps, p.Section.Label)
		}
		if !p.When && strings.Contains(strings.ToLower(p.Section.Label), "where") {
			t.Errorf("%s asks where again, in %q", cn.Ref(), p.Section.Label)
		}
	}
	want := []string{"1. Who attended", "2. Where and when", "3. Purpose", "4. What took place", "5. Risks to self or others", "6. Actions", "7. Next session"}
	if strings.Join(steps, "|") != strings.Join(want, "|") {
		t.Errorf("%s steps:\n%q\nwant\n%q", cn.Ref(), steps, want)
	}
	// A template without steps is asked in order, unnumbered, with its
	// when and where above the sections.
	hv := latestBuiltin(t)["home-visit"]
	for i, p := range hv.Parts() {
		if p.Step != 0 || p.When || p.Section.Label != hv.Sections[i].Label {
			t.Errorf("%s part %d = %+v", hv.Ref(), i, p)
		}
	}
}

func TestWhenStepNamesASection(t *testing.T) {
	bad := strings.Replace(goodTemplate, `"sections":`, `"steps": true, "when_step": {"after": "nowhere", "label": "Where and when"}, "sections":`, 1)
	if _, err := ParseTemplate([]byte(bad)); err == nil || !strings.Contains(err.Error(), "when_step.after must be the key of one of the sections") {
		t.Fatalf("error = %v", err)
	}
	good := strings.Replace(bad, "nowhere", "direction", 1)
	tp, err := ParseTemplate([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range tp.Parts() {
		got = append(got, p.Section.Label)
	}
	if want := "1. Direction|2. Where and when|3. Was the child seen?|4. What was said"; strings.Join(got, "|") != want {
		t.Fatalf("parts = %q", got)
	}
}

// The contact note's step 2 asks where as well as when: it is not
// finalised without the place, as version 1's "Where and when" was not.
func TestContactNoteNeedsItsPlace(t *testing.T) {
	cn := latestBuiltin(t)["contact-note"]
	now := time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)
	in := RecordInput{TemplateKey: cn.Key, Headline: "Session with Amy on her worries", OccurredAt: now.Add(-2 * time.Hour), Content: RecordContent{
		"attendees": {Others: "Amy"}, "purpose": {Text: "Her worries"}, "what_happened": {Text: "We drew three houses."},
		"risks": {Text: "None"}, "next_session": {Text: "Next Tuesday"}}}
	if got := fields(in.CheckFinal(cn, RecordRules{Now: now})); got["location"] != "Enter where the contact took place" || len(got) != 1 {
		t.Fatalf("without the place: %v", got)
	}
	in.Location = "The family home"
	if err := in.CheckFinal(cn, RecordRules{Now: now}); err != nil {
		t.Fatalf("with it: %v", ErrorFields(err))
	}
}
