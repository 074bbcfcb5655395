package web

import (
	"html/template"
	"strings"
	"time"

	"kith"
	"kith/quality"
)

func init() {
	// marked escapes text and then shows the marks a search snippet or a
	// name check put in it as <mark>: user text is never trusted as HTML.
	funcs["marked"] = func(s string) template.HTML {
		esc := template.HTMLEscapeString(s)
		esc = strings.ReplaceAll(esc, kith.MarkStart, "<mark>")
		esc = strings.ReplaceAll(esc, kith.MarkEnd, "</mark>")
		return template.HTML(esc)
	}
	funcs["sectionValue"] = func(r *kith.Record, key string) kith.SectionValue { return r.Content[key] }
	funcs["versionValue"] = func(v *kith.RecordVersion, key string) kith.SectionValue { return v.Content[key] }
	funcs["answerText"] = func(s string) string {
		switch s {
		case "yes":
			return "Yes"
		case "no":
			return "No"
		}
		return s
	}
	funcs["choiceOptions"] = func(s kith.Section) []Option {
		out := make([]Option, len(s.Options))
		for i, o := range s.Options {
			out[i] = Option{Value: o.Value, Label: o.Label}
		}
		return out
	}
	funcs["actionRows"] = actionRows
	funcs["fieldName"] = func(parts ...string) string { return strings.Join(parts, ".") }
	funcs["isoLong"] = func(s string) string {
		if d, err := kith.ParseISODate(s); err == nil {
			return d.Long()
		}
		return s
	}
	funcs["sectionDate"] = func(s string) string {
		t, err := kith.ParseSectionDateTime(s)
		if err != nil {
			return s
		}
		if strings.Contains(s, " ") {
			return formatDateTime(t)
		}
		return kith.DateOf(t).Long()
	}
	funcs["templateOptions"] = func(ts []*kith.Template, chosen string) []Option {
		out := []Option{{Value: "", Label: "All kinds"}}
		for _, t := range ts {
			out = append(out, Option{Value: t.Key, Label: t.Name, Checked: t.Key == chosen})
		}
		return out
	}
	funcs["authorOptions"] = func(us []kith.User, chosen string) []Option {
		out := []Option{{Value: "", Label: "Anyone"}}
		for _, u := range us {
			out = append(out, Option{Value: u.ID, Label: u.DisplayName, Checked: u.ID == chosen})
		}
		return out
	}
	funcs["templateChoices"] = func(ts []*kith.Template) []Option {
		out := make([]Option, len(ts))
		for i, t := range ts {
			out[i] = Option{Value: t.Key, Label: t.Name, Hint: t.Description}
		}
		return out
	}
	funcs["siblingOptions"] = func(ss []kith.SiblingCase) []Option {
		out := make([]Option, len(ss))
		for i, c := range ss {
			out[i] = Option{Value: c.Reference, Label: c.ChildName, Hint: c.Reference}
		}
		return out
	}
	funcs["overdueDraft"] = func(d kith.DraftRow, today kith.Date) bool { return d.DueBy.Before(today) }
}

// sectionInput is what the section input partial needs.
type sectionInput struct {
	Form    *form
	Section kith.Section
	People  []Option
	Owners  []Option // who an action may be given to
	// Objectives are the current plan's objectives an action may work
	// towards (with a "none" choice first), empty when there are none.
	Objectives []Option
	// Findings are what the writing coach found in the section.
	Findings []findingView
	// Files are those already uploaded to the draft, shown in its file
	// section so the writer sees what is there before finalising.
	Files []kith.Attachment
}

// sectionOutput is what the section value partial needs.
type sectionOutput struct {
	Section kith.Section
	Value   kith.SectionValue
}

func init() {
	funcs["sectionInput"] = func(f *form, s kith.Section, p *recordPage) sectionInput {
		si := sectionInput{Form: f, Section: s, People: p.People, Owners: p.Owners, Findings: p.Quality.Section(s.Key)}
		if s.Kind == kith.SectionFile && p.Record != nil {
			si.Files = p.Record.Attachments
		}
		if len(p.Objectives) > 0 {
			si.Objectives = append([]Option{{Value: "", Label: "None"}}, p.Objectives...)
		}
		return si
	}
	funcs["findingsFor"] = func(f *form, key string, p *recordPage) map[string]any {
		return map[string]any{"Form": f, "Key": key, "Findings": p.Quality.Section(key)}
	}
	funcs["sectionFindings"] = func(si sectionInput) map[string]any {
		return map[string]any{"Form": si.Form, "Key": si.Section.Key, "Findings": si.Findings}
	}
	funcs["levelTag"] = func(l quality.Level) string {
		switch l {
		case quality.Error:
			return "govuk-tag--red"
		case quality.Warning:
			return "govuk-tag--yellow"
		}
		return "govuk-tag--blue"
	}
	funcs["sectionView"] = func(s kith.Section, v kith.SectionValue) sectionOutput { return sectionOutput{s, v} }
	funcs["inc"] = func(i int) int { return i + 1 }
	funcs["attendanceRows"] = attendanceRows
}

func init() {
	funcs["fileTypes"] = func() string { return kith.AllowedFileTypes }
}

func init() {
	funcs["now"] = time.Now
}
